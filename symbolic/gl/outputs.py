"""Writing a run's results: theorem list (JSON and text), one provenance graph + HTML page per theorem, an
index page, and the Lean 4 file. Written after every run, including runs stopped by a budget."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from symbolic.gl.lean_export import to_lean
from symbolic.gl.provenance_export import theorem_graph
from symbolic.gl.render import formula_text, lean_name
from symbolic.gl.theory import Theory

__all__ = ["result_document", "write_outputs"]


def result_document(theory: Theory, result: Any, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The run as one JSON-ready document."""
    return {
        "theory": theory.name,
        "source": theory.source,
        "stopped": result.stopped,
        "proved": len(result.theorems),
        "unproved": list(result.unproved),
        "rejected": dict(result.rejected),
        "theorems": [
            {"name": t.name, "statement": formula_text(t.statement.formula, theory), "proof": t.proof.kind,
             "induction_on": t.proof.var or None, "steps": t.proof.steps(), "checker": t.checker.value}
            for t in result.theorems],
        "stats": {k: round(v, 4) if isinstance(v, float) else v for k, v in result.stats.items()},
        **(extra or {}),
    }


def write_outputs(out: str | Path, theory: Theory, result: Any, extra: dict[str, Any] | None = None,
                  html: bool = True) -> dict[str, str]:
    """Write everything under ``out``; return the paths written by role."""
    from symbolic.provenance import IndexEntry, write_graph, write_index

    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    doc = result_document(theory, result, extra)
    paths = {"json": str(d / "theorems.json"), "text": str(d / "theorems.txt"),
             "lean": str(d / f"{lean_name(theory.name)}.lean")}
    (d / "theorems.json").write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    lines = [f"{t['name']}: {t['statement']}    [{t['proof']}{' on ' + t['induction_on'] if t['induction_on'] else ''},"
             f" {t['steps']} steps, {t['checker']}]" for t in doc["theorems"]]
    (d / "theorems.txt").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    Path(paths["lean"]).write_text(to_lean(theory, result.theorems), encoding="utf-8")
    if html:
        gdir = d / "graphs"
        gdir.mkdir(exist_ok=True)
        entries = []
        cited = {}
        for t in result.theorems:  # emission order: a proof cites only earlier theorems
            write_graph(theorem_graph(t, theory, cited), gdir / f"{t.name}.json")
            cited[t.name] = t.statement
            entries.append(IndexEntry(t.name, f"graphs/{t.name}.html", "proved",
                                      formula_text(t.statement.formula, theory)))
        write_index(entries, d / "index.html", title=f"GL theorems of {theory.name}")
        paths["index"] = str(d / "index.html")
    return paths
