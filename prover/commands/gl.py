"""``prover gl``: run the Generative Logic engine on an MPL theory.

``prover gl run THEORY (--targets FILE | --enumerate) [--workers N] [--time-budget S] --out DIR [--json]``
proves the targets (or enumerates, filters and proves conjectures), replays every proof, and writes the theorem
list, one provenance HTML page per theorem, and a Lean 4 file to ``DIR``. Progress goes to stderr; ``--json``
prints one JSON document on stdout.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from prover.errors import UserError
from prover.output import check_count, check_seconds, emit_json, output_dir

app = typer.Typer(help="Generative Logic: forward deduction over MPL theories.", no_args_is_help=True)


@app.callback()
def main() -> None:
    """Generative Logic: forward deduction over MPL theories."""


@app.command("run")
def run(
    theory: Annotated[Path, typer.Argument(help="Theory file (.mpl).")],
    out: Annotated[Path, typer.Option("--out", help="Output directory.")],
    targets: Annotated[Path | None, typer.Option("--targets", help="Target list (.targets).")] = None,
    enumerate_: Annotated[bool, typer.Option("--enumerate", help="Enumerate and filter conjectures.")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes stepping blocks.")] = 1,
    time_budget: Annotated[float | None, typer.Option("--time-budget", help="Seconds before a clean stop.")] = None,
    memory_budget: Annotated[float | None, typer.Option("--memory-budget", help="Peak MB before a clean stop.")]
    = None,
    max_size: Annotated[int, typer.Option("--max-size", help="Enumeration: function symbols per conjecture.")] = 5,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")] = False,
) -> None:
    """Prove targets (or enumerated conjectures) and write theorems, HTML provenance and Lean 4 source."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from symbolic.gl import GLConfig, load_targets, load_theory, run_theory

    if (targets is None) == (not enumerate_):
        raise UserError("gl run: give exactly one of --targets FILE or --enumerate")
    check_seconds(time_budget, "--time-budget", allow_zero=True)
    check_count(memory_budget, "--memory-budget")
    check_count(max_size, "--max-size")
    output_dir(out, "--out")
    err = Console(stderr=True)
    th = load_theory(theory)
    stmts = load_targets(targets, th) if targets is not None else None
    config = GLConfig(time_budget=time_budget, memory_budget_mb=memory_budget)
    start = time.perf_counter()
    with Progress(TextColumn("[bold]GL[/] {task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("proving", total=len(stmts) if stmts is not None else None)

        def progress(event: dict) -> None:
            if "phase" in event:
                bar.update(task, description=event["phase"], total=event.get("total"), completed=0)
            else:
                bar.update(task, completed=event["proved"], total=event["targets"],
                           description=f"proving (burst {event['burst']}, {event['active']} active blocks)")

        run_out = run_theory(th, stmts, config, workers=workers, enumerate_max_size=max_size, progress=progress)
    from symbolic.gl.outputs import result_document, write_outputs
    from symbolic.gl.render import formula_text

    result, phases = run_out
    extra = {"phases": {k: round(v, 3) for k, v in phases.items()}, "workers": workers,
             "seconds": round(time.perf_counter() - start, 3)}
    paths = write_outputs(out, th, result, extra)
    table = Table(title=f"GL on {th.name}: {len(result.theorems)} proved, {len(result.unproved)} open "
                        f"({result.stopped})")
    table.add_column("theorem")
    table.add_column("statement")
    table.add_column("proof")
    table.add_column("steps", justify="right")
    table.add_column("checker")
    for t in result.theorems:
        table.add_row(t.name, formula_text(t.statement.formula, th), t.proof.kind + (f" on {t.proof.var}" if t.proof.var else ""), str(t.proof.steps()),
                      t.checker.value)
    err.print(table)
    counts = {k: int(result.stats[k]) for k in ("candidates", "survivors") if k in result.stats}
    err.print("phases: " + ", ".join(f"{k} {v:.2f}s" for k, v in phases.items())
              + "".join(f"; {k} {v}" for k, v in counts.items()) + f"; outputs in {out}")
    if json_out:
        doc = result_document(th, result, extra)
        doc["outputs"] = paths
        emit_json(doc)
