"""Lean library functions and big operators for the elaborator (a mixin of ``_Elaborator``).

Named functions (``Real.sqrt``, ``Int.floor``, ``Nat.gcd``, ``Even``, ``Nat.ModEq``, …), applications of the
problem's own function variables, and ``∑``/``∏`` over literal ranges (unrolled). Functions without an exact
encoding are uninterpreted symbols recorded in ``abstracted`` (see :mod:`symbolic.bridge.elaborate`).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from symbolic.bridge.errors import UnsupportedError
from symbolic.bridge.lower import ground_int
from symbolic.bridge.syntax import Abs, App, BigOp, Expr, Ident, Lambda, Num, Prefix
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
    forall,
    implies,
    ite,
    var,
)

__all__ = ["ABSTRACT", "ALIASES", "COMPLEX_PARTS", "FIELD_NS", "RANK", "LibraryMixin", "max_sort"]

RANK = {NAT: 0, INT: 1, RAT: 2, REAL: 3, COMPLEX: 4}
#: Functions kept uninterpreted (sound for proofs): Lean name -> (argument sorts, result sort).
ABSTRACT = {
    "Real.log": ((REAL,), REAL), "Real.exp": ((REAL,), REAL), "Real.cos": ((REAL,), REAL),
    "Real.sin": ((REAL,), REAL), "Real.tan": ((REAL,), REAL), "Real.arctan": ((REAL,), REAL),
    "Real.logb": ((REAL, REAL), REAL), "Real.rpow": ((REAL, REAL), REAL), "Nat.gcd": ((NAT, NAT), NAT),
    "Nat.lcm": ((NAT, NAT), NAT), "Int.gcd": ((INT, INT), NAT), "Nat.totient": ((NAT,), NAT),
    "Nat.sqrt": ((NAT,), NAT), "Real.cosh": ((REAL,), REAL), "Real.sinh": ((REAL,), REAL),
}
ALIASES = {"log": "Real.log", "exp": "Real.exp", "cos": "Real.cos", "sin": "Real.sin", "tan": "Real.tan",
            "logb": "Real.logb", "sqrt": "Real.sqrt", "gcd": "Nat.gcd", "lcm": "Nat.lcm", "Nat.Prime": "Nat.Prime",
            "Prime": "Nat.Prime", "Real.pi": "π", "pi": "π", "Int.fract": "Int.fract", "Nat.factorial": "!",
            "factorial": "!", "Int.natAbs": "Int.natAbs", "Int.toNat": "Int.toNat", "Real.sqrt": "Real.sqrt",
            "Nat.succ": "Nat.succ", "succ": "Nat.succ", "abs": "abs", "Nat.gcd": "Nat.gcd", "Nat.lcm": "Nat.lcm",
            "Int.floor": "Int.floor", "Int.ceil": "Int.ceil", "Nat.floor": "Nat.floor", "Nat.ceil": "Nat.ceil",
            "Even": "Even", "Odd": "Odd", "Nat.ModEq": "Nat.ModEq", "Int.ModEq": "Int.ModEq", "ite": "ite",
            "max": "max", "min": "min", "Max.max": "max", "Min.min": "min", "Int.emod": "%", "Int.ediv": "/",
            "Nat.mod": "%", "Nat.div": "/", "Nat.sub": "-", "Real.exp": "Real.exp", "Real.log": "Real.log"}
FIELD_NS = {NAT: "Nat", INT: "Int", RAT: "Rat", REAL: "Real", COMPLEX: "Complex"}
#: real-valued functions of one complex number that the lowering computes from its parts
COMPLEX_PARTS = ("Complex.re", "Complex.im", "Complex.normSq")
MAX_UNROLL = 2500
_CHAIN = 400  # up to this many terms a sum stays the left-nested chain Lean writes
MAX_UNROLLED_SIZE = 40_000


def max_sort(sorts: list[Sort | None]) -> Sort | None:
    """The largest numeric sort among ``sorts`` (None when none is known)."""
    known = [s for s in sorts if s is not None and s in RANK]
    return max(known, key=lambda s: RANK[s]) if known else None


def _to_nat(t: Term) -> Term:
    """Int → Nat clamping at 0 (``Int.toNat``), as a cast of the clamped value."""
    return cast(ite(app(Op.LT, t, const(0, INT)), const(0, INT), t), NAT)




_MR_BASES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)
#: Miller-Rabin with the bases above decides primality exactly below this bound (Sorenson & Webster 2015).
_MR_EXACT_BELOW = 3_317_044_064_679_887_385_961_981


def _is_prime(n: int) -> bool | None:
    """Primality of a literal in bounded time (deterministic Miller-Rabin); ``None`` beyond the exact range."""
    if n < 2:
        return False
    if n >= _MR_EXACT_BELOW:
        return None
    for p in _MR_BASES:
        if n % p == 0:
            return n == p
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for a in _MR_BASES:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True




class LibraryMixin:
    """Elaboration of named Lean functions, function variables and big operators."""

    scope: dict[str, Term]
    abstracted: set[str]
    fresh_bound: int = 0

    # provided by the elaborator that mixes this class in
    def unsupported(self, what: str) -> UnsupportedError:
        raise NotImplementedError

    def ill_typed(self, what: str) -> UnsupportedError:
        raise NotImplementedError

    def infer(self, e: Expr) -> Sort | None:
        raise NotImplementedError

    def prop(self, e: Expr) -> Term:
        raise NotImplementedError

    def term(self, e: Expr, expected: Sort | None) -> Term:
        raise NotImplementedError

    def leaf(self, e: Expr, s: Sort) -> Term:
        raise NotImplementedError

    def flatten(self, e: App) -> tuple[Expr, list[Expr]]:
        raise NotImplementedError

    def symbol(self, name: str, sort: Sort) -> Term:
        raise NotImplementedError

    def set_pred(self, e: Expr, elem: Sort | None) -> tuple[Sort, Callable[[Term], Term]]:
        raise NotImplementedError

    def prop_app(self, e: App) -> Term:
        fn, args = self.flatten(e)
        if not isinstance(fn, Ident):
            raise self.unsupported("application of a compound term")
        if fn.name in self.scope:
            return self.apply_local(fn.name, args, None)
        name = self.resolve_name(fn.name, args)
        if name in ("IsLeast", "IsGreatest"):
            sx, a = self.arity(name, args, 2)
            srt, pred = self.set_pred(sx, self.infer(a))
            t = self.term(a, srt)
            self.fresh_bound += 1
            m = var(f"_m{self.fresh_bound}", srt)  # lowerBounds / upperBounds: ∀ m ∈ S, a ≤ m
            bound = app(Op.LE if name == "IsLeast" else Op.GE, t, m)
            return and_(pred(t), forall([m], implies(pred(m), bound)))
        if name in ("Even", "Odd"):
            (x,) = self.arity(name, args, 1)
            s = self.infer(x) or NAT
            if s not in (NAT, INT):
                raise self.unsupported(f"{name} on {s}")
            t = self.term(x, s)
            return eq(app(Op.MOD, t, const(2, s)), const(0 if name == "Even" else 1, s))
        if name in ("Nat.ModEq", "Int.ModEq"):
            n, a, b = self.arity(name, args, 3)
            s = NAT if name == "Nat.ModEq" else INT
            m = self.term(n, s)
            return eq(app(Op.MOD, self.term(a, s), m), app(Op.MOD, self.term(b, s), m))
        if name == "Nat.Prime":
            (x,) = self.arity(name, args, 1)
            t = self.term(x, NAT)
            prime = _is_prime(int(t.value)) if t.is_const else None
            if prime is not None:
                return TRUE if prime else FALSE
            self.abstracted.add("Nat.Prime")
            return app(self.symbol("Nat.Prime", FunSort((NAT,), BOOL)), t)
        raise self.unsupported(fn.name)

    def sqrt(self, x: Term) -> Term:
        return app(self.symbol("Real.sqrt", FunSort((REAL,), REAL)), x)

    def term_app(self, e: App, s: Sort) -> Term:
        fn, args = self.flatten(e)
        if not isinstance(fn, Ident):
            raise self.unsupported("application of a compound term")
        if fn.name in self.scope:
            return self.apply_local(fn.name, args, s)
        name = self.resolve_name(fn.name, args)
        if name in COMPLEX_PARTS:
            (x,) = self.arity(name, args, 1)
            if RANK[s] < RANK[REAL]:
                raise self.ill_typed(f"coercion from ℝ down to {s}")
            return cast(app(self.symbol(name, FunSort((COMPLEX,), REAL)), self.term(x, COMPLEX)), s)
        if name == "Real.sqrt":
            (x,) = self.arity(name, args, 1)
            return cast(self.sqrt(self.term(x, REAL)), s)
        if name in ("Int.floor", "Nat.floor", "Int.ceil", "Nat.ceil"):
            (x,) = self.arity(name, args, 1)
            src = self.infer(x)
            src = src if src in (RAT, REAL) else REAL
            t = self.term(x, src)
            out_sort = INT if name.startswith("Int") else NAT
            if name.endswith("ceil"):
                r = app(Op.NEG, cast(app(Op.NEG, t), INT))
                return cast(r if out_sort is INT else ite(app(Op.LT, r, const(0, INT)), const(0, INT), r)
                            if out_sort is INT else _to_nat(r), s)
            return cast(cast(t, out_sort), s)
        if name == "Int.fract":
            (x,) = self.arity(name, args, 1)
            t = self.term(x, REAL)
            return cast(app(Op.SUB, t, cast(cast(t, INT), REAL)), s)
        if name == "Int.natAbs" or name == "Int.toNat":
            (x,) = self.arity(name, args, 1)
            t = self.term(x, INT)
            r = app(Op.ABS, t) if name == "Int.natAbs" else t
            return cast(_to_nat(r), s)
        if name == "Nat.succ":
            (x,) = self.arity(name, args, 1)
            return cast(app(Op.ADD, self.term(x, NAT), const(1, NAT)), s)
        if name == "!":
            (x,) = self.arity(name, args, 1)
            return self.leaf(Prefix("!", x), s)
        if name == "‖norm‖":
            (x,) = self.arity(name, args, 1)
            if self.infer(x) is not REAL:
                raise self.unsupported("norm ‖·‖ outside ℝ")
            return self.leaf(Abs(x), s)  # Real.norm_eq_abs
        if name == "abs":
            (x,) = self.arity(name, args, 1)
            return self.leaf(Abs(x), s)
        if name in ("max", "min"):
            a, b = self.arity(name, args, 2)
            ta, tb = self.term(a, s), self.term(b, s)
            return ite(app(Op.GE if name == "max" else Op.LE, ta, tb), ta, tb)
        if name == "ite":
            c, a, b = self.arity(name, args, 3)
            return ite(self.prop(c), self.term(a, s), self.term(b, s))
        if name in ABSTRACT:
            arg_sorts, res = ABSTRACT[name]
            ts = [self.term(a, srt) for a, srt in zip(self.arity(name, args, len(arg_sorts)), arg_sorts,
                                                        strict=True)]
            if name in ("Nat.gcd", "Nat.lcm") and all(t.is_const for t in ts):
                x, y = (int(t.value) for t in ts)
                value = math.gcd(x, y) if name == "Nat.gcd" else math.lcm(x, y)
                return cast(const(value, NAT), s)
            self.abstracted.add(name)
            return cast(app(self.symbol(name, FunSort(tuple(arg_sorts), res)), *ts), s)
        if name in ("Finset.card", "Nat.card") and len(args) == 1 and isinstance(args[0], App):
            # the number of elements of a literal (filtered) range: ∑ over it of 1
            return self.bigop(BigOp("∑", "_card", None, args[0], Num("1")), s)
        if name in ("Finset.sum", "Finset.prod"):
            raise self.unsupported(f"{name} with a lambda")
        raise self.unsupported(name)

    def apply_local(self, name: str, args: list[Expr], s: Sort | None) -> Term:
        f = self.scope[name]
        fs = f.sort
        if not isinstance(fs, FunSort):
            raise self.unsupported(f"{name} applied but not a function")
        if len(args) != fs.arity:
            raise self.unsupported("partial or over-application of a function")
        t = app(f, *(self.term(a, srt) for a, srt in zip(args, fs.args, strict=True)))
        if s is None or fs.result is BOOL:
            return t
        if RANK[fs.result] > RANK[s]:
            raise self.ill_typed(f"coercion from {fs.result} down to {s}")
        return cast(t, s)

    def index_sort(self, e: BigOp) -> Sort:
        if e.var_type is not None:
            s = self.sort_of_type(e.var_type)
            if s in (NAT, INT):
                return s  # type: ignore[return-value]
            raise self.unsupported(f"{e.kind} index of type {s}")
        dom = e.domain
        while isinstance(dom, App):  # Finset.filter p s ranges over s
            fn, args = self.flatten(dom)
            if isinstance(fn, Ident) and fn.name == "Finset.filter" and len(args) == 2:
                dom = args[1]
                continue
            break
        if isinstance(dom, App):
            fn, args = self.flatten(dom)
            if isinstance(fn, Ident) and fn.name in ("Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo"):
                return max_sort([self.infer(a) for a in args]) or NAT
        return NAT

    def bigop(self, e: BigOp, s: Sort) -> Term:
        isort = self.index_sort(e)
        values, filters = self.domain_values(e.domain, isort)
        if len(values) > MAX_UNROLL:
            raise self.unsupported(f"{e.kind} with more than {MAX_UNROLL} terms")
        unit = const(0 if e.kind == "∑" else 1, s)
        parts: list[Term] = []
        total = 0
        saved = dict(self.scope)
        try:
            for k in values:
                self.scope[e.var] = const(k, isort)
                part = self.term(e.body, s)
                conds = [self.filter_prop(f, const(k, isort)) for f in filters]
                if conds:  # ∑ over a filter is the sum of ite(p k, body, 0): exact
                    part = ite(and_(*conds), part, unit)
                parts.append(part)
                total += part.size
                if total > MAX_UNROLLED_SIZE:  # nested sums multiply: bound the whole expansion
                    raise self.unsupported(f"{e.kind} whose expansion exceeds {MAX_UNROLLED_SIZE} nodes")
        finally:
            self.scope = saved
        if not parts:
            return unit
        op = Op.ADD if e.kind == "∑" else Op.MUL
        if len(parts) > _CHAIN:  # a long one as a balanced tree: depth log₂ n keeps the recursive walkers shallow
            while len(parts) > 1:
                parts = [app(op, *parts[k:k + 2]) if k + 1 < len(parts) else parts[k]
                         for k in range(0, len(parts), 2)]
        out = parts[0]
        for p in parts[1:]:
            out = app(op, out, p)
        return out

    def filter_prop(self, pred: Expr, value: Term) -> Term:
        """``p value`` for a filter predicate: ``fun x => body`` or a predicate name such as ``Nat.Prime``."""
        saved = dict(self.scope)
        try:
            if isinstance(pred, Lambda):
                self.scope[pred.var] = value
                return self.prop(pred.body)
            self.scope["_filter_arg"] = value
            return self.prop(App(pred, (Ident("_filter_arg"),)))
        finally:
            self.scope = saved

    def domain_values(self, dom: Expr, isort: Sort) -> tuple[list[int], list[Expr]]:
        """The literal elements of a finite domain and the filter predicates applied to it."""
        if not isinstance(dom, App):
            raise self.unsupported(f"sum over {type(dom).__name__.lower()} (not a literal range)")
        fn, args = self.flatten(dom)
        if not isinstance(fn, Ident):
            raise self.unsupported("sum over a compound set")
        if fn.name == "Finset.filter" and len(args) == 2:
            values, filters = self.domain_values(args[1], isort)
            return values, [*filters, args[0]]
        found = [ground_int(self.term(a, isort)) for a in args]  # `Nat.divisors (30 ^ 4)`: a literal too
        if any(v is None for v in found):
            raise self.unsupported(f"{fn.name} with a non-literal bound")
        vals = [int(v) for v in found if v is not None]
        if (len(vals) == 1 and vals[0] > MAX_UNROLL + 2 and fn.name == "Finset.range") or (
                len(vals) == 2 and vals[1] - vals[0] > MAX_UNROLL + 2):
            raise self.unsupported(f"sum over {fn.name} with more than {MAX_UNROLL} terms")  # before listing them
        if fn.name == "Finset.range" and len(vals) == 1:
            return list(range(vals[0])), []
        if fn.name in ("Nat.divisors", "Nat.properDivisors") and len(vals) == 1 and 0 < vals[0] <= 10**6:
            n = vals[0]
            divs = [d for d in range(1, n + 1) if n % d == 0]
            return (divs if fn.name == "Nat.divisors" else divs[:-1]), []
        if len(vals) == 2:
            a, b = vals
            spans = {"Finset.Icc": (a, b + 1), "Finset.Ico": (a, b), "Finset.Ioc": (a + 1, b + 1),
                     "Finset.Ioo": (a + 1, b)}
            if fn.name in spans:
                lo, hi = spans[fn.name]
                return list(range(lo, hi)), []
        raise self.unsupported(f"sum over {fn.name}")

    def resolve_name(self, name: str, args: list[Expr]) -> str:
        if name.startswith(".") and args:
            s = self.infer(args[0]) or NAT
            name = f"{FIELD_NS.get(s, 'Nat')}{name}"
            if name in ("Nat.Prime",):
                return name
        return ALIASES.get(name, name)

    def arity(self, name: str, args: list[Expr], n: int) -> list[Expr]:
        if len(args) != n:
            raise self.unsupported(f"{name} with {len(args)} arguments")
        return args
