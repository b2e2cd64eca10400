"""Print Lean-level terms back as Lean 4 syntax (for instance arguments and ``have`` statements).

Literals carry their type (``(3 : ℝ)``) and casts are explicit (``(↑x : ℝ)``), so the printed text does not
depend on Lean's unification to mean what the term means.
"""

from __future__ import annotations

from fractions import Fraction

from symbolic.logic import BOOL, COMPLEX, INT, NAT, RAT, REAL, Op, Sort, Term
from symbolic.logic.terms import APP, CONST, QUANT, VAR

__all__ = ["lean_arg", "lean_sort", "lean_text"]

_SORT = {NAT: "ℕ", INT: "ℤ", RAT: "ℚ", REAL: "ℝ", COMPLEX: "ℂ", BOOL: "Prop"}
_INFIX = {Op.ADD: ("+", 65), Op.SUB: ("-", 65), Op.MUL: ("*", 70), Op.DIV: ("/", 70), Op.IDIV: ("/", 70),
          Op.MOD: ("%", 70), Op.POW: ("^", 75), Op.EQ: ("=", 50), Op.NE: ("≠", 50), Op.LT: ("<", 50),
          Op.LE: ("≤", 50), Op.GT: (">", 50), Op.GE: ("≥", 50), Op.AND: ("∧", 35), Op.OR: ("∨", 30),
          Op.IMPLIES: ("→", 25), Op.IFF: ("↔", 20)}
_NAMES = {"Real.sqrt": "Real.sqrt", "π": "Real.pi"}


def lean_sort(s: Sort) -> str:
    return _SORT.get(s, str(s))


def lean_text(t: Term) -> str:
    """``t`` in Lean 4 syntax (fully typed literals)."""
    return _show(t, 0)


def lean_arg(t: Term) -> str:
    """``t`` as an application argument: parenthesised unless it is an atom (``h₀ (g (3 : ℝ))``, never
    ``h₀ g (3 : ℝ)``; ``Real.sqrt_nonneg ((a - c) ^ 2)``)."""
    text = _show(t, 1024)
    return f"({text})" if text.startswith("|") else text  # `h₀ |x|`: kept unambiguous for any reader


def _paren(text: str, prec: int, ctx: int) -> str:
    return f"({text})" if prec < ctx else text


def _show(t: Term, ctx: int) -> str:
    if t.kind == VAR:
        return _NAMES.get(t.name, t.name)
    if t.kind == CONST:
        if t.sort is BOOL:
            return "True" if t.value else "False"
        v = Fraction(t.value)
        text = str(v.numerator) if v.denominator == 1 else f"{v.numerator} / {v.denominator}"
        return f"({text} : {lean_sort(t.sort)})"
    if t.kind == QUANT:
        q = "∀" if t.head == "forall" else "∃"
        bs = " ".join(f"({b.name} : {lean_sort(b.sort)})" for b in t.binders)
        return _paren(f"{q} {bs}, {_show(t.body, 0)}", 0, ctx)
    assert t.kind == APP
    if isinstance(t.head, Term):
        if t.head.name == "Real.rpow" and len(t.args) == 2:
            # as the goal writes it: `Real.rpow a b` is `a ^ b` only up to unfolding the `Pow ℝ ℝ` instance,
            # and linarith/ring match atoms syntactically
            return _paren(f"{_show(t.args[0], 76)} ^ {_show(t.args[1], 75)}", 75, ctx)
        args = " ".join(_show(a, 1024) for a in t.args)
        return _paren(f"{_NAMES.get(t.head.name, t.head.name)} {args}", 1000, ctx)
    op: Op = t.head
    if op in _INFIX:
        sym, p = _INFIX[op]
        right_assoc = op in (Op.POW, Op.AND, Op.OR, Op.IMPLIES)
        lp, rp = (p + 1, p) if right_assoc else (p, p + 1)
        if op in (Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.IFF):
            lp, rp = p + 1, p + 1
        return _paren(f"{_show(t.args[0], lp)} {sym} {_show(t.args[1], rp)}", p, ctx)
    if op is Op.NEG:
        inner = _show(t.args[0], 75)
        if inner.startswith("-"):
            inner = f"({inner})"  # `--x` would open a comment
        return _paren(f"-{inner}", 75, ctx)
    if op is Op.NOT:
        return _paren(f"¬{_show(t.args[0], 40)}", 40, ctx)
    if op is Op.ABS:
        inner = _show(t.args[0], 0)
        if inner.startswith("|") or inner.endswith("|"):
            inner = f"({inner})"  # `||x||` lexes as Lean's `||`
        return f"|{inner}|"
    if op is Op.CAST:
        src, dst = t.args[0].sort, t.sort
        inner = _show(t.args[0], 1024)
        if dst is INT and src in (REAL, RAT):
            return _paren(f"Int.floor {inner}", 1000, ctx)
        if dst is NAT and src in (REAL, RAT):
            return _paren(f"Nat.floor {inner}", 1000, ctx)
        if dst is NAT:
            a = t.args[0]
            if a.op is Op.ITE and a.args[0].op is Op.LT and a.args[2] is a.args[0].args[0]:
                inner = _show(a.args[2], 1024)  # the elaborator's clamp ite(t < 0, 0, t) of Int.toNat t
            return _paren(f"Int.toNat {inner}", 1000, ctx)
        return f"(↑{inner} : {lean_sort(dst)})"
    if op is Op.ITE:
        c, a, b = (_show(x, 0) for x in t.args)
        return _paren(f"if {c} then {a} else {b}", 0, ctx)
    return f"({op.value} {' '.join(_show(a, 1024) for a in t.args)})"
