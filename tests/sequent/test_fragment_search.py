"""The symbolic environment over the wider fragment (ℂ, Equiv): a proof is found, its Lean text is read back by
``verify`` (self-check included), and the minimal false twin is never proved."""

from __future__ import annotations

import pytest

from prover.search.environment import Theorem
from prover.search.symbolic_env import SymbolicEnv, breadth_first_proof
from symbolic.verdicts import Outcome

HEADER = "import Mathlib\n\nopen BigOperators Real Nat Topology Rat\n"
CASES = [
    ("theorem c1 (q e : ℂ) (h₀ : q = 9 - 4 * Complex.I) (h₁ : e = -3 - 4 * Complex.I) : q - e = 12 := by sorry",
     "= 12 :=", "= 13 :=", "linear_combination"),
    ("theorem c2 (a b c : ℂ) (h₀ : a + b = 2 * c) (h₁ : c = Complex.I) : a * c + b * c = -2 := by sorry",
     "= -2 :=", "= -3 :=", "Complex.I_sq"),
    ("theorem c3 (σ : Equiv ℝ ℝ) (h₀ : ∀ x, σ.1 x = 4 * x + 1) : σ.2 9 = 2 := by sorry",
     "σ.2 9 = 2", "σ.2 9 = 3", "σ.left_inv"),
]


@pytest.fixture(scope="module")
def env() -> SymbolicEnv:
    return SymbolicEnv(hammer_timeout_s=3.0)


@pytest.mark.parametrize(("text", "old", "new", "mark"), CASES)
def test_proved_read_back_and_twin_not_proved(env: SymbolicEnv, text: str, old: str, new: str, mark: str) -> None:
    th = Theorem(text.split()[1], text, HEADER)
    proof = breadth_first_proof(env, th, budget_s=20, max_expansions=20)
    assert proof is not None and mark in proof
    assert env.verify(th, proof).outcome is Outcome.PROVED
    twin_text = text.replace(old, new)
    assert twin_text != text
    twin = Theorem(th.name, twin_text, HEADER)
    assert breadth_first_proof(env, twin, budget_s=10, max_expansions=20) is None
    # the true proof does not verify the false statement
    assert env.verify(twin, proof).outcome is not Outcome.PROVED


def test_a_tampered_certificate_is_not_verified(env: SymbolicEnv) -> None:
    text = CASES[0][0]
    th = Theorem("c1", text, HEADER)
    proof = breadth_first_proof(env, th, budget_s=20, max_expansions=20)
    assert proof is not None and "linear_combination h₀ + (-1 : ℂ) * h₁" in proof
    bad = proof.replace("linear_combination h₀ + (-1 : ℂ) * h₁", "linear_combination h₀ + h₁")
    assert env.verify(th, bad).outcome is not Outcome.PROVED
