"""prove() with GL-derived exponent laws: the problems that need one are proved (the step replayed by
`gl-replay`), their false twins are not, and the Lean-side proposer offers the same step."""

from __future__ import annotations

import pytest

from prover.search import SearchConfig, prove
from prover.search.environment import State
from prover.search.proposers import GLFactsProposer
from symbolic.provenance.replay import replay_graph
from symbolic.verdicts import Checker, Outcome

from .test_symbolic_search import problem

CFG = SearchConfig(env="symbolic", budget_s=30.0, max_expansions=30, use_predictor=False, tactic_timeout_s=5.0)
LEMMA = {"demo_peano_pow_add_var": "pow_add", "demo_peano_mul_pow_var": "mul_pow",
         "demo_peano_pow_mul_var": "pow_mul", "demo_peano_one_pow_var": "one_pow"}


@pytest.mark.parametrize("name", sorted(LEMMA))
def test_a_gl_fact_proves_the_problem_and_not_its_twin(name: str) -> None:
    r = prove(problem(name), CFG)
    assert r.claim.outcome is Outcome.PROVED and r.proof is not None and not r.lean_checked
    assert f":= {LEMMA[name]} _" in r.proof
    report = replay_graph(r.graph)  # `prover replay`: the GL fact by gl-replay, the closing step by SMT
    assert report.ok
    assert Checker.GL_REPLAY in {x.claim.checker for x in report.results}
    twin = prove(problem(name + "_false"), CFG)
    assert twin.claim.outcome is not Outcome.PROVED and twin.proof is None


def test_the_lean_side_proposer_states_the_instance_with_the_lemma() -> None:
    state = State(("m n : ℕ\nh₀ : (2 : ℕ) ^ m = (8 : ℕ)\nh₁ : (2 : ℕ) ^ n = (4 : ℕ)\n⊢ (2 : ℕ) ^ (m + n) = (32 : ℕ)",))
    (p,) = GLFactsProposer().propose(state, ["intro"], 4)
    assert p.tactic == "have hg1_0 : (2 : ℕ) ^ (m + n) = (2 : ℕ) ^ m * (2 : ℕ) ^ n := pow_add _ _ _"
    assert p.source == "gl:facts" and p.detail == {"law": "pow_add"}
    assert GLFactsProposer().propose(State(("x : ℝ\n⊢ x ^ 2 = x * x",)), [], 4) == []
