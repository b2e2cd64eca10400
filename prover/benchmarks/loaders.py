"""Loaders of miniF2F, ProofNet and the project's demo set from local files.

- miniF2F: a folder of ``*.lean`` files (one ``theorem … := by sorry`` each, with its import header; the
  yangky11/miniF2F-lean4 layout ``Valid/``, ``Test/``) or the DeepSeek JSONL (``name, split, header,
  formal_statement, goal``).
- ProofNet: the DeepSeek JSONL with splits (names repeat across books: each row's book is recovered from the
  rahul3613/ProofNet-lean4 file when it is beside it, by name suffix, statement, then header) or the
  rahul3613 file itself (``source`` is the book, no split: split ``all``).
- demo: ``data/problems/demo.jsonl`` (``name, split, category, header, formal_statement, expect, twin_of``).

Every loader returns a :class:`LoadedBenchmark`: rows it cannot read are :class:`RowError` values, never an
exception, so a batch records them and goes on; a missing file or folder is a :class:`BenchmarkError`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from prover.benchmarks.problem import BenchmarkError, LoadedBenchmark, Problem, RowError, category_of
from prover.benchmarks.readers import jsonl_rows, split_lean_file, text_field

__all__ = ["load_demo", "load_jsonl", "load_lean_dir", "load_proofnet", "proofnet_books"]

DEMO_SET = Path(__file__).resolve().parents[2] / "data" / "problems" / "demo.jsonl"


def load_lean_dir(folder: Path, *, benchmark: str, split: str) -> LoadedBenchmark:
    """Every ``*.lean`` file of ``folder`` (sorted by name), one problem each."""
    if not folder.is_dir():
        raise BenchmarkError(f"{folder}: benchmark folder not found")
    out = LoadedBenchmark(benchmark)
    files = sorted(folder.glob("*.lean"))
    if not files:
        raise BenchmarkError(f"{folder}: no .lean files")
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            out.errors.append(RowError(str(path), f"unreadable ({exc})", path.stem))
            continue
        parts = split_lean_file(text)
        if parts is None:
            out.errors.append(RowError(str(path), "no theorem in the file", path.stem))
            continue
        header, statement, declared = parts
        name = declared or path.stem
        out.add(Problem(benchmark, split, name, statement, header, category=category_of(name)), str(path))
    return out


def load_jsonl(path: Path, *, benchmark: str, split: str | None = None, default_split: str = "all",
               categories: bool = True, dedupe: bool = True) -> LoadedBenchmark:
    """A JSONL of statements (``name``, ``formal_statement``, optional ``split``, ``header``, ``goal``,
    ``source``); rows of other splits are skipped when ``split`` is given. ``dedupe=False`` keeps repeated
    keys (for a caller that completes the key first)."""
    out = LoadedBenchmark(benchmark)
    for where, row in jsonl_rows(path):
        if isinstance(row, RowError):
            out.errors.append(row)
            continue
        problem = _problem(row, where, benchmark, default_split, categories)
        if isinstance(problem, RowError):
            out.errors.append(problem)
        elif split is None or problem.split == split:
            if dedupe:
                out.add(problem, where)
            else:
                out.problems.append(problem)
    return out


def _problem(row: dict[str, Any], where: str, benchmark: str, default_split: str,
             categories: bool) -> Problem | RowError:
    name = text_field(row, where, "name")
    statement = text_field(row, where, "formal_statement", "statement")
    for value in (name, statement):
        if isinstance(value, RowError):
            return value
    assert isinstance(name, str) and isinstance(statement, str)
    header = row.get("header") if isinstance(row.get("header"), str) else ""
    split = row.get("split") if isinstance(row.get("split"), str) and row["split"] else default_split
    source = str(row.get("source") or "").removesuffix(".lean")
    category = row.get("category") if isinstance(row.get("category"), str) else (
        category_of(name) if categories else source)
    expect = row.get("expect") if row.get("expect") in ("true", "false") else None
    goal = row.get("goal") if isinstance(row.get("goal"), str) else None
    return Problem(benchmark, str(split), name, statement, str(header), source, str(category), goal, expect)


def proofnet_books(rahul_path: Path) -> dict[str, list[tuple[str, str]]]:
    """From the rahul3613 file: exercise name (without the book prefix) → [(book, normalized statement)]."""
    by_name: dict[str, list[tuple[str, str]]] = {}
    for _where, row in jsonl_rows(rahul_path):
        if isinstance(row, RowError) or not isinstance(row.get("name"), str) or not isinstance(
                row.get("source"), str):
            continue
        book = row["source"].removesuffix(".lean")
        prefix = book.replace("-", "_") + "_"
        short = row["name"].removeprefix(prefix) if row["name"].startswith(prefix) else row["name"]
        by_name.setdefault(short, []).append((book, _normal(str(row.get("formal_statement", "")), row["name"])))
    return by_name


def _normal(statement: str, name: str) -> str:
    """Whitespace-collapsed statement with its own name and trailing ``:= sorry``/``:= by sorry`` removed."""
    words = statement.replace(name, "NAME", 1).split()
    while words and words[-1] in ("sorry", "by", ":="):
        words.pop()
    return " ".join(words)


def load_proofnet(path: Path, *, split: str | None = None) -> LoadedBenchmark:
    """ProofNet from a JSONL; DeepSeek rows get their book from the rahul3613 file beside ``path``."""
    loaded = load_jsonl(path, benchmark="proofnet", split=None, categories=False, dedupe=False)
    rahul = path.parent / "proofnet_lean4_v4.20.jsonl"
    if loaded.problems and not loaded.problems[0].source and rahul.is_file() and rahul != path:
        loaded = _with_books(loaded, rahul)
    else:
        loaded = _deduplicated(loaded)
    if split is not None:
        loaded = LoadedBenchmark(loaded.name, [p for p in loaded.problems if p.split == split], loaded.errors)
    return loaded


def _deduplicated(loaded: LoadedBenchmark) -> LoadedBenchmark:
    out = LoadedBenchmark(loaded.name, errors=list(loaded.errors))
    for row, p in enumerate(loaded.problems, start=1):
        out.add(p, f"{loaded.name} row {row}")
    return out


def _with_books(loaded: LoadedBenchmark, rahul: Path) -> LoadedBenchmark:
    by_name = proofnet_books(rahul)
    books: list[str | None] = []
    header_votes: dict[str, Counter[str]] = {}
    for p in loaded.problems:
        cands = by_name.get(p.name, [])
        names = {b for b, _ in cands}
        if len(names) != 1:
            match = {b for b, s in cands if s == _normal(p.statement, p.name)}
            names = match if len(match) == 1 else set()
        book = next(iter(names)) if names else None
        books.append(book)
        if book:
            header_votes.setdefault(p.header, Counter())[book] += 1
    out = LoadedBenchmark(loaded.name, errors=list(loaded.errors))
    for row, (p, book) in enumerate(zip(loaded.problems, books, strict=True), start=1):
        if book is None:
            cands = {b for b, _ in by_name.get(p.name, [])}
            votes = header_votes.get(p.header, Counter())
            guess = [b for b, _ in votes.most_common() if not cands or b in cands]
            book = guess[0] if guess else f"row{row}"
        out.add(Problem(p.benchmark, p.split, p.name, p.statement, p.header, book, book, p.goal, p.expect),
                f"proofnet row {row}")
    return out


def load_demo(path: Path = DEMO_SET) -> LoadedBenchmark:
    """The project's own problem set (``split`` demo)."""
    if not path.is_file():
        raise BenchmarkError(f"{path}: the demo problem set is missing from this checkout")
    return load_jsonl(path, benchmark="demo", default_split="demo")

