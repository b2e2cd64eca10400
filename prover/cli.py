"""The ``prover`` command line.

Every command that produces results accepts ``--json``: one JSON document on stdout, human output on stderr.
User errors (bad files, bad text) print one line to stderr and exit with status 2, never a traceback.
Sub-command groups live in :mod:`prover.commands`, one module each, imported only when present so a group
whose optional dependencies are missing does not break the rest.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from prover.errors import UserError
from prover.output import emit_json, error_document, output_file
from symbolic.errors import InputError

app = typer.Typer(
    name="prover",
    help="Neuro-symbolic theorem proving for Lean 4: search, SMT, Generative Logic, provenance graphs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Export provenance graphs.", no_args_is_help=True)
app.add_typer(export_app, name="export")

# name -> module holding a `app: typer.Typer`; registered when the module exists.
SUBCOMMAND_MODULES: dict[str, str] = {
    "lean": "prover.commands.lean",
    "llm": "prover.commands.llm",
    "smt": "prover.commands.smt",
    "gl": "prover.commands.gl",
    "progress": "prover.commands.progress",
    "hammer": "prover.commands.hammer",
    "batch": "prover.commands.batch",
    "replay": "prover.commands.replay",
    "prove": "prover.commands.prove",
}

err = Console(stderr=True, soft_wrap=True)


@app.command()
def doctor(json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False) -> None:
    """Report Python, solver and Lean versions, and what to do next."""
    from prover.doctor import collect_report, render_report

    report = collect_report()
    if json_out:
        emit_json(report)
    else:
        render_report(report, Console())


@export_app.command("html")
def export_html(
    graph: Annotated[Path, typer.Argument(help="Provenance graph JSON file.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output HTML file.")],
    title: Annotated[str | None, typer.Option(help="Page title.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Export a provenance graph as one self-contained offline HTML page."""
    from symbolic.provenance import ProvenanceGraph, write_html

    output_file(out, "-o")
    g = ProvenanceGraph.load(graph)
    write_html(g, out, title=title)
    if json_out:
        emit_json({"graph": str(graph), "html": str(out), "nodes": g.number_of_nodes()})
    else:
        err.print(f"wrote {out} ({g.number_of_nodes()} nodes)")


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("out/demo"),
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Run the main job on the embedded default problems and write provenance graphs and HTML."""
    from prover.demo import run_demo

    summary = run_demo(out, console=err)
    if json_out:
        emit_json(summary)


def _register_subcommands() -> None:
    for name, module_name in SUBCOMMAND_MODULES.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # group not present in this build
            raise
        app.add_typer(module.app, name=name)


_register_subcommands()


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: user errors become one line on stderr and exit status 2 (with ``--json``,
    also one JSON error document on stdout, so a caller parsing stdout always gets a document)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        code = app(args=args, standalone_mode=False)
    except (UserError, InputError) as exc:
        return _fail(str(exc), 2, args)
    except OSError as exc:  # a path the command could not read or write
        what = exc.strerror or type(exc).__name__
        return _fail(f"{exc.filename}: {what.lower()}" if exc.filename else what, 2, args)
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        return _fail("aborted", 130, args)
    except Exception as exc:  # click's usage errors (typer vendors click) carry their own exit code
        show, exit_code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(exit_code, int):
            show()
            if "--json" in args:
                fmt = getattr(exc, "format_message", None)
                emit_json(error_document(fmt() if callable(fmt) else str(exc), exit_code))
            return exit_code
        raise
    return code if isinstance(code, int) else 0


def _fail(message: str, code: int, args: list[str]) -> int:
    err.print(f"error: {message}", markup=False, highlight=False)
    if "--json" in args:
        emit_json(error_document(message, code))
    return code


if __name__ == "__main__":
    sys.exit(main())
