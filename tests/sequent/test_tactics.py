"""Structural tactics on sequents: the goals they produce, their Lean text, and where they refuse."""

from __future__ import annotations

import pytest

from symbolic.sequent import TacticError, goal_from_statement
from symbolic.sequent.close import close, closing_facts
from symbolic.sequent.interpret import NotInterpretable, interpret
from symbolic.sequent.smt import replay
from symbolic.sequent.tactics import (
    cases_or,
    constructor,
    induction,
    interval_bounds,
    interval_cases,
    intro,
    obtain,
    subst,
)
from symbolic.verdicts import Checker


def goal(text: str):
    return goal_from_statement(f"theorem t {text} := by sorry")[0]


def test_render_groups_variables_and_prints_hypotheses_like_lean() -> None:
    g = goal("(x y : ℝ) (n : ℕ) (f : ℝ → ℝ) (h₀ : x + y = 10) : x = 6")
    assert g.render().splitlines() == ["x y : ℝ", "n : ℕ", "f : ℝ → ℝ", "h₀ : x + y = (10 : ℝ)", "⊢ x = (6 : ℝ)"]


def test_render_reads_back_through_the_bridge() -> None:
    g = goal("(x : ℝ) (h₀ : ∃ y : ℝ, x = y ^ 2) (h₁ : 3 < x) : 0 ≤ x")
    again = goal_from_statement(g.render())[0]
    assert again.render() == g.render()


def test_intro_binder_and_premise() -> None:
    g = goal(": ∀ x : ℝ, 2 < x → 5 < 3 * x - 1")
    s1 = intro(g)
    assert s1.lean == "intro x" and s1.goals[0].render().startswith("x : ℝ\n⊢ (2 : ℝ) < x →")
    s2 = intro(s1.goals[0])
    assert s2.lean == "intro h" and s2.goals[0].hyps[-1].name == "h"
    assert s2.goals[0].render().endswith("⊢ (5 : ℝ) < (3 : ℝ) * x - (1 : ℝ)")
    with pytest.raises(TacticError):
        intro(s2.goals[0])


def test_constructor_splits_and_and_iff() -> None:
    s = constructor(goal("(x y : ℝ) : x = 2 ∧ y = 3 ∧ x < y"))
    assert [g.render().split("⊢ ")[1] for g in s.goals] == ["x = (2 : ℝ)", "y = (3 : ℝ) ∧ x < y"]
    s = constructor(goal("(x : ℝ) : 2 * x = 6 ↔ x = 3"))
    assert [g.render().split("⊢ ")[1] for g in s.goals] == [
        "(2 : ℝ) * x = (6 : ℝ) → x = (3 : ℝ)", "x = (3 : ℝ) → (2 : ℝ) * x = (6 : ℝ)"]
    with pytest.raises(TacticError):
        constructor(goal("(x : ℝ) : x = 1 ∨ x = 2"))


def test_cases_on_disjunction_and_obtain_on_exists_and_conjunction() -> None:
    g = goal("(x : ℝ) (h₀ : x = 1 ∨ x = 2) : x > 0")
    s = cases_or(g, "h₀")
    assert s.lean == "rcases h₀ with h₀ | h₀" and [g.hyps[0].formula for g in s.goals] != []
    assert ["h₀ : x = (1 : ℝ)" in g.render() for g in s.goals] == [True, False]
    s = obtain(goal("(x : ℝ) (h₀ : ∃ y : ℝ, x = y ^ 2) : 0 ≤ x"), "h₀")
    assert s.lean == "obtain ⟨y, hy⟩ := h₀" and "hy : x = y ^ (2 : ℕ)" in s.goals[0].render()
    s = obtain(goal("(a b : ℝ) (h : 0 < a ∧ 0 < b ∧ a < b) : 0 < b"), "h")
    assert s.lean == "obtain ⟨h_1, h_2, h_3⟩ := h" and len(s.goals[0].hyps) == 3
    with pytest.raises(TacticError):
        obtain(g, "h₀")


def test_subst_replaces_the_variable() -> None:
    s = subst(goal("(x y : ℝ) (h₀ : y = 2 * x) (h₁ : x + y = 3) : x = 1"), "h₀")
    assert s.lean == "subst h₀" and s.goals[0].render() == "x : ℝ\nh₁ : x + (2 : ℝ) * x = (3 : ℝ)\n⊢ x = (1 : ℝ)"
    with pytest.raises(TacticError):
        subst(goal("(x : ℝ) (h₀ : x * x = 2) : x = 1"), "h₀")


def test_induction_base_and_step_with_sum_abbreviation() -> None:
    g = goal("(n : ℕ) : ∑ i ∈ Finset.range n, (2 * i + 1) = n ^ 2")
    assert g.render() == "n : ℕ\n⊢ (∑ i ∈ Finset.range n, ((2 : ℕ) * i + (1 : ℕ))) = n ^ (2 : ℕ)"
    s = induction(g, "n")
    assert s.lean == "induction' n with k ih" and len(s.goals) == 2
    assert s.goals[0].render() == "⊢ (∑ i ∈ Finset.range (0 : ℕ), ((2 : ℕ) * i + (1 : ℕ))) = (0 : ℕ) ^ (2 : ℕ)"
    assert s.goals[1].render().splitlines() == [
        "k : ℕ", "ih : (∑ i ∈ Finset.range k, ((2 : ℕ) * i + (1 : ℕ))) = k ^ (2 : ℕ)",
        "⊢ (∑ i ∈ Finset.range (k + (1 : ℕ)), ((2 : ℕ) * i + (1 : ℕ))) = (k + (1 : ℕ)) ^ (2 : ℕ)"]
    facts = closing_facts(s.goals[1])
    assert facts.lean[0].endswith(":= Finset.sum_range_succ _ _")
    with pytest.raises(TacticError, match="hypothesis mentions"):
        induction(goal("(n : ℕ) (h₀ : 2 ≤ n) : n < 2 ^ n"), "n")


def test_induction_closes_true_and_not_false_statement() -> None:
    for stmt, truth in (("(n : ℕ) : n < 2 ^ n", True), ("(n : ℕ) : n + 1 < 2 ^ n", False)):
        base, step = induction(goal(stmt), "n").goals
        closed = []
        for g in (base, step):
            try:
                closed.append(close(g, timeout=5).checker is Checker.SMT)
            except TacticError:
                closed.append(False)
        assert all(closed) is truth


def test_interval_cases_bounds_cover_and_evidence_replays() -> None:
    g = goal("(n : ℕ) (h₀ : n < 5) (h₁ : n ^ 2 = 9) : n = 3")
    assert interval_bounds(g, "n") == (0, 4)
    s = interval_cases(g, "n")
    assert s.lean == "interval_cases n" and len(s.goals) == 5 and s.checker is Checker.SMT
    assert "h₁ : (3 : ℕ) ^ (2 : ℕ) = (9 : ℕ)" in s.goals[3].render()
    ok, detail = replay(s.evidence)
    assert ok, detail
    assert "(check-sat)" in s.evidence["smtlib"]
    z = goal("(x : ℤ) (h₀ : -2 ≤ x) (h₁ : x < 3) : x ^ 2 ≤ 4")
    assert interval_bounds(z, "x") == (-2, 2)
    with pytest.raises(TacticError, match="no literal bounds"):
        interval_cases(goal("(x : ℤ) (h₀ : x < 3) : x ≤ 4"), "x")


def test_close_refuses_a_false_goal_and_records_a_replayable_query() -> None:
    with pytest.raises(TacticError, match="disproved"):
        close(goal("(x y : ℝ) (h₀ : x + y = 10) (h₁ : x - y = 2) : x = 5"), timeout=5)
    s = close(goal("(x y : ℝ) (h₀ : x + y = 10) (h₁ : x - y = 2) : x = 6"), timeout=5)
    assert s.goals == () and s.lean and replay(s.evidence)[0]
    assert s.evidence["checker"] == "smt" and s.evidence["expect"] == "unsat"
    # a tampered query (the goal's constant changed) is not confirmed on replay
    tampered = dict(s.evidence, smtlib=s.evidence["smtlib"].replace("6", "5"))
    assert tampered["smtlib"] != s.evidence["smtlib"] and not replay(tampered)[0]


def test_interpret_structural_automation_and_unknown_text() -> None:
    g = goal("(a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2")
    s = interpret(g, "nlinarith [sq_nonneg (a - b)]")
    assert s.goals == () and s.lean == "nlinarith [sq_nonneg (a - b)]" and s.checker is Checker.SMT
    with pytest.raises(TacticError):
        interpret(goal("(a b : ℝ) : 3 * a * b ≤ a ^ 2 + b ^ 2"), "nlinarith [sq_nonneg (a - b)]")
    with pytest.raises(NotInterpretable):
        interpret(g, "exact foo_bar")
    s = interpret(goal("(n : ℕ) : n < 2 ^ n"), "induction' n with m hm")
    assert "hm : m < (2 : ℕ) ^ m" in s.goals[1].render()
    s = interpret(goal("(x : ℝ) (h₀ : x = 1 ∨ x = 2) : 0 < x"), "rcases h₀ with h | h'")
    assert "h' : x = (2 : ℝ)" in s.goals[1].render()


def test_only_terminal_automation_is_decided_by_the_hammer() -> None:
    from symbolic.sequent.interpret import is_closer

    assert is_closer("nlinarith [sq_nonneg (a - b)]") and is_closer("field_simp at * <;> nlinarith")
    assert not is_closer("norm_num at h₀") and not is_closer("ring_nf") and not is_closer("simp")


def test_interval_cases_with_a_closer_decides_every_case_and_replays_them() -> None:
    s = interpret(goal("(n : ℕ) (h₀ : n < 5) (h₁ : n ^ 2 = 9) : n = 3"), "interval_cases n <;> omega")
    assert s.goals == () and s.lean == "interval_cases n <;> omega" and len(s.evidence["cases"]) == 5
    ok, detail = replay(s.evidence)
    assert ok and "5 case(s)" in detail
    with pytest.raises(TacticError):
        interpret(goal("(n : ℕ) (h₀ : n < 5) (h₁ : n ^ 2 = 9) : n = 2"), "interval_cases n <;> omega")
    with pytest.raises(NotInterpretable):
        interpret(goal("(n : ℕ) (h₀ : n < 5) : n < 6"), "interval_cases n <;> simp")


def test_huge_literal_power_modulo_is_computed() -> None:
    assert close(goal(": 1999 ^ 2000 % 5 = 1"), timeout=5).lean.startswith("have hf : (1999 : ℕ) ^ (2000 : ℕ)")
    with pytest.raises(TacticError):
        close(goal(": 1999 ^ 2000 % 5 = 2"), timeout=5)
