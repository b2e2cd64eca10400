"""Lowering: Lean-level terms → solver-level terms whose SMT-LIB meaning is exactly Lean's.

Only Bool, Int and Real remain, so the solvers' own conventions never decide a Lean rule:

* ℕ becomes ℤ with ``x ≥ 0`` for every free variable, a guard on every bound variable and ``f(t) ≥ 0`` for every
  application of a ℕ-valued function;
* ℕ subtraction truncates: ``a - b`` → ``ite(a ≥ b, a - b, 0)``;
* division by zero is zero in ℕ, ℤ, ℚ and ℝ: ``a / b`` → ``ite(b = 0, 0, a / b)`` (SMT-LIB leaves ``x/0``
  and ``div x 0`` unspecified, so an unguarded encoding would let the solver pick any value);
* ``a % 0 = a`` (Lean's ``Nat.mod``/``Int.emod``): ``a % b`` → ``ite(b = 0, a, mod a b)``;
* for a non-zero divisor, Lean's ``Int.ediv``/``Int.emod`` and SMT-LIB ``div``/``mod`` are the same Euclidean
  division (remainder in ``[0, |b|)``, also for negative divisors: ``7 / -2 = -3``, ``-7 / -2 = 4``,
  ``-7 % -2 = 1``), and on ℕ Euclidean division is floor division;
* ``x ^ k`` with a literal ``k`` is expanded to a product (constants are evaluated), a negative ``k`` on a
  field is ``1 / x^(-k)``; a variable exponent becomes an uninterpreted symbol (recorded as abstracted);
* ℂ becomes pairs of reals (re, im): a variable ``z`` is ``z.re``, ``z.im``; ``Complex.I`` is (0, 1); ring
  operations by their formulas, ``z / w`` with Lean's ``z / 0 = 0``; ``z = w`` is equality of both parts; a
  function ``f : ℂ → ℂ`` is two real functions of the parts (exact: ℂ ≅ ℝ × ℝ as a field);
* ℚ becomes ℝ (sound for proofs: ℚ is closed under the ring operations and division; a model may be
  irrational, so ℚ variables make a satisfying answer inconclusive); casts are exact (``to_real``),
  Real → Int is ``to_int`` (floor, as ``Int.floor``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from symbolic.logic import (
    BOOL,
    COMPLEX,
    INT,
    NAT,
    RAT,
    REAL,
    FunSort,
    Op,
    Sort,
    Term,
    and_,
    app,
    const,
    exists,
    forall,
    implies,
    ite,
    not_,
    var,
)
from symbolic.logic.terms import APP, CONST, QUANT, VAR

__all__ = ["Lowering", "ground_int", "lower_sort"]

#: ℂ → ℝ functions computed from the parts (``z.re``, ``z.im``, ``Complex.normSq z = re² + im²``)
_PARTS = ("Complex.re", "Complex.im", "Complex.normSq")
#: Largest literal exponent expanded into a product of a non-constant base.
MAX_EXPANDED_POWER = 64
#: Largest evaluated literal power (bits); beyond it ``c ^ k`` stays symbolic (SMT-LIB text would be huge).
MAX_LITERAL_BITS = 8000


def lower_sort(s: Sort) -> Sort:
    """The solver-level sort of a Lean-level sort (ℕ → ℤ, ℚ → ℝ, functions argument-wise)."""
    if s is NAT:
        return INT
    if s is RAT:
        return REAL
    if isinstance(s, FunSort):
        return FunSort(tuple(lower_sort(a) for a in s.args), lower_sort(s.result))
    return s


def _zero(s: Sort) -> Term:
    return const(0, s)


def _memo(cache: dict[Term, Any], t: Term, bound: frozenset[Term], compute: Callable[[Term, frozenset[Term]], Any]
          ) -> Any:
    """``compute(t, bound)``, remembered for closed contexts (under a binder the side conditions differ)."""
    if bound:
        return compute(t, bound)
    hit = cache.get(t)
    if hit is None:
        hit = cache[t] = compute(t, bound)
    return hit


def ground_int(t: Term) -> int | None:
    """The value of a closed ℕ/ℤ term of literals under ``+ - *``, ``-x`` and ``^`` (ℕ ``-`` truncates; powers
    bounded to 64-bit exponents and 4096-bit results), else None."""
    if t.kind == CONST:
        v = t.value
        return v if isinstance(v, int) and not isinstance(v, bool) else None
    if t.sort not in (NAT, INT):
        return None
    if t.op is Op.NEG:
        a = ground_int(t.args[0])
        return None if a is None else -a
    if t.op in (Op.ADD, Op.SUB, Op.MUL, Op.POW):
        a, b = (ground_int(x) for x in t.args)
        if a is None or b is None:
            return None
        if t.op is Op.POW:
            if b < 0 or b > 64 or abs(a).bit_length() * b > 4096:
                return None
            return a ** b
        if t.op is Op.SUB:
            return max(a - b, 0) if t.sort is NAT else a - b
        return a + b if t.op is Op.ADD else a * b
    return None


def _complex_var(v: Term) -> tuple[Term, Term]:
    return var(f"{v.name}.re", REAL), var(f"{v.name}.im", REAL)


def _cmul(a: tuple[Term, Term], b: tuple[Term, Term]) -> tuple[Term, Term]:
    (ar, ai), (br, bi) = a, b
    return (app(Op.SUB, app(Op.MUL, ar, br), app(Op.MUL, ai, bi)),
            app(Op.ADD, app(Op.MUL, ar, bi), app(Op.MUL, ai, br)))


@dataclass
class Lowering:
    """Lowers terms one by one, remembering the side conditions that the ℕ encoding needs.

    ``side_conditions()`` returns ``x ≥ 0`` for each free ℕ variable met and ``f(t) ≥ 0`` for each ground
    application of a ℕ-valued function (plus a quantified range axiom when such a function occurs under a
    binder). ``abstracted`` collects what was made uninterpreted here; ``has_rat`` notes ℚ variables.
    """

    abstracted: set[str] = field(default_factory=set)
    has_rat: bool = False
    _nat_vars: dict[str, Term] = field(default_factory=dict)
    _nat_apps: dict[Term, None] = field(default_factory=dict)
    _nat_funs: dict[str, Term] = field(default_factory=dict)
    _cache: dict[Term, Term] = field(default_factory=dict)
    _pairs: dict[Term, tuple[Term, Term]] = field(default_factory=dict)

    def lower(self, t: Term) -> Term:
        """The solver-level form of the Lean-level term ``t``."""
        return self._low(t, frozenset())

    def side_conditions(self) -> list[Term]:
        out = [app(Op.GE, v, _zero(INT)) for _, v in sorted(self._nat_vars.items())]
        out += [app(Op.GE, a, _zero(INT)) for a in self._nat_apps if not a.free_vars]
        if any(a.free_vars for a in self._nat_apps):
            for f in self._nat_funs.values():
                fs = f.sort
                assert isinstance(fs, FunSort)
                xs = [var(f"_n{i}", s) for i, s in enumerate(fs.args)]
                out.append(forall(xs, app(Op.GE, app(f, *xs), _zero(INT))))
        return out

    # -- the walk ---------------------------------------------------------------------------------------------
    def _low(self, t: Term, bound: frozenset[Term]) -> Term:
        return _memo(self._cache, t, bound, self._low_uncached)

    def _var(self, t: Term, bound: frozenset[Term]) -> Term:
        s = lower_sort(t.sort)
        v = var(t.name, s)
        if t.sort is NAT and t not in bound:
            self._nat_vars[t.name] = v
        if t.sort is RAT:
            self.has_rat = True
        return v

    def _low_uncached(self, t: Term, bound: frozenset[Term]) -> Term:
        k = t.kind
        if k == VAR:
            return self._var(t, bound)
        if k == CONST:
            return t if t.sort is BOOL else const(t.value, lower_sort(t.sort))
        if k == QUANT:
            binders = [p for b in t.binders for p in (_complex_var(b) if b.sort is COMPLEX else
                                                       (var(b.name, lower_sort(b.sort)),))]
            body = self._low(t.body, bound | frozenset(t.binders))
            guards = [app(Op.GE, var(b.name, INT), _zero(INT)) for b in t.binders if b.sort is NAT]
            if guards:
                body = implies(and_(guards), body) if t.head == "forall" else and_(*guards, body)
            return forall(binders, body) if t.head == "forall" else exists(binders, body)
        assert k == APP
        if t.op in (Op.EQ, Op.NE) and t.args[0].sort is COMPLEX:
            (ar, ai), (br, bi) = (self._pair(a, bound) for a in t.args)
            both = and_(app(Op.EQ, ar, br), app(Op.EQ, ai, bi))
            return both if t.op is Op.EQ else not_(both)
        if t.sort is COMPLEX:
            raise ValueError(f"a complex term outside an equation: {t}")
        head = t.head
        if isinstance(head, Term) and head.name in _PARTS and t.args[0].sort is COMPLEX:
            re, im = self._pair(t.args[0], bound)
            return re if head.name == "Complex.re" else im if head.name == "Complex.im" else \
                app(Op.ADD, app(Op.MUL, re, re), app(Op.MUL, im, im))  # Complex.normSq_apply
        if isinstance(head, Term):
            f = self._complex_fun(head, "") if any(a.sort is COMPLEX for a in t.args) else \
                var(head.name, lower_sort(head.sort))
            out = app(f, *self._flat_args(t.args, bound))
            if t.sort is NAT:
                self._nat_apps[out] = None
                self._nat_funs[head.name] = f
            return out
        args = [self._low(a, bound) for a in t.args]
        op: Op = head
        s = lower_sort(t.sort)
        if op is Op.SUB and t.sort is NAT:
            a, b = args
            return ite(app(Op.GE, a, b), app(Op.SUB, a, b), _zero(INT))
        if op is Op.DIV or op is Op.IDIV:
            a, b = args
            if b.is_const and b.value != 0:
                return app(op, a, b)
            return ite(app(Op.EQ, b, _zero(s)), _zero(s), app(op, a, b))
        if op is Op.MOD:
            a, b = args
            if b.is_const and b.value != 0:
                return app(Op.MOD, a, b)
            return ite(app(Op.EQ, b, _zero(s)), a, app(Op.MOD, a, b))
        if op is Op.POW:
            return self._pow(t, args[0], args[1])
        if op is Op.ABS:
            (a,) = args
            return ite(app(Op.GE, a, _zero(s)), a, app(Op.NEG, a))
        if op is Op.CAST:
            return self._cast(t.args[0].sort, t.sort, args[0])
        return app(op, *args)

    # -- ℂ as pairs of reals ------------------------------------------------------------------------------------
    def _pair(self, t: Term, bound: frozenset[Term]) -> tuple[Term, Term]:
        """(re, im) of a complex term, as solver-level reals."""
        return _memo(self._pairs, t, bound, self._pair_uncached)

    def _pair_uncached(self, t: Term, bound: frozenset[Term]) -> tuple[Term, Term]:
        zero = _zero(REAL)
        if t.kind == VAR:
            return (zero, const(1, REAL)) if t.name == "Complex.I" else _complex_var(t)
        if t.kind == CONST:
            return const(t.value, REAL), zero
        head = t.head
        if isinstance(head, Term):
            args = self._flat_args(t.args, bound)
            return app(self._complex_fun(head, ".re"), *args), app(self._complex_fun(head, ".im"), *args)
        if head is Op.CAST:
            src = t.args[0]
            real = self._low(src, bound) if src.sort is REAL else self._cast(src.sort, REAL, self._low(src, bound))
            return real, zero
        if head is Op.ITE:
            c = self._low(t.args[0], bound)
            (ar, ai), (br, bi) = (self._pair(a, bound) for a in t.args[1:])
            return ite(c, ar, br), ite(c, ai, bi)
        if head is Op.NEG:
            ar, ai = self._pair(t.args[0], bound)
            return app(Op.NEG, ar), app(Op.NEG, ai)
        if head is Op.POW:
            base, n = self._pair(t.args[0], bound), ground_int(t.args[1])
            if n is not None and 0 <= n <= MAX_EXPANDED_POWER:
                return self._cpow(base, n)
            # a variable or large exponent: two uninterpreted functions of the base's parts and the exponent
            self.abstracted.add("^ on ℂ with a variable or large exponent")
            e = self._low(t.args[1], bound)
            sig = FunSort((REAL, REAL, e.sort), REAL)
            return app(var(f"pow_C_{e.sort}.re", sig), *base, e), app(var(f"pow_C_{e.sort}.im", sig), *base, e)
        (ar, ai), (br, bi) = (self._pair(a, bound) for a in t.args)
        if head is Op.ADD or head is Op.SUB:
            return app(head, ar, br), app(head, ai, bi)
        if head is Op.MUL:
            return _cmul((ar, ai), (br, bi))
        if head is Op.DIV:
            if bi.is_const and bi.value == 0 and br.is_const and br.value != 0:
                return app(Op.DIV, ar, br), app(Op.DIV, ai, br)
            n = app(Op.ADD, app(Op.MUL, br, br), app(Op.MUL, bi, bi))
            re = app(Op.ADD, app(Op.MUL, ar, br), app(Op.MUL, ai, bi))
            im = app(Op.SUB, app(Op.MUL, ai, br), app(Op.MUL, ar, bi))
            is_zero = app(Op.EQ, n, zero)  # Lean: z / 0 = 0 in ℂ as in every field of Mathlib
            return ite(is_zero, zero, app(Op.DIV, re, n)), ite(is_zero, zero, app(Op.DIV, im, n))
        raise ValueError(f"no pair encoding for {head} on ℂ")

    def _cpow(self, base: tuple[Term, Term], n: int) -> tuple[Term, Term]:
        out: tuple[Term, Term] = (const(1, REAL), _zero(REAL))
        square = base
        while n:
            if n & 1:
                out = _cmul(out, square)
            n >>= 1
            if n:
                square = _cmul(square, square)
        return out

    def _flat_args(self, args: tuple[Term, ...], bound: frozenset[Term]) -> list[Term]:
        out: list[Term] = []
        for a in args:
            out += self._pair(a, bound) if a.sort is COMPLEX else (self._low(a, bound),)
        return out

    def _complex_fun(self, f: Term, part: str) -> Term:
        """The real function for one part of ``f``'s result, on its arguments with each ℂ one split in two."""
        fs = f.sort
        assert isinstance(fs, FunSort)
        args = [x for s in fs.args for x in ((REAL, REAL) if s is COMPLEX else (lower_sort(s),))]
        result = REAL if fs.result is COMPLEX else lower_sort(fs.result)
        return var(f"{f.name}{part}", FunSort(tuple(args), result))

    def _cast(self, src: Sort, dst: Sort, a: Term) -> Term:
        ls, ld = lower_sort(src), lower_sort(dst)
        if dst is NAT and src is not NAT:
            x = a if ls is INT else app(Op.CAST, a, sort=INT)  # Nat.floor: floor, clamped at 0
            return ite(app(Op.LT, x, _zero(INT)), _zero(INT), x)
        if ls is ld:
            return a
        return app(Op.CAST, a, sort=ld)

    def _pow(self, t: Term, base: Term, e: Term) -> Term:
        s = base.sort
        n_value = ground_int(t.args[1])  # a closed exponent such as `k + 1` of an unrolled sum is a literal
        if n_value is not None:
            n = n_value
            if n < 0:
                if s is not REAL:
                    raise ValueError("negative exponent outside a field")
                pos = self._pow_nat(base, -n, s)
                return ite(app(Op.EQ, pos, _zero(s)), _zero(s), app(Op.DIV, const(1, s), pos))
            return self._pow_nat(base, n, s)
        # a variable exponent: uninterpreted, with the sort's name so ℝ and ℤ powers stay apart
        self.abstracted.add("^ with a variable exponent")
        f = var(f"pow_{s}_{e.sort}", FunSort((s, e.sort), s))
        return app(f, base, e)

    def _pow_nat(self, base: Term, n: int, s: Sort) -> Term:
        if base.kind == CONST:
            b = Fraction(base.value)
            size = max(abs(b.numerator), b.denominator).bit_length() * n
            if size <= MAX_LITERAL_BITS:
                return const(b ** n, s)
            self.abstracted.add("^ with a huge literal result")
            f = var(f"pow_{s}_Int", FunSort((s, INT), s))
            return app(f, base, const(n, INT))
        if n == 0:
            return const(1, s)
        if n > MAX_EXPANDED_POWER:
            self.abstracted.add("^ with a large exponent")
            f = var(f"pow_{s}_Int", FunSort((s, INT), s))
            return app(f, base, const(n, INT))
        out = base
        for _ in range(n - 1):
            out = app(Op.MUL, out, base)
        return out
