"""The `prover` command line: help, export, doctor, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from prover.cli import main
from tests.provenance.test_graph import sample_graph


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_command_groups() -> None:
    proc = subprocess.run([sys.executable, "-m", "prover.cli", "--help"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0
    for group in ("doctor", "export", "demo", "lean", "llm", "progress"):
        assert group in proc.stdout


def test_export_html_writes_a_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = sample_graph().save(tmp_path / "g.json")
    code, out, _ = run(["export", "html", str(graph), "-o", str(tmp_path / "g.html"), "--json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["nodes"] == 8
    assert "cytoscape" in (tmp_path / "g.html").read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        ("{not json", "not valid JSON"),
        ('{"schema_version": 2, "nodes": [{"id": "a", "kind": "lemma", "statement": "s"}], "edges": []}',
         "unknown kind 'lemma'"),
        ('{"schema_version": 1, "nodes": [], "edges": []}', "unsupported schema_version 1"),
        ('{"schema_version": 2, "nodes": [{"id": "a", "kind": "fact", "statement": "s"', "not valid JSON"),
        ('{"schema_version": 2, "nodes": [{"id": "a", "kind": "fact", "statement": "s", '
         '"replay": {"checker": "oracle"}}], "edges": []}', "unknown checker 'oracle'"),
    ],
)
def test_bad_graph_files_give_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  content: str | None, message: str) -> None:
    path = tmp_path / "g.json"
    if content is not None:
        path.write_text(content)
    code, out, err = run(["export", "html", str(path), "-o", str(tmp_path / "o.html")], capsys)
    assert code == 2
    assert out == ""
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and message in lines[0] and str(path) in lines[0]
    assert "Traceback" not in err


def test_doctor_reports_missing_lean_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import lean_available

    code, out, _ = run(["doctor", "--json"], capsys)
    assert code == 0
    report = json.loads(out)
    assert report["python"].startswith("3.")
    assert report["packages"]["z3-solver"]["version"]
    if not lean_available():
        assert report["lean_found"] is False
        assert any("no Lean toolchain" in s and "elan" in s for s in report["next_steps"])


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["frobnicate"], capsys)
    assert code == 2
    assert "No such command" in err


def test_public_names_are_pinned() -> None:
    import symbolic.logic
    import symbolic.provenance

    assert set(symbolic.provenance.__all__) == {
        "ROOT_KINDS", "SCHEMA_VERSION", "EdgeKind", "EdgeModel", "GraphDocument", "GraphError", "GraphFiles",
        "IndexEntry", "NodeKind", "NodeModel", "ProvenanceGraph", "edge_problem", "layered_layout", "render_html",
        "write_graph", "write_html", "write_index"}
    for name in ("Term", "parse_term", "to_text", "substitute", "unify", "match", "alpha_normalize", "var"):
        assert name in symbolic.logic.__all__
    for name in symbolic.logic.__all__ + symbolic.provenance.__all__:
        assert hasattr(symbolic.logic, name) or hasattr(symbolic.provenance, name)
