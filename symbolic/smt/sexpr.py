"""S-expressions of SMT-LIB2 text, with line and column on every node for error messages.

Atoms keep their lexical kind (``symbol``, ``keyword``, ``numeral``, ``decimal``, ``hex``, ``binary``,
``string``) so the reader never confuses ``|x|`` with ``x``'s spelling rules or ``1`` with ``1.0``.
"""

from __future__ import annotations

import gc
import re
import time
from dataclasses import dataclass

from symbolic.errors import ParseError
from symbolic.limits import check_numeral

__all__ = ["Atom", "ReadDeadline", "SExpr", "SList", "parse_sexprs", "render"]


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


class ReadDeadline(TimeoutError):
    """Reading did not finish before the caller's deadline (the whole solve has a time budget)."""


#: Tokens read between two looks at the clock.
_CLOCK_EVERY = 4096


def parse_sexprs(text: str, *, source: str = "<input>", deadline: float | None = None) -> list[SExpr]:
    """All top-level S-expressions of ``text``; raises :class:`ParseError` with line and column.

    Linear in the size of the text (line numbers are counted as the reader advances) and non-recursive, so
    any nesting depth reads. ``deadline`` (``time.monotonic()`` value): raise :class:`ReadDeadline` once
    it passes. The cyclic garbage collector is paused meanwhile: the reader allocates millions of small
    acyclic objects, and collections triggered by them would make reading superlinear.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, source, deadline)
    finally:
        if paused:
            gc.enable()


def _parse(text: str, source: str, deadline: float | None) -> list[SExpr]:
    stack: list[tuple[list[SExpr], int, int]] = []
    top: list[SExpr] = []
    pos, n = 0, len(text)
    line, line_start = 1, 0
    match = _TOKEN.match
    count = 0
    while pos < n:
        m = match(text, pos)
        if m is None:
            ch = text[pos]
            what = "unterminated quoted symbol or string" if ch in '|"' else f"unexpected character {ch!r}"
            raise ParseError(what, source=source, line=line, column=pos - line_start + 1, expected="an S-expression")
        kind = m.lastgroup
        assert kind is not None
        end = m.end()
        if kind != "ws":
            col = pos - line_start + 1
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
                elif kind in ("numeral", "decimal"):
                    check_numeral(v, source=source, line=line, column=col)
                (stack[-1][0] if stack else top).append(Atom(kind, v, line, col))
            count += 1
            if deadline is not None and count % _CLOCK_EVERY == 0 and time.monotonic() > deadline:
                raise ReadDeadline(f"{source}: reading did not finish within the time limit (line {line})")
        if kind in ("ws", "string", "qsymbol"):
            nl = text.count("\n", pos, end)
            if nl:
                line += nl
                line_start = text.rfind("\n", pos, end) + 1
        pos = end
    if stack:
        _, l0, c0 = stack[-1]
        raise ParseError("unbalanced '(' (missing ')' before end of input)", source=source, line=l0,
                         column=c0, expected="')'")
    return top


_SIMPLE = re.compile(r"[a-zA-Z~!@$%^&*_+=<>.?/\-][a-zA-Z0-9~!@$%^&*_+=<>.?/\-]*\Z")


def quote_symbol(name: str) -> str:
    """``name`` as an SMT-LIB symbol (``|…|``-quoted when it is not a simple symbol)."""
    if _SIMPLE.match(name):
        return name
    return "|" + name.replace("|", "").replace("\\", "") + "|"


def render(e: SExpr) -> str:
    """Print an S-expression back as SMT-LIB text (one line); iterative, so any depth prints."""
    out: list[str] = []
    todo: list[SExpr | str] = [e]
    while todo:
        x = todo.pop()
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, Atom):
            if x.kind == "symbol":
                out.append(quote_symbol(x.value))
            elif x.kind == "string":
                out.append('"' + x.value.replace('"', '""') + '"')
            else:
                out.append(x.value)
        else:
            todo.append(")")
            for k in range(len(x.items) - 1, -1, -1):
                todo.append(x.items[k])
                if k:
                    todo.append(" ")
            out.append("(")
    return "".join(out)
