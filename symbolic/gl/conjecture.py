"""The conjecturer: enumerate candidate equations from the theory's function symbols.

Building blocks are the function atoms ``f(x) = y`` / ``f(x, y) = z``; chaining their ports (only ports of equal
sort are joined) gives terms, and a candidate is an equation ``l = r`` between two such terms (premise-style
implications such as ``s(a) = b ⇒ a + 1 = b`` are the same statements in functional form). Candidates are
normalised — variables renamed canonically by first occurrence, the mirrored form ``r = l`` identified with
``l = r`` — and duplicates dropped. Every variable must occur on both sides, and ``l`` and ``r`` must differ.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from symbolic.gl.theory import Statement, Theory
from symbolic.logic import BaseSort, Op, Term, app, forall, var

__all__ = ["Candidate", "enumerate_conjectures"]

# a shape is ("leaf", sort) or (fname, shape, …); a labelled term has ("v", index) leaves
Shape = tuple


@dataclass(frozen=True)
class Candidate:
    """A normalised equation ``l = r`` with variables ``0..n-1`` (``sorts[i]`` is variable i's sort)."""

    left: tuple
    right: tuple
    sorts: tuple[str, ...]

    def size(self) -> int:
        return _size(self.left) + _size(self.right)


def _size(t: tuple) -> int:
    return 0 if t[0] in ("v", "c") else 1 + sum(_size(a) for a in t[1:])


def _shapes(theory: Theory, sort: str, size: int, with_constants: bool) -> Iterator[Shape]:
    """Term shapes of ``sort`` with exactly ``size`` function symbols."""
    if size == 0:
        yield ("leaf", sort)
        if with_constants:
            for c in theory.constants.values():
                if c.sort == sort:
                    yield ("c", c.name)
        return
    for f in theory.functions.values():
        if f.result != sort:
            continue
        n = f.arity
        for split in _splits(size - 1, n):
            for parts in itertools.product(*(list(_shapes(theory, s, k, with_constants))
                                             for s, k in zip(f.args, split, strict=True))):
                yield (f.name, *parts)


def _splits(total: int, n: int) -> Iterator[tuple[int, ...]]:
    if n == 1:
        yield (total,)
        return
    for k in range(total + 1):
        for rest in _splits(total - k, n - 1):
            yield (k, *rest)


def _leaves(shape: Shape) -> list[str]:
    if shape[0] == "leaf":
        return [shape[1]]
    if shape[0] == "c":
        return []
    return [s for a in shape[1:] for s in _leaves(a)]


def _label(shape: Shape, labels: Iterator[int]) -> tuple:
    if shape[0] == "leaf":
        return ("v", next(labels))
    if shape[0] == "c":
        return shape
    return (shape[0], *(_label(a, labels) for a in shape[1:]))


def _rgs(sorts: list[str], max_vars: int) -> Iterator[list[int]]:
    """Restricted growth labellings of leaves (variables named by first occurrence), respecting sorts."""
    out: list[int] = []
    var_sorts: list[str] = []

    def go(i: int) -> Iterator[list[int]]:
        if i == len(sorts):
            yield list(out)
            return
        for v in range(len(var_sorts)):
            if var_sorts[v] == sorts[i]:
                out.append(v)
                yield from go(i + 1)
                out.pop()
        if len(var_sorts) < max_vars:
            var_sorts.append(sorts[i])
            out.append(len(var_sorts) - 1)
            yield from go(i + 1)
            out.pop()
            var_sorts.pop()

    yield from go(0)


def _rename(left: tuple, right: tuple) -> tuple[tuple, tuple, dict[int, int]]:
    ren: dict[int, int] = {}

    def walk(t: tuple) -> tuple:
        if t[0] == "v":
            return ("v", ren.setdefault(t[1], len(ren)))
        if t[0] == "c":
            return t
        return (t[0], *(walk(a) for a in t[1:]))

    lw = walk(left)
    return lw, walk(right), ren


def _vars(t: tuple) -> set[int]:
    if t[0] == "v":
        return {t[1]}
    if t[0] == "c":
        return set()
    return set().union(*(_vars(a) for a in t[1:])) if len(t) > 1 else set()


def enumerate_conjectures(theory: Theory, max_size: int = 5, max_vars: int = 3, max_side: int = 3,
                          const_size: int = 2) -> list[Candidate]:
    """Normalised candidate equations ``l = r``.

    Bounds: at most ``max_size`` function symbols in total and ``max_side`` per side, at most ``max_vars``
    variables, and one side linear (each variable once) — the shape of definitions and of the classic laws
    (commutativity, associativity, distributivity), which keeps the candidate set in the hundreds.
    """
    seen: set[tuple] = set()
    out: list[Candidate] = []
    for sort in theory.sorts:
        plain = {k: list(_shapes(theory, sort, k, False)) for k in range(max_side + 1)}
        consts = {k: list(_shapes(theory, sort, k, True)) for k in range(const_size + 1)}
        for ls in range(0, max_side + 1):
            for rs in range(0, max_side + 1):
                if ls + rs > max_size or ls + rs == 0:
                    continue
                shapes = consts if ls + rs <= const_size else plain
                for lsh in shapes[ls]:
                    lsorts = _leaves(lsh)
                    if len(lsorts) > max_vars:
                        continue
                    left = _label(lsh, iter(range(len(lsorts))))
                    for rsh in shapes[rs]:
                        rsorts = _leaves(rsh)
                        choices = [[v for v, vs in enumerate(lsorts) if vs == s] for s in rsorts]
                        for labels in itertools.product(*choices):
                            if set(labels) != set(range(len(lsorts))):
                                continue
                            right = _label(rsh, iter(labels))
                            if left == right:
                                continue
                            a = _rename(left, right)
                            b = _rename(right, left)
                            key = min((a[0], a[1]), (b[0], b[1]))
                            if key in seen:
                                continue
                            seen.add(key)
                            ren = a[2] if (a[0], a[1]) == key else b[2]
                            var_sorts = [""] * len(ren)
                            for old, new in ren.items():
                                var_sorts[new] = lsorts[old]
                            out.append(Candidate(key[0], key[1], tuple(var_sorts)))
    out.sort(key=lambda c: (c.size(), repr(c.left), repr(c.right)))
    return out


def _var_sort(v: int, labels: list[int], leaf_sorts: list[str]) -> str:
    return leaf_sorts[labels.index(v)]


_NAMES = "abcdefgh"


def candidate_term(c: Candidate, theory: Theory) -> Term:
    """The candidate as a closed formula of the term language."""
    vs = [var(_NAMES[i], BaseSort(s)) for i, s in enumerate(c.sorts)]

    def build(t: tuple) -> Term:
        if t[0] == "v":
            return vs[t[1]]
        if t[0] == "c":
            return theory.constants[t[1]].term()
        return app(theory.functions[t[0]].term(), *(build(a) for a in t[1:]))

    return forall(vs, app(Op.EQ, build(c.left), build(c.right)))


def candidate_statements(cands: list[Candidate], theory: Theory) -> list[Statement]:
    return [Statement(f"c{i + 1}", candidate_term(c, theory)) for i, c in enumerate(cands)]
