"""``prover lean``: check Lean proofs (soundness guard first, then Lean) and set up the Lean toolchain.

Heavy imports stay inside the commands so ``prover --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from prover.output import check_seconds, emit_json, read_text

if TYPE_CHECKING:
    from prover.lean.verdicts import VerificationResult
    from symbolic.provenance import ProvenanceGraph

app = typer.Typer(help="Check Lean 4 proofs and set up Lean.", no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="Lean file (header + theorem with its proof).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    statement_from: Annotated[
        Path | None,
        typer.Option("--statement-from", help="Lean file holding the original theorem, with or without ':= …' "
                     "(imports and opens may precede it); the checked theorem must state exactly this, under "
                     "the same opens."),
    ] = None,
    theorem: Annotated[str | None, typer.Option("--theorem", help="Name of the checked theorem.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds for the proof check.")] = 300.0,
    graph: Annotated[Path | None, typer.Option("--graph", help="Write the provenance graph (JSON) here and its "
                                               "page beside it (.html).")] = None,
) -> None:
    """Print the verdict: valid, sorry, lean_error, timeout, repl_error, rejected_unsafe or lean_unavailable.

    Exit status: 0 valid, 1 any other verdict, 2 bad input (e.g. a missing file).

    With ``--statement-from ORIGINAL.lean`` (e.g. a miniF2F problem file ending in ``:= by sorry``, or just
    ``theorem t (x : ℝ) : 0 ≤ x ^ 2``) the theorem (``--theorem``, else the last one of ORIGINAL) must appear
    once in FILE with the same statement (tokens compared, comments and line breaks ignored) and the same
    ``open`` namespaces before it; anything else is ``rejected_unsafe``.
    """
    from prover.lean.verdicts import Verdict, guard_only

    check_seconds(timeout, "--timeout")
    text = read_text(file, "Lean file")
    original = read_text(statement_from, "statement file") if statement_from else None
    result = guard_only(text, original=original, theorem=theorem)
    if result is None:
        result = check_with_lean(text, original, theorem, timeout)
    doc = {"file": str(file), **result.to_json()}
    if graph is not None:
        from symbolic.provenance import write_graph

        files = write_graph(check_graph(file, text, result), graph)
        doc["graph"], doc["html"] = str(files.json), str(files.html)
    if json_out:
        emit_json(doc)
    else:
        err.print(f"{file}: {result.verdict.value}", markup=False, highlight=False)
        for v in result.violations:
            err.print(f"  {v}", markup=False, highlight=False)
        if result.detail and not result.violations:
            err.print(f"  {result.detail}", markup=False, highlight=False)
    if result.verdict is not Verdict.VALID:
        raise typer.Exit(1)


def check_graph(file: Path, text: str, result: VerificationResult) -> ProvenanceGraph:
    """The check as a provenance graph: the proof text → the Lean check (with a ``lean`` replay payload when
    Lean ran) → the theorems it declares (the conclusion: the first one, or the file)."""
    from prover.lean.verdicts import Verdict
    from symbolic.provenance import EdgeKind, NodeKind, ProvenanceGraph
    from symbolic.verdicts import Checker

    g = ProvenanceGraph(title=f"Lean check of {file.name}", meta={"file": str(file)})
    proof = g.add_node(NodeKind.PROOF, f"proof text of {file.name}", lean=text, label=file.name)
    ran = result.checker in (Checker.LEAN, Checker.LEAN_TACTIC)
    check = g.derive(NodeKind.LEAN_CHECK, f"{result.checker.value}: {result.verdict.value}", [proof],
                     verdict=result.verdict.value, checker=result.checker.value,
                     messages=[str(m.get("data", "")) for m in result.messages] or None,
                     replay={"checker": Checker.LEAN.value, "source": text} if ran else None,
                     detail=result.detail)
    status = "proved" if result.verdict is Verdict.VALID else result.verdict.value
    goals = [g.add_node(NodeKind.GOAL, name, status=status, checker=result.checker.value if ran else None)
             for name in result.theorems] or [g.add_node(NodeKind.GOAL, str(file), status=status)]
    for goal in goals:
        g.add_edge(check, goal, EdgeKind.CHECKED_BY)
    g.conclude(goals[0])
    return g


def check_with_lean(text: str, original: str | None, theorem: str | None, timeout: float) -> VerificationResult:
    """Verify on the real project; no toolchain (or no Lean client extra) is the ``lean_unavailable`` verdict."""
    from prover.lean.errors import LeanUnavailableError
    from prover.lean.verdicts import Verdict, VerificationResult
    from symbolic.verdicts import Checker

    try:
        from prover.lean.settings import LeanSettings, open_pool
        from prover.lean.verify import verify_source
    except ImportError as exc:  # the REPL client (extra [lean]) is not installed
        detail = f"the Lean client is not installed ({exc.name}); pip install 'neurosym-prover[lean]'"
        return VerificationResult(Verdict.LEAN_UNAVAILABLE, checker=Checker.NONE, detail=detail)
    try:
        pool = open_pool(LeanSettings())
    except LeanUnavailableError as exc:
        return VerificationResult(Verdict.LEAN_UNAVAILABLE, checker=Checker.NONE, detail=str(exc))
    try:
        return verify_source(text, pool, original=original, theorem=theorem, timeout_s=timeout)
    finally:
        pool.close()


@app.command()
def setup(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the steps without running them.")] = False,
    project: Annotated[Path | None, typer.Option("--project", help="Lake project directory.")] = None,
) -> None:
    """Install what is missing: elan, the toolchain, Mathlib's cache (verified with --no-build), the REPL."""
    from prover.lean.project import LeanProject
    from prover.lean.settings import LeanSettings
    from prover.lean.setup import run_setup

    root = project or LeanSettings().project_dir
    run_setup(LeanProject(root), dry_run=dry_run, echo=lambda line: err.print(line, markup=False, highlight=False))


@app.command()
def doctor(json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False) -> None:
    """Report Lean tooling versions, pin mismatches and the fix."""
    from prover.lean.doctor import lean_report
    from prover.lean.settings import LeanSettings

    report = lean_report(LeanSettings().project_dir)
    if json_out:
        emit_json(report)
        return
    for key in ("elan", "lake", "lean"):
        err.print(f"{key:8} {report[key]['version'] or 'not found'}", markup=False)
    err.print(f"project  {report['project']['dir']} ({report['project']['toolchain']})", markup=False)
    err.print(f"mathlib  {report['mathlib']['required']} cache={'yes' if report['mathlib']['cache'] else 'no'}", markup=False)
    err.print(f"repl     {report['repl']['required']} binary={report['repl']['binary'] or 'not built'}", markup=False)
    for m in report["mismatches"]:
        err.print(f"mismatch {m['what']}: found {m['found']}, expected {m['expected']}; fix: {m['fix']}", markup=False)
    err.print(f"next     {report['hint']}", markup=False)
