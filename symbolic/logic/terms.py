"""Terms and formulas of the one term language shared by SMT, GL and the Lean bridge.

Terms are hash-consed: building a term that already exists returns the existing object, so structural equality
is identity (``a is b``), hashing is by identity, and per-term caches (free variables, size) are computed once.
The intern table holds terms weakly, so terms nobody references are freed. Terms pickle by structure and are
re-interned on load, which makes them safe to send to worker processes.

Kinds:
- ``VAR``: a variable ``name : sort``; a variable of a :class:`FunSort` is an uninterpreted function symbol.
- ``CONST``: a literal: ``bool`` for Bool, ``int`` for Nat/Int, :class:`fractions.Fraction` for Rat/Real.
- ``APP``: an operator (:class:`Op`) or an uninterpreted function symbol applied to arguments.
- ``QUANT``: ``forall``/``exists`` over a tuple of bound variables.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from enum import StrEnum
from fractions import Fraction
from typing import Any

from symbolic.errors import SortError
from symbolic.logic.sorts import BOOL, COMPLEX, INT, NAT, RAT, REAL, FunSort, Sort

__all__ = [
    "APP",
    "CONST",
    "FALSE",
    "QUANT",
    "TRUE",
    "VAR",
    "Op",
    "Term",
    "app",
    "const",
    "exists",
    "forall",
    "intern_table_size",
    "var",
]

VAR, CONST, APP, QUANT = 0, 1, 2, 3
_KIND_NAMES = ("var", "const", "app", "quant")


class Op(StrEnum):
    """Built-in operators. Integer ``div``/``mod`` are Euclidean (SMT-LIB and Lean's ``Int.ediv``/``emod``)."""

    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "/"  # field division on Rat/Real (x / 0 is left to the translation's faithful encoding)
    IDIV = "div"
    MOD = "mod"
    POW = "^"
    NEG = "neg"
    ABS = "abs"
    CAST = "cast"  # numeric conversion; the target is the term's sort (Real->Int floors, as SMT-LIB to_int)
    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    NOT = "not"
    AND = "and"
    OR = "or"
    IMPLIES = "=>"
    IFF = "<=>"
    ITE = "ite"


ARITH_BINARY = frozenset({Op.ADD, Op.SUB, Op.MUL})
COMPARISONS = frozenset({Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE})
ORDER = frozenset({Op.LT, Op.LE, Op.GT, Op.GE})
CONNECTIVES = frozenset({Op.NOT, Op.AND, Op.OR, Op.IMPLIES, Op.IFF})
NUMERIC = frozenset({NAT, INT, RAT, REAL})
#: sorts with ring operations: the ordered numeric sorts and ℂ (field operations and casts into it, no order)
RING = NUMERIC | {COMPLEX}

# key -> weak reference to the interned term
_table: dict[tuple[Any, ...], weakref.ref[Term]] = {}


def intern_table_size() -> int:
    """Number of live interned terms (for memory benchmarks)."""
    return len(_table)


def _forget(key: tuple[Any, ...]) -> Any:
    def remove(_ref: weakref.ref[Term], key: tuple[Any, ...] = key) -> None:
        current = _table.get(key)
        if current is _ref:
            del _table[key]

    return remove


class Term:
    """An immutable, interned term. Build terms with :func:`var`, :func:`const`, :func:`app`, :func:`forall`."""

    __slots__ = ("__weakref__", "_fv", "_size", "args", "binders", "head", "kind", "sort")

    kind: int
    head: Any
    args: tuple[Term, ...]
    sort: Sort
    binders: tuple[Term, ...]

    def __init__(self) -> None:  # pragma: no cover - guarded
        raise TypeError("build terms with var(), const(), app(), forall() or exists()")

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("terms are immutable")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_rebuild, (self.kind, self.head, self.args, self.sort, self.binders))

    def __copy__(self) -> Term:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Term:
        return self

    # -- inspection -------------------------------------------------------------------------------------------
    @property
    def is_var(self) -> bool:
        return self.kind == VAR

    @property
    def is_const(self) -> bool:
        return self.kind == CONST

    @property
    def is_app(self) -> bool:
        return self.kind == APP

    @property
    def is_quant(self) -> bool:
        return self.kind == QUANT

    @property
    def name(self) -> str:
        """The name of a variable."""
        if self.kind != VAR:
            raise AttributeError("only variables have a name")
        return self.head

    @property
    def value(self) -> bool | int | Fraction:
        """The value of a constant."""
        if self.kind != CONST:
            raise AttributeError("only constants have a value")
        return self.head

    @property
    def body(self) -> Term:
        """The body of a quantifier."""
        if self.kind != QUANT:
            raise AttributeError("only quantifiers have a body")
        return self.args[0]

    @property
    def op(self) -> Op | None:
        """The operator of a built-in application, else None."""
        return self.head if self.kind == APP and isinstance(self.head, Op) else None

    @property
    def free_vars(self) -> frozenset[Term]:
        """Free variables of first-order sorts (function symbols are not included, see :func:`symbols`)."""
        fv = object.__getattribute__(self, "_fv")
        if fv is None:
            fv = _compute_free(self)
            object.__setattr__(self, "_fv", fv)
        return fv

    @property
    def size(self) -> int:
        """Number of nodes in the term tree."""
        return self._size

    def subterms(self) -> Iterator[Term]:
        """All subterms, pre-order, each occurrence once per path (function-symbol heads excluded)."""
        stack = [self]
        while stack:
            t = stack.pop()
            yield t
            stack.extend(reversed(t.args))

    # -- Python operators as builders (integers are lifted to the other side's sort) --------------------------
    def __add__(self, other: Term | int | Fraction) -> Term:
        return app(Op.ADD, self, _lift(other, self.sort))

    def __radd__(self, other: int | Fraction) -> Term:
        return app(Op.ADD, _lift(other, self.sort), self)

    def __sub__(self, other: Term | int | Fraction) -> Term:
        return app(Op.SUB, self, _lift(other, self.sort))

    def __rsub__(self, other: int | Fraction) -> Term:
        return app(Op.SUB, _lift(other, self.sort), self)

    def __mul__(self, other: Term | int | Fraction) -> Term:
        return app(Op.MUL, self, _lift(other, self.sort))

    def __rmul__(self, other: int | Fraction) -> Term:
        return app(Op.MUL, _lift(other, self.sort), self)

    def __neg__(self) -> Term:
        return app(Op.NEG, self)

    def __call__(self, *args: Term) -> Term:
        return app(self, *args)

    def __repr__(self) -> str:
        from symbolic.logic.printer import to_text

        return f"Term({to_text(self)!r})"

    def __str__(self) -> str:
        from symbolic.logic.printer import to_text

        return to_text(self)


def _lift(x: Term | int | Fraction, sort: Sort) -> Term:
    return x if isinstance(x, Term) else const(x, sort)


def _compute_free(t: Term) -> frozenset[Term]:
    if t.kind == VAR:
        return frozenset() if t.sort.is_function else frozenset((t,))
    if t.kind == CONST:
        return frozenset()
    if t.kind == QUANT:
        return t.args[0].free_vars.difference(t.binders)
    if len(t.args) == 1:
        return t.args[0].free_vars
    out: set[Term] = set()
    for a in t.args:
        out.update(a.free_vars)
    return frozenset(out)


def _make(kind: int, head: Any, args: tuple[Term, ...], sort: Sort, binders: tuple[Term, ...]) -> Term:
    key = (kind, head, args, sort, binders)
    ref = _table.get(key)
    if ref is not None:
        t = ref()
        if t is not None:
            return t
    t = object.__new__(Term)
    sa = object.__setattr__
    sa(t, "kind", kind)
    sa(t, "head", head)
    sa(t, "args", args)
    sa(t, "sort", sort)
    sa(t, "binders", binders)
    sa(t, "_fv", None)
    size = 1
    for a in args:
        size += a._size
    sa(t, "_size", size)
    _table[key] = weakref.ref(t, _forget(key))
    return t


def _rebuild(kind: int, head: Any, args: tuple[Term, ...], sort: Sort, binders: tuple[Term, ...]) -> Term:
    return _make(kind, head, args, sort, binders)


# -- builders -------------------------------------------------------------------------------------------------


def var(name: str, sort: Sort) -> Term:
    """The variable (or, with a function sort, the uninterpreted function symbol) ``name : sort``."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"variable name must be a non-empty string, got {name!r}")
    if not isinstance(sort, Sort):
        raise SortError(f"{name}: expected a Sort, got {sort!r}")
    return _make(VAR, name, (), sort, ())


def const(value: bool | int | Fraction | float | str, sort: Sort | None = None) -> Term:
    """A literal. ``sort`` defaults to Bool for bools, Int for ints and Real for fractions."""
    if isinstance(value, bool):
        if sort not in (None, BOOL):
            raise SortError(f"boolean literal {value} cannot have sort {sort}")
        return _make(CONST, value, (), BOOL, ())
    if sort is None:
        sort = INT if isinstance(value, int) else REAL
    if type(value) is int and (sort is INT or (sort is NAT and value >= 0)):
        return _make(CONST, value, (), sort, ())
    if sort is NAT or sort is INT:
        frac = Fraction(value)
        if frac.denominator != 1:
            raise SortError(f"literal {value} is not an integer, so it cannot have sort {sort}")
        n = int(frac)
        if sort is NAT and n < 0:
            raise SortError(f"literal {value} is negative, so it cannot have sort Nat")
        return _make(CONST, n, (), sort, ())
    if sort is RAT or sort is REAL or sort is COMPLEX:
        return _make(CONST, Fraction(value), (), sort, ())
    raise SortError(f"no literals of sort {sort}")


TRUE = const(True)
FALSE = const(False)


def _check_same(op: Op, args: tuple[Term, ...]) -> Sort:
    s = args[0].sort
    for a in args[1:]:
        if a.sort is not s:
            raise SortError(f"{op.value}: arguments have different sorts {s} and {a.sort}")
    return s


def _op_sort(op: Op, args: tuple[Term, ...], target: Sort | None) -> Sort:
    n = len(args)
    if op in ARITH_BINARY:
        if n != 2:
            raise SortError(f"{op.value} takes 2 arguments, got {n}")
        s = _check_same(op, args)
        if s not in RING:
            raise SortError(f"{op.value} needs numeric arguments, got {s}")
        return s
    if op is Op.DIV:
        if n != 2:
            raise SortError(f"/ takes 2 arguments, got {n}")
        s = _check_same(op, args)
        if s is not RAT and s is not REAL and s is not COMPLEX:
            raise SortError(f"/ needs Rat or Real (or Complex) arguments, got {s} (use div for integer division)")
        return s
    if op is Op.IDIV or op is Op.MOD:
        if n != 2:
            raise SortError(f"{op.value} takes 2 arguments, got {n}")
        s = _check_same(op, args)
        if s is not INT and s is not NAT:
            raise SortError(f"{op.value} needs Int or Nat arguments, got {s}")
        return s
    if op is Op.POW:
        if n != 2:
            raise SortError(f"^ takes 2 arguments, got {n}")
        if args[0].sort not in RING or args[1].sort not in NUMERIC:
            raise SortError(f"^ needs numeric arguments, got {args[0].sort} and {args[1].sort}")
        return args[0].sort
    if op is Op.NEG or op is Op.ABS:
        if n != 1:
            raise SortError(f"{op.value} takes 1 argument, got {n}")
        s = args[0].sort
        if s not in (RING if op is Op.NEG else NUMERIC) or (op is Op.NEG and s is NAT):
            raise SortError(f"{op.value} needs an Int, Rat or Real argument, got {s}")
        return s
    if op is Op.CAST:
        if n != 1 or target is None:
            raise SortError("cast takes 1 argument and a target sort")
        if args[0].sort not in NUMERIC or target not in RING:
            raise SortError(f"cast converts between numeric sorts, got {args[0].sort} to {target}")
        return target
    if op in COMPARISONS:
        if n != 2:
            raise SortError(f"{op.value} takes 2 arguments, got {n}")
        s = _check_same(op, args)
        if s.is_function:
            raise SortError(f"{op.value}: cannot compare functions")
        if op in ORDER and s not in NUMERIC:
            raise SortError(f"{op.value} needs numeric arguments, got {s}")
        return BOOL
    if op is Op.NOT:
        if n != 1:
            raise SortError(f"not takes 1 argument, got {n}")
    elif op is Op.AND or op is Op.OR:
        if n < 2:
            raise SortError(f"{op.value} takes at least 2 arguments, got {n}")
    elif op is Op.IMPLIES or op is Op.IFF:
        if n != 2:
            raise SortError(f"{op.value} takes 2 arguments, got {n}")
    elif op is Op.ITE:
        if n != 3:
            raise SortError(f"ite takes 3 arguments, got {n}")
        if args[0].sort is not BOOL:
            raise SortError(f"ite: condition must be Bool, got {args[0].sort}")
        if args[1].sort is not args[2].sort:
            raise SortError(f"ite: branches have different sorts {args[1].sort} and {args[2].sort}")
        return args[1].sort
    else:  # pragma: no cover - exhaustive
        raise SortError(f"unknown operator {op!r}")
    for a in args:
        if a.sort is not BOOL:
            raise SortError(f"{op.value} needs Bool arguments, got {a.sort}")
    return BOOL


def app(head: Op | Term, *args: Term, sort: Sort | None = None) -> Term:
    """Apply an operator or an uninterpreted function symbol; sorts are checked. ``sort`` is the cast target."""
    if isinstance(head, Op):
        for a in args:
            if not isinstance(a, Term):
                raise SortError(f"{head.value}: argument {a!r} is not a term")
        result = _op_sort(head, args, sort)
        return _make(APP, head, args, result, ())
    if isinstance(head, Term) and head.kind == VAR and isinstance(head.sort, FunSort):
        fs = head.sort
        if len(args) != fs.arity:
            raise SortError(f"{head.head} takes {fs.arity} arguments, got {len(args)}")
        for i, (a, s) in enumerate(zip(args, fs.args, strict=True)):
            if not isinstance(a, Term):
                raise SortError(f"{head.head}: argument {a!r} is not a term")
            if a.sort is not s:
                raise SortError(f"{head.head}: argument {i + 1} has sort {a.sort}, expected {s}")
        return _make(APP, head, tuple(args), fs.result, ())
    raise SortError(f"cannot apply {head!r}: not an operator or a function symbol")


def _quant(q: str, binders: Iterable[Term], body: Term) -> Term:
    bs = tuple(binders)
    if not bs:
        return body
    for b in bs:
        if not isinstance(b, Term) or b.kind != VAR or b.sort.is_function:
            raise SortError(f"{q}: binder {b!r} is not a first-order variable")
    if len(set(bs)) != len(bs):
        raise SortError(f"{q}: repeated binder")
    if body.sort is not BOOL:
        raise SortError(f"{q}: body must be Bool, got {body.sort}")
    return _make(QUANT, q, (body,), BOOL, bs)


def forall(binders: Iterable[Term], body: Term) -> Term:
    """``∀ binders. body`` (returns ``body`` itself when there are no binders)."""
    return _quant("forall", binders, body)


def exists(binders: Iterable[Term], body: Term) -> Term:
    """``∃ binders. body`` (returns ``body`` itself when there are no binders)."""
    return _quant("exists", binders, body)


def kind_name(t: Term) -> str:
    """``var``, ``const``, ``app`` or ``quant``."""
    return _KIND_NAMES[t.kind]
