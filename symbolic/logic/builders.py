"""Short builders for common formulas; each checks sorts like :func:`symbolic.logic.terms.app`."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from symbolic.logic.sorts import Sort
from symbolic.logic.terms import FALSE, TRUE, Op, Term, app, const

__all__ = [
    "abs_", "and_", "cast", "div", "eq", "ge", "gt", "idiv", "iff", "implies", "ite", "le", "lt", "mod", "ne",
    "not_", "or_", "pow_",
]


def _t(x: Term | int | Fraction, like: Term) -> Term:
    return x if isinstance(x, Term) else const(x, like.sort)


def eq(a: Term, b: Term | int | Fraction) -> Term:
    return app(Op.EQ, a, _t(b, a))


def ne(a: Term, b: Term | int | Fraction) -> Term:
    return app(Op.NE, a, _t(b, a))


def lt(a: Term, b: Term | int | Fraction) -> Term:
    return app(Op.LT, a, _t(b, a))


def le(a: Term, b: Term | int | Fraction) -> Term:
    return app(Op.LE, a, _t(b, a))


def gt(a: Term, b: Term | int | Fraction) -> Term:
    return app(Op.GT, a, _t(b, a))


def ge(a: Term, b: Term | int | Fraction) -> Term:
    return app(Op.GE, a, _t(b, a))


def not_(a: Term) -> Term:
    return app(Op.NOT, a)


def and_(*parts: Term | Iterable[Term]) -> Term:
    """Conjunction; ``and_()`` is ``true`` and a single conjunct is returned as is."""
    xs = _flat(parts)
    return TRUE if not xs else xs[0] if len(xs) == 1 else app(Op.AND, *xs)


def or_(*parts: Term | Iterable[Term]) -> Term:
    """Disjunction; ``or_()`` is ``false`` and a single disjunct is returned as is."""
    xs = _flat(parts)
    return FALSE if not xs else xs[0] if len(xs) == 1 else app(Op.OR, *xs)


def _flat(parts: tuple[Term | Iterable[Term], ...]) -> list[Term]:
    out: list[Term] = []
    for p in parts:
        if isinstance(p, Term):
            out.append(p)
        else:
            out.extend(p)
    return out


def implies(a: Term, b: Term) -> Term:
    return app(Op.IMPLIES, a, b)


def iff(a: Term, b: Term) -> Term:
    return app(Op.IFF, a, b)


def ite(c: Term, a: Term, b: Term | int | Fraction) -> Term:
    return app(Op.ITE, c, a, _t(b, a))


def div(a: Term, b: Term | int | Fraction) -> Term:
    """Field division ``a / b`` on Rat or Real."""
    return app(Op.DIV, a, _t(b, a))


def idiv(a: Term, b: Term | int) -> Term:
    """Euclidean integer division ``a div b``."""
    return app(Op.IDIV, a, _t(b, a))


def mod(a: Term, b: Term | int) -> Term:
    """Euclidean remainder ``a mod b``."""
    return app(Op.MOD, a, _t(b, a))


def pow_(a: Term, b: Term | int, exponent_sort: Sort | None = None) -> Term:
    """``a ^ b``; an integer exponent becomes a literal of ``exponent_sort`` (default Nat)."""
    from symbolic.logic.sorts import NAT

    return app(Op.POW, a, b if isinstance(b, Term) else const(b, exponent_sort or NAT))


def abs_(a: Term) -> Term:
    return app(Op.ABS, a)


def cast(a: Term, target: Sort) -> Term:
    """Numeric conversion of ``a`` to ``target`` (returns ``a`` when it already has that sort)."""
    return a if a.sort is target else app(Op.CAST, a, sort=target)
