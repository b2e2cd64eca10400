"""``prover replay GRAPH.json [--json] [--html OUT.html] [--timeout S]``: re-check every node of a saved
provenance graph that carries a replay payload, each with an independent checker (GL replay rebuilt from
statements; z3 and cvc5 on the recorded SMT-LIB query; Lean on the recorded source where a toolchain exists).

Exit status: 0 when every checked node re-checks, 1 when one does not (the first is named: refuted before
unrunnable), 2 for bad input (a missing, truncated or older-schema file, an unknown checker).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(help="Re-check a saved provenance graph with independent checkers.",
                  invoke_without_command=True, context_settings={"allow_interspersed_args": True})
err = Console(stderr=True, soft_wrap=True)


@app.callback()
def replay_command(
    graph: Annotated[Path, typer.Argument(help="Provenance graph JSON file.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write the page with failed nodes marked.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds per check.")] = 10.0,
) -> None:
    """Replay GRAPH and report the first node that does not re-check."""
    from prover.cli import emit_json
    from symbolic.provenance import ProvenanceGraph, write_html
    from symbolic.provenance.replay import register_replayer, replay_graph
    from symbolic.verdicts import Checker

    g = ProvenanceGraph.load(graph)
    register_replayer(Checker.LEAN, replay_lean_node)
    register_replayer(Checker.LEAN_TACTIC, replay_lean_node)
    report = replay_graph(g, timeout=timeout, source=str(graph))
    if html is not None:
        write_html(g, html, replay=report)
    doc = report.to_json()
    if html is not None:
        doc["html"] = str(html)
    if json_out:
        emit_json(doc)
    first = report.first_failure
    if not report.results:
        err.print(f"{graph}: nothing to replay (no node carries a replay payload)", markup=False)
    elif first is None:
        err.print(f"{graph}: ok, {len(report.results)} nodes re-checked in {report.seconds:.2f} s", markup=False)
    else:
        c = first.claim
        why = c.reason.value if c.reason else c.outcome.value
        err.print(f"{graph}: node {first.node} does not re-check ({c.checker.value if c.checker else '-'}, {why}): "
                  f"{c.detail}", markup=False, highlight=False)
    if not report.ok:
        raise typer.Exit(1)
    sys.stdout.flush()


def replay_lean_node(graph: object, node_id: str, timeout: float) -> list:
    """Re-check a ``lean`` payload's source with Lean; no toolchain is ``unknown(unavailable)``, never ok."""
    from prover.commands.lean import check_with_lean
    from prover.lean.verdicts import Verdict
    from symbolic.verdicts import Checker, Claim, Outcome, Reason

    payload = graph.node(node_id).replay or {}  # type: ignore[attr-defined]
    source = payload.get("source")
    if not isinstance(source, str) or not source.strip():
        return [(node_id, Claim(Outcome.REJECTED, Checker.LEAN, detail="lean payload without 'source'"))]
    result = check_with_lean(source, None, payload.get("theorem"), timeout)
    if result.verdict is Verdict.VALID:
        return [(node_id, Claim(Outcome.PROVED, Checker.LEAN, detail="valid again"))]
    if result.verdict in (Verdict.LEAN_UNAVAILABLE, Verdict.REPL_ERROR, Verdict.TIMEOUT):
        reason = {Verdict.LEAN_UNAVAILABLE: Reason.UNAVAILABLE, Verdict.TIMEOUT: Reason.TIMEOUT}.get(
            result.verdict, Reason.CRASH)
        return [(node_id, Claim(Outcome.UNKNOWN, Checker.LEAN, reason, f"{result.verdict.value}: {result.detail}"))]
    return [(node_id, Claim(Outcome.REJECTED, Checker.LEAN, detail=f"{result.verdict.value}: {result.detail}"))]
