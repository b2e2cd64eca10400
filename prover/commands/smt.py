"""``prover smt``: decide SMT-LIB2 problems with z3, cvc5, a portfolio of both, or AquaForte.

``prover smt solve FILE.smt2 [--solver z3|cvc5|portfolio|crosscheck|aquaforte] [--timeout S]
[--llm URL|local] [--graph OUT.json] [--json]`` prints the answer (sat / unsat / unknown with a reason);
``--json`` prints one JSON document on stdout. ``prover smt solvers`` lists the installed backends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from prover.errors import UserError
from prover.output import check_seconds, emit_json, output_file, read_text

app = typer.Typer(help="SMT solving: z3, cvc5, portfolio, cross-check and AquaForte.", no_args_is_help=True)
err = Console(stderr=True)

SOLVERS = ("z3", "cvc5", "portfolio", "crosscheck", "aquaforte")


@contextlib.contextmanager
def _llm_proposer(spec: str) -> Iterator[Any]:
    """An LLM proposer from ``prover.llm`` for ``spec`` (a base URL or ``local``), built only when asked."""
    try:
        from prover.llm.aquaforte import make_aquaforte_proposer
        from prover.llm.endpoint import open_client
        from prover.llm.settings import LLMSettings
    except ImportError as exc:
        raise UserError(f"--llm {spec}: the LLM layer is not available ({exc}); run without --llm to use "
                        "the template proposer") from None
    settings = LLMSettings(_env_file=None, base_url=None if spec == "local" else spec)  # type: ignore[call-arg]
    with open_client(settings) as client:
        yield make_aquaforte_proposer(client)


@app.command("solve")
def solve(
    file: Annotated[Path, typer.Argument(help="SMT-LIB2 script with one check-sat.")],
    solver: Annotated[str, typer.Option("--solver", help=f"One of {', '.join(SOLVERS)}.")] = "portfolio",
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds for the whole solve.")] = 10.0,
    llm: Annotated[str | None, typer.Option("--llm", help="AquaForte proposer: an OpenAI-compatible base URL "
                                            "or 'local' for the embedded model (default: templates).")] = None,
    graph: Annotated[Path | None, typer.Option("--graph", help="AquaForte: write the provenance graph (JSON) "
                                               "here and its page beside it (.html).")]
    = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")] = False,
) -> None:
    """Decide FILE and print sat / unsat / unknown (with the reason)."""
    if solver not in SOLVERS:
        raise UserError(f"--solver {solver!r}: expected one of {', '.join(SOLVERS)}")
    if llm is not None and solver != "aquaforte":
        raise UserError("--llm only applies to --solver aquaforte")
    check_seconds(timeout, "--timeout")
    if graph is not None:
        output_file(graph, "--graph")
    text = read_text(file, "SMT-LIB file")
    from symbolic.smt import SolverUnavailable

    try:
        doc = _solve(text, str(file), solver, timeout, llm, graph)
    except SolverUnavailable as exc:
        raise UserError(str(exc)) from None
    doc["file"] = str(file)
    if json_out:
        emit_json(doc)
    else:
        line = doc["status"] + (f" ({doc['reason']})" if doc.get("reason") else "")
        typer.echo(line)
        err.print(f"{file}: {line} by {doc.get('decided_by') or doc.get('solver')} in {doc['seconds']:.2f} s")
        for name, definition in (doc.get("definitions") or {}).items():
            err.print(f"  {definition}" if definition else name)


def _solve(text: str, source: str, solver: str, timeout: float, llm: str | None,
           graph: Path | None) -> dict[str, Any]:
    if solver != "aquaforte":
        from symbolic.smt import check_smtlib

        res = check_smtlib(text, solver=solver, timeout=timeout, source=source, strict=False, require_check_sat=True)
        return res.to_json()
    from symbolic.aquaforte import AquaForte, AquaForteConfig

    config = AquaForteConfig(timeout=timeout)
    with contextlib.ExitStack() as stack:
        proposer = stack.enter_context(_llm_proposer(llm)) if llm else None
        result = AquaForte(proposer, config).solve_text(text, source=source)
    doc = result.to_json()
    doc["solver"] = "aquaforte"
    doc["proposer"] = "llm" if llm else "templates"
    if graph is not None and result.graph is not None:
        from symbolic.provenance import write_graph

        files = write_graph(result.graph, graph)
        doc["graph"], doc["html"] = str(files.json), str(files.html)
    return doc


@app.command("solvers")
def solvers(json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False) -> None:
    """List the installed solver backends."""
    from symbolic.smt import available_backends

    names = available_backends()
    if json_out:
        emit_json({"backends": names, "modes": [*names, "portfolio", "crosscheck", "aquaforte"]})
    else:
        typer.echo("\n".join(names) if names else "no SMT solver installed (pip install z3-solver cvc5)")
