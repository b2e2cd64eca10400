"""Locate things in Lean source: the import header, theorem declarations, their statements and proofs.

A thin layer over the project's one Lean reader, :mod:`symbolic.bridge.lean_source` (which lexes as Lean
does, so a ``theorem`` inside a comment or a «quoted name» is not a declaration), adding what the Lean
layer needs: one-line user errors and reading a theorem from a file.
"""

from __future__ import annotations

import re
from pathlib import Path

from prover.lean.errors import LeanInputError
from symbolic.bridge import lean_source
from symbolic.bridge.lean_source import Declaration, normalize_statement, split_header

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

_PROOF_TAIL = re.compile(r"\s*:=\s*(?:by(?![\w'])\s*)?(?:sorry\s*)?$")


def without_proof(statement: str) -> str:
    """``statement`` without a trailing ``:= by sorry`` / ``:= sorry`` / ``:= by`` / ``:=`` (token-aware: a
    name ending in ``by`` stays)."""
    return _PROOF_TAIL.sub("", statement.rstrip())


def declarations(text: str) -> list[Declaration]:
    """The ``theorem``/``lemma``/``example`` declarations of ``text``, in order (every declaration, ``def``
    and ``instance`` included: :func:`symbolic.bridge.lean_source.declarations`)."""
    return [d for d in lean_source.declarations(text) if d.is_theorem]


def normalize_header(imports: tuple[str, ...] | list[str]) -> str:
    """Pool key for an import header: deduplicated, sorted, one per line (import order does not change
    the resulting environment)."""
    return "\n".join(sorted({" ".join(i.split()) for i in imports}))


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
    if path.is_dir():
        raise LeanInputError(f"{path}: is a directory, not a Lean file")
    if not path.is_file():
        raise LeanInputError(f"{path}: file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LeanInputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    imports, body = split_header(text)
    return imports, body, find_declaration(body, name, source=str(path))
