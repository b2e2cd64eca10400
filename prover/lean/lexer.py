"""A small Lean 4 lexer for the soundness guard: which characters are code, comment or string.

Only what the guard needs: line comments (``--``), nested block comments (``/- … -/``, doc comments
included), string literals (plain, interpolated ``s!"…"``, raw ``r#"…"#``) and character literals.
``nested=False`` gives a deliberately naive reading (the first ``-/`` closes a comment); the guard
scans both readings, so text that hides code by exploiting comment nesting is seen as code by one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LexResult", "lex"]

_IDENT_CHARS = "_'!?"
# Where something other than plain code may start; everything in between is skipped in one step.
_INTERESTING = re.compile(r"--|/-|\"|'|r[#\"]")


@dataclass(frozen=True, slots=True)
class LexResult:
    """``code``: the text with comments blanked (newlines kept, so offsets and lines stay valid);
    ``code_only``: also with string contents blanked; ``unterminated``: offset of a comment or string
    that never closes (code after it would be invisible to Lean), else ``None``."""

    code: str
    code_only: str
    unterminated: int | None
    unterminated_kind: str = ""


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def lex(text: str, *, nested: bool = True) -> LexResult:
    """Classify ``text``; see :class:`LexResult`."""
    code = list(text)
    code_only = list(text)
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            _blank(code, i, end)
            _blank(code_only, i, end)
            i = end
        elif text.startswith("/-", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if nested and text.startswith("/-", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("-/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            _blank(code, i, j)
            _blank(code_only, i, j)
            if depth:
                return LexResult("".join(code), "".join(code_only), i, "block comment")
            i = j
        elif c == "r" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in _IDENT_CHARS)) and (
            text.startswith('r"', i) or text.startswith("r#", i)
        ):
            j = i + 1
            hashes = 0
            while j < n and text[j] == "#":
                hashes, j = hashes + 1, j + 1
            if j >= n or text[j] != '"':
                i += 1
                continue
            close = '"' + "#" * hashes
            end = text.find(close, j + 1)
            if end < 0:
                _blank(code_only, j + 1, n)
                return LexResult("".join(code), "".join(code_only), i, "raw string")
            _blank(code_only, j + 1, end)
            i = end + len(close)
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                _blank(code_only, i + 1, n)
                return LexResult("".join(code), "".join(code_only), i, "string")
            _blank(code_only, i + 1, j)
            i = j + 1
        elif c == "'" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in _IDENT_CHARS)):
            # character literal 'x' or '\n'; otherwise a stray quote (Lean would reject it)
            if text.startswith("\\", i + 1):
                end = text.find("'", i + 2)
            else:
                end = i + 2 if i + 2 < n and text[i + 2] == "'" else -1
            if 0 < end <= i + 8:
                _blank(code_only, i + 1, end)
                i = end + 1
            else:
                i += 1
        else:
            m = _INTERESTING.search(text, i + 1)
            i = m.start() if m else n
    return LexResult("".join(code), "".join(code_only), None)
