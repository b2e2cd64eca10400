"""Lean's and Mathlib's own notation precedences, each pinned by twins that differ only in how the text parses.

Each row is (statement, how Lean reads it, the misreading): the statement as written is true, the same text
with the misreading's parentheses is false, and the statement with the misreading's value is not proved.
The declarations: core ``postfix:max "⁻¹"``, ``infixr " ^ "``, ``prefix:75 "-"``, ``"↑" term:max``,
Mathlib ``notation:10000 n "!"``, ``∑ x ∈ s, term:67``, ``|a|`` (``macro:max``), application at max.
"""

from __future__ import annotations

import pytest

from symbolic.bridge.hammer import HammerConfig, Outcome, hammer
from symbolic.bridge.parser import parse_expr
from tests.bridge.conftest import backends

F_RECIP = "(f : ℝ → ℝ) (h₀ : ∀ (x : ℝ), x ≠ -2 → f x = 1 / (x + 2))"
F_DOUBLE = "(f : ℝ → ℝ) (h₀ : ∀ x, f x = 2 * x)"
F_SUCC = "(f : ℕ → ℕ) (h₀ : ∀ n, f n = n + 1)"

# (binders, goal as written and true, same goal with the misreading's parentheses (false), the goal as written
#  with the value of the misreading (false))
TWINS = [
    # ⁻¹ binds to the argument, not to the application (the reported reproducer: f (1 + 2)⁻¹ = f (1/3) = 3/7)
    (F_RECIP, "f (1 + 2)⁻¹ = 3 / 7", "(f (1 + 2))⁻¹ = 3 / 7", "f (1 + 2)⁻¹ = 5"),
    ("(x : ℝ) (h : x = 2)", "3 * x⁻¹ = 3 / 2", "(3 * x)⁻¹ = 3 / 2", "3 * x⁻¹ = 1 / 6"),
    # factorial at 10000: `2 * 3 !` is 2 * 6, `f 3 !` is f 6
    ("", "2 * 3 ! = 12", "(2 * 3)! = 12", "2 * 3 ! = 720"),
    (F_SUCC, "f 3 ! = 7", "(f 3)! = 7", "f 3 ! = 24"),
    # ^ is right-associative
    ("", "(2 : ℕ) ^ 3 ^ 2 = 512", "((2 : ℕ) ^ 3) ^ 2 = 512", "(2 : ℕ) ^ 3 ^ 2 = 64"),
    # unary minus at 75 takes the power: -x^2 = -(x^2)
    ("(x : ℝ) (h : x = 3)", "-x ^ 2 = -9", "(-x) ^ 2 = -9", "-x ^ 2 = 9"),
    # ↑ takes a max-precedence term: ↑n / 2 is (↑n) / 2
    ("(n : ℕ) (h : n = 3)", "(↑n / 2 : ℝ) = 3 / 2", "(↑(n / 2) : ℝ) = 3 / 2", "(↑n / 2 : ℝ) = 1"),
    # ∑ bodies at 67: the `+ 1` is outside the sum
    ("", "∑ k in Finset.range 4, k + 1 = 7", "∑ k in Finset.range 4, (k + 1) = 7",
     "∑ k in Finset.range 4, k + 1 = 10"),
    ("", "∑ k ∈ Finset.range 4, k * 2 + 1 = 13", "∑ k ∈ Finset.range 4, (k * 2 + 1) = 13",
     "∑ k ∈ Finset.range 4, k * 2 + 1 = 16"),
    # |…| closes at the first bar that ends a term
    ("(x : ℤ) (h : x = -3)", "|x - 1| + x * |x| = -5", "|(x - 1 + x * |x|)| = -5", "|x - 1| + x * |x| = 5"),
    # application binds tighter than any operator
    (F_DOUBLE, "f 3 + 1 = 7", "f (3 + 1) = 7", "f 3 + 1 = 8"),
]

SOLVERS = backends()


def _run(binders: str, goal: str) -> Outcome:
    if not SOLVERS:
        pytest.skip("no SMT backend available through symbolic.smt")
    r = hammer(f"theorem t {binders} : {goal} := by sorry", config=HammerConfig(timeout=10))
    return r.outcome


@pytest.mark.parametrize(("binders", "goal", "misread", "misvalue"), TWINS, ids=[t[1] for t in TWINS])
def test_written_form_is_proved(binders: str, goal: str, misread: str, misvalue: str) -> None:
    assert _run(binders, goal) is Outcome.PROVED


@pytest.mark.parametrize(("binders", "goal", "misread", "misvalue"), TWINS, ids=[t[2] for t in TWINS])
def test_misreading_is_not_proved(binders: str, goal: str, misread: str, misvalue: str) -> None:
    out = _run(binders, misread)
    assert out is not Outcome.PROVED
    if "∀" not in binders:
        assert out is Outcome.DISPROVED  # ground and exact: a counter-model


@pytest.mark.parametrize(("binders", "goal", "misread", "misvalue"), TWINS, ids=[t[3] for t in TWINS])
def test_misreadings_value_is_not_proved(binders: str, goal: str, misread: str, misvalue: str) -> None:
    out = _run(binders, misvalue)
    assert out is not Outcome.PROVED
    if "∀" not in binders:
        assert out is Outcome.DISPROVED


@pytest.mark.parametrize(("text", "expected"), [
    ("f x⁻¹", "f (x⁻¹)"), ("↑f x", "(↑f) x"), ("f n !", "f (n !)"), ("↑x⁻¹", "↑(x⁻¹)"), ("-x⁻¹", "-(x⁻¹)"),
    ("-x ^ 2", "-(x ^ 2)"), ("x ^ 2 ^ 3", "x ^ (2 ^ 3)"), ("a + b⁻¹ * c", "a + ((b⁻¹) * c)"),
])
def test_parse_tree_equals_explicit_parentheses(text: str, expected: str) -> None:
    assert parse_expr(text) == parse_expr(expected)

