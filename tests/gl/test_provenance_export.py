from __future__ import annotations

from symbolic.gl import theorem_graph, theorems_graph
from symbolic.provenance import NodeKind, ProvenanceGraph, write_html


def test_theorem_graph_has_the_proof_spine(peano, quick_result, tmp_path):
    th = next(t for t in quick_result.theorems if t.name == "add_comm")
    g = theorem_graph(th, peano)
    kinds = {n.kind for n in g.nodes()}
    assert {NodeKind.GOAL, NodeKind.PROOF, NodeKind.GL_INFERENCE, NodeKind.HYPOTHESIS} <= kinds
    steps = sum(len(c.facts) for c in th.proof.cases)
    assert g.number_of_nodes() == steps + len(th.proof.cases) + 2
    inferences = list(g.nodes(NodeKind.GL_INFERENCE))
    assert any(n.rule and n.rule.startswith("rule:") for n in inferences)
    saved = g.save(tmp_path / "g.json")
    again = ProvenanceGraph.load(saved)
    assert again.number_of_nodes() == g.number_of_nodes()
    page = write_html(g, tmp_path / "g.html")
    assert "add_comm" in page.read_text()


def test_all_theorems_graph(peano, quick_result):
    g = theorems_graph(quick_result.theorems, peano)
    assert len(list(g.nodes(NodeKind.GOAL))) == len(quick_result.theorems)
