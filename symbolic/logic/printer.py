"""A readable printer whose output the parser reads back to the same term (given the same declarations).

Literals carry no sort annotation where their position fixes the sort (``x + 1`` with ``x : Real``); elsewhere
they are ascribed, ``(3 : Nat)``. The rules mirror the parser's elaboration exactly (see ``parser.py``).
"""

from __future__ import annotations

import re
from fractions import Fraction

from symbolic.logic.sorts import BOOL, INT, NAT, RAT, REAL, Sort
from symbolic.logic.terms import APP, CONST, QUANT, VAR, Op, Term

__all__ = ["RESERVED", "format_name", "format_sort", "to_text"]

RESERVED = frozenset({
    "forall", "exists", "not", "and", "or", "true", "false", "div", "mod", "ite", "abs",
    "to_real", "to_int", "to_rat", "to_nat", "rat",
})
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_'!?]*\Z")

# precedence levels: higher binds tighter
L_QUANT, L_IFF, L_IMP, L_OR, L_AND, L_NOT, L_CMP, L_SUM, L_PROD, L_UNARY, L_POW, L_ATOM = range(1, 13)

_INFIX = {
    Op.ADD: ("+", L_SUM), Op.SUB: ("-", L_SUM), Op.MUL: ("*", L_PROD), Op.DIV: ("/", L_PROD),
    Op.IDIV: ("div", L_PROD), Op.MOD: ("mod", L_PROD),
}
_CMP = {Op.EQ: "=", Op.NE: "!=", Op.LT: "<", Op.LE: "<=", Op.GT: ">", Op.GE: ">="}
_CAST_NAME = {REAL: "to_real", INT: "to_int", RAT: "to_rat", NAT: "to_nat"}
_ARITH = frozenset({Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.IDIV, Op.MOD, Op.NEG, Op.ABS, Op.POW})


def format_name(name: str) -> str:
    """A variable name as the parser reads it (quoted ``|…|`` when not a plain identifier)."""
    if _IDENT.match(name) and name not in RESERVED:
        return name
    return "|" + name.replace("|", "") + "|"


def format_sort(s: Sort) -> str:
    return str(s)


def is_flexible(t: Term) -> bool:
    """True when ``t`` contains only literals and arithmetic, so the parser takes its sort from context."""
    if t.kind == CONST:
        return t.sort is not BOOL
    if t.kind == APP and t.head in _ARITH:
        if t.head is Op.POW:
            return is_flexible(t.args[0])
        return all(is_flexible(a) for a in t.args)
    return False


def to_text(t: Term) -> str:
    """Print ``t`` in the plain-text syntax."""
    out: list[str] = []
    _show(t, None, 0, out)
    return "".join(out)


def _literal(t: Term, hint: Sort | None) -> tuple[str, int]:
    v = t.head
    if t.sort is BOOL:
        return ("true" if v else "false"), L_ATOM
    if isinstance(v, Fraction) and v.denominator != 1:
        text = _decimal(v)
        if text is None:
            text = f"rat({v.numerator}, {v.denominator})"
        plain_ok = hint is t.sort or (hint is None and t.sort is REAL)
    else:
        n = int(v)
        if t.sort is REAL or t.sort is RAT:
            plain_ok = hint is t.sort
            text = str(n)
            if not plain_ok and hint is None and t.sort is REAL:
                text, plain_ok = f"{n}.0", True
        else:
            text = str(n)
            plain_ok = hint is t.sort or (hint is None and t.sort is INT)
    level = L_UNARY if text.startswith("-") else L_ATOM
    if plain_ok:
        return text, level
    return f"({text} : {t.sort})", L_ATOM


def _decimal(v: Fraction) -> str | None:
    d = v.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return None
    digits = max(twos, fives)
    scaled = abs(v.numerator) * (10**digits // v.denominator)
    s = str(scaled).rjust(digits + 1, "0")
    return ("-" if v < 0 else "") + s[:-digits] + "." + s[-digits:]


def _paren(text_parts: list[str], inner: list[str], level: int, need: int) -> None:
    if level < need:
        text_parts.append("(")
        text_parts.extend(inner)
        text_parts.append(")")
    else:
        text_parts.extend(inner)


def _show(t: Term, hint: Sort | None, need: int, out: list[str]) -> None:
    buf: list[str] = []
    level = _render(t, hint, buf)
    _paren(out, buf, level, need)


def _sub(t: Term, hint: Sort | None, need: int) -> list[str]:
    buf: list[str] = []
    _show(t, hint, need, buf)
    return buf


def _pair_hints(args: tuple[Term, ...], hint: Sort | None) -> tuple[Sort | None, Sort | None]:
    a, b = args
    if is_flexible(a) and not is_flexible(b):
        return b.sort, hint
    return hint, a.sort


def _render(t: Term, hint: Sort | None, out: list[str]) -> int:
    k = t.kind
    if k == VAR:
        out.append(format_name(t.head))
        return L_ATOM
    if k == CONST:
        text, level = _literal(t, hint)
        out.append(text)
        return level
    if k == QUANT:
        sym = "forall" if t.head == "forall" else "exists"
        out.append(sym + " ")
        groups: list[tuple[list[str], Sort]] = []
        for b in t.binders:
            if groups and groups[-1][1] is b.sort:
                groups[-1][0].append(format_name(b.head))
            else:
                groups.append(([format_name(b.head)], b.sort))
        out.append(", ".join(f"{' '.join(ns)} : {s}" for ns, s in groups))
        out.append(". ")
        out.extend(_sub(t.args[0], BOOL, L_QUANT))
        return L_QUANT
    head = t.head
    if isinstance(head, Term):
        out.append(format_name(head.head) + "(")
        for i, (a, s) in enumerate(zip(t.args, head.sort.args, strict=True)):  # type: ignore[attr-defined]
            if i:
                out.append(", ")
            out.extend(_sub(a, s, L_QUANT))
        out.append(")")
        return L_ATOM
    op: Op = head
    args = t.args
    if op in _INFIX:
        sym, level = _INFIX[op]
        h0, h1 = _pair_hints(args, hint)
        out.extend(_sub(args[0], h0, level))
        out.append(f" {sym} ")
        out.extend(_sub(args[1], h1, level + 1))
        return level
    if op is Op.POW:
        out.extend(_sub(args[0], hint, L_ATOM))
        out.append("^")
        out.extend(_sub(args[1], NAT, L_UNARY))
        return L_POW
    if op is Op.NEG:
        a = args[0]
        inner = _sub(a, hint, L_UNARY)
        if a.kind == CONST and inner[0] != "(":
            inner = ["(", *inner, ")"]  # -3 would read back as a negative literal
        # "--" starts a comment: keep a space between two minus signs
        out.append("- " if inner[0].startswith("-") else "-")
        out.extend(inner)
        return L_UNARY
    if op is Op.ABS or op is Op.CAST:
        name = "abs" if op is Op.ABS else _CAST_NAME[t.sort]
        out.append(name + "(")
        out.extend(_sub(args[0], hint if op is Op.ABS else None, L_QUANT))
        out.append(")")
        return L_ATOM
    if op in _CMP:
        h0, h1 = _pair_hints(args, None)
        out.extend(_sub(args[0], h0, L_CMP + 1))
        out.append(f" {_CMP[op]} ")
        out.extend(_sub(args[1], h1, L_CMP + 1))
        return L_CMP
    if op is Op.NOT:
        out.append("~")
        out.extend(_sub(args[0], BOOL, L_NOT))
        return L_NOT
    if op is Op.AND or op is Op.OR:
        level = L_AND if op is Op.AND else L_OR
        sym = " /\\ " if op is Op.AND else " \\/ "
        for i, a in enumerate(args):
            if i:
                out.append(sym)
            out.extend(_sub(a, BOOL, level + 1))
        return level
    if op is Op.IMPLIES:
        out.extend(_sub(args[0], BOOL, L_OR))
        out.append(" -> ")
        out.extend(_sub(args[1], BOOL, L_IMP))
        return L_IMP
    if op is Op.IFF:
        out.extend(_sub(args[0], BOOL, L_OR))  # parenthesise implications for the reader
        out.append(" <-> ")
        out.extend(_sub(args[1], BOOL, L_OR))
        return L_IFF
    if op is Op.ITE:
        out.append("ite(")
        out.extend(_sub(args[0], BOOL, L_QUANT))
        out.append(", ")
        h1, h2 = _pair_hints(args[1:], hint)
        out.extend(_sub(args[1], h1, L_QUANT))
        out.append(", ")
        out.extend(_sub(args[2], h2, L_QUANT))
        out.append(")")
        return L_ATOM
    raise AssertionError(f"unprintable operator {op!r}")  # pragma: no cover
