"""Export GL proofs as provenance graphs (one graph per theorem, or all theorems in one graph).

Nodes: the theorem as a GOAL (the graph's conclusion); the axioms and earlier theorems a proof cites as AXIOM and
THEOREM nodes; premises, the induction step and the induction hypothesis as HYPOTHESIS; every witness,
congruence and rule firing as a GL_INFERENCE (``rule`` = the clause or tag, ``block`` = the case); each case's
closing step as a GL_INFERENCE; a PROOF node (checker ``gl-replay``) that CLOSES the goal. Edges run from a
source to the step derived from it (a cited axiom or theorem is a source of each step that fires it).

Every step node and the proof node carry a ``replay`` payload (see :mod:`symbolic.provenance.schema`) and the
graph's ``meta["gl_theory"]`` holds the theory's text, so ``prover replay`` re-checks the proof from the file
alone (:func:`symbolic.gl.replay.replay_graph_proof`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from symbolic.gl.facts import BlockProof, Fact, Tag
from symbolic.gl.render import element_terms, formula_text, lean_formula
from symbolic.gl.theory import Statement, Theory
from symbolic.provenance import EdgeKind, NodeKind, ProvenanceGraph
from symbolic.verdicts import Checker

__all__ = ["fact_payload", "fact_text", "theorem_graph", "theorems_graph"]

_GL = Checker.GL_REPLAY.value


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


def fact_payload(f: Fact) -> dict[str, Any]:
    """What the replay checker needs of one step (JSON values only)."""
    return {"checker": _GL, "id": f.id, "pred": f.pred, "args": list(f.args), "tag": f.tag,
            "sources": list(f.sources), "rule": f.rule, "binding": [[k, v] for k, v in f.binding]}


def _statement_node(g: ProvenanceGraph, kind: NodeKind, name: str, formula: Any, theory: Theory,
                    prefix: str) -> str:
    nid = f"{prefix}{kind.value}:{name}"
    if nid not in g:
        g.add_node(kind, f"{name}: {formula_text(formula, theory)}", id=nid, label=name,
                   lean=lean_formula(formula, theory))
    return nid


def _totality_node(g: ProvenanceGraph, theory: Theory, name: str, prefix: str) -> str:
    """Witness steps rest on a function's totality, an axiom of every GL theory (functions are total)."""
    nid = f"{prefix}axiom:total:{name}"
    if nid not in g:
        fs = theory.functions[name]
        xs = [f"x{i}" for i in range(fs.arity)]
        binders = ", ".join(f"{x} : {s}" for x, s in zip(xs, fs.args, strict=True))
        g.add_node(NodeKind.AXIOM, f"{name} is total: forall {binders}. exists y : {fs.result}. "
                   f"{name}({', '.join(xs)}) = y", id=nid, label=f"{name} is total")
    return nid


def _add_theorem(g: ProvenanceGraph, th: Any, theory: Theory, prefix: str,
                 cited: Mapping[str, Statement]) -> str:
    axioms = {a.name: a for a in theory.axioms}
    proof_payload: dict[str, Any] = {
        "checker": _GL, "theorem": th.name, "statement": formula_text(th.statement.formula, theory),
        "kind": th.proof.kind, "var": th.proof.var, "step_elems": list(th.proof.step_elems), "cases": [],
        "cites": {}}
    closers: list[str] = []
    for bp in th.proof.cases:
        closers.append(_add_case(g, th, bp, theory, prefix, axioms, cited, proof_payload))
    proof = g.derive(NodeKind.PROOF, f"{th.name} ({th.proof.kind}"
                     + (f" on {th.proof.var})" if th.proof.kind == "induction" else ")"), closers,
                     id=f"{prefix}proof", status="proved", checker=th.checker.value, replay=proof_payload)
    goal = g.add_node(NodeKind.GOAL, f"{th.name}: {formula_text(th.statement.formula, theory)}",
                      id=f"{prefix}goal", lean=lean_formula(th.statement.formula, theory), status="proved",
                      checker=th.checker.value)
    g.add_edge(proof, goal, EdgeKind.CLOSES)
    return goal


def _add_case(g: ProvenanceGraph, th: Any, bp: BlockProof, theory: Theory, prefix: str,
              axioms: dict[str, Statement], cited: Mapping[str, Statement], proof_payload: dict[str, Any]) -> str:
    names = element_terms(bp, theory)
    ids: dict[int, str] = {}
    block = f"{th.name}/{bp.case}"
    steps: list[str] = []
    ih_node: str | None = None
    for f in bp.facts:
        nid = f"{prefix}{bp.case}:{f.id}"
        text = fact_text(f, names, theory)
        srcs = [ids[s] for s in f.sources if s in ids]
        payload = fact_payload(f)
        if f.tag in (Tag.HYP, Tag.INDUCTION):
            g.add_node(NodeKind.HYPOTHESIS, text, id=nid, rule=f.tag, block=block, replay=payload)
        else:
            rule = f.rule or f.tag
            if f.tag == Tag.WITNESS and f.pred in theory.functions:
                srcs.append(_totality_node(g, theory, f.pred, prefix))
            if f.rule.startswith("ih:"):
                if ih_node is None:
                    ih_node = g.add_node(NodeKind.HYPOTHESIS, f"induction hypothesis: {th.name} at "
                                         f"{names.get(th.proof.step_elems[0], th.proof.var)}",
                                         id=f"{prefix}{bp.case}:ih", label="induction hypothesis", block=block)
                srcs.append(ih_node)
            elif f.rule in axioms:
                srcs.append(_statement_node(g, NodeKind.AXIOM, f.rule, axioms[f.rule].formula, theory, prefix))
            elif f.rule:
                st = cited.get(f.rule)
                if st is None:
                    raise KeyError(f"{th.name} cites {f.rule!r}, whose statement was not given")
                proof_payload["cites"][f.rule] = formula_text(st.formula, theory)
                srcs.append(_statement_node(g, NodeKind.THEOREM, f.rule, st.formula, theory, prefix))
            g.derive(NodeKind.GL_INFERENCE, text, srcs, id=nid, rule=f"{f.tag}:{rule}" if f.rule else rule,
                     block=block, replay=payload)
        ids[f.id] = nid
        steps.append(nid)
    close = g.derive(NodeKind.GL_INFERENCE, f"{bp.case} case closed", [ids[s] for s in bp.goal.sources if s in ids],
                     id=f"{prefix}{bp.case}:goal", rule="goal", block=block)
    proof_payload["cases"].append({
        "case": bp.case, "binding": dict(bp.binding), "constants": dict(bp.constants),
        "elem_sorts": {str(k): v for k, v in bp.elem_sorts.items()},
        "elem_names": {str(k): v for k, v in bp.elem_names.items()},
        "steps": steps, "close": close,
        "goal": {"id": bp.goal.id, "pred": bp.goal.pred, "args": list(bp.goal.args), "tag": bp.goal.tag,
                 "sources": list(bp.goal.sources), "rule": bp.goal.rule,
                 "binding": [[k, v] for k, v in bp.goal.binding]}})
    return close


def _meta(theory: Theory, **more: Any) -> dict[str, Any]:
    return {"theory": theory.name, "gl_theory": theory.text, **more}


def theorem_graph(th: Any, theory: Theory, cited: Mapping[str, Statement] | None = None) -> ProvenanceGraph:
    """The provenance graph of one theorem; ``cited`` maps earlier theorems' names to their statements."""
    g = ProvenanceGraph(title=f"GL proof of {th.name}", meta=_meta(theory, checker=th.checker.value))
    g.conclude(_add_theorem(g, th, theory, "", cited or {}))
    return g


def theorems_graph(theorems: list[Any], theory: Theory, title: str = "") -> ProvenanceGraph:
    """All theorems of a run in one graph (node ids prefixed by the theorem's name)."""
    g = ProvenanceGraph(title=title or f"GL theorems of {theory.name}", meta=_meta(theory))
    cited: dict[str, Statement] = {}
    for th in theorems:
        _add_theorem(g, th, theory, f"{th.name}/", cited)
        cited[th.name] = th.statement
    return g
