"""Ground instances of universally quantified assertions at chosen points (adaptive instantiation).

An instance of an asserted ``∀xs. B`` is implied by it, so adding instances never changes satisfiability;
they give the solver (and the coefficient fitting of templates) concrete constraints to work with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from symbolic.logic.sorts import INT, NAT, RAT, REAL, Sort
from symbolic.logic.subst import substitute
from symbolic.logic.terms import Term, const

__all__ = ["initial_points", "instantiate", "strip_forall", "value_term"]

_REAL_POOL = [Fraction(0), Fraction(1), Fraction(-1), Fraction(2), Fraction(-2), Fraction(1, 2), Fraction(3),
              Fraction(-1, 2), Fraction(5), Fraction(1, 3), Fraction(-3), Fraction(4)]
_INT_POOL = [0, 1, -1, 2, -2, 3, 5, -3, 7, 4, -5, 10]


def strip_forall(t: Term) -> tuple[tuple[Term, ...], Term]:
    """The binders of the leading ``forall`` block of ``t`` and its body (``(), t`` when there is none)."""
    binders: list[Term] = []
    while t.kind == 3 and t.head == "forall":
        binders.extend(t.binders)
        t = t.args[0]
    return tuple(binders), t


def value_term(v: object, sort: Sort) -> Term | None:
    """A literal of ``sort`` for a model value, or None when it is not a rational number/Boolean."""
    if isinstance(v, bool):
        return const(v)
    if isinstance(v, int | Fraction):
        if sort in (INT, NAT):
            f = Fraction(v)
            return const(int(f), sort) if f.denominator == 1 and (sort is INT or f >= 0) else None
        if sort in (REAL, RAT):
            return const(Fraction(v), sort)
    return None


def _pool(s: Sort) -> list[int] | list[Fraction]:
    if s in (INT,):
        return _INT_POOL
    if s is NAT:
        return [v for v in _INT_POOL if v >= 0]
    return _REAL_POOL


def initial_points(binders: Sequence[Term], n: int = 8) -> list[dict[Term, Term]]:
    """``n`` deterministic, spread-out points for ``binders`` (numeric binders only; others are skipped)."""
    if not binders or not all(b.sort.is_numeric for b in binders):
        return []
    points: list[dict[Term, Term]] = []
    seen: set[tuple[object, ...]] = set()
    j = 0
    while len(points) < n and j < 50 * n:
        vals = []
        for i, b in enumerate(binders):
            pool = _pool(b.sort)
            vals.append(pool[(j * (2 * i + 1) + i * j // 3 + (i if j else 0)) % len(pool)])
        key = tuple(vals)
        j += 1
        if key in seen:
            continue
        seen.add(key)
        points.append({b: const(v, b.sort) for b, v in zip(binders, vals, strict=True)})
    return points


def instantiate(assertion: Term, point: Mapping[Term, Term]) -> Term:
    """``B[xs := point]`` for ``assertion = ∀xs. B`` (binders not in ``point`` stay quantified)."""
    from symbolic.logic.terms import forall

    binders, body = strip_forall(assertion)
    rest = [b for b in binders if b not in point]
    return forall(rest, substitute(body, {b: v for b, v in point.items() if b in binders}))
