"""Closers that must use a local hypothesis name it: Lean's ``norm_num``/``simp``/``decide``/``positivity`` read
only the goal, so a ground goal whose SMT proof rests on ``h₀ : f 0 = 1`` is closed by ``norm_num [h₀]`` (or a
closer that searches the context), never by a bare ``norm_num``; the self-check refuses the bare one."""

from __future__ import annotations

import pytest

from symbolic.bridge.hammer import HammerConfig, Outcome, hammer
from symbolic.bridge.selfcheck import reads_hypothesis, self_check
from tests.bridge.conftest import backends

pytestmark = pytest.mark.skipif(not backends(), reason="no SMT backend installed")

BASE = "theorem t (f : ℕ → ℕ) (h₀ : f 0 = 1) : f 0 = 2 ^ {e} := by sorry"
_BLIND = ("norm_num", "simp", "decide", "positivity")


def test_reads_hypothesis_by_closer_shape() -> None:
    for closer in ("linarith", "nlinarith [sq_nonneg (a - b)]", "omega", "simp_all", "norm_num at * <;> linarith",
                   "norm_num [*] at *", "norm_num [h₀]", "simp [i1, h₀]", "field_simp at * <;> nlinarith",
                   "linear_combination 2 * h₀ + Complex.I_sq", "exact h₀",
                   "apply mul_left_cancel₀ (sub_ne_zero.mpr h₀)\nlinear_combination i1"):
        assert reads_hypothesis(closer, "h₀"), closer
    for closer in ("norm_num", "simp", "decide", "positivity", "norm_num [h₀_1]", "norm_num [i1]",
                   "linear_combination 2 * h₀_1", "exact i1", "ring"):
        assert not reads_hypothesis(closer, "h₀"), closer


def test_ground_goal_over_a_function_names_the_hypothesis_it_needs() -> None:
    res = hammer(BASE.format(e=0), config=HammerConfig(timeout=5))
    assert res.outcome is Outcome.PROVED and "h₀" in (res.core or [])
    closers = [c.closer for c in res.scripts]
    assert closers and closers[0] == "norm_num [h₀]"
    assert not set(closers) & set(_BLIND)
    for c in res.scripts:
        assert self_check(BASE.format(e=0), c.tactics, needs=["h₀"]).complete, c.closer
    # the false twin is not proved
    assert hammer(BASE.format(e=1), config=HammerConfig(timeout=5)).outcome is not Outcome.PROVED


def test_self_check_refuses_a_closer_blind_to_a_needed_hypothesis() -> None:
    thm = BASE.format(e=0)
    for closer in _BLIND:
        report = self_check(thm, closer, needs=["h₀"])
        assert not report.ok and "cannot use h₀" in report.problems[0], closer
    assert self_check(thm, "norm_num [h₀]", needs=["h₀"]).complete
    assert self_check(thm, "norm_num", needs=[]).ok  # nothing local needed: a bare closer is fine


def test_a_goal_true_by_itself_keeps_its_bare_closer() -> None:
    res = hammer("theorem t (f : ℕ → ℕ) (h₀ : f 0 = 1) : (2 : ℕ) ^ 3 = 8 := by sorry", config=HammerConfig(timeout=5))
    assert res.outcome is Outcome.PROVED and "h₀" not in (res.core or [])
    assert res.scripts[0].closer == "norm_num"
