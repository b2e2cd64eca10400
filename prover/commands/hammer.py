"""``prover hammer``: decide an arithmetic Lean statement with the SMT hammer and print the Lean script.

``prover hammer FILE.lean`` (every theorem of the file; a ``.jsonl`` file with ``formal_statement`` rows works
too) or ``prover hammer --statement "theorem … := by sorry"`` (also a goal state with ``⊢``). With ``--json``
one JSON document goes to stdout; human output goes to stderr. Scripts are reconstructed, not Lean-checked
(verdict ``not_checked``). With ``--lean`` each script is checked by Lean in order until one is accepted; Lean's
verdict is reported per script, and the outcome is ``proved`` with checker ``lean`` only when Lean accepted one
(``unknown`` when it accepted none, whatever the SMT solver said).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from prover.errors import UserError
from prover.output import check_seconds, emit_json, output_file, read_text
from prover.search.environment import DEFAULT_HEADER  # the miniF2F header, for statements given without one
from symbolic.bridge.lean_source import declarations, theorem_start
from symbolic.limits import iter_json_lines

app = typer.Typer(help="SMT hammer for arithmetic Lean goals (translate, solve, reconstruct a script).",
                  invoke_without_command=True,
                  # a group with a positional FILE: let options follow it (`prover hammer FILE --json`)
                  context_settings={"allow_interspersed_args": True})
err = Console(stderr=True)



def _problems(path: Path) -> list[tuple[str, str]]:
    """(name, text) pairs from a .lean file (one per declaration) or a JSONL of statements."""
    text = read_text(path, "file of statements")
    if path.suffix == ".jsonl":
        out = []
        for k, row in iter_json_lines(text.splitlines(), source=str(path)):
            if not isinstance(row, dict):
                raise UserError(f"{path}:{k}: expected a JSON object with 'formal_statement'")
            stmt = row.get("formal_statement") or row.get("statement")
            if not isinstance(stmt, str):
                raise UserError(f"{path}:{k}: row without 'formal_statement' or 'statement'")
            out.append((str(row.get("name", f"row{k}")), stmt))
        return out
    starts = [d.start for d in declarations(text) if d.is_theorem]
    if not starts:
        return [(path.stem, text)]
    ends = [*starts[1:], len(text)]
    return [(f"{path.stem}#{i + 1}", text[a:b]) for i, (a, b) in enumerate(zip(starts, ends, strict=True))]


@app.callback()
def hammer_command(
    file: Annotated[Path | None, typer.Argument(help="A .lean file or a JSONL of statements.")] = None,
    statement: Annotated[str | None, typer.Option("--statement", "-s", help="Lean statement or goal state.")] = None,
    solver: Annotated[str, typer.Option(help="z3, cvc5 or portfolio.")] = "portfolio",
    timeout: Annotated[float, typer.Option(help="Seconds per problem.")] = 10.0,
    provenance: Annotated[Path | None, typer.Option(help="Write the provenance graph JSON here.")] = None,
    lean: Annotated[bool, typer.Option("--lean", help="Check the scripts with Lean (needs a toolchain).")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Run the hammer on FILE or on --statement."""
    from symbolic.bridge import HammerConfig, hammer

    if (file is None) == (statement is None):
        raise UserError("give exactly one of FILE or --statement")
    if solver not in ("z3", "cvc5", "portfolio"):
        raise UserError(f"--solver {solver!r}: expected z3, cvc5 or portfolio")
    check_seconds(timeout, "--timeout")
    if provenance is not None:
        output_file(provenance, "--provenance")  # before the run: a finished result is never lost to the path
    problems = [("statement", statement)] if statement is not None else _problems(file)  # type: ignore[arg-type]
    graph = None
    if provenance is not None:
        from symbolic.provenance import ProvenanceGraph

        graph = ProvenanceGraph(title="hammer")
    cfg = HammerConfig(solver=solver, timeout=timeout)
    header = DEFAULT_HEADER
    if file is not None and file.suffix == ".lean":
        text = read_text(file, "Lean file")
        first = theorem_start(text)
        header = text[:first] if first else DEFAULT_HEADER
    checker, pool = _lean_checker(header) if lean else (None, None)
    results: list[dict[str, Any]] = []
    try:
        for name, text in problems:
            res = hammer(text, name=name, config=cfg, graph=graph, source=name, checker=checker)
            results.append(res.to_json())
            backed = f" (checker {res.checker.value})" if res.checker else ""
            err.print(f"[bold]{name}[/bold]: {res.outcome.value}{backed} {res.detail} ({res.seconds:.2f} s)",
                      markup=True, highlight=False)
            if lean:
                for k, (c, v) in enumerate(zip(res.scripts, res.verdicts, strict=True), start=1):
                    err.print(f"  script {k} ({c.closer}): Lean {v.value}", markup=False)
            if res.script and not json_out:
                sys.stdout.write(res.script + "\n\n")
            elif res.rejected and not res.scripts:
                err.print(f"  no script offered ({res.rejected[0]['checker']}): {res.rejected[0]['problems'][0]}",
                          markup=False)
            if res.model and not json_out:
                err.print(f"  counter-model: {res.model}")
    finally:
        if pool is not None:
            pool.close()
    if graph is not None:
        from symbolic.provenance import write_graph

        files = write_graph(graph, provenance)
        err.print(f"provenance graph: {files.json} (page: {files.html})")
    if json_out:
        emit_json({"results": results})


def _lean_checker(header: str) -> tuple[Any, Any]:
    """A checker ``lean_source -> verdict`` over a REPL pool (prover.lean), and the pool to close."""
    try:
        from prover.lean.settings import LeanSettings, open_pool
        from prover.lean.verify import verify_source

        pool = open_pool(LeanSettings())
    except Exception as exc:  # no toolchain, no project: the user asked for Lean, so say why not
        raise UserError(f"--lean: cannot start Lean ({type(exc).__name__}: {exc}); see `prover lean doctor`") from exc

    def check(source: str) -> str:
        return verify_source(header + "\n" + source + "\n", pool).verdict.value

    return check, pool
