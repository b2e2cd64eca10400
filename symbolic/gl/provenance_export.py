"""Export GL proofs as provenance graphs (one graph per theorem, or all theorems in one graph).

Nodes: the theorem as a GOAL; premises and the induction step as HYPOTHESIS; every witness, congruence and rule
firing as a GL_INFERENCE (``rule`` = the clause or tag, ``block`` = the case); each case's closing step as a
GL_INFERENCE that CLOSES the goal through a PROOF node checked by ``gl-replay``. Edges run from a source to the
step derived from it.
"""

from __future__ import annotations

from typing import Any

from symbolic.gl.facts import Fact, Tag
from symbolic.gl.render import element_terms, formula_text, lean_formula
from symbolic.gl.theory import Theory
from symbolic.provenance import EdgeKind, NodeKind, ProvenanceGraph

__all__ = ["fact_text", "theorem_graph", "theorems_graph"]


def fact_text(f: Fact, names: dict[int, str], theory: Theory) -> str:
    """A fact as readable text over the elements' defining terms."""
    n = [names.get(a, f"e{a}") for a in f.args]
    if f.pred == "=":
        return f"{n[0]} = {n[1]}"
    if f.pred == "⊥":
        return "⊥"
    fs = theory.functions.get(f.pred)
    if fs is not None:
        if fs.infix:
            return f"{n[0]} {fs.infix} {n[1]} = {n[2]}"
        return f"{f.pred}({', '.join(n[:-1])}) = {n[-1]}"
    return f"{f.pred}[{', '.join(n)}]"


def _add_theorem(g: ProvenanceGraph, th: Any, theory: Theory, prefix: str) -> str:
    goal = g.add_node(NodeKind.GOAL, f"{th.name}: {formula_text(th.statement.formula, theory)}",
                      id=f"{prefix}goal", lean=lean_formula(th.statement.formula, theory), status="proved")
    proof = g.add_node(NodeKind.PROOF, f"{th.name} ({th.proof.kind}"
                       + (f" on {th.proof.var})" if th.proof.kind == "induction" else ")"),
                       id=f"{prefix}proof", status="proved", checker=th.checker)
    for bp in th.proof.cases:
        names = element_terms(bp, theory)
        ids: dict[int, str] = {}
        block = f"{th.name}/{bp.case}"
        for f in bp.facts:
            nid = f"{prefix}{bp.case}:{f.id}"
            text = fact_text(f, names, theory)
            srcs = [ids[s] for s in f.sources if s in ids]
            if f.tag in (Tag.HYP, Tag.INDUCTION):
                g.add_node(NodeKind.HYPOTHESIS, text, id=nid, rule=f.tag, block=block)
            else:
                rule = f.rule or f.tag
                g.add_node(NodeKind.GL_INFERENCE, text, id=nid, rule=f"{f.tag}:{rule}" if f.rule else rule,
                           block=block, sources=srcs)
            for s in srcs:
                g.add_edge(s, nid, EdgeKind.DERIVED_FROM)
            ids[f.id] = nid
        close = f"{prefix}{bp.case}:goal"
        srcs = [ids[s] for s in bp.goal.sources if s in ids]
        g.add_node(NodeKind.GL_INFERENCE, f"{bp.case} case closed", id=close, rule="goal", block=block,
                   sources=srcs)
        for s in srcs:
            g.add_edge(s, close, EdgeKind.DERIVED_FROM)
        g.add_edge(close, proof, EdgeKind.DERIVED_FROM)
    g.add_edge(proof, goal, EdgeKind.CLOSES)
    return goal


def theorem_graph(th: Any, theory: Theory) -> ProvenanceGraph:
    """The provenance graph of one theorem."""
    g = ProvenanceGraph(title=f"GL proof of {th.name}", meta={"theory": theory.name, "checker": th.checker})
    _add_theorem(g, th, theory, "")
    return g


def theorems_graph(theorems: list[Any], theory: Theory, title: str = "") -> ProvenanceGraph:
    """All theorems of a run in one graph (node ids prefixed by the theorem's name)."""
    g = ProvenanceGraph(title=title or f"GL theorems of {theory.name}", meta={"theory": theory.name})
    for th in theorems:
        _add_theorem(g, th, theory, f"{th.name}/")
    return g
