"""Provenance graphs: building, JSON round trip, and clear errors on corrupted files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symbolic.provenance import EdgeKind, GraphError, NodeKind, ProvenanceGraph


def sample_graph() -> ProvenanceGraph:
    g = ProvenanceGraph(title="sample", meta={"problem": "p1"})
    h = g.add_node(NodeKind.HYPOTHESIS, "h : x = 2", lean="(h : x = 2)")
    goal = g.add_node(NodeKind.GOAL, "x + 1 = 3", lean="x + 1 = 3")
    p = g.add_node(NodeKind.PROPOSAL, "subst h; norm_num", model="gemma-3-270m", prompt_id="tac-1", logprob=-1.5)
    t = g.add_node(NodeKind.TACTIC, "subst h; norm_num")
    q = g.add_node(NodeKind.SMT_QUERY, "x = 2 ∧ ¬(x + 1 = 3)", solver="z3", logic="LIA", result="unsat",
                   seconds=0.01)
    gl = g.add_node(NodeKind.GL_INFERENCE, "s(a)+0 = s(a)", rule="add_zero", block="b0", sources=["ax1"])
    c = g.add_node(NodeKind.LEAN_CHECK, "theorem …", verdict="valid", messages=[])
    root = g.add_node(NodeKind.PROOF, "proof of x + 1 = 3", status="proved", custom={"depth": 1})
    g.add_edge(p, t, EdgeKind.PROPOSED_BY)
    g.add_edge(h, t)
    g.add_edge(t, root)
    g.add_edge(gl, root)
    g.add_edge(c, root, EdgeKind.CHECKED_BY)
    g.add_edge(q, goal, EdgeKind.CHECKED_BY)
    g.add_edge(root, goal, EdgeKind.CLOSES)
    g.conclude(goal)
    return g


def test_json_round_trip_keeps_every_field(tmp_path: Path) -> None:
    g = sample_graph()
    path = g.save(tmp_path / "g.json")
    back = ProvenanceGraph.load(path)
    assert back.title == "sample" and back.meta == {"problem": "p1"}
    assert {n.id: n for n in back.nodes()} == {n.id: n for n in g.nodes()}
    assert sorted((e.source, e.target, e.kind) for e in back.edges()) == sorted(
        (e.source, e.target, e.kind) for e in g.edges())
    assert back.node("n3").logprob == -1.5
    assert back.node("n8").extra == {"custom": {"depth": 1}}
    assert back.to_json() == g.to_json()


def test_support_is_everything_a_node_depends_on() -> None:
    g = sample_graph()
    assert g.support("n8") == {"n1", "n3", "n4", "n6", "n7", "n8"}
    assert g.support("n2") == {"n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8"}
    assert set(g.roots()) == {"n1", "n3", "n5", "n6", "n7"}
    assert g.conclusion == "n2" and ProvenanceGraph.from_json(g.to_json()).conclusion == "n2"


def test_required_fields_per_kind() -> None:
    g = ProvenanceGraph()
    with pytest.raises(GraphError, match="needs field 'model'"):
        g.add_node(NodeKind.PROPOSAL, "simp")
    with pytest.raises(GraphError, match="unknown node kind 'lemma'"):
        g.add_node("lemma", "x")


def test_edges_must_name_existing_nodes() -> None:
    g = ProvenanceGraph()
    a = g.add_node("fact", "a")
    with pytest.raises(GraphError, match="unknown node 'zz'"):
        g.add_edge(a, "zz")


def _write(tmp_path: Path, doc: object) -> Path:
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    return p


def _doc() -> dict:
    return json.loads(sample_graph().to_json())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["edges"].append({"source": "n8", "target": "n4", "kind": "derived-from"}), "cycle"),
        (lambda d: d["edges"].append({"source": "n8", "target": "n1", "kind": "derived-from"}),
         "a hypothesis is a root"),
        (lambda d: d["edges"].append({"source": "n4", "target": "n6", "kind": "closes"}), "must end at a goal"),
        (lambda d: d.update(conclusion="n8"), "must be a sink"),
        (lambda d: d.update(schema_version=1), "unsupported schema_version 1 (this reader understands 2"),
        (lambda d: d["nodes"][7].update(replay={"checker": "oracle"}), "unknown checker 'oracle'"),
        (lambda d: d["nodes"][7].update(checker="oracle"), "unknown checker 'oracle'"),
        (lambda d: d["edges"].append({"source": "n1", "target": "ghost", "kind": "derived-from"}),
         "missing node 'ghost'"),
        (lambda d: d["nodes"][0].update(kind="lemma"), "unknown kind 'lemma'"),
        (lambda d: d["edges"][0].update(kind="implies"), "unknown kind 'implies'"),
        (lambda d: d.update(schema_version=99), "unsupported schema_version 99"),
        (lambda d: d.pop("schema_version"), "unsupported schema_version None"),
        (lambda d: d["nodes"].append(dict(d["nodes"][0])), "duplicate node id 'n1'"),
        (lambda d: d["nodes"][2].pop("model"), "needs field 'model'"),
        (lambda d: d["nodes"][0].pop("statement"), "node #0 field 'statement'"),
    ],
)
def test_corrupted_files_fail_with_a_clear_message(tmp_path: Path, mutate, message: str) -> None:
    d = _doc()
    mutate(d)
    path = _write(tmp_path, d)
    with pytest.raises(GraphError) as info:
        ProvenanceGraph.load(path)
    text = str(info.value)
    assert message in text
    assert text.startswith(str(path))
    assert "\n" not in text


def test_edges_follow_the_justification_convention() -> None:
    g = sample_graph()
    with pytest.raises(GraphError, match="a hypothesis is a root"):
        g.add_edge("n4", "n1")
    with pytest.raises(GraphError, match="'closes' must end at a goal, not a tactic"):
        g.add_edge("n8", "n4", EdgeKind.CLOSES)
    with pytest.raises(GraphError, match="'checked-by' must start at an smt-query or lean-check, not a tactic"):
        g.add_edge("n4", "n6", EdgeKind.CHECKED_BY)
    with pytest.raises(GraphError, match="'proposed-by' must start at a proposal, not a hypothesis"):
        g.add_edge("n1", "n6", EdgeKind.PROPOSED_BY)
    ax = g.add_node(NodeKind.AXIOM, "ax : forall x. x = x")
    fact = g.derive(NodeKind.FACT, "2 = 2", [ax, None], rule="ax")
    assert g.sources_of(fact) == [ax] and g.edges_between(ax, fact) == EdgeKind.DERIVED_FROM
    g.add_edge(fact, "n2", EdgeKind.DERIVED_FROM)
    g.conclude("n4")
    with pytest.raises(GraphError, match="conclusion 'n4' must be a sink"):
        g.validate()


def test_not_json_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match=r"bad.json:1:2: not valid JSON"):
        ProvenanceGraph.load(_write(tmp_path, "{oops"))
    with pytest.raises(GraphError, match="file not found"):
        ProvenanceGraph.load(tmp_path / "nope.json")


def test_merge_prefixes_ids() -> None:
    a, b = sample_graph(), sample_graph()
    mapping = a.merge(b, prefix="b/")
    assert mapping["n1"] == "b/n1"
    assert a.number_of_nodes() == 16
    a.validate()
