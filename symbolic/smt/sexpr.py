"""S-expressions of SMT-LIB2 text, with line and column on every node for error messages.

Atoms keep their lexical kind (``symbol``, ``keyword``, ``numeral``, ``decimal``, ``hex``, ``binary``,
``string``) so the reader never confuses ``|x|`` with ``x``'s spelling rules or ``1`` with ``1.0``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symbolic.errors import ParseError

__all__ = ["Atom", "SExpr", "SList", "parse_sexprs", "render"]


@dataclass(frozen=True, slots=True)
class Atom:
    """A leaf: ``kind`` is symbol/keyword/numeral/decimal/hex/binary/string; ``value`` is the text
    (quoted symbols unquoted, strings unescaped)."""

    kind: str
    value: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class SList:
    """A parenthesised list."""

    items: tuple[SExpr, ...]
    line: int
    column: int


SExpr = Atom | SList

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+|;[^\n]*)
  | (?P<lpar>\()
  | (?P<rpar>\))
  | (?P<decimal>[0-9]+\.[0-9]+)
  | (?P<numeral>0|[1-9][0-9]*)
  | (?P<hex>\#x[0-9a-fA-F]+)
  | (?P<binary>\#b[01]+)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<qsymbol>\|[^|\\]*\|)
  | (?P<keyword>:[a-zA-Z0-9~!@$%^&*_+=<>.?/\-]+)
  | (?P<symbol>[a-zA-Z~!@$%^&*_+=<>.?/\-][a-zA-Z0-9~!@$%^&*_+=<>.?/\-]*)
    """,
    re.VERBOSE,
)


def _position(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def parse_sexprs(text: str, *, source: str = "<input>") -> list[SExpr]:
    """All top-level S-expressions of ``text``; raises :class:`ParseError` with line and column."""
    stack: list[tuple[list[SExpr], int, int]] = []
    top: list[SExpr] = []
    pos, n = 0, len(text)
    match = _TOKEN.match
    while pos < n:
        m = match(text, pos)
        if m is None:
            line, col = _position(text, pos)
            ch = text[pos]
            what = "unterminated quoted symbol or string" if ch in '|"' else f"unexpected character {ch!r}"
            raise ParseError(what, source=source, line=line, column=col, expected="an S-expression")
        kind = m.lastgroup
        assert kind is not None
        if kind != "ws":
            line, col = _position(text, pos)
            if kind == "lpar":
                stack.append(([], line, col))
            elif kind == "rpar":
                if not stack:
                    raise ParseError("unbalanced ')'", source=source, line=line, column=col,
                                     expected="'(' or an atom")
                items, l0, c0 = stack.pop()
                node = SList(tuple(items), l0, c0)
                (stack[-1][0] if stack else top).append(node)
            else:
                v = m.group()
                if kind == "qsymbol":
                    kind, v = "symbol", v[1:-1]
                elif kind == "string":
                    v = v[1:-1].replace('""', '"')
                (stack[-1][0] if stack else top).append(Atom(kind, v, line, col))
        pos = m.end()
    if stack:
        _, line, col = stack[-1]
        raise ParseError("unbalanced '(' (missing ')' before end of input)", source=source, line=line,
                         column=col, expected="')'")
    return top


_SIMPLE = re.compile(r"[a-zA-Z~!@$%^&*_+=<>.?/\-][a-zA-Z0-9~!@$%^&*_+=<>.?/\-]*\Z")


def quote_symbol(name: str) -> str:
    """``name`` as an SMT-LIB symbol (``|…|``-quoted when it is not a simple symbol)."""
    if _SIMPLE.match(name):
        return name
    return "|" + name.replace("|", "").replace("\\", "") + "|"


def render(e: SExpr) -> str:
    """Print an S-expression back as SMT-LIB text (one line)."""
    if isinstance(e, Atom):
        if e.kind == "symbol":
            return quote_symbol(e.value)
        if e.kind == "string":
            return '"' + e.value.replace('"', '""') + '"'
        return e.value
    return "(" + " ".join(render(i) for i in e.items) + ")"
