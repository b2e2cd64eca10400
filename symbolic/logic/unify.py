"""First-order matching and unification (with occurs check) over terms.

Function symbols are rigid; quantified subterms match only up to a consistent renaming of their binders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from symbolic.logic.subst import substitute
from symbolic.logic.terms import APP, QUANT, VAR, Term

__all__ = ["match", "unify"]


def match(
    pattern: Term,
    term: Term,
    variables: Iterable[Term] | None = None,
    subst: Mapping[Term, Term] | None = None,
) -> dict[Term, Term] | None:
    """A substitution ``σ`` over ``variables`` with ``σ(pattern) is term``, extending ``subst``; else None.

    ``variables`` defaults to the free variables of ``pattern``; other variables must match themselves.
    """
    vs = pattern.free_vars if variables is None else frozenset(variables)
    out = dict(subst) if subst else {}
    return out if _match(pattern, term, vs, out, {}) else None


def _match(p: Term, t: Term, vs: frozenset[Term], out: dict[Term, Term], bound: dict[Term, Term]) -> bool:
    if p is t and not bound and not (p.free_vars & vs):
        return True
    k = p.kind
    if k == VAR:
        if p in bound:
            return bound[p] is t
        if p in vs:
            if p.sort is not t.sort:
                return False
            if bound and any(b in t.free_vars for b in bound.values()):
                return False  # would capture a bound variable of the term
            prev = out.get(p)
            if prev is None:
                out[p] = t
                return True
            return prev is t
        return p is t
    if k != t.kind or p.sort is not t.sort:
        return False
    if k == APP:
        if p.head is not t.head or len(p.args) != len(t.args):
            return False
        return all(_match(a, b, vs, out, bound) for a, b in zip(p.args, t.args, strict=True))
    if k == QUANT:
        if p.head != t.head or len(p.binders) != len(t.binders):
            return False
        if any(a.sort is not b.sort for a, b in zip(p.binders, t.binders, strict=True)):
            return False
        inner = dict(bound)
        inner.update(zip(p.binders, t.binders, strict=True))
        return _match(p.args[0], t.args[0], vs - frozenset(p.binders), out, inner)
    return p is t


def unify(
    a: Term, b: Term, variables: Iterable[Term] | None = None
) -> dict[Term, Term] | None:
    """The most general unifier of ``a`` and ``b`` over ``variables`` (default: all free variables), or None.

    The result is idempotent: applying it once gives the common instance. Fails on the occurs check.
    Quantified subterms unify only when they are identical.
    """
    vs = (a.free_vars | b.free_vars) if variables is None else frozenset(variables)
    sub: dict[Term, Term] = {}
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        x = _walk(x, sub)
        y = _walk(y, sub)
        if x is y:
            continue
        if x.kind == VAR and x in vs:
            if not _bind(x, y, sub, vs):
                return None
            continue
        if y.kind == VAR and y in vs:
            if not _bind(y, x, sub, vs):
                return None
            continue
        if x.kind != y.kind or x.sort is not y.sort:
            return None
        if x.kind == APP:
            if x.head is not y.head or len(x.args) != len(y.args):
                return None
            stack.extend(zip(x.args, y.args, strict=True))
            continue
        if x.kind == QUANT:
            x2, y2 = substitute(x, sub), substitute(y, sub)
            if x2 is not y2:
                return None
            continue
        return None
    return _resolve(sub)


def _walk(t: Term, sub: dict[Term, Term]) -> Term:
    while t.kind == VAR and t in sub:
        t = sub[t]
    return t


def _occurs(v: Term, t: Term, sub: dict[Term, Term]) -> bool:
    stack = [t]
    while stack:
        u = _walk(stack.pop(), sub)
        if u is v:
            return True
        if u.kind == APP:
            stack.extend(u.args)
        elif u.kind == QUANT and v in u.free_vars:
            return True
    return False


def _bind(v: Term, t: Term, sub: dict[Term, Term], vs: frozenset[Term]) -> bool:
    if v.sort is not t.sort or _occurs(v, t, sub):
        return False
    sub[v] = t
    return True


def _resolve(sub: dict[Term, Term]) -> dict[Term, Term]:
    out: dict[Term, Term] = {}
    for _ in range(len(sub) + 1):
        changed = False
        for v, t in sub.items():
            nt = substitute(t, sub) if t.free_vars & sub.keys() else t
            if out.get(v) is not nt:
                changed = True
            out[v] = nt
        sub = out.copy()
        if not changed:
            break
    return out
