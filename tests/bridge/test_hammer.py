"""The hammer on the hand-written statements of data/hammer/ (known truth values), scripts and provenance."""

from __future__ import annotations

import json

import pytest

from symbolic.bridge import HammerConfig, Outcome, hammer
from symbolic.verdicts import Checker, LeanVerdict, Reason
from tests.bridge.conftest import REPO, backends

ROWS = [json.loads(line) for line in (REPO / "data" / "hammer" / "statements.jsonl").read_text(
    encoding="utf-8").splitlines() if line.strip()]
CFG = HammerConfig(solver="portfolio", timeout=4.0)

pytestmark = pytest.mark.skipif(not backends(), reason="no SMT backend available through symbolic.smt")


def test_the_data_set_has_thirty_statements_with_both_truth_values() -> None:
    assert len(ROWS) == 30
    assert {r["truth"] for r in ROWS} == {True, False}


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_known_truth_value(row: dict) -> None:
    res = hammer(row["statement"], name=row["name"], config=CFG)
    if row["truth"]:
        assert res.outcome is Outcome.PROVED, (res.outcome, res.detail)
        assert res.script is not None and "sorry" not in res.script
    else:
        assert res.outcome is not Outcome.PROVED  # a false statement must never be reported proved
        assert res.outcome in (Outcome.DISPROVED, Outcome.UNKNOWN)
        if res.outcome is Outcome.DISPROVED:
            assert res.model is not None


def test_instances_become_have_steps() -> None:
    res = hammer(ROWS[0]["statement"], config=CFG)
    assert res.instances_used == ["h₀ (2 : ℝ)"]
    assert res.script is not None and "have i1 := h₀ (2 : ℝ)" in res.script
    assert res.scripts[0].closer.startswith("norm_num")
    assert any(c.closer == "norm_num [i1]" for c in res.scripts)
    assert res.verdicts and set(res.verdicts) == {LeanVerdict.NOT_CHECKED}


def test_injected_checker_tries_scripts_in_order_and_stops_at_the_first_valid() -> None:
    seen: list[str] = []

    def checker(src: str) -> str:
        seen.append(src)
        return "valid" if len(seen) == 2 else "lean_error"

    res = hammer("theorem t (x y : ℝ) (h : x + y = 3) (h2 : x = 1) : y = 2 := by sorry", config=CFG,
                 checker=checker)
    assert res.outcome is Outcome.PROVED and res.checker is Checker.LEAN  # Lean accepted script 2
    assert res.verdicts[:2] == [LeanVerdict.LEAN_ERROR, LeanVerdict.VALID] and len(seen) == 2
    assert all(v is LeanVerdict.NOT_CHECKED for v in res.verdicts[2:])
    assert res.claim.to_json()["checker"] == "lean"


def test_lean_rejecting_every_script_is_not_proved() -> None:
    res = hammer("theorem t (x y : ℝ) (h : x + y = 3) (h2 : x = 1) : y = 2 := by sorry", config=CFG,
                 checker=lambda src: LeanVerdict.LEAN_ERROR)
    assert res.outcome is Outcome.UNKNOWN and res.checker is None and res.reason is Reason.EXHAUSTED
    assert res.verdicts and set(res.verdicts) == {LeanVerdict.LEAN_ERROR}
    assert "Lean accepted none" in res.detail


def test_failing_checker_is_a_verdict_not_a_crash() -> None:
    def broken(src: str) -> str:
        raise RuntimeError("REPL died")

    res = hammer("theorem t (x : ℝ) (h : x = 1) : x + 1 = 2 := by sorry", config=CFG, checker=broken)
    assert set(res.verdicts) == {LeanVerdict.REPL_ERROR} and res.outcome is Outcome.UNKNOWN


def test_results_speak_the_shared_vocabulary() -> None:
    proved = hammer("theorem t (x : ℝ) (h : x = 1) : x + 1 = 2 := by sorry", config=CFG)
    disproved = hammer("theorem t (x : ℝ) (h : x = 1) : x + 1 = 3 := by sorry", config=CFG)
    assert proved.claim.to_json() == {"outcome": "proved", "checker": "smt", "reason": None,
                                      "detail": proved.detail}
    assert disproved.claim.checker is Checker.SMT and disproved.to_json()["checker"] == "smt"
    assert hammer("theorem t (z : ZMod 7) : z = z := by sorry").claim.reason is Reason.UNSUPPORTED


def test_bad_input_gives_typed_outcomes() -> None:
    assert hammer("theorem : := by").outcome is Outcome.PARSE_ERROR
    assert hammer("theorem t (z : ZMod 7) : z = z := by sorry").outcome is Outcome.UNSUPPORTED


def test_provenance_records_goal_query_instances_script_and_verdict(tmp_path) -> None:
    pytest.importorskip("symbolic.provenance")
    from symbolic.provenance import ProvenanceGraph

    g = ProvenanceGraph(title="t")
    hammer(ROWS[0]["statement"], config=CFG, graph=g)
    path = g.save(tmp_path / "g.json")
    kinds = {n["kind"] for n in json.loads(path.read_text(encoding="utf-8"))["nodes"]}
    assert {"goal", "hypothesis", "fact", "smt-query", "tactic", "lean-check"} <= kinds


@pytest.mark.parametrize("text", [
    # √ of a non-literal: its Mathlib facts must be present, or a spurious model would "disprove" a theorem
    "theorem t (x y : ℝ) (h₀ : x + y = 7) (h₁ : x * y = 12) : Real.sqrt (x ^ 2 + y ^ 2) = 5 := by sorry",
    "theorem t (x : ℝ) (h₀ : 0 ≤ x) (h₁ : Real.sqrt x = 3) : x = 9 := by sorry",
])
def test_sqrt_of_variables_is_not_disproved(text: str) -> None:
    res = hammer(text, config=CFG)
    assert res.outcome is Outcome.PROVED, (res.outcome, res.detail)


def test_sqrt_under_a_binder_makes_models_inconclusive() -> None:
    res = hammer("theorem t (f : ℝ → ℝ) (h : ∀ x, f x = Real.sqrt x) : f 4 = 2 := by sorry", config=CFG)
    assert res.outcome is Outcome.PROVED  # the instance f 4 = √4 brings √4 and its facts in
    # true (witness 4), but √x under ∃ has no ground facts: a model of the abstraction proves nothing
    res = hammer("theorem t : ∃ x : ℝ, x > 0 ∧ Real.sqrt x = 2 := by sorry", config=CFG)
    assert res.outcome is not Outcome.DISPROVED, res.detail


def test_propose_tactics_on_a_goal_state() -> None:
    from symbolic.bridge import propose_tactics

    blocks = propose_tactics("f : ℝ → ℝ\nh₀ : ∀ (x : ℝ), f x = 2 * x + 3\n⊢ f 2 = 7", config=CFG)
    assert blocks and blocks[0].startswith("  have i1 := h₀ (2 : ℝ)")
    assert propose_tactics("x : ℝ\nh₀ : x = 1\n⊢ x = 2", config=CFG) == []


def test_public_api_is_pinned() -> None:
    import symbolic.bridge as bridge

    assert sorted(bridge.__all__) == sorted([
        "Candidate", "HammerConfig", "HammerResult", "Hypothesis", "LeanSyntaxError", "Lowering", "Outcome",
        "SelfCheckReport", "Sequent", "Translation", "UnsupportedError", "elaborate", "hammer",
        "hammer_translation", "lean_text", "parse_any", "parse_expr", "parse_goal_state", "parse_statement",
        "propose_tactics", "self_check", "translate",
    ])
    assert all(hasattr(bridge, name) for name in bridge.__all__)


def test_product_pattern_instances_for_functional_equations() -> None:
    res = hammer("theorem t (f : ℝ → ℝ) (h : ∀ x > 0, ∀ y > 0, f (x * y) = f x / y) (h1 : f 4 = 3) : "
                 "f 6 = 2 := by sorry", config=CFG)
    assert res.outcome is Outcome.PROVED
    assert res.instances_used and res.instances_used[0].startswith("h (")
    assert "(by norm_num)" in res.instances_used[0]


@pytest.mark.slow
def test_aquaforte_finds_a_counter_model_for_a_false_functional_statement() -> None:
    pytest.importorskip("symbolic.aquaforte")
    res = hammer("theorem t (f : ℝ → ℝ) (h : ∀ x y, f (x * y) = x * f y) (h1 : f 1 = 2) : f 3 = 5 := by sorry",
                 config=HammerConfig(timeout=5, budget=40))
    assert res.outcome is Outcome.DISPROVED
    assert res.model and "f" in res.model and any(q["kind"] == "aquaforte" for q in res.queries)


def test_is_least_over_a_set_builder() -> None:
    ok = hammer("theorem t : IsLeast {n : ℕ | 0 < n ∧ n % 6 = 5 ∧ n % 4 = 3} 11 := by sorry", config=CFG)
    assert ok.outcome is Outcome.PROVED
    bad = hammer("theorem t : IsLeast {n : ℕ | 0 < n ∧ n % 6 = 5 ∧ n % 4 = 3} 23 := by sorry", config=CFG)
    assert bad.outcome is Outcome.DISPROVED


@pytest.mark.parametrize(("text", "outcome"), [
    ("theorem t : ∑ k ∈ Finset.filter (λ x => Nat.Prime x) (Nat.divisors 30), k = 10 := by sorry", Outcome.PROVED),
    ("theorem t : (Finset.filter (fun x => x % 3 = 0) (Finset.range 10)).card = 4 := by sorry", Outcome.PROVED),
    ("theorem t : Finset.card (Finset.filter (fun x => x % 3 = 0) (Finset.range 10)) = 5 := by sorry",
     Outcome.DISPROVED),
    ("theorem t : ∏ k ∈ Finset.filter (λ x => ¬ Even x) (Finset.range 8), k = 105 := by sorry", Outcome.PROVED),
])
def test_filtered_literal_domains(text: str, outcome: Outcome) -> None:
    assert hammer(text, config=CFG).outcome is outcome
