"""The audited Lean names: every name the project's emitted Lean text cites is one compared with the pinned
Mathlib's statement, and a script citing another is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symbolic.bridge.hammer import HammerConfig, hammer
from symbolic.bridge.lean_names import AUDITED_LEMMAS, cited_names, unaudited_names
from symbolic.bridge.selfcheck import LEMMA_SIGNATURES, self_check

DEMO = Path(__file__).resolve().parents[2] / "data" / "problems" / "demo.jsonl"
PI = "theorem t (x : ℝ) (h₀ : x = Real.pi) : 3 < x := by sorry"


@pytest.fixture(scope="module", autouse=True)
def _solvers() -> None:
    from symbolic.smt import available_backends

    if not available_backends():
        pytest.skip("no SMT backend installed")


def test_every_signature_the_reader_knows_is_audited() -> None:
    assert set(LEMMA_SIGNATURES) <= set(AUDITED_LEMMAS)


def test_cited_names_skip_what_the_text_binds() -> None:
    text = ("intro x h\nhave f1 := (fun hp => hp.two_le : Nat.Prime x → 2 ≤ x)\n"
            "have f2 := (Real.log_div_log).symm\nnlinarith [sq_nonneg (x - 1), f1, h]")
    names = cited_names(text)
    assert {"Real.log_div_log", ".symm", ".two_le", "sq_nonneg", "nlinarith", "Nat.Prime"} <= set(names)
    assert not {"x", "h", "hp", "f1", "f2"} & set(names)
    assert unaudited_names(text) == []
    assert unaudited_names(text.replace("sq_nonneg", "sq_nonneg'")) == ["sq_nonneg'"]
    assert unaudited_names(text.replace("hp.two_le", "hp.one_lt")) == [".one_lt"]
    # a typed proof term is no binder list: `(mul_pos ha hb : …)` cites mul_pos
    assert unaudited_names("have f1 := (mul_pos ha hb : 0 < a * b)") == ["mul_pos"]
    assert unaudited_names("have f1 := (pow_succ _ _ : a ^ 2 = a ^ 1 * a)") == []


@pytest.mark.parametrize(("lemma", "audited"), [("Real.pi_gt_d2", True), ("Real.pi_gt_314", False)])
def test_self_check_refuses_an_unaudited_name(lemma: str, audited: bool) -> None:
    # `Real.pi_gt_314` was Mathlib's name until 2024-09; deprecated since, a script citing it is refused
    report = self_check(PI, f"subst h₀\nhave f1 := {lemma}\nlinarith [f1]")
    assert report.complete is audited, report.to_json()
    assert audited or any("Real.pi_gt_314" in u for u in report.unaudited)


def test_an_unaudited_name_is_not_a_problem_for_a_text_lean_checks() -> None:
    # a search proof that Lean compiles afterwards may cite any Mathlib lemma: read back `ok`, not `complete`
    report = self_check(PI, "subst h₀\nnlinarith [Real.pi_gt_three]")
    assert report.ok and not report.complete and report.unaudited


@pytest.mark.parametrize(("value", "proved"), [(4, True), (3, False)])
def test_pi_bound_uses_the_current_names(value: int, proved: bool) -> None:
    res = hammer(f"theorem t : Real.pi < {value} := by sorry", config=HammerConfig(timeout=5, use_aquaforte=False))
    assert (res.outcome.value == "proved" and bool(res.scripts)) is proved, res.detail
    for s in res.scripts:
        assert "Real.pi_lt_d2" in s.tactics and "pi_lt_315" not in s.tactics
        assert unaudited_names(s.tactics) == []


@pytest.mark.parametrize(("value", "proved"), [(1, True), (2, False)])
def test_rpow_fact_is_printed_as_the_goal_writes_it(value: int, proved: bool) -> None:
    text = f"theorem t (b : ℝ) (h₀ : (4 : ℝ) ^ b + 2 ^ 3 = 12) : b = {value} := by sorry"
    res = hammer(text, config=HammerConfig(timeout=5, use_aquaforte=False))
    assert bool(res.scripts) is proved, res.detail
    for s in res.scripts:
        assert "Real.rpow" not in s.tactics and "(4 : ℝ) ^ b" in s.tactics


@pytest.mark.parametrize(("statement", "proved", "option"), [
    ("2 ^ 2010 % 10 = 4", True, "set_option exponentiation.threshold 2010 in "),
    ("2 ^ 2010 % 10 = 6", False, ""),
    ("2 ^ 10 % 10 = 4", True, "")])
def test_a_power_above_the_exponent_threshold_raises_it(statement: str, proved: bool, option: str) -> None:
    from prover.search.environment import Theorem
    from prover.search.symbolic_env import SymbolicEnv, breadth_first_proof

    text = f"theorem t : {statement} := by sorry"
    res = hammer(text, config=HammerConfig(timeout=5, use_aquaforte=False))
    assert bool(res.scripts) is proved, res.detail
    for s in res.scripts:  # every closing line raises the bound (Mathlib's norm_num checks the exponent)
        assert all(ln.strip().startswith(option) for ln in s.tactics.splitlines()), s.tactics
        assert option or "set_option" not in s.tactics
        assert self_check(text, s.tactics).complete
    if proved and option:  # the symbolic environment's proof carries it and replays
        env = SymbolicEnv(hammer_timeout_s=3.0)
        th = Theorem("t", text)
        proof = breadth_first_proof(env, th, budget_s=10, max_expansions=5)
        assert proof is not None and option in proof
        assert env.verify(th, proof).outcome.value == "proved"


@pytest.mark.parametrize(("closer", "refused"), [("nlinarith [sq_nonneg (a - b)]", False),
                                                 ("nlinarith [sq_nonneg (a - b), two_mul_le_add_sq a b]", True)])
def test_symbolic_closer_citing_an_unaudited_name_is_refused(closer: str, refused: bool) -> None:
    from prover.search.symbolic_env import _self_check

    problem = _self_check("a b : ℝ\n⊢ 2 * a * b ≤ a ^ 2 + b ^ 2", [closer], [0, 0])
    assert (problem is not None and "two_mul_le_add_sq" in problem) is refused


def test_every_name_the_symbolic_proofs_of_the_demo_set_cite_is_audited() -> None:
    from prover.search.environment import Theorem
    from prover.search.symbolic_env import SymbolicEnv, breadth_first_proof

    rows = [json.loads(ln) for ln in DEMO.read_text(encoding="utf-8").splitlines() if ln.strip()]
    env = SymbolicEnv(hammer_timeout_s=2.0)
    proved, lemmas = 0, set()
    for r in rows:
        if r["expect"] != "true":
            continue
        th = Theorem(r["name"], r["formal_statement"], r["header"])
        proof = breadth_first_proof(env, th, budget_s=3, max_expansions=20)
        if proof is None:
            continue
        proved += 1
        body = proof[proof.index(":= by"):]
        statement = cited_names(r["formal_statement"].split(":= by")[0])
        assert unaudited_names(body, statement) == [], (r["name"], proof)
        lemmas |= {n for n in cited_names(body) if n in AUDITED_LEMMAS}
    assert proved >= 45  # the set is proved, so the check above read real proofs
    assert {"Finset.sum_range_succ", "pow_succ"} <= lemmas


@pytest.mark.parametrize(("value", "proved"), [(25, True), (75, False)])
def test_search_offers_the_raised_threshold_through_the_guard(value: int, proved: bool) -> None:
    from prover.search import SearchConfig, Theorem, prove

    th = Theorem("t", f"theorem t : 5 ^ 2005 % 100 = {value} := by sorry")
    res = prove(th, SearchConfig(env="symbolic", llm="none", budget_s=15, max_expansions=10))
    assert (res.claim.outcome.value == "proved") is proved, res.claim.detail
    assert not proved or "set_option exponentiation.threshold 2005 in" in (res.proof or "")
