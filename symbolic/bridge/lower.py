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
* ℚ becomes ℝ (sound for proofs: ℚ is closed under the ring operations and division; a model may be
  irrational, so ℚ variables make a satisfying answer inconclusive); casts are exact (``to_real``),
  Real → Int is ``to_int`` (floor, as ``Int.floor``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from symbolic.logic import (
    BOOL,
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
    var,
)
from symbolic.logic.terms import APP, CONST, QUANT, VAR

__all__ = ["Lowering", "lower_sort"]

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
        if not bound:
            hit = self._cache.get(t)
            if hit is not None:
                return hit
        out = self._low_uncached(t, bound)
        if not bound:
            self._cache[t] = out
        return out

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
            binders = [var(b.name, lower_sort(b.sort)) for b in t.binders]
            body = self._low(t.body, bound | frozenset(t.binders))
            guards = [app(Op.GE, nb, _zero(INT)) for b, nb in zip(t.binders, binders, strict=True)
                      if b.sort is NAT]
            if guards:
                body = implies(and_(guards), body) if t.head == "forall" else and_(*guards, body)
            return forall(binders, body) if t.head == "forall" else exists(binders, body)
        assert k == APP
        args = [self._low(a, bound) for a in t.args]
        head = t.head
        if isinstance(head, Term):
            f = var(head.name, lower_sort(head.sort))
            out = app(f, *args)
            if t.sort is NAT:
                self._nat_apps[out] = None
                self._nat_funs[head.name] = f
            return out
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
        if e.op is Op.NEG and e.args[0].kind == CONST:  # `x ^ (-(3 : ℤ))`: a literal exponent
            e = const(-e.args[0].value, e.sort)
        if e.kind == CONST:
            n = int(e.value)
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
