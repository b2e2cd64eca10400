"""GL provenance: the proof's sources are nodes (axioms, cited theorems, hypotheses), edges run from sources to
what they justify, and a saved graph replays from its own content; an edited graph does not."""

from __future__ import annotations

import json

import pytest

from symbolic.gl import theorem_graph, theorems_graph
from symbolic.provenance import EdgeKind, NodeKind, ProvenanceGraph, write_graph
from symbolic.provenance.replay import replay_graph
from symbolic.verdicts import Outcome


def _graph(quick_result, peano, name):
    cited = {}
    for t in quick_result.theorems:
        if t.name == name:
            return t, theorem_graph(t, peano, cited)
        cited[t.name] = t.statement
    raise AssertionError(name)


def test_theorem_graph_has_the_proof_spine_with_its_sources_as_nodes(peano, quick_result, tmp_path):
    th, g = _graph(quick_result, peano, "add_comm")
    goal, proof = g.node("goal"), g.node("proof")
    assert g.conclusion == "goal" and goal.kind is NodeKind.GOAL and g.g.out_degree("goal") == 0
    assert g.edges_between("proof", "goal") is EdgeKind.CLOSES and g.sources_of("goal") == ["proof"]
    assert proof.checker == "gl-replay" and proof.replay["theorem"] == "add_comm"
    # every case closes into the proof; every step's sources are edges into it
    for bp in th.proof.cases:
        assert g.edges_between(f"{bp.case}:goal", "proof") is EdgeKind.DERIVED_FROM
        for f in bp.facts:
            for s in f.sources:
                assert g.edges_between(f"{bp.case}:{s}", f"{bp.case}:{f.id}") is EdgeKind.DERIVED_FROM
    # cited axioms and theorems are root nodes feeding the steps that fire them
    axioms = {n.label for n in g.nodes(NodeKind.AXIOM) if not n.label.endswith(" is total")}
    cited = {n.label for n in g.nodes(NodeKind.THEOREM)}
    fired = {f.rule for bp in th.proof.cases for f in bp.facts if f.rule and not f.rule.startswith("ih:")}
    assert fired == axioms | cited and "add_zero_comm" in cited
    ax = "axiom:add_succ"
    assert g.node(ax).statement == "add_succ: forall a b : N. a + s(b) = s(a + b)"
    users = list(g.g.successors(ax))
    assert users and all(g.node(u).kind is NodeKind.GL_INFERENCE and g.node(u).rule == "rule:add_succ"
                         for u in users)
    roots = {g.node(r).kind for r in g.roots()}
    assert roots <= {NodeKind.AXIOM, NodeKind.THEOREM, NodeKind.HYPOTHESIS}
    files = write_graph(g, tmp_path / "g.json")
    again = ProvenanceGraph.load(files.json)
    assert again.number_of_nodes() == g.number_of_nodes() and again.conclusion == "goal"
    assert "add_comm" in files.html.read_text()


def test_a_saved_graph_replays_from_its_own_content(peano, quick_result, tmp_path):
    _, g = _graph(quick_result, peano, "succ_add")
    path = g.save(tmp_path / "g.json")
    report = replay_graph(ProvenanceGraph.load(path))
    assert report.ok, report.first_failure
    steps = [n.id for n in g.nodes() if n.replay]
    assert {r.node for r in report.results} >= set(steps)


def _tampered(g, tmp_path, edit):
    doc = json.loads(g.to_json())
    edit(doc)
    p = tmp_path / "tampered.json"
    p.write_text(json.dumps(doc))
    return replay_graph(ProvenanceGraph.load(p))


def test_a_step_whose_conclusion_was_edited_is_rejected_by_name(peano, quick_result, tmp_path):
    """The example found by hand: (s(a)+b) = (b+s(a)) edited to (s(a)+b) = (b+a)."""
    _, g = _graph(quick_result, peano, "succ_add")
    target = next(n for n in g.nodes() if n.kind is NodeKind.GL_INFERENCE and n.statement.count("s(") >= 2
                  and n.replay)
    left, right = target.statement.split(" = ", 1)
    edited = f"{left} = {right.replace('s(a)', 'a', 1)}" if "s(a)" in right else f"{left} = b"
    assert edited != target.statement

    def edit(doc):
        next(n for n in doc["nodes"] if n["id"] == target.id)["statement"] = edited

    report = _tampered(g, tmp_path, edit)
    assert not report.ok and report.first_failure.node == target.id
    assert report.first_failure.claim.outcome is Outcome.REJECTED


@pytest.mark.parametrize("what", ["args", "rule", "theorem statement", "goal text", "axiom text"])
def test_other_edits_are_rejected(peano, quick_result, tmp_path, what):
    _, g = _graph(quick_result, peano, "add_comm")
    rule_step = next(n for n in g.nodes() if n.replay and n.replay.get("tag") == "rule"
                     and not n.replay["rule"].startswith("ih:"))

    def edit(doc):
        nodes = {n["id"]: n for n in doc["nodes"]}
        if what == "args":
            a = nodes[rule_step.id]["replay"]["args"]
            a[-1] = a[0] + 1000
        elif what == "rule":
            nodes[rule_step.id]["replay"]["rule"] = "mul_zero"
        elif what == "theorem statement":
            nodes["proof"]["replay"]["statement"] = "forall a b : N. a + b = a"
        elif what == "goal text":
            nodes["goal"]["statement"] = "add_comm: forall a b : N. a + b = a"
        else:
            nodes["axiom:add_succ"]["statement"] = "add_succ: forall a b : N. a + s(b) = a"

    report = _tampered(g, tmp_path, edit)
    assert not report.ok, what


def test_all_theorems_graph_replays(peano, quick_result):
    g = theorems_graph(quick_result.theorems, peano)
    assert len(list(g.nodes(NodeKind.GOAL))) == len(quick_result.theorems)
    report = replay_graph(g)
    assert report.ok, report.first_failure
    assert sum(1 for r in report.results if g.node(r.node).kind is NodeKind.PROOF) == len(quick_result.theorems)
