"""Canonical renaming: alpha-normal forms and first-occurrence renaming of free variables.

With hash-consed terms, two formulas are alpha-equivalent exactly when their alpha-normal forms are the same
object, and two rule premises are equal up to renaming exactly when their canonical forms are.
"""

from __future__ import annotations

from symbolic.logic.terms import APP, QUANT, VAR, Term, _make, var

__all__ = ["alpha_equivalent", "alpha_normalize", "canonical_free", "free_vars_in_order"]

BOUND_PREFIX = "%b"
FREE_PREFIX = "%v"


def alpha_normalize(t: Term) -> Term:
    """Rename bound variables to ``%b0, %b1, …`` by binding depth (names no parsed variable can have)."""
    if not any(s.kind == QUANT for s in t.subterms()):
        return t
    return _alpha(t, {}, 0)


def _alpha(t: Term, env: dict[Term, Term], depth: int) -> Term:
    k = t.kind
    if k == VAR:
        return env.get(t, t)
    if k == APP:
        args = tuple(_alpha(a, env, depth) for a in t.args)
        return t if args == t.args else _make(APP, t.head, args, t.sort, ())
    if k == QUANT:
        inner = dict(env)
        new_binders = []
        for i, b in enumerate(t.binders):
            nb = var(f"{BOUND_PREFIX}{depth + i}", b.sort)
            inner[b] = nb
            new_binders.append(nb)
        body = _alpha(t.args[0], inner, depth + len(t.binders))
        return _make(QUANT, t.head, (body,), t.sort, tuple(new_binders))
    return t


def alpha_equivalent(a: Term, b: Term) -> bool:
    """True when ``a`` and ``b`` differ only in the names of bound variables."""
    return a is b or alpha_normalize(a) is alpha_normalize(b)


def free_vars_in_order(*terms: Term) -> list[Term]:
    """Free first-order variables in order of first occurrence (pre-order, left to right)."""
    seen: set[Term] = set()
    order: list[Term] = []
    for t in terms:
        _collect(t, frozenset(), seen, order)
    return order


def _collect(t: Term, bound: frozenset[Term], seen: set[Term], order: list[Term]) -> None:
    if not (t.free_vars - bound - seen):
        return
    if t.kind == VAR:
        if t not in bound and t not in seen:
            seen.add(t)
            order.append(t)
    elif t.kind == APP:
        for a in t.args:
            _collect(a, bound, seen, order)
    elif t.kind == QUANT:
        _collect(t.args[0], bound | frozenset(t.binders), seen, order)


def canonical_free(*terms: Term) -> tuple[tuple[Term, ...], dict[Term, Term]]:
    """Rename free variables of ``terms`` jointly to ``%v0, %v1, …`` by first occurrence.

    Returns the renamed terms (bound variables also alpha-normalized) and the renaming used.
    """
    from symbolic.logic.subst import substitute

    order = free_vars_in_order(*terms)
    ren = {v: var(f"{FREE_PREFIX}{i}", v.sort) for i, v in enumerate(order)}
    return tuple(alpha_normalize(substitute(t, ren)) for t in terms), ren
