"""`prover replay`: every payload re-checked by an independent checker; tampered, unrunnable and bad input each
say which node or file and why, and only a fully re-checked graph exits 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.cli import main
from symbolic.aquaforte import AquaForte, AquaForteConfig
from symbolic.logic import INT, gt, lt, var
from symbolic.provenance import EdgeKind, NodeKind, ProvenanceGraph
from symbolic.provenance.replay import replay_graph
from symbolic.smt import Status, available_backends, check_sat
from symbolic.verdicts import Outcome, Reason
from tests.aquaforte.conftest import OWN

pytestmark = pytest.mark.skipif({"z3", "cvc5"} - set(available_backends()), reason="needs z3 and cvc5")
c = var("c", INT)


def smt_graph(assertions, title: str = "smt") -> ProvenanceGraph:
    res = check_sat(assertions, solver="portfolio", timeout=5)
    g = ProvenanceGraph(title=title)
    h = g.add_node(NodeKind.HYPOTHESIS, "c > 2 and c < 1")
    q = g.derive(NodeKind.SMT_QUERY, "hypotheses", [h], solver=res.solver, result=res.status.value,
                 checker=res.checker.value, replay=res.replay_payload())
    goal = g.add_node(NodeKind.GOAL, "false", status="proved" if res.status is Status.UNSAT else "open",
                      checker="smt")
    g.add_edge(q, goal, EdgeKind.CHECKED_BY)
    g.conclude(goal)
    return g


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_replay_of_a_sound_graph_exits_0_and_writes_a_page(tmp_path: Path, capsys) -> None:
    path = smt_graph([gt(c, 2), lt(c, 1)]).save(tmp_path / "g.json")
    code, out, _ = run(["replay", str(path), "--json", "--html", str(tmp_path / "g.html")], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["ok"] and doc["checked"] == 1 and doc["nodes"][0]["checker"] == "smt"
    assert "unsat again" in doc["nodes"][0]["detail"] and "z3 unsat" in doc["nodes"][0]["detail"]
    assert '"replayed":"ok"' in (tmp_path / "g.html").read_text()


def test_a_query_that_no_longer_gives_its_answer_is_named_and_exits_1(tmp_path: Path, capsys) -> None:
    g = smt_graph([gt(c, 2), lt(c, 1)])
    doc = json.loads(g.to_json())
    q = next(n for n in doc["nodes"] if n.get("replay"))
    q["replay"]["smtlib"] = q["replay"]["smtlib"].replace("(< c 1)", "(< c 10)")
    path = tmp_path / "g.json"
    path.write_text(json.dumps(doc))
    assert "(< c 10)" in path.read_text()
    code, _, err = run(["replay", str(path), "--html", str(tmp_path / "g.html")], capsys)
    assert code == 1 and f"node {q['id']} does not re-check" in err and "re-run gives sat" in err
    assert '"replayed":"failed"' in (tmp_path / "g.html").read_text()


def test_a_missing_solver_is_reported_by_node_and_never_ok(monkeypatch) -> None:
    import symbolic.smt.replay as smt_replay

    monkeypatch.setattr(smt_replay, "available_backends", lambda: ["z3"])
    report = replay_graph(smt_graph([gt(c, 2), lt(c, 1)]))
    first = report.first_failure
    assert not report.ok and first is not None and first.claim.outcome is Outcome.UNKNOWN
    assert first.claim.reason is Reason.UNAVAILABLE and "cvc5 not installed" in first.claim.detail


def test_a_claim_without_payload_and_an_unknown_checker_are_refused(tmp_path: Path, capsys) -> None:
    g = ProvenanceGraph(title="bare")
    g.add_node(NodeKind.GOAL, "1 = 1", status="proved", checker="smt")
    report = replay_graph(g)
    assert not report.ok and "carries no replay payload" in report.first_failure.claim.detail
    doc = json.loads(g.to_json())
    doc["nodes"][0]["replay"] = {"checker": "oracle"}
    (tmp_path / "u.json").write_text(json.dumps(doc))
    code, out, err = run(["replay", str(tmp_path / "u.json")], capsys)
    assert code == 2 and out == "" and "unknown checker 'oracle'" in err and len(err.strip().splitlines()) == 1


def test_lean_payloads_without_a_toolchain_are_unchecked_not_ok(tmp_path: Path, capsys) -> None:
    g = ProvenanceGraph(title="lean")
    src = "theorem t : 1 + 1 = 2 := by norm_num"
    lc = g.add_node(NodeKind.LEAN_CHECK, src, verdict="valid", checker="lean", replay={"checker": "lean",
                                                                                       "source": src})
    goal = g.add_node(NodeKind.GOAL, "1 + 1 = 2", status="proved", checker="lean")
    g.add_edge(lc, goal, EdgeKind.CHECKED_BY)
    path = g.save(tmp_path / "l.json")
    code, out, _ = run(["replay", str(path), "--json"], capsys)
    doc = json.loads(out)
    assert code == 1 and not doc["ok"] and doc["first_failure"]["outcome"] == "unknown"
    assert doc["first_failure"]["reason"] == "unavailable" and doc["first_failure"]["node"] == lc


def test_an_aquaforte_run_replays(tmp_path: Path) -> None:
    res = AquaForte(config=AquaForteConfig(timeout=15, race_plain=False, fallback=False)).solve_file(
        OWN / "two_functions.smt2")
    assert res.status is Status.SAT and res.graph.conclusion is not None
    g = ProvenanceGraph.load(res.graph.save(tmp_path / "a.json"))
    report = replay_graph(g)
    assert report.ok, report.first_failure
    decisive = g.sources_of(g.conclusion)
    assert any(g.node(d).replay for d in decisive)  # the final model check is itself replayed
