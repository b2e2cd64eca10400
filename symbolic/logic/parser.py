"""Parser for the plain-text syntax of the term language.

Grammar (loosest first; ASCII or Unicode spellings)::

    formula := ('forall'|'∀'|'exists'|'∃') binders '.' formula | iff
    binders := names ':' sort (',' names ':' sort)*
    iff     := imp [('<->'|'↔') imp]
    imp     := or [('->'|'→'|'=>') imp]              right associative
    or      := and (('\\/'|'∨'|'or') and)*           n-ary
    and     := not (('/\\'|'∧'|'and') not)*          n-ary
    not     := ('~'|'¬'|'not') not | cmp
    cmp     := sum [('='|'!='|'≠'|'<'|'<='|'≤'|'>'|'>='|'≥') sum]
    sum     := prod (('+'|'-') prod)*                left associative
    prod    := unary (('*'|'/'|'div'|'mod') unary)*
    unary   := '-' unary | pow                       ('-' before a number is a negative literal)
    pow     := atom ['^' unary]                      right associative
    atom    := number | decimal | 'rat(' int ',' int ')' | 'true' | 'false' | name | name '(' formula,* ')'
             | 'ite(' … ')' | 'abs(' … ')' | 'to_real(' … ')' | … | '(' formula [':' sort] ')' | quantifier
    sort    := name ('->' name)*

Names are identifiers or ``|quoted names|``. Free variables and function symbols come from ``env``.
Literals take their sort from context (``x + 1`` with ``x : Real`` makes ``1`` a Real); elsewhere integers are
Int, decimals Real, and exponents Nat; ``(3 : Nat)`` ascribes a sort.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from symbolic.errors import ParseError, SortError
from symbolic.limits import MAX_DIGITS, bounded_depth, check_numeral
from symbolic.logic.printer import RESERVED
from symbolic.logic.sorts import BOOL, INT, NAT, RAT, REAL, BaseSort, FunSort, Sort
from symbolic.logic.terms import Op, Term, app, const, exists, forall, var

__all__ = ["parse_sort", "parse_term"]

# Whitespace and comments are consumed (possessively: no backtracking) as the prefix of the next token, so
# each match is one real token; ``end`` takes trailing whitespace.
_TOKEN = re.compile(
    r"""
    (?:\s|--[^\n]*)*+
    (?:
    (?P<end>\Z)
  |
    (?P<num>[0-9]+(?:\.[0-9]+)?)
  | (?P<qname>\|[^|\n]*\|)
  | (?P<name>[A-Za-z_][A-Za-z0-9_'!?]*|[ℕℤℚℝ])
  | (?P<op><->|->|=>|<=|>=|!=|/\\|\\/|[()\[\],.:=<>+\-*/^~∀∃¬∧∨→↔≠≤≥])
  | (?P<bad>\S)
    )
    """,
    re.VERBOSE,
)
_UNICODE = {"∀": "forall", "∃": "exists", "¬": "~", "∧": "/\\", "∨": "\\/", "→": "->", "↔": "<->",
            "≠": "!=", "≤": "<=", "≥": ">=", "=>": "->", "not": "~", "and": "/\\", "or": "\\/"}
_BUILTIN_SORTS = {"Bool": BOOL, "Nat": NAT, "Int": INT, "Rat": RAT, "Real": REAL,
                  "ℕ": NAT, "ℤ": INT, "ℚ": RAT, "ℝ": REAL}
_CMP = {"=": Op.EQ, "!=": Op.NE, "<": Op.LT, "<=": Op.LE, ">": Op.GT, ">=": Op.GE}
_ARITH = {"+": Op.ADD, "-": Op.SUB, "*": Op.MUL, "/": Op.DIV, "div": Op.IDIV, "mod": Op.MOD}
_CASTS = {"to_real": REAL, "to_int": INT, "to_rat": RAT, "to_nat": NAT}
_EOF = ("eof", "")
_CMP_OPS = frozenset(_CMP.values())
_WORD_OPS = frozenset({"not", "and", "or"})


class _Tokens:
    __slots__ = ("i", "kinds", "source", "starts", "text", "values")

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        n = len(text)
        unicode, words = _UNICODE, _WORD_OPS
        kinds: list[str] = []
        values: list[str] = []
        starts: list[int] = []
        add_kind, add_value, add_start = kinds.append, values.append, starts.append
        for m in _TOKEN.finditer(text):
            k = m.lastgroup
            if k == "end" or k is None:
                break
            v = m.group(k)
            if k == "name":
                if v in words:
                    k = "op"
            elif k == "num" and len(v) > MAX_DIGITS:
                line, col = _position(text, m.start(k))
                check_numeral(v, source=source, line=line, column=col)
            add_kind(k)
            add_value(unicode.get(v, v))
            add_start(m.start(k))
        if "bad" in kinds:
            j = kinds.index("bad")
            line, col = _position(text, starts[j])
            raise ParseError(f"unexpected character {values[j]!r}", source=source, line=line, column=col,
                             expected="a term")
        kinds.append("eof")
        values.append("")
        starts.append(n)
        self.kinds, self.values, self.starts = kinds, values, starts
        self.i = 0

    def peek(self, k: int = 0) -> tuple[str, str]:
        j = self.i + k
        return (self.kinds[j], self.values[j]) if j < len(self.kinds) else _EOF

    def next(self) -> tuple[str, str]:
        t = (self.kinds[self.i], self.values[self.i])
        if self.i < len(self.kinds) - 1:
            self.i += 1
        return t

    def at(self, value: str) -> bool:
        return self.values[self.i] == value and self.kinds[self.i] in ("op", "name")

    def error(self, message: str, expected: str, index: int | None = None) -> ParseError:
        j = self.i if index is None else index
        line, col = _position(self.text, self.starts[j])
        found = self.values[j] or "end of input"
        return ParseError(f"{message}, found {found!r}", source=self.source, line=line, column=col,
                          expected=expected)

    def expect(self, value: str) -> None:
        if not self.at(value):
            raise self.error("syntax error", repr(value))
        self.next()


def _position(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


# ---- surface syntax tree: tuples (tag, pos, ...) -----------------------------------------------------------


def _parse_formula(tk: _Tokens) -> tuple[Any, ...]:
    return _parse_expr(tk, 0)


# infix operators: token -> (precedence, associativity); higher binds tighter (see the grammar above)
_INFIX: dict[str, tuple[int, str]] = {
    "<->": (2, "none"), "->": (3, "right"), "\\/": (4, "nary"), "/\\": (5, "nary"),
    "=": (7, "none"), "!=": (7, "none"), "<": (7, "none"), "<=": (7, "none"), ">": (7, "none"), ">=": (7, "none"),
    "+": (8, "left"), "-": (8, "left"), "*": (9, "left"), "/": (9, "left"), "div": (9, "left"),
    "mod": (9, "left"), "^": (11, "right"),
}
_P_NOT, _P_UNARY = 6, 10


def _parse_expr(tk: _Tokens, min_prec: int) -> tuple[Any, ...]:
    """Precedence climbing over ``_INFIX``; prefix ``~`` and ``-`` and quantifiers are handled in the prefix."""
    kinds, values = tk.kinds, tk.values
    left = _parse_prefix(tk)
    while True:
        v = values[tk.i]
        info = _INFIX.get(v)
        if info is None or kinds[tk.i] not in ("op", "name"):
            return left
        prec, assoc = info
        if prec < min_prec:
            return left
        pos = tk.i
        tk.i += 1
        if assoc == "nary":
            items = [left, _parse_expr(tk, prec + 1)]
            while values[tk.i] == v and kinds[tk.i] == "op":
                tk.i += 1
                items.append(_parse_expr(tk, prec + 1))
            left = ("op", pos, Op.OR if prec == 4 else Op.AND, items)
        elif prec == 11:
            base = left
            right = _parse_expr(tk, _P_UNARY)
            left = ("pow", pos, base, right, _flex(base))
        elif assoc == "right":
            left = ("op", pos, Op.IMPLIES, [left, _parse_expr(tk, prec)])
        elif prec == 2:
            left = ("op", pos, Op.IFF, [left, _parse_expr(tk, prec + 1)])
        else:
            right = _parse_expr(tk, prec + 1)
            op = _CMP.get(v) if prec == 7 else _ARITH[v]
            left = ("arith", pos, op, [left, right], prec != 7 and _flex(left) and _flex(right))
        if assoc == "none":
            nv = values[tk.i]
            nxt = _INFIX.get(nv)
            if nxt is not None and nxt[0] == prec and kinds[tk.i] == "op":
                raise tk.error("syntax error", "parentheses around a chained comparison")


def _parse_prefix(tk: _Tokens) -> tuple[Any, ...]:
    kind, v = tk.kinds[tk.i], tk.values[tk.i]
    if kind == "op" or kind == "name":
        if v == "~":
            pos = tk.i
            tk.i += 1
            return ("op", pos, Op.NOT, [_parse_expr(tk, _P_NOT)])
        if v == "-":
            pos = tk.i
            tk.i += 1
            if tk.kinds[tk.i] == "num" and tk.values[tk.i + 1] != "^":
                num = tk.values[tk.i]
                tk.i += 1
                return ("num", pos, -_number(num), "." in num)
            child = _parse_expr(tk, _P_UNARY)
            return ("neg", pos, child, _flex(child))
        if v == "forall" or v == "exists":
            pos = tk.i
            tk.i += 1
            binders = _parse_binders(tk)
            tk.expect(".")
            return ("quant", pos, v, binders, _parse_expr(tk, 0))
    return _parse_atom(tk)


def _flex(node: tuple[Any, ...]) -> bool:
    """True when the node holds only literals and arithmetic, so its sort comes from context."""
    tag = node[0]
    if tag == "num":
        return True
    if tag in ("arith", "neg", "pow", "call"):
        return node[-1] is True
    return False


def _parse_binders(tk: _Tokens) -> list[tuple[str, Sort, int]]:
    out: list[tuple[str, Sort, int]] = []
    while True:
        names: list[tuple[str, int]] = []
        while tk.peek()[0] in ("name", "qname") and not tk.at(":"):
            pos = tk.i
            names.append((_name(tk.next()), pos))
        if not names:
            raise tk.error("syntax error", "a bound variable name")
        tk.expect(":")
        s = _parse_sort_tokens(tk)
        out.extend((n, s, p) for n, p in names)
        if tk.at(","):
            tk.next()
            continue
        return out


def _name(tok: tuple[str, str]) -> str:
    kind, v = tok
    return v[1:-1] if kind == "qname" else v


def _parse_sort_tokens(tk: _Tokens) -> Sort:
    parts: list[Sort] = []
    while True:
        kind, v = tk.peek()
        if kind == "name" or kind == "qname":
            if v in RESERVED:
                raise tk.error("syntax error", "a sort name")
            tk.next()
            name = _name((kind, v))
            parts.append(_BUILTIN_SORTS.get(name) or BaseSort(name))
        elif v == "(":
            tk.next()
            parts.append(_parse_sort_tokens(tk))
            tk.expect(")")
        else:
            raise tk.error("syntax error", "a sort (Bool, Nat, Int, Rat, Real or a sort name)")
        if tk.at("->"):
            tk.next()
            continue
        break
    if len(parts) == 1:
        return parts[0]
    try:
        return FunSort(tuple(parts[:-1]), parts[-1])
    except ValueError as exc:
        raise tk.error(str(exc), "a first-order function sort") from None


def _number(v: str) -> int | Fraction:
    return Fraction(v) if "." in v else int(v)


def _parse_args(tk: _Tokens) -> list[tuple[Any, ...]]:
    tk.expect("(")
    args = [_parse_expr(tk, 0)]
    values = tk.values
    while values[tk.i] == ",":
        tk.i += 1
        args.append(_parse_expr(tk, 0))
    tk.expect(")")
    return args


def _parse_atom(tk: _Tokens) -> tuple[Any, ...]:
    pos = tk.i
    kind, v = tk.kinds[pos], tk.values[pos]
    if kind == "qname" or (kind == "name" and v not in RESERVED):  # a variable or an application
        tk.i = pos + 1
        if kind == "name" and tk.values[pos + 1] == "(":
            return ("call", pos, v, _parse_args(tk), False)
        return ("name", pos, _name((kind, v)))
    if kind == "num":
        tk.i = pos + 1
        return ("num", pos, _number(v), "." in v)
    if kind == "op" and v == "(":
        tk.next()
        inner = _parse_formula(tk)
        if tk.at(":"):
            tk.next()
            s = _parse_sort_tokens(tk)
            tk.expect(")")
            return ("ascribe", pos, inner, s)
        tk.expect(")")
        return inner
    if kind == "name":
        if v in ("true", "false"):
            tk.next()
            return ("bool", pos, v == "true")
        if v == "rat":
            tk.next()
            tk.expect("(")
            p = _signed_int(tk)
            tk.expect(",")
            q = _signed_int(tk)
            if q == 0:
                raise tk.error("rat() with a zero denominator", "a non-zero integer", tk.i - 1)
            tk.expect(")")
            return ("num", pos, Fraction(p, q), True)
        if v in ("ite", "abs") or v in _CASTS:
            tk.next()
            args = _parse_args(tk)
            return ("call", pos, v, args, v == "abs" and len(args) == 1 and _flex(args[0]))
    raise tk.error("syntax error", "a term")


def _signed_int(tk: _Tokens) -> int:
    sign = 1
    if tk.at("-"):
        tk.next()
        sign = -1
    kind, v = tk.peek()
    if kind != "num" or "." in v:
        raise tk.error("syntax error", "an integer")
    tk.next()
    return sign * int(v)


# ---- elaboration: surface tree -> typed terms ----------------------------------------------------------------


class _Elaborator:
    def __init__(self, tk: _Tokens, env: Mapping[str, Sort | Term]) -> None:
        self.tk = tk
        self.scope: dict[str, Term] = {}
        for name, item in env.items():
            self.scope[name] = item if isinstance(item, Term) else var(name, item)

    def fail(self, node: tuple[Any, ...], message: str, expected: str) -> ParseError:
        return self.tk.error(message, expected, node[1])

    def sorted_error(self, node: tuple[Any, ...], exc: SortError) -> ParseError:
        line, col = _position(self.tk.text, self.tk.starts[node[1]])
        return ParseError(str(exc), source=self.tk.source, line=line, column=col, expected="well-sorted arguments")

    def pair(self, node: tuple[Any, ...], l_node: Any, r_node: Any, expected: Sort | None) -> tuple[Term, Term]:
        if _flex(l_node) and not _flex(r_node):
            r = self.elab(r_node, expected)
            return self.elab(l_node, r.sort), r
        left = self.elab(l_node, expected)
        return left, self.elab(r_node, left.sort)

    def elab(self, node: tuple[Any, ...], expected: Sort | None) -> Term:
        tag = node[0]
        if tag == "name":
            t = self.scope.get(node[2])
            if t is not None and not t.sort.is_function:
                return t
        try:
            if tag == "arith":
                op = node[2]
                exp = None if op in _CMP_OPS else expected
                left, right = self.pair(node, node[3][0], node[3][1], exp)
                return app(op, left, right)
            if tag == "num":
                value, decimal = node[2], node[3]
                if expected in (NAT, INT):
                    if decimal or value.denominator != 1:
                        raise self.fail(node, f"{value} is not an integer but {expected} is expected",
                                        f"an {expected} literal")
                    if expected is NAT and value < 0:
                        raise self.fail(node, "a negative literal cannot be a Nat", "a Nat literal")
                    return const(int(value), expected)
                if expected in (RAT, REAL):
                    return const(value, expected)
                if decimal or value.denominator != 1:
                    return const(value, REAL)
                return const(int(value), INT)
            if tag == "bool":
                return const(node[2])
            if tag == "name":
                t = self.scope.get(node[2])
                if t is None:
                    raise self.fail(node, f"unknown identifier {node[2]!r}", "a declared variable")
                if t.sort.is_function:
                    raise self.fail(node, f"function {node[2]!r} used without arguments", "'('")
                return t
            if tag == "ascribe":
                t = self.elab(node[2], node[3])
                if t.sort is not node[3]:
                    raise self.fail(node, f"term has sort {t.sort}, not {node[3]}", f"a term of sort {node[3]}")
                return t
            if tag == "quant":
                _, _, q, binders, body = node
                saved = dict(self.scope)
                bs = []
                for name, s, p in binders:
                    if s.is_function:
                        raise self.tk.error(f"bound variable {name!r} has a function sort", "a base sort", p)
                    v = var(name, s)
                    self.scope[name] = v
                    bs.append(v)
                try:
                    b = self.elab(body, BOOL)
                finally:
                    self.scope = saved
                return forall(bs, b) if q == "forall" else exists(bs, b)
            if tag == "op":
                args = [self.elab(a, BOOL) for a in node[3]]
                return app(node[2], *args)
            if tag == "neg":
                return app(Op.NEG, self.elab(node[2], expected))
            if tag == "pow":
                return app(Op.POW, self.elab(node[2], expected), self.elab(node[3], NAT))
            if tag == "call":
                return self.call(node, expected)
        except SortError as exc:
            raise self.sorted_error(node, exc) from None
        raise AssertionError(tag)  # pragma: no cover

    def call(self, node: tuple[Any, ...], expected: Sort | None) -> Term:
        _, _, name, args, _ = node
        if name == "ite":
            if len(args) != 3:
                raise self.fail(node, f"ite takes 3 arguments, got {len(args)}", "3 arguments")
            c = self.elab(args[0], BOOL)
            a, b = self.pair(node, args[1], args[2], expected)
            return app(Op.ITE, c, a, b)
        if name == "abs":
            if len(args) != 1:
                raise self.fail(node, f"abs takes 1 argument, got {len(args)}", "1 argument")
            return app(Op.ABS, self.elab(args[0], expected))
        if name in _CASTS:
            if len(args) != 1:
                raise self.fail(node, f"{name} takes 1 argument, got {len(args)}", "1 argument")
            return app(Op.CAST, self.elab(args[0], None), sort=_CASTS[name])
        f = self.scope.get(name)
        if f is None:
            raise self.fail(node, f"unknown function {name!r}", "a declared function symbol")
        if not isinstance(f.sort, FunSort):
            raise self.fail(node, f"{name!r} is not a function (it has sort {f.sort})", "a function symbol")
        if len(args) != f.sort.arity:
            raise self.fail(node, f"{name} takes {f.sort.arity} arguments, got {len(args)}",
                            f"{f.sort.arity} arguments")
        return app(f, *(self.elab(a, s) for a, s in zip(args, f.sort.args, strict=True)))


@bounded_depth
def parse_term(
    text: str,
    env: Mapping[str, Sort | Term] | None = None,
    *,
    source: str = "<input>",
    expected: Sort | None = None,
) -> Term:
    """Parse ``text`` into a term. ``env`` declares free variables and function symbols by name.

    Raises :class:`symbolic.errors.ParseError` (line, column, what was expected) on bad text.
    """
    tk = _Tokens(text, source)
    if tk.kinds[0] == "eof":
        raise tk.error("empty input", "a term")
    node = _parse_formula(tk)
    if tk.kinds[tk.i] != "eof":
        raise tk.error("unexpected text after the term", "end of input")
    t = _Elaborator(tk, env or {}).elab(node, expected)
    if expected is not None and t.sort is not expected:
        raise tk.error(f"term has sort {t.sort}", f"a term of sort {expected}", 0)
    return t


@bounded_depth
def parse_sort(text: str, *, source: str = "<input>") -> Sort:
    """Parse a sort such as ``Int``, ``Real -> Real`` or ``Int -> Int -> Bool``."""
    tk = _Tokens(text, source)
    s = _parse_sort_tokens(tk)
    if tk.kinds[tk.i] != "eof":
        raise tk.error("unexpected text after the sort", "end of input")
    return s
