"""A finite domain whose bound is a closed literal expression (``Nat.divisors (2 ^ 3)``) is unrolled like a literal."""

from __future__ import annotations

import pytest

from symbolic.bridge.errors import UnsupportedError
from symbolic.bridge.hammer import HammerConfig, hammer
from symbolic.bridge.lower import ground_int
from symbolic.bridge.translate import translate
from symbolic.logic import INT, NAT, Op, app, const
from symbolic.verdicts import Outcome
from tests.bridge.conftest import backends

needs_solver = pytest.mark.skipif(not backends(), reason="no SMT backend installed")


def test_ground_values_follow_lean() -> None:
    assert ground_int(app(Op.SUB, const(2, NAT), const(5, NAT))) == 0  # ℕ subtraction truncates
    assert ground_int(app(Op.SUB, const(2, INT), const(5, INT))) == -3
    assert ground_int(app(Op.POW, const(30, NAT), const(4, NAT))) == 810_000
    assert ground_int(app(Op.POW, const(3, NAT), const(65, NAT))) is None  # bounded work: refused


@needs_solver
def test_divisors_of_a_closed_expression() -> None:
    cfg = HammerConfig(timeout=5)
    assert hammer("theorem t : (∑ k ∈ Nat.divisors (2 ^ 3), k) = 15 := by sorry", config=cfg).outcome \
        is Outcome.PROVED
    assert hammer("theorem t : (∑ k ∈ Nat.divisors (2 ^ 3), k) = 16 := by sorry", config=cfg).outcome \
        is Outcome.DISPROVED
    assert hammer("theorem t : (∑ k ∈ Finset.range (10 - 12), k) = 0 := by sorry", config=cfg).outcome \
        is Outcome.PROVED  # 10 - 12 = 0 in ℕ: the empty range


def test_a_variable_bound_is_still_refused() -> None:
    with pytest.raises(UnsupportedError, match="non-literal bound"):
        translate("theorem t (n : ℕ) : (∑ k ∈ Nat.divisors (2 ^ n), 1) = n + 1 := by sorry")


@needs_solver
def test_long_ground_sums_are_unrolled_as_balanced_trees() -> None:
    cfg = HammerConfig(timeout=10)
    card = "theorem t : Finset.card (Finset.filter (fun x => x % 19 = 7) (Finset.Icc 100 999)) = {} := by sorry"
    assert hammer(card.format(48), config=cfg).outcome is Outcome.PROVED  # 900 terms
    assert hammer(card.format(49), config=cfg).outcome is Outcome.DISPROVED
    seq = translate(card.format(48)).sequent
    depth = 0
    t = seq.goal.args[0]
    while t.args:
        t, depth = max(t.args, key=lambda a: a.size), depth + 1
    assert depth < 30  # log₂ 900 levels of `+`, then the ite of one term
    # a closed exponent (`k + 1` once k is a literal) is a literal power: exact, so the twin is disproved
    alt = "theorem t : (∑ k ∈ Finset.range 4, (-1 : ℤ) ^ (k + 1)) = {} := by sorry"
    assert hammer(alt.format(0), config=cfg).outcome is Outcome.PROVED
    assert hammer(alt.format(1), config=cfg).outcome is Outcome.DISPROVED


def test_sums_past_the_limit_are_refused_by_name() -> None:
    with pytest.raises(UnsupportedError, match="more than 2500 terms"):
        translate("theorem t : (∑ k ∈ Finset.range 3000, k) = 4498500 := by sorry")
