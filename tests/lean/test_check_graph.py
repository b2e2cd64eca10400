"""`prover lean check --graph`: the check writes its provenance like every other command (JSON + page), the
proof text feeding the Lean check that backs the theorem; a valid check carries a `lean` replay payload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.cli import main
from prover.commands.lean import check_graph
from prover.lean.verdicts import Verdict, VerificationResult
from symbolic.provenance import EdgeKind, NodeKind, ProvenanceGraph
from symbolic.verdicts import Checker

from .test_cli_doctor import CLEAN, UNSAFE, no_lean  # noqa: F401  (fixture)


def test_a_valid_check_backs_the_theorem_and_can_be_replayed(tmp_path: Path) -> None:
    result = VerificationResult(Verdict.VALID, theorems=("t",), axioms={"t": ("propext",)})
    g = check_graph(tmp_path / "p.lean", CLEAN, result)
    goal = g.node(g.conclusion)
    assert goal.kind is NodeKind.GOAL and goal.statement == "t" and goal.status == "proved" and goal.checker == "lean"
    (check,) = g.sources_of(goal.id)
    assert g.edges_between(check, goal.id) is EdgeKind.CHECKED_BY
    assert g.node(check).replay == {"checker": "lean", "source": CLEAN}
    (proof,) = g.sources_of(check)
    assert g.node(proof).kind is NodeKind.PROOF and g.node(proof).lean == CLEAN
    assert g.edges_between(proof, check) is EdgeKind.DERIVED_FROM


def test_a_guard_rejection_claims_nothing(tmp_path: Path) -> None:
    result = VerificationResult(Verdict.REJECTED_UNSAFE, checker=Checker.GUARD, theorems=("t",), detail="x")
    g = check_graph(tmp_path / "p.lean", UNSAFE, result)
    assert g.node(g.conclusion).status == "rejected_unsafe" and g.node(g.conclusion).checker is None
    assert all(n.replay is None for n in g.nodes())


@pytest.mark.parametrize(("text", "verdict"), [(CLEAN, "lean_unavailable"), (UNSAFE, "rejected_unsafe")])
def test_the_command_writes_json_and_page(no_lean: Path, capsys: pytest.CaptureFixture[str], text: str,  # noqa: F811
                                          verdict: str) -> None:
    f = no_lean / "p.lean"
    f.write_text(text, encoding="utf-8")
    assert main(["lean", "check", str(f), "--json", "--graph", str(no_lean / "g.json")]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == verdict and Path(doc["html"]).is_file()
    g = ProvenanceGraph.load(doc["graph"])
    assert g.node(g.conclusion).status == verdict
