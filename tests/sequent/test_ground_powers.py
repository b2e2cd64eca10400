"""Powers whose exponent is a closed term: evaluated when small, reduced by modular power when huge."""

from __future__ import annotations

import pytest

from symbolic.logic import INT, NAT, Op, app, const
from symbolic.sequent import TacticError, goal_from_statement
from symbolic.sequent.close import ground_value
from symbolic.sequent.interpret import interpret


def goal(text: str):
    return goal_from_statement(f"theorem t {text} := by sorry")[0]


def test_ground_value_follows_lean() -> None:
    n, z = (lambda v: const(v, NAT)), (lambda v: const(v, INT))
    assert ground_value(app(Op.SUB, n(3), n(5))) == 0  # ℕ subtraction truncates
    assert ground_value(app(Op.SUB, z(3), z(5))) == -2
    assert ground_value(app(Op.MOD, n(7), n(0))) == 7 and ground_value(app(Op.IDIV, n(7), n(0))) == 0
    assert ground_value(app(Op.MOD, z(-7), z(2))) == 1 and ground_value(app(Op.IDIV, z(-7), z(2))) == -4
    assert ground_value(app(Op.MOD, z(7), z(-2))) == 1 and ground_value(app(Op.IDIV, z(-7), z(-2))) == 4
    assert ground_value(app(Op.ITE, app(Op.EQ, n(2), n(1)), n(1), n(0))) == 0
    assert ground_value(app(Op.POW, n(2), n(1 << 20))) is None  # too large to compute


def closed_by_hammer(g, proved: bool) -> str:
    """The hammer's Lean text on a goal that must close, or check that it does not close."""
    if not proved:
        with pytest.raises(TacticError):
            interpret(g, "hammer")
        return ""
    step = interpret(g, "hammer")
    assert not step.goals
    return step.lean


@pytest.mark.parametrize(("value", "proved"), [(4, True), (6, False)])
def test_large_exponent_residue(value: int, proved: bool) -> None:
    g = interpret(goal(f"(k : ℕ) (h₀ : k = 1005) : 2 ^ (2 * k) % 10 = {value}"), "subst h₀").goals[0]
    lean = closed_by_hammer(g, proved)  # 2010 ≡ 2 (mod 4), so 2 ^ 2010 ends in 4
    # norm_num evaluates the power (NormNum/Pow.lean) and its residue; `[Nat.pow_mod]` is not a documented form
    assert not proved or ("norm_num" in lean and "Nat.pow_mod" not in lean)
    # the exponent is above Lean's default exponentiation.threshold (256), past which norm_num does not evaluate
    assert not proved or "set_option exponentiation.threshold 2010 in norm_num" in lean


@pytest.mark.parametrize("value", [6, 7])
def test_residue_of_a_power_too_large_to_evaluate_is_not_offered(value: int) -> None:
    # 2 ^ (2 ^ 100) ends in 6, but no Lean form the project can stand behind proves it (norm_num would build the
    # power; Nat.pow_mod does not make it smaller), so the fact is not stated and neither value is proved
    g = interpret(goal(f"(k : ℕ) (h₀ : k = 2 ^ 100) : 2 ^ k % 10 = {value}"), "subst h₀").goals[0]
    closed_by_hammer(g, False)


@pytest.mark.parametrize(("value", "proved"), [(1, True), (3, False)])
def test_closed_exponent_is_evaluated(value: int, proved: bool) -> None:
    g = interpret(goal(f"(n : ℕ) (h₀ : n = 7 % 3 + 3) : 3 ^ n % 8 = {value}"), "subst h₀").goals[0]
    lean = closed_by_hammer(g, proved)
    assert not proved or "= (3 : ℕ) ^ (4 : ℕ) := by norm_num" in lean


@pytest.mark.parametrize(("value", "proved"), [(3, True), (4, False)])
def test_logs_of_an_equation_between_powers(value: int, proved: bool) -> None:
    lean = closed_by_hammer(goal(f"(x : ℝ) (h₀ : (10 : ℝ) ^ x * 100 ^ (2 * x) = 1000 ^ 5) : x = {value}"), proved)
    assert not proved or ("congrArg Real.log h₀" in lean and "Real.log_mul" in lean)


@pytest.mark.parametrize(("closer", "accepted"), [
    ("norm_num", False),  # Mathlib's norm_num does not evaluate 2 ^ 2010 at the default threshold (256)
    ("set_option exponentiation.threshold 300 in norm_num", False),
    ("set_option exponentiation.threshold 2010 in norm_num", True),
    ("set_option exponentiation.threshold 4096 in decide", True)])
def test_a_given_closer_on_a_power_past_the_threshold_must_raise_it(closer: str, accepted: bool) -> None:
    g = goal(": 2 ^ 2010 % 10 = 4")
    if accepted:
        assert interpret(g, closer).lean == closer
    else:
        with pytest.raises(TacticError, match=r"exponentiation\.threshold"):
            interpret(g, closer)


def test_a_raised_closer_does_not_prove_the_false_twin() -> None:
    with pytest.raises(TacticError):
        interpret(goal(": 2 ^ 2010 % 10 = 6"), "set_option exponentiation.threshold 2010 in norm_num")


def test_a_small_power_needs_no_raised_threshold() -> None:
    assert interpret(goal(": 2 ^ 200 % 10 = 6"), "norm_num").lean == "norm_num"
