"""The hammer's graph follows the edge convention and replays: its queries re-run on z3 and cvc5, its Lean
statement re-translates; an edited goal, hypothesis or query is rejected."""

from __future__ import annotations

import json

import pytest

from symbolic.bridge import HammerConfig, Outcome, hammer
from symbolic.provenance import EdgeKind, NodeKind, ProvenanceGraph
from symbolic.provenance.replay import replay_graph
from symbolic.smt import available_backends
from symbolic.verdicts import Outcome as ClaimOutcome

pytestmark = pytest.mark.skipif({"z3", "cvc5"} - set(available_backends()), reason="needs z3 and cvc5")

TRUE = ("theorem t (y : ℝ) (f : ℝ → ℝ) (h₀ : ∀ x, f x = 2 * x + 1) (h₁ : y = f 3) : y = 7 := by sorry")
FALSE = ("theorem t (y : ℝ) (f : ℝ → ℝ) (h₀ : ∀ x, f x = 2 * x + 1) (h₁ : y = f 3) : y = 8 := by sorry")
CFG = HammerConfig(timeout=4.0)


def _run(text: str) -> tuple[ProvenanceGraph, object]:
    g = ProvenanceGraph(title="hammer")
    res = hammer(text, config=CFG, graph=g)
    return g, res


def test_graph_runs_from_hypotheses_through_the_query_to_the_goal() -> None:
    g, res = _run(TRUE)
    assert res.outcome is Outcome.PROVED
    goal = g.conclusion
    assert goal is not None and g.node(goal).kind is NodeKind.GOAL and g.g.out_degree(goal) == 0
    assert g.node(goal).status == "proved" and g.node(goal).checker == "smt"
    (query,) = [q for q in g.sources_of(goal) if g.node(q).kind is NodeKind.SMT_QUERY]
    assert g.edges_between(query, goal) is EdgeKind.CHECKED_BY
    (translation,) = g.sources_of(query)[:1]
    hyps = g.sources_of(translation)
    assert {g.node(h).kind for h in hyps} == {NodeKind.HYPOTHESIS} and len(hyps) == 2
    instance = next(n for n in g.nodes(NodeKind.FACT) if n.label == "instance")
    assert g.sources_of(instance.id) == [next(h for h in hyps if g.node(h).label == "h₀")]
    assert g.edges_between(instance.id, query) is EdgeKind.DERIVED_FROM
    scripts = list(g.nodes(NodeKind.TACTIC))
    assert scripts and all(g.edges_between(query, s.id) is EdgeKind.DERIVED_FROM for s in scripts)
    assert all(g.edges_between(s.id, goal) is None for s in scripts)  # no Lean accepted them here
    assert {g.node(r).kind for r in g.roots()} <= {NodeKind.HYPOTHESIS, NodeKind.LEAN_CHECK}


def test_a_proved_and_a_disproved_run_replay(tmp_path) -> None:
    for text, outcome in ((TRUE, Outcome.PROVED), (FALSE, Outcome.DISPROVED)):
        g, res = _run(text)
        assert res.outcome is outcome
        report = replay_graph(ProvenanceGraph.load(g.save(tmp_path / "g.json")))
        assert report.ok, report.first_failure
        assert any(r.claim.checker.value == "smt" for r in report.results)


@pytest.mark.parametrize("edit", ["goal", "hypothesis", "query", "expect"])
def test_edited_hammer_graphs_are_rejected(tmp_path, edit: str) -> None:
    g, _ = _run(TRUE)
    doc = json.loads(g.to_json())
    nodes = {n["id"]: n for n in doc["nodes"]}
    query = next(n for n in doc["nodes"] if n.get("replay"))
    if edit == "goal":
        nodes[doc["conclusion"]]["statement"] = nodes[doc["conclusion"]]["statement"].replace("7", "8")
    elif edit == "hypothesis":
        h = next(n for n in doc["nodes"] if n["kind"] == "hypothesis" and n["statement"].startswith("h₁"))
        h["statement"] = h["statement"].replace("3", "4")
    elif edit == "query":
        query["replay"]["smtlib"] = query["replay"]["smtlib"].replace("(check-sat)", "(assert (> 0 1))\n(check-sat)")
        query["replay"]["expect"] = "sat"
    else:
        query["replay"]["expect"] = "sat"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc))
    report = replay_graph(ProvenanceGraph.load(path))
    assert not report.ok
    assert report.first_failure.node == query["id"]
    assert report.first_failure.claim.outcome is ClaimOutcome.REJECTED
