"""Parsing and elaboration of Lean statements: precedences, binders, casts, sums, unsupported constructs."""

from __future__ import annotations

import pytest

from symbolic.bridge import (
    LeanSyntaxError,
    UnsupportedError,
    parse_expr,
    parse_goal_state,
    parse_statement,
    translate,
)
from symbolic.bridge.syntax import Binary, Prefix
from symbolic.logic import INT, NAT, REAL, Op


def test_unary_minus_binds_looser_than_power() -> None:
    e = parse_expr("-x ^ 2")
    assert isinstance(e, Prefix) and isinstance(e.arg, Binary) and e.arg.op == "^"


def test_not_takes_a_relation() -> None:
    e = parse_expr("¬ a = b ∧ c")
    assert isinstance(e, Binary) and e.op == "∧" and isinstance(e.left, Prefix)


def test_sum_body_stops_at_plus() -> None:
    tr = translate("theorem t : ∑ k in Finset.range 3, k + 1 = 4 := by sorry")
    # (0 + 1 + 2) + 1 = 4, not (1 + 2 + 3) = 4 — both read the same only by accident; check the shape
    lhs = tr.sequent.goal.args[0]
    assert lhs.op is Op.ADD and lhs.args[1].is_const and lhs.args[1].value == 1


def test_both_sum_spellings_agree() -> None:
    a = translate("theorem t : ∑ k in Finset.Icc 1 4, k ^ 2 = 30 := by sorry").sequent.goal
    b = translate("theorem t : ∑ k ∈ Finset.Icc 1 4, k ^ 2 = 30 := by sorry").sequent.goal
    assert a is b


def test_binop_coerces_leaves_to_the_largest_sort() -> None:
    tr = translate("theorem t (n : ℕ) (x : ℝ) (h : x = n + 1) : True := by sorry")
    h = tr.sequent.hypotheses[0].formula
    rhs = h.args[1]
    assert rhs.sort is REAL and rhs.args[0].op is Op.CAST and rhs.args[0].args[0].sort is NAT


def test_numerals_default_to_nat_and_division_is_integer() -> None:
    tr = translate("theorem t : 7 / 2 = 3 := by sorry")
    lhs = tr.sequent.goal.args[0]
    assert lhs.sort is NAT and lhs.op is Op.IDIV


def test_untyped_binder_takes_the_function_domain() -> None:
    tr = translate("theorem t (f : ℤ → ℝ) (h : ∀ x, f x = 2 * x) : f 1 = 2 := by sorry")
    q = tr.sequent.hypotheses[0].formula
    assert q.binders[0].sort is INT


def test_binder_predicate_becomes_a_guard() -> None:
    tr = translate("theorem t (f : ℝ → ℝ) (h : ∀ x > 0, f x = x) : f 1 = 1 := by sorry")
    q = tr.sequent.hypotheses[0].formula
    assert q.body.op is Op.IMPLIES and q.body.args[0].op is Op.GT


def test_goal_state_parses_hypotheses_and_goal() -> None:
    st = parse_goal_state("x y : ℝ\nh₀ : x + y = 2\n  ∧ x = 1\n⊢ y = 1")
    assert [b.names for b in st.binders] == [("x", "y"), ("h₀",)]


def test_abs_cast_sqrt_floor_prime() -> None:
    tr = translate("theorem t (n : ℕ) (x : ℝ) (h : Nat.Prime n) : |x| + √(↑n) ≥ Int.floor x - Int.floor x := by sorry")
    assert "Nat.Prime" in tr.sequent.abstracted
    assert tr.sequent.goal.args[0].sort is REAL


@pytest.mark.parametrize(("text", "construct"), [
    ("theorem t (z : ZMod 7) : z = z := by sorry", "ZMod n"),
    ("theorem t (n : ℕ) : ∑ k in Finset.range n, k = n := by sorry", "Finset.range with a non-literal bound"),
    ("theorem t (S : Finset ℕ) : S.card = 0 := by sorry", "Finset variables"),
    ("theorem t (q : ℚ) : q.den = 1 := by sorry", "Rat.den"),
])
def test_unsupported_constructs_are_named(text: str, construct: str) -> None:
    with pytest.raises(UnsupportedError) as info:
        translate(text)
    assert info.value.construct == construct
    assert str(info.value).endswith(f"unsupported: {construct}")


def test_text_that_is_not_lean_is_a_syntax_error() -> None:
    with pytest.raises(LeanSyntaxError):
        parse_statement("theorem : := := by")
    with pytest.raises(LeanSyntaxError):
        parse_goal_state("just some words")


def test_untyped_binder_inside_a_function_argument_tree() -> None:
    tr = translate("theorem t (f : ℤ → ℤ) : (∀ a b, f (2 * a) + f b = f (a + b)) → f 0 = 0 := by sorry")
    q = tr.sequent.goal.args[0]
    assert [b.sort for b in q.binders] == [INT, INT]
    assert tr.sequent.exact


def test_binder_without_evidence_defaults_to_nat_and_is_flagged() -> None:
    tr = translate("theorem t : ∃ k, k + 1 = 2 := by sorry")
    assert tr.sequent.goal.binders[0].sort is NAT
    assert any("default" in a for a in tr.sequent.abstracted)


def test_sets_are_membership_predicates() -> None:
    tr = translate("theorem t (S : Set ℕ) (u : ℕ) (h₀ : ∀ a, a ∈ S ↔ 0 < a ∧ a % 4 = 3) (h₁ : IsLeast S u) "
                   ": u ∈ ({3, 7} : Set ℕ) := by sorry")
    h0, h1 = (h.formula for h in tr.sequent.hypotheses)
    assert h0.binders[0].sort is NAT and not tr.sequent.abstracted  # typed by its use in `a ∈ S`
    assert h1.op is Op.AND and h1.args[1].is_quant  # S u ∧ ∀ m, S m → u ≤ m
    assert tr.sequent.goal.op is Op.OR


def test_set_builder_difference_and_intervals() -> None:
    tr = translate("theorem t (x : ℝ) (h : x ∈ Set.Icc (0 : ℝ) 1 \\ {1}) : IsGreatest {y : ℝ | y < 1} x → False "
                   ":= by sorry")
    h = tr.sequent.hypotheses[0].formula
    assert h.op is Op.AND and h.args[1].op is Op.NOT


def test_ascii_connectives_lambda_and_norm() -> None:
    a = translate("theorem t (x : ℝ) : x = 0 \\/ x ≠ 0 /\\ True := by sorry").sequent.goal
    b = translate("theorem t (x : ℝ) : x = 0 ∨ x ≠ 0 ∧ True := by sorry").sequent.goal
    assert a is b
    n = translate("theorem t (a b : ℝ) : ‖a - b‖ = |a - b| := by sorry").sequent.goal
    assert n.args[0] is n.args[1]
    with pytest.raises(UnsupportedError, match="lambda"):
        translate("theorem t : Finset.sum (Finset.range 3) (λ x => x) = 3 := by sorry")
