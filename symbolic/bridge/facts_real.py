"""Mathlib facts about ``Real.log``/``logb``, rpow, ``exp``, ``sin`` and ``cos`` on ground applications.

These functions stay uninterpreted in the encoding; each fact here is a theorem of Mathlib for real arguments
(with its side conditions as premises: ``Real.log_mul`` needs both factors non-zero, ``Real.log_rpow`` a
positive base), written as the typed Lean term that proves it, ``(proof : statement)``. Literal arguments are
evaluated where Mathlib's value is exact: ``log 1 = 0``, the sign of ``log c``, ``log 8 = 3 * log 2``.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from symbolic.bridge.lean_text import lean_arg, lean_text
from symbolic.logic import NAT, REAL, FunSort, Op, Term, app, const, eq, implies, var
from symbolic.logic.terms import APP

__all__ = ["LOG", "real_facts"]

LOG = var("Real.log", FunSort((REAL,), REAL))
SIN = var("Real.sin", FunSort((REAL,), REAL))
COS = var("Real.cos", FunSort((REAL,), REAL))
PI = var("π", REAL)
_MAX_POWER_BASE = 10**6

Add = Callable[[str, Term], None]


def _typed(proof: str, fact: Term) -> str:
    return f"({proof} : {lean_text(fact)})"


def _perfect_power(c: int) -> tuple[int, int] | None:
    """``(b, k)`` with ``c = b ^ k``, ``k ≥ 2`` as large as possible (so ``b`` is not itself a power)."""
    for k in range(c.bit_length(), 1, -1):
        b = round(c ** (1 / k))
        for cand in (b - 1, b, b + 1):
            if cand >= 2 and cand ** k == c:
                return cand, k
    return None


def _log_facts(r: Term, add: Add) -> None:
    (t,) = r.args
    zero = const(0, REAL)
    if t.is_const:
        c = Fraction(t.value)
        if c == 1:
            add("Real.log_one", eq(r, zero))
        elif c > 1:
            add(_typed("Real.log_pos (by norm_num)", app(Op.LT, zero, r)), app(Op.LT, zero, r))
        elif 0 < c < 1:
            add(_typed("Real.log_neg (by norm_num) (by norm_num)", app(Op.LT, r, zero)), app(Op.LT, r, zero))
        elif c == 0:
            add("Real.log_zero", eq(r, zero))
        if c.denominator == 1 and 4 <= c <= _MAX_POWER_BASE ** 2 and (bk := _perfect_power(int(c))) is not None:
            b, k = bk
            fact = eq(r, const(k, REAL) * app(LOG, const(b, REAL)))
            add(_typed(f"by rw [show ({c} : ℝ) = ({b} : ℝ) ^ ({k} : ℕ) by norm_num, Real.log_pow]; norm_num",
                       fact), fact)
        return
    if t.op is Op.POW and t.args[1].is_const and t.args[1].sort is NAT:
        a, n = t.args
        fact = eq(r, const(int(n.value), REAL) * app(LOG, a))
        add(_typed("by rw [Real.log_pow]; norm_num", fact), fact)
    elif t.op is Op.MUL and len(t.args) == 2:
        a, b = t.args
        fact = implies(app(Op.NE, a, zero), implies(app(Op.NE, b, zero), eq(r, app(LOG, a) + app(LOG, b))))
        add(_typed("fun ha hb => Real.log_mul ha hb", fact), fact)
    elif t.op is Op.DIV:
        a, b = t.args
        fact = implies(app(Op.NE, a, zero), implies(app(Op.NE, b, zero), eq(r, app(Op.SUB, app(LOG, a),
                                                                                    app(LOG, b)))))
        add(_typed("fun ha hb => Real.log_div ha hb", fact), fact)
    elif t.kind == APP and isinstance(t.head, Term) and t.head.name == "Real.rpow":
        a, e = t.args
        fact = implies(app(Op.LT, zero, a), eq(r, e * app(LOG, a)))
        add(_typed("fun ha => Real.log_rpow ha _", fact), fact)
    elif t.kind == APP and isinstance(t.head, Term) and t.head.name == "Real.exp":
        add(_typed("Real.log_exp _", eq(r, t.args[0])), eq(r, t.args[0]))


def _logb_facts(r: Term, add: Add) -> None:
    b, x = r.args
    fact = eq(r, app(Op.DIV, app(LOG, x), app(LOG, b)))
    add(_typed("(Real.log_div_log).symm", fact), fact)


def _rpow_facts(r: Term, add: Add) -> None:
    a, e = r.args
    zero = const(0, REAL)
    if a.is_const and Fraction(a.value) > 0:
        pos = app(Op.LT, zero, r)
        add(_typed("Real.rpow_pos_of_pos (by norm_num) _", pos), pos)
        fact = eq(app(LOG, r), e * app(LOG, a))
        add(_typed("Real.log_rpow (by norm_num) _", fact), fact)


def _trig_facts(r: Term, add: Add) -> None:
    (t,) = r.args
    name = r.head.name  # type: ignore[union-attr]
    one = const(1, REAL)
    fn = name.removeprefix("Real.")
    add(_typed(f"Real.neg_one_le_{fn} _", app(Op.LE, -one, r)), app(Op.LE, -one, r))
    add(_typed(f"Real.{fn}_le_one _", app(Op.LE, r, one)), app(Op.LE, r, one))
    sq = eq(app(Op.POW, app(SIN, t), const(2, NAT)) + app(Op.POW, app(COS, t), const(2, NAT)), one)
    add(_typed("Real.sin_sq_add_cos_sq _", sq), sq)
    zero = const(0, REAL)
    if fn == "sin":
        fact = implies(app(Op.LT, zero, t), implies(app(Op.LT, t, PI), app(Op.LT, zero, r)))
        add(_typed("fun h1 h2 => Real.sin_pos_of_pos_of_lt_pi h1 h2", fact), fact)
    else:
        half = app(Op.DIV, PI, const(2, REAL))
        fact = implies(app(Op.LT, -half, t), implies(app(Op.LT, t, half), app(Op.LT, zero, r)))
        add(_typed("fun h1 h2 => Real.cos_pos_of_mem_Ioo ⟨h1, h2⟩", fact), fact)


def _exp_facts(r: Term, add: Add) -> None:
    pos = app(Op.LT, const(0, REAL), r)
    add(_typed(f"Real.exp_pos {lean_arg(r.args[0])}", pos), pos)


_BY_SYMBOL: dict[str, Callable[[Term, Add], None]] = {
    "Real.log": _log_facts, "Real.logb": _logb_facts, "Real.rpow": _rpow_facts, "Real.sin": _trig_facts,
    "Real.cos": _trig_facts, "Real.exp": _exp_facts,
}


def real_facts(apps: Callable[[str], list[Term]], add: Add) -> None:
    """Add the facts about every ground application ``apps(name)`` of the functions above."""
    for name, make in _BY_SYMBOL.items():
        for r in apps(name):
            make(r, add)
