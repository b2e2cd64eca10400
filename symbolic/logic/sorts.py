"""Sorts of the term language: Bool, Nat, Int, Rat, Real, uninterpreted sorts and function sorts.

Sorts are interned: two equal sorts are the same object, so ``is`` and ``==`` agree and hashing is cheap.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = ["BOOL", "COMPLEX", "INT", "NAT", "NUMERIC_SORTS", "RAT", "REAL", "BaseSort", "FunSort", "Sort", "base_sort"]


class Sort:
    """Base of all sorts; compare with ``is`` or ``==`` (identical because sorts are interned)."""

    __slots__ = ("__weakref__",)

    @property
    def is_function(self) -> bool:
        return False

    @property
    def is_numeric(self) -> bool:
        return self in NUMERIC_SORTS


class BaseSort(Sort):
    """A named sort without structure: the built-in Bool/Nat/Int/Rat/Real or an uninterpreted sort."""

    __slots__ = ("name",)
    _table: ClassVar[dict[str, BaseSort]] = {}

    name: str

    def __new__(cls, name: str) -> BaseSort:
        found = cls._table.get(name)
        if found is None:
            found = super().__new__(cls)
            object.__setattr__(found, "name", name)
            cls._table[name] = found
        return found

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("sorts are immutable")

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (BaseSort, (self.name,))

    def __repr__(self) -> str:
        return f"BaseSort({self.name!r})"

    def __str__(self) -> str:
        return self.name


class FunSort(Sort):
    """The sort ``a1 -> ... -> an -> r`` of an uninterpreted function or predicate symbol."""

    __slots__ = ("args", "result")
    _table: ClassVar[dict[tuple[tuple[Sort, ...], Sort], FunSort]] = {}

    args: tuple[Sort, ...]
    result: Sort

    def __new__(cls, args: tuple[Sort, ...] | list[Sort], result: Sort) -> FunSort:
        args = tuple(args)
        if not args:
            raise ValueError("a function sort needs at least one argument sort")
        if result.is_function or any(a.is_function for a in args):
            raise ValueError("function sorts are first order: arguments and result must be base sorts")
        key = (args, result)
        found = cls._table.get(key)
        if found is None:
            found = super().__new__(cls)
            object.__setattr__(found, "args", args)
            object.__setattr__(found, "result", result)
            cls._table[key] = found
        return found

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("sorts are immutable")

    def __reduce__(self) -> tuple[object, tuple[tuple[Sort, ...], Sort]]:
        return (FunSort, (self.args, self.result))

    @property
    def is_function(self) -> bool:
        return True

    @property
    def arity(self) -> int:
        return len(self.args)

    def __repr__(self) -> str:
        return f"FunSort({self.args!r}, {self.result!r})"

    def __str__(self) -> str:
        return " -> ".join([*(str(a) for a in self.args), str(self.result)])


def base_sort(name: str) -> BaseSort:
    """The base sort called ``name`` (uninterpreted unless it is one of the built-in names)."""
    return BaseSort(name)


BOOL = BaseSort("Bool")
NAT = BaseSort("Nat")
INT = BaseSort("Int")
RAT = BaseSort("Rat")
REAL = BaseSort("Real")
#: ℂ: a field, not ordered (not in NUMERIC_SORTS); the bridge lowers it to pairs of reals
COMPLEX = BaseSort("Complex")
NUMERIC_SORTS: frozenset[Sort] = frozenset({NAT, INT, RAT, REAL})
