"""Print terms of the term language as SMT-LIB2.

Sorts map as Bool→Bool, Int→Int, Real/Rat→Real, Nat→Int with non-negativity side conditions (free Nat
constants get ``(>= x 0)``, Nat binders guard their body, Nat-valued functions get a range axiom), and Nat
subtraction is truncated (``ite(a >= b, a - b, 0)``) as in Lean. Uninterpreted sorts are declared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from symbolic.errors import SortError
from symbolic.logic.sorts import BOOL, INT, NAT, RAT, REAL, BaseSort, FunSort, Sort
from symbolic.logic.subst import symbols
from symbolic.logic.terms import CONST, QUANT, VAR, Op, Term
from symbolic.smt.sexpr import quote_symbol

__all__ = ["declarations", "sort_text", "term_to_smtlib", "write_script"]

_BINARY = {Op.ADD: "+", Op.MUL: "*", Op.DIV: "/", Op.IDIV: "div", Op.MOD: "mod", Op.LT: "<", Op.LE: "<=",
           Op.GT: ">", Op.GE: ">=", Op.IMPLIES: "=>"}
#: Largest constant exponent expanded into a product (``x^3`` → ``(* x x x)``).
MAX_EXPANDED_POWER = 8


def sort_text(s: Sort) -> str:
    """The SMT-LIB name of a base sort."""
    if s is BOOL:
        return "Bool"
    if s is INT or s is NAT:
        return "Int"
    if s is REAL or s is RAT:
        return "Real"
    if isinstance(s, BaseSort):
        return quote_symbol(s.name)
    raise SortError(f"no SMT-LIB sort for {s}")


def _num(v: int | Fraction, real: bool) -> str:
    if not real:
        return str(v) if v >= 0 else f"(- {-v})"
    f = Fraction(v)
    mag = abs(f)
    text = f"{mag.numerator}.0" if mag.denominator == 1 else f"(/ {mag.numerator}.0 {mag.denominator}.0)"
    return text if f >= 0 else f"(- {text})"


def term_to_smtlib(t: Term) -> str:
    """``t`` as one SMT-LIB2 term."""
    out: list[str] = []
    _emit(t, out)
    return "".join(out)


def _emit(t: Term, out: list[str]) -> None:
    k = t.kind
    if k == VAR:
        out.append(quote_symbol(t.head))
        return
    if k == CONST:
        if t.sort is BOOL:
            out.append("true" if t.head else "false")
        else:
            out.append(_num(t.head, t.sort in (REAL, RAT)))
        return
    if k == QUANT:
        q = t.head
        out.append(f"({q} (")
        out.append(" ".join(f"({quote_symbol(b.head)} {sort_text(b.sort)})" for b in t.binders))
        out.append(") ")
        nats = [b for b in t.binders if b.sort is NAT]
        if nats:
            guard = " ".join(f"(>= {quote_symbol(b.head)} 0)" for b in nats)
            guard = guard if len(nats) == 1 else f"(and {guard})"
            out.append(f"(=> {guard} " if q == "forall" else f"(and {guard} ")
            _emit(t.args[0], out)
            out.append(")")
        else:
            _emit(t.args[0], out)
        out.append(")")
        return
    head = t.head
    args = t.args
    if isinstance(head, Term):
        out.append("(" + quote_symbol(head.head))
        for a in args:
            out.append(" ")
            _emit(a, out)
        out.append(")")
        return
    op: Op = head
    if op is Op.SUB and t.sort is NAT:
        a, b = term_to_smtlib(args[0]), term_to_smtlib(args[1])
        out.append(f"(ite (>= {a} {b}) (- {a} {b}) 0)")
        return
    if op is Op.POW:
        _emit_pow(t, out)
        return
    if op is Op.ABS:
        a = term_to_smtlib(args[0])
        out.append(f"(abs {a})" if t.sort in (INT, NAT) else f"(ite (>= {a} 0.0) {a} (- {a}))")
        return
    if op is Op.CAST:
        _emit_cast(t, out)
        return
    if op is Op.EQ and args[0].sort is BOOL:
        sym = "="
    elif op is Op.NE:
        out.append("(not (= ")
        _emit(args[0], out)
        out.append(" ")
        _emit(args[1], out)
        out.append("))")
        return
    elif op is Op.IFF:
        sym = "="
    else:
        sym = {Op.SUB: "-", Op.NEG: "-", Op.EQ: "=", Op.NOT: "not", Op.AND: "and", Op.OR: "or",
               Op.ITE: "ite"}.get(op) or _BINARY[op]
    out.append("(" + sym)
    for a in args:
        out.append(" ")
        _emit(a, out)
    out.append(")")


def _emit_pow(t: Term, out: list[str]) -> None:
    base, e = t.args
    real = t.sort in (REAL, RAT)
    if e.kind == CONST and Fraction(e.head).denominator == 1 and 0 <= int(e.head) <= MAX_EXPANDED_POWER:
        n = int(e.head)
        b = term_to_smtlib(base)
        if n == 0:
            out.append("1.0" if real else "1")
        elif n == 1:
            out.append(b)
        else:
            out.append("(* " + " ".join([b] * n) + ")")
        return
    b = term_to_smtlib(base)
    x = term_to_smtlib(e)
    if real and e.sort not in (REAL, RAT):
        x = f"(to_real {x})"
    out.append(f"(^ {b} {x})")


def _emit_cast(t: Term, out: list[str]) -> None:
    a = t.args[0]
    src, dst = a.sort, t.sort
    inner = term_to_smtlib(a)
    src_real = src in (REAL, RAT)
    dst_real = dst in (REAL, RAT)
    if src_real == dst_real:
        if dst is NAT and src is INT:
            out.append(f"(ite (< {inner} 0) 0 {inner})")  # Int.toNat
        else:
            out.append(inner)
    elif dst_real:
        out.append(f"(to_real {inner})")
    elif dst is NAT:
        out.append(f"(ite (< {inner} 0.0) 0 (to_int {inner}))")
    else:
        out.append(f"(to_int {inner})")


def declarations(terms: Iterable[Term]) -> tuple[list[str], list[str]]:
    """SMT-LIB declarations for the free symbols of ``terms`` (sorted by name for stable output), and the
    side-condition assertions that the Nat encoding needs."""
    consts: dict[str, Term] = {}
    funs: dict[str, Term] = {}
    sorts: set[str] = set()
    for t in terms:
        for v in t.free_vars:
            consts[v.head] = v
        for f in symbols(t):
            funs[f.head] = f
        for s in t.subterms():
            for srt in (s.sort, *(b.sort for b in s.binders)):
                if isinstance(srt, BaseSort) and srt.name not in ("Bool", "Int", "Nat", "Real", "Rat"):
                    sorts.add(srt.name)
    decls = [f"(declare-sort {quote_symbol(s)} 0)" for s in sorted(sorts)]
    side: list[str] = []
    for name in sorted(consts):
        v = consts[name]
        decls.append(f"(declare-fun {quote_symbol(name)} () {sort_text(v.sort)})")
        if v.sort is NAT:
            side.append(f"(>= {quote_symbol(name)} 0)")
    for name in sorted(funs):
        fs = funs[name].sort
        assert isinstance(fs, FunSort)
        decls.append(f"(declare-fun {quote_symbol(name)} ({' '.join(sort_text(a) for a in fs.args)}) "
                     f"{sort_text(fs.result)})")
        if fs.result is NAT:
            xs = [f"|_n{i}|" for i in range(fs.arity)]
            binders = " ".join(f"({x} {sort_text(a)})" for x, a in zip(xs, fs.args, strict=True))
            guards = [f"(>= {x} 0)" for x, a in zip(xs, fs.args, strict=True) if a is NAT]
            body = f"(>= ({quote_symbol(name)} {' '.join(xs)}) 0)"
            if guards:
                g = guards[0] if len(guards) == 1 else f"(and {' '.join(guards)})"
                body = f"(=> {g} {body})"
            side.append(f"(forall ({binders}) {body})")
    return decls, side


def write_script(assertions: Sequence[Term], *, logic: str | None = "ALL", names: Sequence[str] | None = None,
                 check: bool = True, status: str | None = None) -> str:
    """A complete SMT-LIB2 script asserting ``assertions`` (named with ``names`` when given)."""
    for a in assertions:
        if a.sort is not BOOL:
            raise SortError(f"assertion {a} has sort {a.sort}, not Bool")
    lines: list[str] = []
    if status:
        lines.append(f"(set-info :status {status})")
    if logic:
        lines.append(f"(set-logic {logic})")
    decls, side = declarations(assertions)
    lines.extend(decls)
    lines.extend(f"(assert {s})" for s in side)
    for i, a in enumerate(assertions):
        body = term_to_smtlib(a)
        if names is not None:
            body = f"(! {body} :named {quote_symbol(names[i])})"
        lines.append(f"(assert {body})")
    if check:
        lines.append("(check-sat)")
    return "\n".join(lines) + "\n"
