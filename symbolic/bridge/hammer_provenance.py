"""The hammer's provenance: its steps as a graph, and the re-translation check of its replay.

Shape (edges run from what justifies to what is justified): the statement's hypotheses (roots) → the
translation → each SMT query, which ``checked-by`` backs the goal (the conclusion, a sink); the instances the
proof used come from their quantified hypothesis and feed the deciding query; reconstructed scripts derive
from the deciding query, a Lean check backs each script, and a script ``closes`` the goal only when Lean
accepted it. Each query with a definite answer carries an ``smt`` replay payload: its SMT-LIB text, the
answer, and the Lean statement it came from, which a replay re-translates (:func:`retranslation_problem`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from symbolic.bridge.lean_text import lean_text
from symbolic.provenance import EdgeKind, NodeKind

if TYPE_CHECKING:
    from symbolic.bridge.instances import Instance
    from symbolic.bridge.translate import Translation

__all__ = ["HammerRecorder", "from_translation", "goal_statement", "hypothesis_statement", "retranslation_problem"]


def goal_statement(tr: Translation) -> str:
    return f"{tr.sequent.name}: {lean_text(tr.sequent.goal)}"


def hypothesis_statement(name: str, formula: Any) -> str:
    return f"{name} : {lean_text(formula)}"


class HammerRecorder:
    """Writes the hammer's steps into a provenance graph (``None``: records nothing)."""

    def __init__(self, graph: Any, tr: Translation, *, max_instances: int = 300) -> None:
        self.g = graph
        self.max_instances = max_instances
        if graph is None:
            return
        seq = tr.sequent
        self.lean = getattr(tr, "text", None) or tr.header
        ids = [graph.add_node(NodeKind.HYPOTHESIS, hypothesis_statement(h.name, h.formula), label=h.name)
               for h in seq.hypotheses]
        # a later binder shadows an earlier one of the same name (miniF2F repeats h₀), as in Lean
        self.hyps: dict[str, str] = {h.name: i for h, i in zip(seq.hypotheses, ids, strict=True)}
        self.translation = graph.derive(NodeKind.FACT, f"translation of {seq.name}", ids,
                                        label="translation", abstracted=sorted(seq.abstracted))
        self.goal = graph.add_node(NodeKind.GOAL, goal_statement(tr), lean=tr.header)
        if graph.conclusion is None:
            graph.conclude(self.goal)

    def query(self, kind: str, res: Any, n: int) -> str | None:
        if self.g is None:
            return None
        payload = res.replay_payload() if hasattr(res, "replay_payload") else None
        if payload is not None and self.lean:
            payload["lean"] = self.lean
            payload["hammer"] = {"query": kind, "max_instances": self.max_instances}
        qid = self.g.derive(NodeKind.SMT_QUERY, f"{kind} query: hypotheses ∧ ¬goal ({n} assertions)",
                            [self.translation], solver=res.solver, result=res.status.value,
                            seconds=round(res.seconds, 3), status=res.status.value,
                            checker=payload["checker"] if payload else None, replay=payload)
        self.g.add_edge(qid, self.goal, EdgeKind.CHECKED_BY)
        return qid

    def proof(self, qid: str | None, instances: list[Instance], result: Any) -> None:
        if self.g is None or qid is None:
            return
        self.g.update_node(self.goal, status=result.outcome.value, checker=result.checker)
        for i in instances:
            hyp = self.hyps.get(i.hypothesis)
            iid = self.g.derive(NodeKind.FACT, f"{i.hypothesis} {' '.join(i.lean_args)} : {lean_text(i.formula)}",
                                [hyp], label="instance")
            self.g.add_edge(iid, qid, EdgeKind.DERIVED_FROM)
        for c, verdict in zip(result.scripts, result.verdicts, strict=True):
            tid = self.g.derive(NodeKind.TACTIC, c.tactics, [qid], lean=c.lean, label=c.closer, status=verdict)
            lid = self.g.add_node(NodeKind.LEAN_CHECK, f"Lean check of {c.closer}", verdict=verdict)
            self.g.add_edge(lid, tid, EdgeKind.CHECKED_BY)
            if verdict == "valid":
                self.g.add_edge(tid, self.goal, EdgeKind.CLOSES)


def retranslation_problem(graph: Any, node_id: str) -> str:
    """Re-translate the Lean statement of a hammer query node; "" when the goal and hypotheses the graph shows
    are what the statement says and the recorded query is the one the statement gives (rebuilt by
    :func:`symbolic.bridge.hammer_query.query_mismatch`), else what differs."""
    from symbolic.bridge.hammer_query import QUERY_KINDS, query_mismatch
    from symbolic.bridge.translate import translate
    from symbolic.errors import InputError

    node = graph.node(node_id)
    payload = node.replay or {}
    text = payload.get("lean")
    if not isinstance(text, str):
        return "a hammer query that records no Lean statement: nothing ties it to what it proves"
    try:
        tr = translate(text, source=f"node {node_id}")
    except InputError as exc:
        return f"the recorded Lean statement no longer translates: {exc}"
    goals = [v for v in graph.g.successors(node_id) if graph.node(v).kind is NodeKind.GOAL]
    want = goal_statement(tr)
    for v in goals:
        if graph.node(v).statement != want:
            return f"goal {v} reads {graph.node(v).statement!r}; the statement translates to {want!r}"
    shown = sorted(graph.node(u).statement for u in _hypotheses_above(graph, node_id))
    expected = sorted(hypothesis_statement(h.name, h.formula) for h in tr.sequent.hypotheses)
    if shown != expected:
        extra = [x for x in shown if x not in expected] or [x for x in expected if x not in shown] or shown
        return f"the hypotheses shown differ from the statement's ({extra[0]!r})"
    how = payload.get("hammer")
    if not (isinstance(how, dict) and how.get("query") in QUERY_KINDS and isinstance(how.get("max_instances"), int)
            and not isinstance(how.get("max_instances"), bool)):
        return ("the query does not say how it was built from the statement (needs 'hammer': {'query': "
                f"{' | '.join(QUERY_KINDS)}, 'max_instances': int}})")
    mismatch = query_mismatch(str(payload.get("smtlib")), tr, kind=how["query"],
                              max_instances=how["max_instances"])
    return f"{how['query']} query: {mismatch}" if mismatch else ""


def from_translation(graph: Any, node_id: str) -> bool:
    """Is this query node the hammer's (derived from a translation of a statement)?"""
    return any(graph.node(t).kind is NodeKind.FACT and graph.node(t).label == "translation"
               for t in graph.g.predecessors(node_id))


def _hypotheses_above(graph: Any, node_id: str) -> list[str]:
    out = []
    for t in graph.g.predecessors(node_id):
        if graph.node(t).kind is NodeKind.FACT and graph.node(t).label == "translation":
            out.extend(u for u in graph.g.predecessors(t) if graph.node(u).kind is NodeKind.HYPOTHESIS)
    return out
