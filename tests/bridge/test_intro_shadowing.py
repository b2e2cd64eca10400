"""A ∀-binder named like a context variable is a new variable (Lean's ``intro`` shadows), never the old one."""

from __future__ import annotations

import pytest

pytest.importorskip("z3")

from symbolic.bridge.hammer import hammer
from symbolic.verdicts import Outcome


def test_shadowing_binder_is_not_the_context_variable() -> None:
    false = hammer("theorem t (n : ℕ) (h : n = 5) : ∀ n : ℕ, n = 5", config=None)
    assert false.outcome is not Outcome.PROVED
    assert false.outcome is Outcome.DISPROVED  # the binder ranges over every ℕ: n = 0 is a counter-model


def test_true_twin_with_a_shadowing_binder_is_proved_with_a_fresh_intro_name() -> None:
    res = hammer("theorem t (n : ℕ) (h : n = 5) : ∀ n : ℕ, n + 0 = n")
    assert res.outcome is Outcome.PROVED
    assert "intro n_1" in (res.script or "")


def test_implication_names_do_not_clash_with_hypotheses() -> None:
    res = hammer("theorem t (x : ℕ) (hi1 : x = 2) : x > 1 → x + 1 = 3")
    assert res.outcome is Outcome.PROVED
    assert "intro hi2" in (res.script or "")
