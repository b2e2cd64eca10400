"""A bound name equal to a name of the context is a different variable: introducing it must not capture."""

from __future__ import annotations

import pytest

from prover.search import SearchConfig, prove
from prover.search.environment import Theorem
from symbolic.sequent import TacticError, goal_from_statement
from symbolic.sequent.close import close
from symbolic.sequent.tactics import intro

CONFIG = SearchConfig(env="symbolic", budget_s=6, max_expansions=10, use_predictor=False, tactic_timeout_s=4)
FALSE = "theorem shadow (n : ℕ) (h : n = 5) : ∀ n : ℕ, n = 5 := by sorry"
TRUE = "theorem shadow (n : ℕ) (h : n = 5) : ∀ n : ℕ, n + 0 = n := by sorry"


def test_intro_renames_a_shadowing_binder_and_refuses_a_clashing_name() -> None:
    goal, _ = goal_from_statement(FALSE)
    step = intro(goal)
    assert step.lean == "intro n_1" and step.goals[0].render().endswith("⊢ n_1 = (5 : ℕ)")
    with pytest.raises(TacticError):
        intro(goal, "n")


def test_hammer_refuses_a_goal_whose_binder_shadows_the_context() -> None:
    goal, _ = goal_from_statement(FALSE)
    with pytest.raises(TacticError, match="shadows"):
        close(goal, timeout=2)


def test_shadowing_false_theorem_is_not_proved_and_its_true_twin_is() -> None:
    assert prove(Theorem("shadow", FALSE), CONFIG).claim.outcome.value != "proved"
    assert prove(Theorem("shadow", TRUE), CONFIG).claim.outcome.value == "proved"
