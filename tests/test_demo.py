"""`prover demo` writes one graph and page per problem plus an index, and counts what was proved."""

from __future__ import annotations

import json
from pathlib import Path

from prover.demo import run_demo
from symbolic.provenance import ProvenanceGraph


def test_demo_gl_section_writes_graphs_pages_and_index(tmp_path: Path) -> None:
    summary = run_demo(tmp_path, sections=["gl"])
    assert summary["total"] == 13 and summary["proved"] == 13
    for item in summary["items"]:
        assert item["checker"] == "gl-replay"
        g = ProvenanceGraph.load(tmp_path / item["graph"])
        assert g.number_of_nodes() > 1
        assert (tmp_path / item["html"]).read_text().startswith("<!DOCTYPE html>")
    index = (tmp_path / "index.html").read_text()
    assert index.count("<tr>") == 14  # header + 13 rows
    assert json.loads((tmp_path / "summary.json").read_text())["proved"] == 13


def test_neural_sources_carry_the_import_header() -> None:
    from prover.demo import NEURAL_PROBLEMS, neural_source

    src = neural_source(NEURAL_PROBLEMS[1]["statement"], "linarith")
    assert src.startswith("import Mathlib\n")
    assert src.rstrip().endswith("theorem demo_linear (x : ℝ) (h₀ : 2 * x + 3 = 7) : x = 2 := by\n  linarith")
