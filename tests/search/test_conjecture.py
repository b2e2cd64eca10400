"""Conjecture-then-prove: an AquaForte-style closed form for a function variable, proved by induction and the
hammer before it is offered, then used as a hypothesis (``have hc : ∀ n, f n = …``)."""

from __future__ import annotations

from prover.search import SearchConfig, prove
from prover.search.environment import StepKind, Theorem
from prover.search.symbolic_env import SymbolicEnv
from symbolic.provenance.replay import replay_graph
from symbolic.sequent.conjecture import function_candidates

_DOUBLING = "(f : ℕ → ℕ) (h₀ : f 0 = 1) (h₁ : ∀ n, f (n + 1) = 2 * f n) (m : ℕ)"
TRUE = Theorem("doubling_square", f"theorem doubling_square {_DOUBLING} : f (m * m) = 2 ^ (m * m) := by sorry")
FALSE = Theorem("doubling_square_false",
                f"theorem doubling_square_false {_DOUBLING} : f (m * m) = 2 ^ (m * m) + 1 := by sorry")
CONFIG = SearchConfig(env="symbolic", budget_s=8, max_expansions=12, use_predictor=False, tactic_timeout_s=4)


def _goal(env: SymbolicEnv, statement: str):
    return env.start(Theorem("t", statement)).handle[0]


def test_candidates_fit_the_recurrence() -> None:
    env = SymbolicEnv()
    g = _goal(env, f"theorem t {_DOUBLING} : f m = 1 := by sorry")
    assert [g.show(c) for c in function_candidates(g)] == ["∀ (n : ℕ), f n = (2 : ℕ) ^ n"]
    g = _goal(env, "theorem t (f : ℕ → ℕ) (h₀ : f 0 = 3) (h₁ : ∀ n, f (n + 1) = f n + 2) : f 1 = 5 := by sorry")
    assert [g.show(c) for c in function_candidates(g)] == ["∀ (n : ℕ), f n = (2 : ℕ) * n + (3 : ℕ)"]
    g = _goal(env, "theorem t (f : ℕ → ℕ) (h₀ : f 0 = 3) : f 1 = 5 := by sorry")
    assert function_candidates(g) == []  # nothing pins f down


def test_cut_opens_the_conjecture_first_and_refuses_unknown_names() -> None:
    env = SymbolicEnv()
    root = env.start(TRUE)
    out = env.run_tactic(root, "have hc : ∀ n, f n = 2 ^ n", timeout_s=4)
    assert out.kind is StepKind.PROGRESS and out.state is not None
    assert out.state.goals[0].endswith("⊢ ∀ (n : ℕ), f n = (2 : ℕ) ^ n")
    assert "hc : ∀ (n : ℕ), f n = (2 : ℕ) ^ n" in out.state.goals[1]
    assert not env.run_tactic(root, "have hc : ∀ n, g n = 2 ^ n", timeout_s=4).ok


def test_conjecture_step_proves_what_the_hammer_alone_does_not() -> None:
    env = SymbolicEnv(hammer_timeout_s=2)
    assert env.run_tactic(env.start(TRUE), "hammer", timeout_s=4).kind is not StepKind.CLOSED
    result = prove(TRUE, CONFIG)
    assert result.claim.outcome.value == "proved", result.claim
    assert result.proof is not None and "have hc : ∀ (n : ℕ), f n = (2 : ℕ) ^ n" in result.proof
    assert "induction' n with k ih" in result.proof
    claim = SymbolicEnv().verify(TRUE, result.proof)  # a fresh environment re-derives every line
    assert claim.outcome.value == "proved", claim
    report = replay_graph(result.graph)  # `prover replay`: each SMT step's query negates its own goal
    assert report.ok and report.results, report.first_failure


def test_false_twin_is_never_proved() -> None:
    result = prove(FALSE, CONFIG)
    assert result.claim.outcome.value != "proved"
    assert result.proof is None
