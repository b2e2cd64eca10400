"""Capture-avoiding substitution, fresh names, symbols and function expansion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from symbolic.errors import SortError
from symbolic.logic.terms import APP, QUANT, VAR, Term, _make, var

__all__ = ["expand_function", "fresh_name", "rename_free", "substitute", "symbols", "used_names"]


def used_names(*terms: Term) -> set[str]:
    """Names of every variable occurring in ``terms``, free or bound."""
    names: set[str] = set()
    for t in terms:
        for s in t.subterms():
            if s.kind == VAR:
                names.add(s.head)
            elif s.kind == QUANT:
                names.update(b.head for b in s.binders)
    return names


def fresh_name(base: str, avoid: set[str]) -> str:
    """``base`` if unused, else ``base_1``, ``base_2``, … (the chosen name is added to ``avoid``)."""
    name = base
    i = 0
    while name in avoid:
        i += 1
        name = f"{base}_{i}"
    avoid.add(name)
    return name


def symbols(t: Term) -> frozenset[Term]:
    """Uninterpreted function symbols applied in ``t``."""
    out: set[Term] = set()
    for s in t.subterms():
        if s.kind == APP and isinstance(s.head, Term):
            out.add(s.head)
    return frozenset(out)


def substitute(t: Term, mapping: Mapping[Term, Term]) -> Term:
    """Replace free variables (and function symbols, by other symbols) according to ``mapping``.

    Bound variables that would capture a free variable of an inserted term are renamed first.
    """
    for k, v in mapping.items():
        if k.kind != VAR:
            raise SortError(f"substitute: key {k} is not a variable")
        if k.sort is not v.sort:
            raise SortError(f"substitute: {k} : {k.sort} cannot be replaced by a term of sort {v.sort}")
        if k.sort.is_function and v.kind != VAR:
            raise SortError(f"substitute: function symbol {k} can only be renamed (use expand_function)")
    if not mapping:
        return t
    return _Subst(dict(mapping)).run(t)


class _Subst:
    __slots__ = ("mapping", "memo", "range_fv")

    def __init__(self, mapping: dict[Term, Term]) -> None:
        self.mapping = mapping
        self.memo: dict[Term, Term] = {}
        fv: set[Term] = set()
        for v in mapping.values():
            fv.update(v.free_vars)
        self.range_fv = fv

    def run(self, t: Term) -> Term:
        m = self.memo.get(t)
        if m is not None:
            return m
        k = t.kind
        if k == VAR:
            r = self.mapping.get(t, t)
        elif k == APP:
            head = t.head
            if isinstance(head, Term):
                head = self.mapping.get(head, head)
            args = tuple(self.run(a) for a in t.args)
            r = _make(APP, head, args, t.sort, ()) if head is not t.head or args != t.args else t
        elif k == QUANT:
            r = self._quant(t)
        else:
            r = t
        self.memo[t] = r
        return r

    def _quant(self, t: Term) -> Term:
        body = t.args[0]
        relevant = {v: s for v, s in self.mapping.items() if v in body.free_vars or v.sort.is_function}
        for b in t.binders:
            relevant.pop(b, None)
        if not relevant:
            return t
        range_fv: set[Term] = set()
        for v, s in relevant.items():
            if not v.sort.is_function:
                range_fv.update(s.free_vars)
        binders = list(t.binders)
        avoid: set[str] | None = None
        for i, b in enumerate(binders):
            if b in range_fv:
                if avoid is None:
                    avoid = used_names(t) | {v.head for v in range_fv} | {s.head for s in relevant}
                nb = var(fresh_name(b.head, avoid), b.sort)
                relevant[b] = nb
                binders[i] = nb
        inner = _Subst(relevant)
        new_body = inner.run(body)
        if new_body is body and tuple(binders) == t.binders:
            return t
        return _make(QUANT, t.head, (new_body,), t.sort, tuple(binders))


def rename_free(t: Term, names: Mapping[str, str]) -> Term:
    """Rename free first-order variables by name."""
    return substitute(t, {v: var(names[v.head], v.sort) for v in t.free_vars if v.head in names})


def expand_function(t: Term, symbol: Term, params: Iterable[Term], body: Term) -> Term:
    """Replace every application ``symbol(a1, …, an)`` by ``body[params := a1 … an]`` (a definition by macro)."""
    ps = tuple(params)
    fs = symbol.sort
    if symbol.kind != VAR or not fs.is_function:
        raise SortError(f"expand_function: {symbol} is not a function symbol")
    if tuple(p.sort for p in ps) != fs.args:  # type: ignore[attr-defined]
        raise SortError(f"expand_function: parameters of {symbol.head} do not match its sort {fs}")
    if body.sort is not fs.result:  # type: ignore[attr-defined]
        raise SortError(f"expand_function: body has sort {body.sort}, {symbol.head} returns {fs.result}")  # type: ignore[attr-defined]
    memo: dict[Term, Term] = {}

    def go(u: Term) -> Term:
        r = memo.get(u)
        if r is not None:
            return r
        if u.kind == APP:
            args = tuple(go(a) for a in u.args)
            if u.head is symbol:
                r = substitute(body, dict(zip(ps, args, strict=True)))
            elif args != u.args:
                r = _make(APP, u.head, args, u.sort, ())
            else:
                r = u
        elif u.kind == QUANT:
            nb = go(u.args[0])
            if nb is u.args[0]:
                r = u
            else:
                # binders of u may capture free variables of body: rename them away first
                clash = [b for b in u.binders if b in body.free_vars and b not in ps]
                if clash:
                    avoid = used_names(u, body)
                    ren = {b: var(fresh_name(b.head, avoid), b.sort) for b in clash}
                    u2 = _make(QUANT, u.head, (substitute(u.args[0], ren),), u.sort,
                               tuple(ren.get(b, b) for b in u.binders))
                    r = go(u2)
                else:
                    r = _make(QUANT, u.head, (nb,), u.sort, u.binders)
        else:
            r = u
        memo[u] = r
        return r

    return go(t)
