"""Locate things in Lean source: the import header, theorem declarations, their statements and proofs.

Works on the lexer's code view (comments and strings blanked), so a ``theorem`` inside a comment is not
a declaration and ``:=`` inside a string does not end a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from prover.lean.errors import LeanInputError
from prover.lean.lexer import lex

__all__ = [
    "Declaration",
    "declarations",
    "find_declaration",
    "normalize_header",
    "normalize_statement",
    "split_header",
    "theorem_from_file",
    "without_proof",
]

_DECL_RE = re.compile(r"(?<![\w.'])(theorem|lemma|example)(?![\w'])")
_NAME_RE = re.compile(r"\s+([^\s:({\[⦃]+)")
_OPEN = "([{⦃⟨"
_CLOSE = ")]}⦄⟩"
_COMMAND_START = re.compile(
    r"^(?:theorem|lemma|example|def|abbrev|instance|structure|class|inductive|namespace|section|end|open|"
    r"set_option|variable|noncomputable|private|protected|@\[|#|attribute|macro|syntax|notation|axiom)\b",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Declaration:
    """A ``theorem``/``lemma``/``example``: its name (``None`` for examples), statement text (from the
    keyword to just before ``:=``), proof text (after ``:=``), and where it starts (offset, 1-based line)."""

    keyword: str
    name: str | None
    statement: str
    proof: str
    start: int
    end: int
    line: int

    @property
    def signature(self) -> str:
        """The statement without the keyword and name: binders and type (``(x : ℕ) : x = x``)."""
        head = self.keyword + (f" {self.name}" if self.name else "")
        return self.statement.strip()[len(head) :].strip() if self.statement.strip().startswith(head) else self.statement


_PROOF_TAIL = re.compile(r"\s*:=\s*(?:by(?![\w'])\s*)?(?:sorry\s*)?$")


def without_proof(statement: str) -> str:
    """``statement`` without a trailing ``:= by sorry`` / ``:= sorry`` / ``:= by`` / ``:=`` (token-aware: a
    name ending in ``by`` stays)."""
    return _PROOF_TAIL.sub("", statement.rstrip())


def split_header(text: str) -> tuple[tuple[str, ...], str]:
    """Split source into its ``import`` lines and the rest (the REPL needs imports in a fresh env)."""
    view = lex(text).code
    lines = text.split("\n")
    vlines = view.split("\n")
    imports: list[str] = []
    body_start = 0
    for i, vl in enumerate(vlines):
        s = vl.strip()
        if not s:
            continue
        if s.startswith("import "):
            imports.extend(f"import {m}" for m in s[len("import ") :].split())
            body_start = i + 1
            continue
        break
    return tuple(imports), "\n".join(lines[body_start:])


def normalize_header(imports: tuple[str, ...] | list[str]) -> str:
    """Pool key for an import header: deduplicated, sorted, one per line (import order does not change
    the resulting environment)."""
    return "\n".join(sorted({" ".join(i.split()) for i in imports}))


_REAL_PI = re.compile(r"(?<![\w'.])Real\.pi(?![\w'])")
_BIG_OP_IN = re.compile(r"([∑∏]\s*[^,∈]*?)\s+in\s+")


def normalize_statement(statement: str) -> str:
    """Statement text with comments removed and whitespace collapsed, for comparing two statements.

    The deprecated big-operator binder ``∑ k in s, f k`` is rewritten to ``∑ k ∈ s, f k``: Mathlib
    elaborates both to the same term, and older and newer benchmark versions differ only in this. Likewise
    ``Real.pi`` and its notation ``π``.
    """
    text = _BIG_OP_IN.sub(r"\1 ∈ ", " ".join(lex(statement).code.split()))
    return _REAL_PI.sub("π", text)


def _statement_end(view: str, start: int) -> int:
    """Offset of the ``:=`` that ends the statement beginning at ``start`` (bracket depth 0)."""
    depth = 0
    i = start
    while i < len(view):
        c = view[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and view.startswith(":=", i):
            return i
        elif depth == 0 and view.startswith("|", i) and view[i - 1] == "\n":
            return i  # equation-compiler style: theorem f : T\n| pat => …
        i += 1
    return -1


def declarations(text: str) -> list[Declaration]:
    """All ``theorem``/``lemma``/``example`` declarations in ``text``, in order."""
    view = lex(text).code
    found: list[Declaration] = []
    for m in _DECL_RE.finditer(view):
        keyword = m.group(1)
        name = None
        pos = m.end()
        if keyword != "example":
            nm = _NAME_RE.match(view, pos)
            if not nm:
                continue
            name = nm.group(1)
            pos = nm.end()
        stop = _statement_end(view, pos)
        if stop < 0:
            continue
        nxt = _COMMAND_START.search(view, stop + 2)
        end = nxt.start() if nxt else len(text)
        proof_start = stop + 2 if view.startswith(":=", stop) else stop
        found.append(
            Declaration(
                keyword=keyword,
                name=name,
                statement=text[m.start() : stop].rstrip(),
                proof=text[proof_start:end].strip("\n"),
                start=m.start(),
                end=end,
                line=text.count("\n", 0, m.start()) + 1,
            )
        )
    return found


def find_declaration(text: str, name: str | None = None, *, source: str = "<text>") -> Declaration:
    """The theorem called ``name`` (or the last theorem/lemma when ``name`` is ``None``)."""
    decls = declarations(text)
    if name is None:
        named = [d for d in decls if d.keyword != "example"] or decls
        if not named:
            raise LeanInputError(f"{source}: no theorem, lemma or example found")
        return named[-1]
    hits = [d for d in decls if d.name == name]
    if not hits:
        raise LeanInputError(f"{source}: no theorem named {name!r}")
    if len(hits) > 1:
        raise LeanInputError(f"{source}: theorem {name!r} is declared {len(hits)} times")
    return hits[0]


def theorem_from_file(path: Path, name: str | None = None) -> tuple[tuple[str, ...], str, Declaration]:
    """``(imports, text after the imports, declaration)`` of theorem ``name`` in a Lean file."""
    if not path.is_file():
        raise LeanInputError(f"{path}: file not found")
    text = path.read_text(encoding="utf-8")
    imports, body = split_header(text)
    return imports, body, find_declaration(body, name, source=str(path))
