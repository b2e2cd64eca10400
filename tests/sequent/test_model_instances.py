"""Instances at values no term of the problem names, found from models (``IsLeast`` over a set defined by a
congruence): the true statement is closed with the instances stated, its false twin is not."""

from __future__ import annotations

import pytest

from symbolic.bridge.selfcheck import self_check
from symbolic.sequent import TacticError, goal_from_statement
from symbolic.sequent.interpret import interpret

STATEMENT = ("theorem t (S : Set ℕ) (u v : ℕ) (h₀ : ∀ a : ℕ, a ∈ S ↔ 0 < a ∧ 27 * a % 40 = 17) "
             "(h₁ : IsLeast S u) (h₂ : IsLeast (S \\ {{u}}) v) : u + v = {} := by sorry")


def opened(value: int):
    g = goal_from_statement(STATEMENT.format(value))[0]
    g = interpret(g, "obtain ⟨h₁_1, h₁_2⟩ := h₁").goals[0]
    return interpret(g, "obtain ⟨h₂_1, h₂_2⟩ := h₂").goals[0]


def test_least_elements_found_from_models() -> None:
    g = opened(62)  # 11 and 51 are the two least a with 27 * a ≡ 17 (mod 40)
    step = interpret(g, "hammer")
    assert not step.goals
    assert "have i4 := h₁_2 (11 : ℕ)" in step.lean.splitlines()  # the guard left as a premise: `11 ∈ S → u ≤ 11`
    assert any(ln.startswith("have") and "h₂_2 (51 : ℕ)" in ln for ln in step.lean.splitlines())
    assert self_check(g.render(), step.lean).complete


@pytest.mark.parametrize("value", [61, 63])
def test_false_twin_not_closed(value: int) -> None:
    with pytest.raises(TacticError):
        interpret(opened(value), "hammer", timeout=2)
