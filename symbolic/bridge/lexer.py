"""Tokens of Lean 4 statements and goal states (the arithmetic fragment and what surrounds it).

The lexer never fails: a character it does not know becomes a ``sym`` token, so the parser can report the
construct as unsupported by name instead of crashing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["Token", "tokenize"]

# longest first, so that ``:=`` wins over ``:`` and ``<=`` over ``<``
_SYMBOLS = sorted(
    [
        ":=", "->", "\\/", "/\\", "‖", "⌋₊", "⌉₊", "/.", "⁻¹'", "≃", "↦", "<->", "<=", ">=", "!=", "=>", "∃!", "⁻¹", "..", "<;>", "||", "&&",
        "(", ")", "{", "}", "[", "]", "⟨", "⟩", ",", ":", ";", "↑", "+", "-", "*", "/", "%", "^", "∣", "|",
        "=", "≠", "<", "≤", ">", "≥", "∀", "∃", "¬", "∧", "∨", "→", "↔", "⊢", "∑", "∏", "√", "∈", "∉", "•",
        "·", "∘", "≡", "⊆", "∩", "∪", "\\", "!", "'", "@", "#", "$", "⌊", "⌋", "⌈", "⌉", "×", "∫", "⬝",
    ],
    key=len,
    reverse=True,
)
_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ"
KEYWORDS = frozenset({"fun", "λ", "in", "theorem", "lemma", "example", "by", "sorry", "let", "have", "show",
                      "if", "then", "else", "match", "with", "Type", "Sort"})


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``kind`` is ``ident``, ``num``, ``sym`` or ``eof``; ``line``/``column`` are 1-based."""

    kind: str
    text: str
    line: int
    column: int


def _ident_start(ch: str) -> bool:
    if ch == "_" or ch.isalpha():
        return ch not in "λΠΣ"
    cat = unicodedata.category(ch)
    return cat in ("Lu", "Ll", "Lo") or ch in "ℕℤℚℝℂπ"


def _ident_char(ch: str) -> bool:
    return _ident_start(ch) or ch.isdigit() or ch in "_'!?" or ch in _SUBSCRIPTS or ch == "✝"


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; comments (``--`` and ``/- -/``) are skipped; ends with an ``eof`` token."""
    out: list[Token] = []
    i, n, line, col0 = 0, len(text), 1, 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            col0 = i + 1
            i += 1
            continue
        if ch.isspace():
            i += 1
            continue
        if text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/-", i):
            j = text.find("-/", i + 2)
            end = n if j < 0 else j + 2
            line += text.count("\n", i, end)
            last = text.rfind("\n", i, end)
            if last >= 0:
                col0 = last + 1
            i = end
            continue
        col = i - col0 + 1
        if ch.isdigit():
            j = i
            while j < n and text[j].isdigit():
                j += 1
            if j + 1 < n and text[j] == "." and text[j + 1].isdigit():
                j += 1
                while j < n and text[j].isdigit():
                    j += 1
            out.append(Token("num", text[i:j], line, col))
            i = j
            continue
        if text.startswith("ℕ+", i):
            out.append(Token("ident", "ℕ+", line, col))
            i += 2
            continue
        if _ident_start(ch):
            j = i + 1
            while j < n:
                c = text[j]
                if _ident_char(c):
                    j += 1
                elif c == "." and j + 1 < n and _ident_start(text[j + 1]):
                    j += 1  # dotted name such as Real.sqrt or Finset.range
                else:
                    break
            word = text[i:j]
            out.append(Token("ident", word, line, col))
            i = j
            continue
        if (ch == "." and i + 1 < n and text[i + 1].isdigit() and out and i > 0 and not text[i - 1].isspace()
                and (out[-1].kind == "ident" or out[-1].text == ")")):
            j = i + 1
            while j < n and text[j].isdigit():
                j += 1
            out.append(Token("proj", text[i:j], line, col))
            i = j
            continue
        if ch == "." and i + 1 < n and _ident_start(text[i + 1]):
            j = i + 1
            while j < n and _ident_char(text[j]):
                j += 1
            out.append(Token("proj", text[i:j], line, col))  # projection such as (a 3).den
            i = j
            continue
        for s in _SYMBOLS:
            if text.startswith(s, i):
                out.append(Token("sym", s, line, col))
                i += len(s)
                break
        else:
            out.append(Token("sym", ch, line, col))
            i += 1
    out.append(Token("eof", "", line, i - col0 + 1))
    return out
