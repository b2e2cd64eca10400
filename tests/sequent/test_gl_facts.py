"""GL-derived exponent laws as `have` steps: the instances offered, their Lean text, the check, the replay."""

from __future__ import annotations

import copy
import json

import pytest

from symbolic.sequent import TacticError, goal_from_statement
from symbolic.sequent.gl_facts import gl_fact_suggestions, replay_fact
from symbolic.sequent.interpret import NotInterpretable, interpret
from symbolic.verdicts import Checker


def goal(text: str):
    return goal_from_statement(f"theorem t {text} := by sorry")[0]


def test_instances_at_variable_exponents_with_the_mathlib_lemma() -> None:
    g = goal("(m n k : ℕ) (x y : ℝ) (h₀ : 2 ^ (m + n) = 8) (h₁ : (3 : ℝ) ^ (2 * k) = 9) : (x * y) ^ n + 1 ^ m = 2")
    assert gl_fact_suggestions(g) == [
        "have hg : (x * y) ^ n = x ^ n * y ^ n := mul_pow _ _ _",
        "have hg_1 : (1 : ℝ) ^ m = (1 : ℝ) := one_pow _",
        "have hg_2 : (2 : ℕ) ^ (m + n) = (2 : ℕ) ^ m * (2 : ℕ) ^ n := pow_add _ _ _",
        "have hg_3 : (3 : ℝ) ^ ((2 : ℕ) * k) = ((3 : ℝ) ^ (2 : ℕ)) ^ k := pow_mul _ _ _",
    ]


def test_literal_exponents_get_no_gl_fact() -> None:
    # `2 ^ (n + 1)` is pow_succ, which the closer adds itself; `2 ^ 3` is a number
    assert gl_fact_suggestions(goal("(n : ℕ) (h : 2 ^ (n + 1) = 2 ^ 3) : n = 2")) == []


def test_the_step_adds_the_fact_with_its_replay_payload() -> None:
    g = goal("(m n : ℕ) (h₀ : 2 ^ m = 8) (h₁ : 2 ^ n = 4) : 2 ^ (m + n) = 32")
    (text,) = gl_fact_suggestions(g)
    step = interpret(g, text)
    assert step.checker is Checker.GL_REPLAY and step.lean == text
    (new,) = step.goals
    assert new.hyps[-1].name == "hg" and new.show(new.hyps[-1].formula) == "(2 : ℕ) ^ (m + n) = (2 : ℕ) ^ m * (2 : ℕ) ^ n"
    assert new.target is g.target
    ok, detail = replay_fact(step.evidence)
    assert ok, detail


def test_a_statement_that_is_not_an_instance_is_refused() -> None:
    g = goal("(m n : ℕ) (h₀ : 2 ^ m = 8) : 2 ^ (m + n) = 32")
    with pytest.raises(TacticError, match="not an instance of the GL law pow_add"):
        interpret(g, "have hg : (2 : ℕ) ^ (m + n) = (2 : ℕ) ^ m + (2 : ℕ) ^ n := pow_add _ _ _")
    with pytest.raises(TacticError, match="not an instance of the GL law mul_pow"):
        interpret(g, "have hg : (2 : ℕ) ^ (m + n) = (2 : ℕ) ^ m * (2 : ℕ) ^ n := mul_pow _ _ _")
    with pytest.raises(NotInterpretable):  # a lemma GL does not stand behind
        interpret(g, "have hg : (2 : ℕ) ^ (m + n) = (2 : ℕ) ^ m * (2 : ℕ) ^ n := pow_sub _ _ _")


def test_replay_rejects_a_tampered_fact_lemma_or_law() -> None:
    g = goal("(x y : ℝ) (n : ℕ) (h₀ : x ^ n = 3) (h₁ : y ^ n = 5) : (x * y) ^ n = 15")
    step = interpret(g, gl_fact_suggestions(g)[0])
    ev = step.evidence
    assert replay_fact(ev)[0]

    bad = copy.deepcopy(ev)
    bad["gl_fact"]["fact"] = "(x * y) ^ n = x ^ n + y ^ n"
    ok, why = replay_fact(bad)
    assert not ok and "not an instance" in why

    bad = copy.deepcopy(ev)
    bad["gl_fact"]["lemma"] = "pow_add _ _ _"
    assert not replay_fact(bad)[0]

    bad = copy.deepcopy(ev)
    law = json.loads(bad["gl_fact"]["law"])
    law["chain"][-1]["statement"] = "forall a b n : N. (a * b) ^ n = (a ^ n) + (b ^ n)"
    bad["gl_fact"]["law"] = json.dumps(law)
    bad["gl_fact"]["fact"] = "(x * y) ^ n = x ^ n + y ^ n"
    ok, why = replay_fact(bad)
    assert not ok and why.startswith("mul_pow:")
