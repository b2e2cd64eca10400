"""The data model of a GL theory: sorts, function and relation symbols, constants, axioms, induction, a model.

A theory is what a ``.mpl`` file declares (see :mod:`symbolic.gl.parser`). Formulas are terms of the shared term
language (:mod:`symbolic.logic`): a function symbol ``f : A, B -> C`` is ``var("f", FunSort((A, B), C))`` and
``f(x, y) = z`` is the relational atom of GL; a relation ``p : A, B`` is a Bool-valued symbol applied as
``p[x, y]``; constants are variables of a base sort whose names the theory reserves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from symbolic.logic import BOOL, BaseSort, FunSort, Term, var

__all__ = ["Constant", "FunctionSymbol", "Induction", "Model", "Relation", "Statement", "Theory"]


@dataclass(frozen=True)
class FunctionSymbol:
    """A total, single-valued function (GL: a relation plus totality and single-valuedness axioms)."""

    name: str
    args: tuple[str, ...]
    result: str
    infix: str | None = None
    precedence: int = 0

    @property
    def arity(self) -> int:
        return len(self.args)

    def term(self) -> Term:
        return var(self.name, FunSort(tuple(BaseSort(a) for a in self.args), BaseSort(self.result)))


@dataclass(frozen=True)
class Relation:
    """An uninterpreted relation, written ``name[args]``."""

    name: str
    args: tuple[str, ...]

    def term(self) -> Term:
        return var(self.name, FunSort(tuple(BaseSort(a) for a in self.args), BOOL))


@dataclass(frozen=True)
class Constant:
    """A named element of a sort (``0``-ary symbol)."""

    name: str
    sort: str

    def term(self) -> Term:
        return var(self.name, BaseSort(self.sort))


@dataclass(frozen=True)
class Statement:
    """A named closed formula with the line it was written on."""

    name: str
    formula: Term
    line: int = 0
    source: str = ""  # the file it came from, when that is not the theory file


@dataclass(frozen=True)
class Induction:
    """Structural induction over ``sort``: every element is reached from ``zero`` by ``succ``."""

    sort: str
    zero: str
    succ: str


@dataclass(frozen=True)
class Model:
    """A finite (partial) interpretation used by the counter-example filter.

    ``functions`` and ``relations`` map a symbol to ``(params, expr)`` where ``expr`` is a small arithmetic AST
    (see :mod:`symbolic.gl.model`); values outside ``lo..hi`` are undefined, so functions may be partial.
    """

    lo: int
    hi: int
    constants: dict[str, object] = field(default_factory=dict)
    functions: dict[str, tuple[tuple[str, ...], object]] = field(default_factory=dict)
    relations: dict[str, tuple[tuple[str, ...], object]] = field(default_factory=dict)
    line: int = 0


@dataclass
class Theory:
    """Everything a theory file declares. Built by the parser; treated as read-only afterwards."""

    name: str
    source: str = "<theory>"
    sorts: list[str] = field(default_factory=list)
    constants: dict[str, Constant] = field(default_factory=dict)
    functions: dict[str, FunctionSymbol] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    axioms: list[Statement] = field(default_factory=list)
    induction: dict[str, Induction] = field(default_factory=dict)
    model: Model | None = None
    text: str = ""  # the theory file's text (provenance graphs carry it so a replay can rebuild the axioms)

    def symbol_names(self) -> set[str]:
        return set(self.constants) | set(self.functions) | set(self.relations)

    def infix_table(self) -> dict[str, FunctionSymbol]:
        return {f.infix: f for f in self.functions.values() if f.infix}
