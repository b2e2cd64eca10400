"""A closing text proposed elsewhere is kept as the Lean step only when it can reach what the SMT proof used."""

from __future__ import annotations

import pytest

from symbolic.sequent import TacticError, goal_from_statement
from symbolic.sequent.interpret import interpret


def goal(text: str):
    return goal_from_statement(f"theorem t {text} := by sorry")[0]


def test_induction_base_needs_its_hypothesis_named() -> None:
    g = goal("(f : ℕ → ℕ) (h₀ : f 0 = 1) : f 0 = 2 ^ 0")
    with pytest.raises(TacticError, match="h₀"):
        interpret(g, "norm_num")  # Lean's norm_num does not read h₀
    assert interpret(g, "norm_num [h₀]").lean == "norm_num [h₀]"
    assert interpret(g, "simp_all").lean == "simp_all"
    assert "norm_num [h₀" in interpret(g, "hammer").lean
    with pytest.raises(TacticError):  # the false twin is closed by nothing
        interpret(goal("(f : ℕ → ℕ) (h₀ : f 0 = 1) : f 0 = 2 ^ 1"), "norm_num [h₀]")


def test_a_closer_needing_an_instance_must_state_it() -> None:
    g = goal("(f : ℝ → ℝ) (h₀ : ∀ x, f x = 2 * x + 3) : f 1 = 5")
    with pytest.raises(TacticError, match="instance"):
        interpret(g, "linarith")  # linarith does not instantiate h₀
    step = interpret(g, "hammer")
    assert "h₀" in step.lean and not step.goals
