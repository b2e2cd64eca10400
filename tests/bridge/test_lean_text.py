"""Printing Lean-level terms back to Lean text and reading them again gives the same term."""

from __future__ import annotations

import pytest

from symbolic.bridge import lean_text, translate

CASES = [
    ("(x y : ℝ) (h : x + y = 3)", "x ^ 2 - 2 * x * y + y ^ 2 ≥ 0"),
    ("(n : ℕ) (x : ℝ)", "(n : ℝ) / 2 + |x - 1| ≤ x * x"),
    ("(a b : ℤ) (h : b ≠ 0)", "a % b < |b| ∧ ¬(a / b = 0 → a = 0)"),
    ("(a b : ℕ)", "a - b + (a / b) % 3 = Int.toNat (a : ℤ)"),
    ("(f : ℝ → ℝ) (x : ℝ)", "f (f x) = -x ∨ Real.sqrt (x ^ 2) = |x|"),
    ("(x : ℝ)", "∀ y : ℝ, y > x → ∃ z : ℤ, (z : ℝ) ≤ y ∧ Int.floor x ≤ z"),
]


@pytest.mark.parametrize(("binders", "goal"), CASES)
def test_goal_round_trips_through_lean_text(binders: str, goal: str) -> None:
    tr = translate(f"theorem t {binders} : {goal} := by sorry")
    again = translate(f"theorem t {binders} : {lean_text(tr.sequent.goal)} := by sorry")
    assert again.sequent.goal is tr.sequent.goal
