"""Terms: hash-consing, sort checking, immutability, pickling."""

from __future__ import annotations

import pickle
from fractions import Fraction

import pytest

from symbolic.errors import SortError
from symbolic.logic import (
    BOOL,
    INT,
    NAT,
    REAL,
    FunSort,
    Op,
    and_,
    app,
    cast,
    const,
    eq,
    forall,
    lt,
    var,
)


def test_structurally_equal_terms_are_the_same_object() -> None:
    x = var("x", INT)
    a = app(Op.ADD, x, const(1, INT))
    b = app(Op.ADD, var("x", INT), const(1, INT))
    assert a is b
    assert hash(a) == hash(b)
    assert app(Op.ADD, x, const(2, INT)) is not a


def test_same_name_different_sort_are_different_variables() -> None:
    assert var("x", INT) is not var("x", REAL)
    assert const(1, INT) is not const(1, REAL)


def test_terms_are_immutable() -> None:
    x = var("x", INT)
    with pytest.raises(AttributeError):
        x.head = "y"  # type: ignore[misc]


def test_sort_errors_name_the_problem() -> None:
    x, r = var("x", INT), var("r", REAL)
    with pytest.raises(SortError, match="different sorts Int and Real"):
        app(Op.ADD, x, r)
    with pytest.raises(SortError, match="Bool"):
        app(Op.AND, x, x)
    with pytest.raises(SortError, match="Rat or Real"):
        app(Op.DIV, x, x)
    f = var("f", FunSort((INT,), INT))
    with pytest.raises(SortError, match="argument 1 has sort Real"):
        app(f, r)
    with pytest.raises(SortError, match="negative"):
        const(-1, NAT)


def test_python_operators_lift_integers_to_the_other_sort() -> None:
    r = var("r", REAL)
    t = 2 * r + 1
    assert t.sort is REAL
    assert t.args[1] is const(Fraction(1), REAL)


def test_free_vars_exclude_bound_and_function_symbols() -> None:
    x, y = var("x", INT), var("y", INT)
    f = var("f", FunSort((INT,), INT))
    t = forall([x], eq(app(f, x), y))
    assert t.free_vars == frozenset({y})


def test_pickle_round_trip_reinterns() -> None:
    x = var("x", INT)
    f = var("f", FunSort((INT,), BOOL))
    t = forall([x], and_(app(f, x), lt(x, cast(const(3, NAT), INT))))
    assert pickle.loads(pickle.dumps(t)) is t


def test_unused_terms_are_freed() -> None:
    import gc
    import weakref

    ts = [var(f"tmp_{i}", INT) for i in range(1000)]
    refs = [weakref.ref(t) for t in ts]
    assert var("tmp_7", INT) is ts[7]
    del ts
    gc.collect()
    assert all(r() is None for r in refs)
