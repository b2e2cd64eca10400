"""Each Lean arithmetic rule, pinned with z3 and with cvc5: true statements are proved, false ones disproved.

An ``unsat`` on an unfaithful translation would be a soundness bug, so every rule has a false twin that
differs exactly where SMT-LIB's own convention (or a naive encoding) would differ from Lean's.
"""

from __future__ import annotations

import pytest

from symbolic.bridge.hammer import HammerConfig, Outcome, hammer
from symbolic.verdicts import Checker, LeanVerdict
from tests.bridge.conftest import backends

TRUE = [
    # ℕ subtraction truncates at 0
    "theorem t (a b : ℕ) (h : a < b) : a - b = 0",
    "theorem t : (5 : ℕ) - 7 = 0",
    "theorem t (a b : ℕ) (h : a < b) : (a : ℤ) - b < 0",
    # division by zero is zero in ℕ, ℤ, ℚ, ℝ; x % 0 = x
    "theorem t (a : ℕ) : a / 0 = 0",
    "theorem t (a : ℤ) : a / 0 = 0",
    "theorem t (a : ℚ) : a / 0 = 0",
    "theorem t (a : ℝ) : a / 0 = 0",
    "theorem t (a : ℤ) : a % 0 = a",
    "theorem t (a : ℕ) : a % 0 = a",
    # Int.ediv / Int.emod: Euclidean, also for negative divisors
    "theorem t : (7 : ℤ) / (-2) = -3",
    "theorem t : (-7 : ℤ) / (-2) = 4",
    "theorem t : (-7 : ℤ) / 2 = -4",
    "theorem t : (-7 : ℤ) % (-2) = 1",
    "theorem t : (7 : ℤ) % (-2) = 1",
    "theorem t (a b : ℤ) (h : b ≠ 0) : 0 ≤ a % b ∧ a % b < |b|",
    "theorem t (a b : ℤ) : b * (a / b) + a % b = a",
    # ℕ division is floor
    "theorem t : (7 : ℕ) / 2 = 3",
    "theorem t (a : ℕ) : a / 2 * 2 ≤ a",
    # casts are exact
    "theorem t (n : ℕ) : (n : ℝ) ≥ 0",
    "theorem t (n : ℕ) (h : n = 3) : (n : ℝ) / 2 = 3 / 2",
    "theorem t (x : ℝ) (h : x = -2.5) : Int.floor x = -3",
    # divisibility, including 0 ∣ b ↔ b = 0
    "theorem t (b : ℤ) (h : 0 ∣ b) : b = 0",
    "theorem t : (3 : ℕ) ∣ 12",
]

FALSE = [
    "theorem t (a b : ℕ) : a - b + b = a",
    "theorem t : (5 : ℕ) - 7 = 1",
    "theorem t (a : ℝ) : a / 0 = 1",
    "theorem t (a : ℤ) : a / 0 = a",
    "theorem t (a : ℤ) : a % 0 = 0",
    "theorem t : (-7 : ℤ) / 2 = -3",
    "theorem t : (-7 : ℤ) % 2 = -1",
    "theorem t : (7 : ℤ) / (-2) = -4",
    "theorem t (a : ℕ) : a / 2 * 2 = a",
    "theorem t (n : ℕ) (h : n = 3) : ((n / 2 : ℕ) : ℝ) = 3 / 2",
    "theorem t (x : ℝ) (h : x = -2.5) : Int.floor x = -2",
    "theorem t (b : ℤ) (h : 0 ∣ b) : b = 1",
]

SOLVERS = backends()


@pytest.mark.parametrize("solver", ["z3", "cvc5"])
@pytest.mark.parametrize("text", TRUE)
def test_true_rule_is_proved(solver: str, text: str) -> None:
    if solver not in SOLVERS:
        pytest.skip(f"{solver} backend not available through symbolic.smt")
    r = hammer(text + " := by sorry", config=HammerConfig(solver=solver, timeout=10))
    assert r.outcome is Outcome.PROVED, (r.outcome, r.detail)
    assert r.checker is Checker.SMT and r.scripts and all(v is LeanVerdict.NOT_CHECKED for v in r.verdicts)


@pytest.mark.parametrize("solver", ["z3", "cvc5"])
@pytest.mark.parametrize("text", FALSE)
def test_false_rule_is_disproved(solver: str, text: str) -> None:
    if solver not in SOLVERS:
        pytest.skip(f"{solver} backend not available through symbolic.smt")
    r = hammer(text + " := by sorry", config=HammerConfig(solver=solver, timeout=10))
    assert r.outcome is Outcome.DISPROVED, (r.outcome, r.detail)
    assert r.model is not None
