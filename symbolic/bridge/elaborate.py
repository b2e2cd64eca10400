"""Elaboration: Lean surface syntax → terms of the term language, with Lean's typing of numerals and coercions.

The result is a *Lean-level* sequent: Nat stays Nat, ``a - b`` on Nat means truncated subtraction, ``/`` and
``%`` mean Lean's total division (``x / 0 = 0``, ``x % 0 = x``); :mod:`symbolic.bridge.lower` makes those
rules explicit for the solvers. Arithmetic follows Lean's ``binop%`` elaborator: the leaves of a tree of
``+ - * / %`` (and the base of ``^``) are typed first, the largest sort among them and the expected sort wins
(Nat < Int < Rat < Real), numerals without other information default to Nat, and lower leaves are coerced
one by one (``↑a + ↑b``). Exponents are elaborated on their own (a numeral exponent is a Nat).

Functions outside the fragment's arithmetic (``Real.log``, ``Real.cos``, ``π``, ``Nat.gcd`` on variables …)
become uninterpreted symbols: sound for proofs (a proof for every interpretation holds for the real one) but
not for counter-models, so the translation records them in ``abstracted`` and a satisfying model is then not
reported as a counter-example. Anything else outside the fragment raises :class:`UnsupportedError`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from symbolic.bridge.errors import IllTypedError, UnsupportedError
from symbolic.bridge.library import ABSTRACT, ALIASES, COMPLEX_PARTS, RANK, LibraryMixin, max_sort
from symbolic.bridge.syntax import (
    Abs,
    App,
    Ascribe,
    BigOp,
    Binary,
    Binder,
    Coe,
    Expr,
    Ident,
    Lambda,
    Num,
    Prefix,
    Quant,
    SetBuilder,
    SetLit,
    Statement,
    Unsupported,
)
from symbolic.errors import SortError
from symbolic.logic import (
    BOOL,
    COMPLEX,
    FALSE,
    INT,
    NAT,
    RAT,
    REAL,
    TRUE,
    FunSort,
    Op,
    Sort,
    Term,
    and_,
    app,
    cast,
    const,
    eq,
    exists,
    forall,
    iff,
    implies,
    not_,
    or_,
    substitute,
    var,
)

__all__ = ["Hypothesis", "Sequent", "elaborate", "elaborator_in"]

_SORT_NAMES = {"ℕ": NAT, "Nat": NAT, "ℤ": INT, "Int": INT, "ℚ": RAT, "Rat": RAT, "ℝ": REAL, "Real": REAL,
               "ℂ": COMPLEX, "Complex": COMPLEX, "Prop": BOOL, "Bool": BOOL}
_UNSUPPORTED_TYPES = {"ℕ+": "ℕ+ (PNat)",
                      "Finset": "Finset variables", "Set": "Set variables", "Polynomial": "Polynomial",
                      "Fin": "Fin n", "ZMod": "ZMod n", "Equiv": "Equiv", "Fintype": "Fintype instance",
                      "List": "List", "Multiset": "Multiset", "Matrix": "Matrix"}
_CMP = {"=": Op.EQ, "≠": Op.NE, "<": Op.LT, "≤": Op.LE, ">": Op.GT, "≥": Op.GE}
_ARITH = {"+": Op.ADD, "-": Op.SUB, "*": Op.MUL, "/": Op.DIV, "%": Op.MOD}


@dataclass(frozen=True)
class Hypothesis:
    """A named hypothesis of the sequent (the Lean name, e.g. ``h₀``) and its formula."""

    name: str
    formula: Term


@dataclass
class Sequent:
    """Variables, hypotheses and goal of one Lean statement, at Lean level (see module docstring).

    ``abstracted`` lists the Lean functions kept uninterpreted; ``variables`` maps Lean names to their symbol
    (a first-order variable or a function symbol).
    """

    name: str
    variables: dict[str, Term]
    hypotheses: list[Hypothesis]
    goal: Term
    abstracted: set[str] = field(default_factory=set)
    literal_units: list[tuple[Sort, ...]] = field(default_factory=list)
    literal_choice: tuple[Sort, ...] = ()  # the sort elaborated for each unit

    @property
    def sort_choices(self) -> int:
        """How many readings the unknown literal sorts allow (1 when every sort is fixed)."""
        return math.prod(len(u) for u in self.literal_units)

    @property
    def exact(self) -> bool:
        """True when no Lean function was abstracted (so a model of the translation is a real counter-model)."""
        return not self.abstracted


#: the sorts an unannotated literal of a goal state may have; ℚ (and ℂ for equalities) agree with ℝ on the
#: closed trees of literals and casts that are left ambiguous, so ℝ stands for them
_LITERAL_SORTS = (REAL, INT, NAT)


class _Elaborator(LibraryMixin):
    def __init__(self, source: str, *, unknown_literals: bool = False,
                 choice: tuple[Sort, ...] = ()) -> None:
        self.source = source
        # goal states as Lean prints them (without ``pp.numericTypes``) do not fix a literal's type: each
        # relation whose sides have no typed leaf is an *ambiguous unit*; ``units`` lists the sorts each may
        # have, ``choice`` picks one per unit (default: the first allowed)
        self.unknown_literals = unknown_literals
        self.choice = choice
        self.units: list[tuple[Sort, ...]] = []
        self.chosen: dict[int, Sort] = {}
        self.scope: dict[str, Term] = {}
        self.abstracted: set[str] = set()
        self.symbols: dict[str, Term] = {}
        self.fresh = 0
        self.equivs: set[str] = set()

    def unsupported(self, what: str) -> UnsupportedError:
        return UnsupportedError(what, source=self.source)

    def ill_typed(self, what: str) -> IllTypedError:
        return IllTypedError(what, source=self.source)

    # -- types ------------------------------------------------------------------------------------------------
    def sort_of_type(self, e: Expr) -> Sort | None:
        """The sort a type expression denotes, or None when ``e`` is not a type (then it is a proposition)."""
        if isinstance(e, Ident):
            if e.name in _SORT_NAMES:
                return _SORT_NAMES[e.name]
            if e.name in _UNSUPPORTED_TYPES:
                raise self.unsupported(_UNSUPPORTED_TYPES[e.name])
            return None
        if isinstance(e, App) and isinstance(e.fn, Ident) and e.fn.name == "Set" and len(e.args) == 1:
            elem = self.sort_of_type(e.args[0])
            if elem is None or elem is BOOL or isinstance(elem, FunSort):
                raise self.unsupported("Set of a non-number type")
            return FunSort((elem,), BOOL)  # a set is its membership predicate
        if isinstance(e, App) and isinstance(e.fn, Ident) and e.fn.name in _UNSUPPORTED_TYPES:
            raise self.unsupported(_UNSUPPORTED_TYPES[e.fn.name])
        if isinstance(e, Binary) and e.op == "→":
            left = self.sort_of_type(e.left)
            if left is None or left is BOOL:
                return None  # an implication between propositions
            right = self.sort_of_type(e.right)
            if right is None:
                raise self.unsupported("dependent or higher-order function type")
            if isinstance(right, FunSort):
                return FunSort((left, *right.args), right.result)
            return FunSort((left,), right)
        if isinstance(e, Binary) and e.op == "×":
            raise self.unsupported("product type ×")
        return None

    # -- binders ----------------------------------------------------------------------------------------------
    def declare(self, name: str, sort: Sort) -> Term:
        if name == "_":
            self.fresh += 1
            name = f"_anon{self.fresh}"
        v = var(name, sort)
        self.scope[name] = v
        return v

    def binder_sort(self, b: Binder, name: str, body: Expr | None) -> Sort | None:
        if b.type is not None:
            return self.sort_of_type(b.type)
        if b.pred is not None:
            s = self.infer(b.pred)
            if s is not None and s in RANK:
                return s
        if body is not None:
            s = self.infer_binder_use(name, body)
            if s is not None:
                return s
        # Lean's default for an unconstrained binder is ℕ too, but this guess is ours, so a model of the
        # translation is not trusted as a counter-example (proofs still use ℕ, as Lean would)
        self.abstracted.add(f"binder {name} typed ℕ by default")
        return NAT

    # -- inference of a leaf's sort without expected type (None: polymorphic, takes the context's) ------------
    def infer(self, e: Expr) -> Sort | None:
        if isinstance(e, Num):
            return None
        if isinstance(e, Ident):
            if e.name in self.scope:
                s = self.scope[e.name].sort
                return s if not isinstance(s, FunSort) else None
            if ALIASES.get(e.name) == "π" or e.name == "π":
                return REAL
            if e.name == "Complex.I":
                return COMPLEX
            head, _, rest = e.name.partition(".")
            if rest and head in self.scope:  # a field of a local: z.re
                return self.infer(App(Ident(e.name), ()))
            return None
        if isinstance(e, Ascribe):
            return self.sort_of_type(e.type)
        if isinstance(e, Coe):
            return None
        if isinstance(e, Binary):
            if e.op in _ARITH:
                return max_sort([self.infer(e.left), self.infer(e.right)])
            if e.op == "^":
                return self.infer(e.left)
            return BOOL
        if isinstance(e, Prefix):
            if e.op == "√":
                return REAL
            if e.op == "¬":
                return BOOL
            if e.op == "!":
                return NAT
            return self.infer(e.arg)
        if isinstance(e, Abs):
            return self.infer(e.arg)
        if isinstance(e, Quant):
            return BOOL
        if isinstance(e, BigOp):
            saved = dict(self.scope)
            try:
                self.declare(e.var, self.index_sort(e))
                return self.infer(e.body)
            except UnsupportedError:
                return None
            finally:
                self.scope = saved
        if isinstance(e, App):
            fn, args = self.flatten(e)
            if isinstance(fn, Ident):
                if fn.name in self.scope and isinstance(self.scope[fn.name].sort, FunSort):
                    return self.scope[fn.name].sort.result  # type: ignore[union-attr]
                name = self.resolve_name(fn.name, args)
                if name in ABSTRACT:
                    return ABSTRACT[name][1]
                return {"Real.sqrt": REAL, "‖norm‖": REAL, **dict.fromkeys(COMPLEX_PARTS, REAL), "Int.floor": INT, "Int.ceil": INT, "Nat.floor": NAT, "Nat.ceil": NAT,
                        "Int.natAbs": NAT, "Int.toNat": NAT, "!": NAT, "Nat.succ": NAT, "Int.fract": REAL,
                        }.get(name, None if name not in ("abs", "max", "min", "ite") else
                              max_sort([self.infer(a) for a in args[-2:]]))
        return None

    def infer_binder_use(self, name: str, body: Expr) -> Sort | None:
        """The sort of an untyped bound name from its uses: an argument of a known function, or a relation."""
        found: list[Sort] = []
        exact: list[Sort] = []

        def walk(e: Expr) -> None:
            if isinstance(e, App):
                fn, args = self.flatten(e)
                if isinstance(fn, Ident) and fn.name in self.scope:
                    fs = self.scope[fn.name].sort
                    if isinstance(fs, FunSort):
                        for a, s in zip(args, fs.args, strict=False):
                            leaves: list[Expr] = []
                            _tree_leaves(a, leaves)  # f (2 * a): a is a leaf of f's argument tree
                            if any(_mentions(x, name) for x in leaves):
                                exact.append(s)
                for a in args:
                    walk(a)
                walk(fn)
            elif isinstance(e, Binary):
                if e.op in ("∈", "∉") and _mentions(e.left, name) and isinstance(e.right, Ident) \
                        and e.right.name in self.scope and isinstance(self.scope[e.right.name].sort, FunSort):
                    exact.append(self.scope[e.right.name].sort.args[0])  # type: ignore[union-attr]
                if e.op in _CMP or e.op in _ARITH or e.op == "∣":
                    # a relation or arithmetic tree mentioning the name: its other leaves fix the sort
                    leaves: list[Expr] = []
                    _tree_leaves(e.left, leaves)
                    _tree_leaves(e.right, leaves)
                    if any(_mentions(x, name) for x in leaves):
                        s = max_sort([self.infer(x) for x in leaves if not (isinstance(x, Ident)
                                                                              and x.name == name)])
                        if s is not None:
                            found.append(s)
                walk(e.left)
                walk(e.right)
            elif isinstance(e, Prefix | Coe | Abs):
                walk(e.arg)
            elif isinstance(e, Quant):
                walk(e.body)
            elif isinstance(e, Ascribe):
                walk(e.expr)

        saved = self.scope.pop(name, None)
        try:
            walk(body)
        finally:
            if saved is not None:
                self.scope[name] = saved
        if exact:
            return exact[0]
        return max_sort(found) if found else None

    # -- propositions -----------------------------------------------------------------------------------------
    def prop(self, e: Expr) -> Term:
        if isinstance(e, Unsupported):
            raise self.unsupported(e.construct)
        if isinstance(e, Binary):
            if e.op in ("∧", "∨", "→", "↔"):
                a, b = self.prop(e.left), self.prop(e.right)
                return {"∧": lambda: and_(a, b), "∨": lambda: or_(a, b), "→": lambda: implies(a, b),
                        "↔": lambda: iff(a, b)}[e.op]()
            if e.op in _CMP:
                ls, rs = self.infer(e.left), self.infer(e.right)
                if BOOL in (ls, rs) and e.op in ("=", "≠"):
                    t = iff(self.prop(e.left), self.prop(e.right))
                    return t if e.op == "=" else not_(t)
                s = max_sort([ls, rs])
                if s is None and self.unknown_literals:
                    return self.ambiguous(lambda srt: app(_CMP[e.op], self.term(e.left, srt),
                                                          self.term(e.right, srt)))
                s = s or NAT
                return app(_CMP[e.op], self.term(e.left, s), self.term(e.right, s))
            if e.op in ("∈", "∉"):
                srt, pred = self.set_pred(e.right, self.infer(e.left))
                t = pred(self.term(e.left, srt))
                return t if e.op == "∈" else not_(t)
            if e.op == "∣":
                def dvd(s: Sort) -> Term:
                    if s not in (NAT, INT):
                        raise self.ill_typed(f"∣ on {s}")
                    a, b = self.term(e.left, s), self.term(e.right, s)
                    return eq(app(Op.MOD, b, a), const(0, s))  # Nat/Int.dvd_iff_mod_eq_zero, also for a = 0

                s = max_sort([self.infer(e.left), self.infer(e.right)])
                if s is None and self.unknown_literals:
                    return self.ambiguous(dvd)
                return dvd(s or NAT)
            raise self.unsupported(f"operator {e.op}")
        if isinstance(e, Prefix) and e.op == "¬":
            return not_(self.prop(e.arg))
        if isinstance(e, Quant):
            return self.quant(e)
        if isinstance(e, Ident):
            if e.name == "True":
                return TRUE
            if e.name == "False":
                return FALSE
            if e.name in self.scope and self.scope[e.name].sort is BOOL:
                return self.scope[e.name]
            raise self.unsupported(f"proposition {e.name}")
        if isinstance(e, App):
            return self.prop_app(e)
        if isinstance(e, Ascribe):
            return self.prop(e.expr)
        raise self.unsupported(f"{type(e).__name__.lower()} used as a proposition")

    def ambiguous(self, build: Callable[[Sort], Term]) -> Term:
        """A relation between leaves of unknown sort: the sorts at which it is well typed form a unit; the
        unit's choice (or the first allowed sort) is the one elaborated."""
        k = len(self.units)
        self.units.append(())
        allowed: list[Sort] = []
        for srt in _LITERAL_SORTS:
            del self.units[k + 1:]  # a unit nested inside (an `if` condition) registers once, below
            try:
                build(srt)
            except IllTypedError:
                continue
            allowed.append(srt)
        del self.units[k:]
        if not allowed:
            return build(NAT)  # raises the reason (ill typed at every sort)
        self.units.append(tuple(allowed))
        wanted = self.choice[k] if k < len(self.choice) and self.choice[k] in allowed else allowed[0]
        self.chosen[k] = wanted
        return build(wanted)

    def set_pred(self, e: Expr, elem: Sort | None) -> tuple[Sort, Callable[[Term], Term]]:
        """A set expression as (element sort, membership predicate builder)."""
        if isinstance(e, Ident) and e.name in self.scope:
            sym = self.scope[e.name]
            fs = sym.sort
            if isinstance(fs, FunSort) and fs.result is BOOL and fs.arity == 1:
                return fs.args[0], lambda t: app(sym, t)
            raise self.unsupported(f"membership in {e.name}, which is not a set")
        if isinstance(e, SetBuilder):
            b = Binder((e.var,), e.type)
            srt = elem if e.type is None and elem in RANK else self.binder_sort(b, e.var, e.body)
            if srt is None or srt not in RANK:
                raise self.unsupported("set-builder over a non-number type")
            saved = dict(self.scope)
            try:
                v = self.declare(e.var, srt)
                body = self.prop(e.body)
            finally:
                self.scope = saved
            return srt, lambda t: substitute(body, {v: t})
        if isinstance(e, SetLit):
            srt = max_sort([elem, *(self.infer(x) for x in e.elems)]) or NAT
            items = [self.term(x, srt) for x in e.elems]
            return srt, lambda t: or_(*(eq(t, a) for a in items))
        if isinstance(e, Binary) and e.op in ("\\", "∩", "∪"):
            srt, left = self.set_pred(e.left, elem)
            _, right = self.set_pred(e.right, srt)
            if e.op == "\\":
                return srt, lambda t: and_(left(t), not_(right(t)))
            if e.op == "∩":
                return srt, lambda t: and_(left(t), right(t))
            return srt, lambda t: or_(left(t), right(t))
        if isinstance(e, App):
            fn, args = self.flatten(e)
            name = fn.name.split(".", 1)[-1] if isinstance(fn, Ident) else ""
            if isinstance(fn, Ident) and fn.name.split(".")[0] in ("Finset", "Set") and name in _INTERVALS:
                srt = max_sort([elem, *(self.infer(a) for a in args)]) or NAT
                bounds = [self.term(a, srt) for a in args]
                return srt, lambda t: _interval(name, t, bounds)
        if isinstance(e, Ascribe):
            srt_t = self.sort_of_type(e.type)
            if isinstance(srt_t, FunSort) and srt_t.result is BOOL and srt_t.arity == 1:
                return self.set_pred(e.expr, srt_t.args[0])
        if isinstance(e, Unsupported):
            raise self.unsupported(e.construct)
        raise self.unsupported(f"set expression {type(e).__name__}")

    def quant(self, e: Quant) -> Term:
        if e.kind == "∃!":
            raise self.unsupported("∃! (unique existence)")
        saved = dict(self.scope)
        try:
            bound: list[Term] = []
            guards: list[Term] = []
            for b in e.binders:
                for name in b.names:
                    s = self.binder_sort(b, name, e.body)
                    if s is None or s is BOOL:
                        # a hypothesis binder (_ : y ≠ 0)
                        if b.type is None:
                            raise self.unsupported("binder without a type")
                        guards.append(self.prop(b.type))
                        continue
                    if isinstance(s, FunSort):
                        raise self.unsupported("quantifier over functions")
                    v = self.declare(name, s)
                    bound.append(v)
                    if b.pred_op is not None:
                        guards.append(self.binder_pred(v, b))
            body = self.prop(e.body)
        finally:
            self.scope = saved
        if e.kind == "∀":
            return forall(bound, implies(and_(guards), body) if guards else body)
        return exists(bound, and_(*guards, body) if guards else body)

    def binder_pred(self, v: Term, b: Binder) -> Term:
        assert b.pred is not None and b.pred_op is not None
        if b.pred_op in _CMP:
            return app(_CMP[b.pred_op], v, self.term(b.pred, v.sort))
        raise self.unsupported(f"binder predicate {b.pred_op}")

    # -- terms ------------------------------------------------------------------------------------------------
    def term(self, e: Expr, expected: Sort | None) -> Term:
        """Elaborate a numeric expression; the whole ``binop%`` tree shares one sort (see module docstring)."""
        leaves: list[Expr] = []
        _tree_leaves(e, leaves)
        target = max_sort([expected, *(self.infer(x) for x in leaves)]) or NAT
        if expected is not None and expected in RANK and RANK[target] > RANK[expected]:
            raise self.ill_typed(f"coercion from {target} down to {expected}")
        return self.build(e, target)

    def build(self, e: Expr, s: Sort) -> Term:
        if isinstance(e, Binary) and e.op in _ARITH:
            a, b = self.build(e.left, s), self.build(e.right, s)
            op = _ARITH[e.op]
            if op is Op.DIV and s in (NAT, INT):
                op = Op.IDIV
            if op is Op.MOD and s not in (NAT, INT):
                raise self.ill_typed(f"% on {s}")
            return app(op, a, b)
        if isinstance(e, Binary) and e.op == "^":
            return self.power(self.build(e.left, s), e.right)
        if isinstance(e, Prefix) and e.op == "-":
            if s is NAT:
                raise self.ill_typed("negation on ℕ")
            if isinstance(e.arg, Num):
                return const(-self.numeral(e.arg, s).value, s)
            return app(Op.NEG, self.build(e.arg, s))
        return self.leaf(e, s)

    def power(self, base: Term, exponent: Expr) -> Term:
        es = self.infer(exponent) or NAT
        x = self.term(exponent, es)
        if es is REAL or es is RAT:
            if base.sort is not REAL:
                raise self.ill_typed("real power of a non-real base")
            v = fold_constant(x)
            if v is not None and v.denominator == 1 and v >= 0:
                return app(Op.POW, base, const(int(v), NAT))  # Real.rpow_natCast: x ^ (n : ℝ) = x ^ n
            self.abstracted.add("Real.rpow")
            return app(self.symbol("Real.rpow", FunSort((REAL, REAL), REAL)), base, cast(x, REAL))
        if es is INT and base.sort not in (RAT, REAL):
            raise self.ill_typed("integer power on ℕ/ℤ")
        return app(Op.POW, base, x)

    def numeral(self, e: Num, s: Sort) -> Term:
        if "." in e.text:
            if s not in (RAT, REAL, COMPLEX):
                raise self.ill_typed(f"decimal literal at {s}")
            return const(Fraction(e.text), s)
        return const(int(e.text), s)

    def leaf(self, e: Expr, s: Sort) -> Term:
        if isinstance(e, Num):
            return self.numeral(e, s)
        own = self.infer(e)
        if own is not None and own is not s and own in RANK:
            if RANK[own] > RANK[s]:
                raise self.ill_typed(f"coercion from {own} down to {s}")
            return cast(self.leaf(e, own), s)
        if isinstance(e, Ident):
            if e.name in self.scope:
                v = self.scope[e.name]
                if isinstance(v.sort, FunSort):
                    raise self.unsupported("function used as a value")
                return cast(v, s) if v.sort is not s else v
            if e.name in ("π", "Real.pi", "pi"):
                self.abstracted.add("π")
                return cast(self.symbol("π", REAL), s)
            if e.name == "Complex.I":  # a constant of ℂ: the lowering gives it the parts (0, 1)
                return var("Complex.I", COMPLEX)
            head, _, rest = e.name.partition(".")
            if rest and head in self.scope:  # a field of a local: q.den → Rat.den
                return self.term_app(App(Ident(e.name), ()), s)
            raise self.unsupported(e.name if "." in e.name else f"unknown identifier {e.name}")
        if isinstance(e, Ascribe):
            target = self.sort_of_type(e.type)
            if target is None or target is BOOL or isinstance(target, FunSort):
                raise self.unsupported("type ascription to a non-number type")
            return cast(self.term(e.expr, target), s)
        if isinstance(e, Coe):
            inner_sort = self.infer(e.arg)
            t = self.term(e.arg, inner_sort)
            if t.sort is not s and RANK.get(t.sort, 9) > RANK[s]:
                raise self.ill_typed(f"coercion from {t.sort} down to {s}")
            if t.sort is s and self.unknown_literals:
                raise self.ill_typed(f"↑ from {s} to itself")  # Lean prints no ↑ for an identity
            return cast(t, s)
        if isinstance(e, Abs):
            if s is NAT:
                return self.term(e.arg, NAT)
            return app(Op.ABS, self.term(e.arg, s))
        if isinstance(e, Prefix):
            if e.op == "√":
                return cast(self.sqrt(self.term(e.arg, REAL)), s)
            if e.op == "!":
                n = _nat_value(self.term(e.arg, NAT))
                if n is None or n > 200:
                    raise self.unsupported("factorial of a non-literal")
                return cast(const(math.factorial(n), NAT), s)
            if e.op == "⁻¹":
                if s not in (RAT, REAL, COMPLEX):
                    raise self.ill_typed(f"⁻¹ on {s}")
                return app(Op.DIV, const(1, s), self.term(e.arg, s))
            if e.op in ("-",):
                return self.build(e, s)
        if isinstance(e, Binary) and (e.op in _ARITH or e.op == "^"):
            return self.build(e, s)
        if isinstance(e, BigOp):
            return self.bigop(e, s)
        if isinstance(e, App):
            return self.term_app(e, s)
        if isinstance(e, Unsupported):
            raise self.unsupported(e.construct)
        if isinstance(e, Lambda):
            raise self.unsupported("fun (lambda)")
        if isinstance(e, Binary):
            raise self.unsupported(f"operator {e.op}")
        raise self.unsupported(f"{type(e).__name__.lower()} used as a number")

    # -- names ------------------------------------------------------------------------------------------------
    def flatten(self, e: App) -> tuple[Expr, list[Expr]]:
        fn: Expr = e.fn
        args = list(e.args)
        while isinstance(fn, App):
            args = [*fn.args, *args]
            fn = fn.fn
        if isinstance(fn, Ident) and fn.name in _EQUIV_FIELDS and args and isinstance(args[0], Ident) \
                and args[0].name in self.equivs:  # σ.1 x, σ.toFun x: the equivalence's function symbols
            return Ident(f"{args[0].name}.{_EQUIV_FIELDS[fn.name]}"), args[1:]
        if isinstance(fn, Ident) and "." in fn.name and not fn.name.startswith("."):
            head, _, rest = fn.name.partition(".")
            if head in self.equivs and "." + rest in _EQUIV_FIELDS:
                return Ident(f"{head}.{_EQUIV_FIELDS['.' + rest]}"), args
            if head in self.scope:  # x.gcd y  ==  Nat.gcd x y
                return Ident("." + rest), [Ident(head), *args]
        return fn, args

    def equiv(self, b: Binder) -> tuple[Sort, Sort] | None:
        """The (domain, codomain) of a binder ``(σ : Equiv A B)`` over number types, else None."""
        t = b.type
        if not (isinstance(t, App) and isinstance(t.fn, Ident) and t.fn.name == "Equiv" and len(t.args) == 2):
            return None
        a, c = (self.sort_of_type(x) for x in t.args)
        if a not in RANK or c not in RANK:
            raise self.unsupported("Equiv of non-number types")
        return a, c  # type: ignore[return-value]

    def declare_equiv(self, name: str, dom: Sort, cod: Sort) -> tuple[dict[str, Term], list[Hypothesis]]:
        """``σ : Equiv A B`` as its two functions ``σ.1 : A → B``, ``σ.2 : B → A`` and both inverse laws, named
        as the structure's fields ``σ.left_inv``/``σ.right_inv`` (so a script cites them as Mathlib does)."""
        to, inv = self.declare(f"{name}.1", FunSort((dom,), cod)), self.declare(f"{name}.2", FunSort((cod,), dom))
        self.equivs.add(name)
        x, y = var("x", dom), var("y", cod)
        laws = [Hypothesis(f"{name}.left_inv", forall([x], eq(app(inv, app(to, x)), x))),
                Hypothesis(f"{name}.right_inv", forall([y], eq(app(to, app(inv, y)), y)))]
        return {to.name: to, inv.name: inv}, laws

    def symbol(self, name: str, sort: Sort) -> Term:
        v = var(name, sort)
        self.symbols[name] = v
        return v


def fold_constant(t: Term) -> Fraction | None:
    """The value of a closed field expression of literals (``1 / 3``, ``-2``), else None."""
    if t.is_const and t.sort is not BOOL:
        return Fraction(t.value)
    op = t.op
    if op is Op.CAST or op is Op.NEG:
        v = fold_constant(t.args[0])
        return None if v is None else (-v if op is Op.NEG else v if t.sort in (RAT, REAL) else None)
    if op in (Op.ADD, Op.SUB, Op.MUL, Op.DIV) and t.sort in (RAT, REAL):
        a, b = (fold_constant(x) for x in t.args)
        if a is None or b is None:
            return None
        if op is Op.DIV:
            return Fraction(0) if b == 0 else a / b
        return a + b if op is Op.ADD else a - b if op is Op.SUB else a * b
    return None


def _nat_value(t: Term) -> int | None:
    """The value of a closed ℕ sum/product of literals (``(2 * 3)!``), else None."""
    if t.is_const and t.sort is NAT:
        return int(t.value)
    if t.op in (Op.ADD, Op.MUL) and t.sort is NAT:
        a, b = (_nat_value(x) for x in t.args)
        if a is None or b is None:
            return None
        return a + b if t.op is Op.ADD else a * b
    return None


#: projections of an ``Equiv`` and the field each is (``.1``/``.toFun`` the function, ``.2``/``.invFun`` its
#: inverse); ``⇑σ`` and ``σ.symm`` are other terms (equal only up to unfolding), so they stay unsupported
_EQUIV_FIELDS = {".1": "1", ".toFun": "1", ".2": "2", ".invFun": "2"}

_INTERVALS = frozenset({"range", "Icc", "Ico", "Ioc", "Ioo", "Ici", "Iic", "Ioi", "Iio"})


def _interval(name: str, t: Term, bounds: list[Term]) -> Term:
    """Membership of ``t`` in ``Finset.range n`` / ``Set.Icc a b`` / … (exact definitions)."""
    if name == "range" and len(bounds) == 1:
        return app(Op.LT, t, bounds[0])
    lower = {"Icc": Op.LE, "Ico": Op.LE, "Ici": Op.LE, "Ioc": Op.LT, "Ioo": Op.LT, "Ioi": Op.LT}
    upper = {"Icc": Op.LE, "Ioc": Op.LE, "Iic": Op.LE, "Ico": Op.LT, "Ioo": Op.LT, "Iio": Op.LT}
    parts: list[Term] = []
    rest = list(bounds)
    if name in lower and rest:
        parts.append(app(lower[name], rest.pop(0), t))
    if name in upper and rest:
        parts.append(app(upper[name], t, rest.pop(0)))
    if rest or not parts:
        raise UnsupportedError(f"Finset.{name} with {len(bounds)} bounds")
    return and_(*parts)


def _tree_leaves(e: Expr, out: list[Expr]) -> None:
    if isinstance(e, Binary) and e.op in _ARITH:
        _tree_leaves(e.left, out)
        _tree_leaves(e.right, out)
    elif isinstance(e, Binary) and e.op == "^":
        _tree_leaves(e.left, out)
    elif isinstance(e, Prefix) and e.op == "-":
        _tree_leaves(e.arg, out)
    else:
        out.append(e)


def _mentions(e: Expr, name: str) -> bool:
    """True when the bound name is the leaf itself (a coerced ``↑x`` or ``f x`` says nothing of x's sort)."""
    return isinstance(e, Ident) and e.name == name


def elaborate(stmt: Statement, *, unknown_literals: bool = False, choice: tuple[Sort, ...] = ()) -> Sequent:
    """Turn a parsed statement into a Lean-level :class:`Sequent`; raises :class:`UnsupportedError`.

    ``unknown_literals`` (goal states): a relation whose leaves carry no type is elaborated at one of the sorts
    it may have (``choice``, by unit); ``Sequent.literal_units`` lists each unit's allowed sorts.
    """
    el = _Elaborator(stmt.source, unknown_literals=unknown_literals, choice=choice)
    variables: dict[str, Term] = {}
    hyps: list[Hypothesis] = []
    try:
        for b in stmt.binders:
            if b.type is None:
                raise el.unsupported("binder without a type")
            if (ends := el.equiv(b)) is not None:
                for name in b.names:
                    symbols, laws = el.declare_equiv(name, *ends)
                    variables.update(symbols)
                    hyps += laws
                continue
            s = el.sort_of_type(b.type)
            for name in b.names:
                if s is None:
                    hyps.append(Hypothesis(name, el.prop(b.type)))
                elif s is BOOL:
                    variables[name] = el.declare(name, BOOL)
                else:
                    variables[name] = el.declare(name, s)
        goal = el.prop(stmt.goal)
    except SortError as exc:
        raise UnsupportedError(f"ill-sorted term ({exc})", source=stmt.source) from exc
    except RecursionError as exc:
        raise UnsupportedError("expression nested too deeply", source=stmt.source) from exc
    return Sequent(stmt.name, variables, hyps, goal, set(el.abstracted), el.units,
                   tuple(el.chosen[k] for k in range(len(el.units))))


def elaborator_in(seq: Sequent, *, source: str = "<proof>") -> _Elaborator:
    """An elaborator whose scope is ``seq``'s variables, for reading terms and propositions stated in its
    context (the self-check of emitted proofs): ``.term(expr, sort)``, ``.prop(expr)``, ``.infer(expr)``."""
    el = _Elaborator(source)
    el.scope = dict(seq.variables)
    el.equivs = {n[:-2] for n in seq.variables if n.endswith(".1") and f"{n[:-2]}.2" in seq.variables}
    return el
