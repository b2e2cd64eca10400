"""Tokenizer for MPL theory and target files; every token carries its line and column (1-based)."""

from __future__ import annotations

from dataclasses import dataclass

from symbolic.errors import ParseError
from symbolic.limits import check_numeral

__all__ = ["Token", "tokenize"]

# multi-character punctuation first; unicode connectives map to their ASCII spelling
_MULTI = ("->", "=>", "!=", "..", "<=", ">=", "==", "/\\")
_UNICODE = {"∀": "forall", "∃": "exists", "¬": "not", "∧": "and", "⇒": "->", "→": "->", "≠": "!=",
            "×": ","}
_SINGLE = set("()[]{},.:;=+*-/%<>^@#$&|~!")


@dataclass(frozen=True)
class Token:
    kind: str  # "ident", "int", "punct", "eof"
    text: str
    line: int
    column: int

    def __str__(self) -> str:
        return "end of input" if self.kind == "eof" else repr(self.text)


def tokenize(text: str, source: str = "<input>") -> list[Token]:
    """Split ``text`` into tokens; ``#`` and ``--`` start comments running to the end of the line."""
    out: list[Token] = []
    line, col, i, n = 1, 1, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line, col, i = line + 1, 1, i + 1
            continue
        if c.isspace():
            i, col = i + 1, col + 1
            continue
        if c == "#" or text.startswith("--", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in _UNICODE:
            word = _UNICODE[c]
            out.append(Token("ident" if word.isalpha() else "punct", word, line, col))
            i, col = i + 1, col + 1
            continue
        if c.isalpha() or c == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "_'"):
                j += 1
            out.append(Token("ident", text[i:j], line, col))
            col += j - i
            i = j
            continue
        if "0" <= c <= "9":
            j = i + 1
            while j < n and "0" <= text[j] <= "9":
                j += 1
            out.append(Token("int", check_numeral(text[i:j], source=source, line=line, column=col), line, col))
            col += j - i
            i = j
            continue
        multi = next((m for m in _MULTI if text.startswith(m, i)), None)
        if multi is not None:
            out.append(Token("punct", "and" if multi == "/\\" else multi, line, col))
            i, col = i + len(multi), col + len(multi)
            continue
        if c in _SINGLE:
            out.append(Token("punct", c, line, col))
            i, col = i + 1, col + 1
            continue
        raise ParseError(f"unexpected character {c!r}", source=source, line=line, column=col,
                         expected="a name, a number or punctuation")
    out.append(Token("eof", "", line, col))
    return out
