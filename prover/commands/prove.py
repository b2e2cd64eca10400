"""``prover prove``: search for a proof of the theorems of a Lean file (or of one ``--statement``).

``prover prove FILE.lean [--theorem NAME]`` (a ``.jsonl`` of ``formal_statement`` rows works too) or
``prover prove --statement "theorem … := by sorry"``. A live line on stderr shows expansions, open states and
the best score. ``--out DIR`` writes, per theorem, the result JSON, the provenance graph, its HTML page and the
proof (``NAME.lean``; a text the final check did not accept goes to ``NAME.candidate.lean``); nothing is
written elsewhere. ``--json`` prints one JSON document on stdout. Exit status:
0 when every theorem is proved, 1 otherwise, 2 on bad input.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from prover.errors import UserError

app = typer.Typer(help="Search for a proof (best-first, whole-proof, sketch, hammer-first).",
                  invoke_without_command=True, context_settings={"allow_interspersed_args": True})
err = Console(stderr=True)

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def load_theorems(file: Path | None, statement: str | None, name: str | None) -> list[Any]:
    """The theorems to prove, from a .lean file, a .jsonl of statements, or one statement."""
    from prover.lean.statements import declarations
    from prover.search import Theorem
    from prover.search.environment import DEFAULT_HEADER

    if (file is None) == (statement is None):
        raise UserError("give exactly one of FILE or --statement")
    if statement is not None:
        decls = declarations(statement if ":=" in statement else statement + " := by sorry")
        if not decls:
            raise UserError("--statement: no theorem, lemma or example in the text")
        return [Theorem(decls[0].name or name or "statement", statement, DEFAULT_HEADER)]
    assert file is not None
    if not file.is_file():
        raise UserError(f"{file}: no such file")
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".jsonl":
        from prover.benchmarks.problem import RowError
        from prover.benchmarks.readers import jsonl_rows, text_field

        out = []
        for where, row in jsonl_rows(file):
            stmt = row if isinstance(row, RowError) else text_field(row, where, "formal_statement", "statement")
            if isinstance(stmt, RowError):
                raise UserError(str(stmt))
            assert isinstance(row, dict) and isinstance(stmt, str)
            out.append(Theorem(str(row.get("name", where)), stmt, str(row.get("header") or DEFAULT_HEADER)))
        chosen = [t for t in out if name is None or t.name == name]
    else:
        decls = declarations(text)
        if not decls:
            raise UserError(f"{file}: no theorem, lemma or example found")
        header = text[: decls[0].start]
        chosen = [Theorem(d.name or f"example_{d.line}", d.statement, header) for d in decls
                  if name is None or d.name == name]
    if not chosen:
        raise UserError(f"{file}: no theorem named {name!r}")
    return chosen


def write_outputs(out: Path, result: Any) -> dict[str, str]:
    """The result's files under ``out`` (names from the theorem's, made safe for file systems)."""
    from symbolic.provenance import write_html

    stem = _SAFE.sub("_", result.theorem) or "theorem"
    out.mkdir(parents=True, exist_ok=True)
    paths = {"result": out / f"{stem}.json", "graph": out / f"{stem}.graph.json", "html": out / f"{stem}.html"}
    paths["result"].write_text(json.dumps(result.to_json(graph=False), indent=2, default=str), encoding="utf-8")
    result.graph.save(paths["graph"])
    write_html(result.graph, paths["html"], title=f"search: {result.theorem}")
    if result.proof is not None:
        paths["proof"] = out / f"{stem}.lean"
        paths["proof"].write_text(result.proof, encoding="utf-8")
    elif result.candidate is not None:  # closed every goal, but the check did not accept it: not a proof
        paths["candidate"] = out / f"{stem}.candidate.lean"
        paths["candidate"].write_text(result.candidate, encoding="utf-8")
    return {k: str(v) for k, v in paths.items()}


@app.callback()
def prove_command(
    file: Annotated[Path | None, typer.Argument(help="A .lean file, or a JSONL of formal statements.")] = None,
    theorem: Annotated[str | None, typer.Option("--theorem", "-t", help="Only the theorem with this name.")] = None,
    statement: Annotated[str | None, typer.Option("--statement", "-s", help="One Lean statement.")] = None,
    env: Annotated[str, typer.Option(help="lean, symbolic or auto.")] = "auto",
    strategy: Annotated[str, typer.Option(help="best-first, whole-proof, sketch or hammer-first.")] = "best-first",
    llm: Annotated[str, typer.Option(help="none, local (embedded model) or an OpenAI-compatible base URL.")] = "none",
    llm_format: Annotated[str | None, typer.Option(help="Prompt format of the LLM (default: from the model name; see prover.llm.formats).")] = None,
    budget: Annotated[float, typer.Option(help="Seconds per theorem.")] = 60.0,
    max_expansions: Annotated[int, typer.Option(help="Expansions per theorem.")] = 200,
    lean_backend: Annotated[str, typer.Option(help="repl or leandojo.")] = "repl",
    predictor: Annotated[bool, typer.Option(help="Use the progress predictor (off by default: it has not yet shown a gain in the search).")] = False,
    heuristics: Annotated[bool, typer.Option(help="Use the heuristic score terms.")] = True,
    out: Annotated[Path | None, typer.Option(help="Write results, graphs, HTML and proofs here.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Search for proofs of FILE's theorems (or of --statement)."""
    from pydantic import ValidationError

    from prover.search import SearchConfig, prove

    try:
        config = SearchConfig(env=env, strategy=strategy, llm=llm, llm_format=llm_format, budget_s=budget, max_expansions=max_expansions,
                              lean_backend=lean_backend, use_predictor=predictor, use_heuristics=heuristics)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise UserError(f"--{'-'.join(str(p) for p in first['loc']).replace('_', '-')}: {first['msg']}") from None
    theorems = load_theorems(file, statement, theorem)
    docs = []
    proved = 0
    for thm in theorems:
        result = _run_live(thm, config, prove)
        proved += result.proved
        doc = result.to_json(graph=False)
        if out is not None:
            doc["files"] = write_outputs(out, result)
        docs.append(doc)
        c = result.claim
        err.print(f"[bold]{thm.name}[/bold]: {c.outcome.value}"
                  f"{' (' + c.checker.value + ')' if c.checker else ''}{' [' + c.reason.value + ']' if c.reason else ''}"
                  f" {c.detail}  {result.stats.get('expansions', 0)} expansions, {result.stats.get('seconds', 0):.1f} s",
                  markup=True, highlight=False)
        if result.proof is not None and not json_out:
            typer.echo(result.proof)
        if result.proof is not None and not result.lean_checked:
            err.print("  note: this proof text was not checked by Lean", highlight=False)
    if json_out:
        from prover.cli import emit_json

        emit_json({"results": docs, "proved": proved, "total": len(theorems)})
    if proved < len(theorems):
        raise typer.Exit(1)


def _run_live(thm: Any, config: Any, prove: Any) -> Any:
    """``prove`` with a live status line (expansions, open states, best score) on a terminal."""
    if not err.is_terminal:
        return prove(thm, config)
    with err.status(f"{thm.name}: starting") as status:
        def show(p: dict[str, Any]) -> None:
            best = "—" if p.get("best") is None else f"{p['best']:.2f}"
            status.update(f"{thm.name}: {p['expansions']} expansions · {p['open']} open · best {best}")

        return prove(thm, config, on_progress=show)
