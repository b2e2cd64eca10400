"""Mathlib facts on log/logb/rpow/sin/cos, primes and gcd of literals, residues of powers, negative literal
exponents: each true statement is proved with a script that passes the self-check, and its minimal false twin is never proved."""

from __future__ import annotations

import pytest

from symbolic.bridge.facts import ground_facts
from symbolic.bridge.hammer import HammerConfig, Outcome, hammer
from symbolic.bridge.selfcheck import self_check
from symbolic.logic import BOOL, NAT, FunSort, app, const, eq, var
from tests.bridge.conftest import backends

pytestmark = pytest.mark.skipif(not backends(), reason="no SMT backend installed")

CASES = [  # (statement with {}, the true value, the false twin's value)
    ("theorem t : Real.logb (5 ^ 2) (5 ^ 4) = {} := by sorry", "2", "3"),
    ("theorem t (b : ℝ) (h₀ : (4 : ℝ) ^ b + 2 ^ 3 = 12) : b = {} := by sorry", "1", "2"),
    ("theorem t (x y : ℝ) (h₀ : 0 < x ∧ 0 < y) (h₁ : Real.log (x * y ^ 3) = 1) (h₂ : Real.log (x ^ 2 * y) = 1) :"
     " Real.log (x * y) = {} := by sorry", "3 / 5", "4 / 5"),
    ("theorem t (x : ℝ) (h₀ : 0 < x ∧ x < {}) : 0 < Real.sin x := by sorry", "Real.pi", "4"),
    ("theorem t (a b : ℕ) (h₀ : Nat.Prime a) (h₁ : Nat.Prime b) (h₂ : a + b = 9) : a * b = {} := by sorry",
     "14", "15"),
    ("theorem t (b : ℝ) (h₀ : b ≠ 0) : (7 * b ^ 3) ^ 2 * (4 * b ^ 2) ^ (-(3 : ℤ)) = {} := by sorry",
     "49 / 64", "49 / 65"),
    ("theorem t (x : ℝ) (h₀ : Real.log x = Real.log 8) (h₁ : Real.log 2 = 1) : Real.log x = {} := by sorry",
     "3", "4"),
    ("theorem t (a : ℤ) : a ^ 2 % 3 = 0 ∨ a ^ 2 % 3 = {} := by sorry", "1", "2"),
    ("theorem t (n : ℕ) : n ^ 2 % 4 ≠ {} := by sorry", "2", "1"),
    ("theorem t (n : ℕ) : ¬ 7 ∣ 2 ^ n + {} := by sorry", "1", "6"),  # 2 ^ n % 7 ∈ {1, 2, 4}
]


@pytest.mark.parametrize(("text", "true_value", "false_value"), CASES)
def test_fact_proves_the_statement_and_not_its_twin(text: str, true_value: str, false_value: str) -> None:
    cfg = HammerConfig(timeout=5, use_aquaforte=False)
    res = hammer(text.format(true_value), config=cfg)
    assert res.outcome is Outcome.PROVED and res.scripts, res.detail
    assert self_check(text.format(true_value), res.scripts[0].tactics).complete
    assert hammer(text.format(false_value), config=cfg).outcome is not Outcome.PROVED


def test_literal_primality_and_gcd_are_evaluated() -> None:
    prime = var("Nat.Prime", FunSort((NAT,), BOOL))
    gcd = var("Nat.gcd", FunSort((NAT, NAT), NAT))
    facts = dict((f, p) for p, f in ground_facts([app(prime, const(7, NAT)), app(prime, const(91, NAT)),
                                                  eq(app(gcd, const(12, NAT), const(18, NAT)), const(0, NAT))]))
    texts = set(facts.values())
    assert "(by norm_num : Nat.Prime (7 : ℕ))" in texts
    assert "(by norm_num : ¬Nat.Prime (91 : ℕ))" in texts  # 91 = 7 * 13
    assert "(by norm_num : Nat.gcd (12 : ℕ) (18 : ℕ) = (6 : ℕ))" in texts
