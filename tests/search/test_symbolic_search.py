"""prove() over SymbolicEnv on the project's problem set: true problems proved, their false twins never."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.search import SearchConfig, Theorem, prove
from symbolic.provenance import NodeKind
from symbolic.provenance.replay import replay_graph
from symbolic.verdicts import Checker, Outcome

PROBLEMS = Path(__file__).resolve().parents[2] / "data" / "problems" / "demo.jsonl"
CFG = SearchConfig(env="symbolic", budget_s=40.0, max_expansions=30, use_predictor=False, tactic_timeout_s=5.0)


def problem(name: str) -> Theorem:
    for line in PROBLEMS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["name"] == name:
            return Theorem(row["name"], row["formal_statement"], row["header"])
    raise KeyError(name)


@pytest.mark.parametrize("name", ["demo_lin_two_equations"])
def test_true_problem_is_proved_and_its_twin_is_not(name: str) -> None:
    r = prove(problem(name), CFG)
    assert r.claim.outcome is Outcome.PROVED and r.claim.checker in (Checker.SMT, Checker.CONSTRUCTION)
    assert not r.lean_checked and r.proof is not None and "sorry" not in r.proof
    assert r.proof.startswith(problem(name).header.rstrip())
    assert r.graph.conclusion is not None and r.graph.node(r.graph.conclusion).kind is NodeKind.PROOF
    report = replay_graph(r.graph)  # `prover replay`: every SMT step re-solved by z3 and cvc5
    assert report.ok and report.results
    twin = prove(problem(name + "_false"), CFG)
    assert twin.claim.outcome is not Outcome.PROVED and twin.proof is None


def test_a_statement_outside_the_fragment_is_unsupported() -> None:
    thm = Theorem("t", "theorem t (s : Set ℕ) (h : s.Finite) : s.ncard = s.ncard := by sorry")
    r = prove(thm, CFG)
    assert r.claim.outcome is Outcome.UNSUPPORTED and r.claim.detail.startswith("symbolic:")


def test_self_check_rejects_an_instantiation_with_the_wrong_arity() -> None:
    from prover.search.selfcheck import self_check

    thm = Theorem("t", "theorem t (f : ℝ → ℝ) (h₀ : ∀ x, f x = 2 * x) : f 2 = 4 := by sorry")
    good = f"{thm.header}\ntheorem t (f : ℝ → ℝ) (h₀ : ∀ x, f x = 2 * x) : f 2 = 4 := by\n  have i1 := h₀ (2 : ℝ)\n  linarith\n"
    assert self_check(thm, good) is None
    bad = good.replace("h₀ (2 : ℝ)", "h₀ f (2 : ℝ)")
    claim = self_check(thm, bad)
    assert claim is not None and claim.outcome is Outcome.REJECTED and claim.checker is Checker.SELF_CHECK
    assert "takes 1 arguments" in claim.detail
    changed = good.replace(": f 2 = 4 := by", ": f 2 = 4 ∨ True := by")
    assert self_check(thm, changed).detail.startswith("self-check: statement change")
