"""Constraint separation: a union-find over the symbols of a formula splits its assertions into
independent components.

Two assertions belong to the same component when they share an uninterpreted function, a free constant or an
uninterpreted sort (a sort's cardinality can link otherwise unrelated constraints). Components share no
symbol, so the conjunction is satisfiable exactly when every component is, and a model of the whole is the
union of the components' models.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from symbolic.logic.sorts import BaseSort
from symbolic.logic.subst import symbols
from symbolic.logic.terms import Term

__all__ = ["Component", "reassemble", "separate"]

_BUILTIN = frozenset({"Bool", "Int", "Nat", "Real", "Rat"})


@dataclass(frozen=True)
class Component:
    """Assertions that share symbols, with the functions and constants they mention (sorted by name)."""

    id: str
    assertions: tuple[Term, ...]
    functions: tuple[Term, ...]
    constants: tuple[Term, ...]
    indices: tuple[int, ...]  # positions of the assertions in the input


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, x: object) -> object:
        p = self.parent.setdefault(x, x)
        while p != self.parent[p]:
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        self.parent[x] = p
        return p

    def union(self, a: object, b: object) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _keys(t: Term) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = {("c", v.head) for v in t.free_vars}
    keys.update(("f", f.head) for f in symbols(t))
    for s in t.subterms():
        for srt in (s.sort, *(b.sort for b in s.binders)):
            if isinstance(srt, BaseSort) and srt.name not in _BUILTIN:
                keys.add(("s", srt.name))
    return keys


def separate(assertions: Sequence[Term]) -> list[Component]:
    """Split ``assertions`` into independent components (in order of first appearance)."""
    uf = _UnionFind()
    keys = [_keys(a) for a in assertions]
    for i, ks in enumerate(keys):
        uf.find(("a", i))
        for k in ks:
            uf.union(("a", i), k)
    groups: dict[object, list[int]] = {}
    for i in range(len(assertions)):
        groups.setdefault(uf.find(("a", i)), []).append(i)
    out: list[Component] = []
    for n, idx in enumerate(groups.values()):
        items = tuple(assertions[i] for i in idx)
        funs: dict[str, Term] = {}
        consts: dict[str, Term] = {}
        for t in items:
            for f in symbols(t):
                funs[f.head] = f
            for v in t.free_vars:
                consts[v.head] = v
        out.append(Component(f"c{n}", items, tuple(funs[k] for k in sorted(funs)),
                             tuple(consts[k] for k in sorted(consts)), tuple(idx)))
    return out


def reassemble(components: Sequence[Component]) -> list[Term]:
    """The assertions of ``components`` back in their original order."""
    pairs = sorted((i, t) for c in components for i, t in zip(c.indices, c.assertions, strict=True))
    return [t for _, t in pairs]
