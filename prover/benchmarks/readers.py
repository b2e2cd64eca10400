"""Reading benchmark files: JSONL rows and Lean files with an import header, each failure a :class:`RowError`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prover.benchmarks.problem import BenchmarkError, RowError
from symbolic.bridge.lexer import tokenize

__all__ = ["jsonl_rows", "split_lean_file", "text_field"]

_DECLARATIONS = frozenset({"theorem", "lemma", "example", "def"})


def jsonl_rows(path: Path) -> Iterator[tuple[str, dict[str, Any] | RowError]]:
    """``(where, row)`` for each non-blank line; a line that is not a JSON object yields a :class:`RowError`."""
    if not path.is_file():
        raise BenchmarkError(f"{path}: benchmark file not found")
    with path.open(encoding="utf-8") as fh:
        for k, line in enumerate(fh, start=1):
            where = f"{path}:{k}"
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield where, RowError(where, f"not JSON ({exc.msg})")
                continue
            if not isinstance(row, dict):
                yield where, RowError(where, f"expected a JSON object, got {type(row).__name__}")
                continue
            yield where, row


def text_field(row: dict[str, Any], where: str, *names: str, required: bool = True) -> str | RowError | None:
    """The first present string field among ``names``; a RowError naming the field when required and absent."""
    for name in names:
        value = row.get(name)
        if isinstance(value, str) and value.strip():
            return value
    if not required:
        return None
    return RowError(where, f"missing or empty field {' / '.join(repr(n) for n in names)}",
                    row.get("name") if isinstance(row.get("name"), str) else None)


def split_lean_file(text: str) -> tuple[str, str, str] | None:
    """``(header, statement, declared name)`` of a Lean file holding one declaration, or None when there is none.

    The declaration is found with the bridge's Lean lexer (comments and strings are not mistaken for it).
    """
    tokens = tokenize(text)
    starts = [0]
    for k, ch in enumerate(text):
        if ch == "\n":
            starts.append(k + 1)
    for i, tok in enumerate(tokens):
        if tok.kind == "ident" and tok.text in _DECLARATIONS and tok.column == 1:
            offset = starts[tok.line - 1]
            name = tokens[i + 1].text if i + 1 < len(tokens) and tokens[i + 1].kind == "ident" else ""
            return text[:offset], text[offset:].strip() + "\n", name
    return None
