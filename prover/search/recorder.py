"""The provenance graph of one search: explored states, proposals, tactics, failures, the proof path.

Nodes: each state is a ``goal`` node (status ``open``, ``proved`` on the proof path, ``dead`` once expanded
without success); each successful tactic is a ``tactic`` node fed by its ``proposal`` node (proposer, log-prob,
priority); failed tactics of a state are collapsed into one ``tactic`` node (status ``failed``) whose
``extra.attempts`` lists each tactic, proposer, log-prob and the Lean error or SMT result. The proof is a
``proof`` node checked by a ``lean-check`` node. Edges follow the flow of justification: state → tactic →
next state, proposal → tactic. ``meta`` carries what ``prover replay`` needs to re-check the proof.
"""

from __future__ import annotations

from typing import Any

from prover.search.environment import State, StepOutcome, Theorem
from prover.search.proposers import Proposal
from symbolic.provenance import EdgeKind, NodeKind, ProvenanceGraph
from symbolic.verdicts import Checker, Claim, Outcome

__all__ = ["SearchRecorder"]

_REPLAYABLE = {c.value for c in (Checker.SMT, Checker.Z3, Checker.CVC5, Checker.GL_REPLAY, Checker.LEAN)}
MAX_ATTEMPTS_KEPT = 64  # failed tactics kept per state (the count is always exact)
MAX_MESSAGE = 400


def _short(text: str, n: int = MAX_MESSAGE) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _label(state: State) -> str:
    if state.solved:
        return "no goals"
    target = state.goals[0].rsplit("⊢", 1)[-1].strip()
    more = f"  (+{len(state.goals) - 1} goals)" if len(state.goals) > 1 else ""
    return _short(target, 80) + more


class SearchRecorder:
    """Builds the search graph incrementally; :meth:`finish` marks the path and collapses failures."""

    def __init__(self, theorem: Theorem, *, strategy: str, env: str) -> None:
        self.graph = ProvenanceGraph(
            title=f"search: {theorem.name}",
            meta={"kind": "search", "theorem": theorem.name, "statement": theorem.statement,
                  "header": theorem.header, "strategy": strategy, "env": env},
        )
        self._failures: dict[str, list[dict[str, Any]]] = {}
        self._failure_counts: dict[str, int] = {}
        self.notes: list[str] = []

    # -- building -----------------------------------------------------------------------------------------
    def state(self, state: State, *, depth: int, priority: float | None = None,
              estimate: float | None = None) -> str:
        return self.graph.add_node(NodeKind.GOAL, state.text, label=_label(state),
                                   status="proved" if state.solved else "open", depth=depth,
                                   priority=None if priority is None else round(priority, 4),
                                   estimate=None if estimate is None else round(estimate, 3))

    def step(self, parent: str, proposal: Proposal, outcome: StepOutcome, child: str) -> str:
        """A successful tactic: proposal → tactic, parent state → tactic → child state."""
        pid = self.graph.add_node(NodeKind.PROPOSAL, proposal.tactic, model=proposal.source,
                                  logprob=round(proposal.logprob, 4), **_jsonable(proposal.detail))
        evidence = _jsonable(outcome.evidence)
        # a step an independent checker can re-check carries its payload as ``replay`` (e.g. the SMT query)
        replay = evidence if evidence.get("checker") in _REPLAYABLE else None
        extra = {} if replay is not None else {"evidence": evidence} if evidence else {}
        tid = self.graph.add_node(
            NodeKind.TACTIC, outcome.lean or proposal.tactic, lean=outcome.lean or proposal.tactic,
            label=_short(proposal.tactic, 60), status="ok", seconds=round(outcome.seconds, 4),
            checker=outcome.checker.value if outcome.checker else None, replay=replay, **extra)
        self.graph.add_edge(pid, tid, EdgeKind.PROPOSED_BY)
        self.graph.add_edge(parent, tid, EdgeKind.DERIVED_FROM)
        self.graph.add_edge(tid, child, EdgeKind.DERIVED_FROM)
        return tid

    def failure(self, parent: str, proposal: Proposal, kind: str, message: str, seconds: float = 0.0) -> None:
        """A tactic that failed (or led to an already explored state); collapsed per state at the end."""
        self._failure_counts[parent] = self._failure_counts.get(parent, 0) + 1
        kept = self._failures.setdefault(parent, [])
        if len(kept) < MAX_ATTEMPTS_KEPT:
            kept.append({"tactic": _short(proposal.tactic, 200), "proposer": proposal.source,
                         "logprob": round(proposal.logprob, 4), "kind": kind,
                         "message": _short(message), "seconds": round(seconds, 4)})

    def event(self, parent: str | None, kind: str, message: str) -> str:
        """A failure of the machinery (proposer error or timeout, environment crash), as its own node."""
        nid = self.graph.add_node(NodeKind.FACT, _short(message), label=kind, status="error", event=kind)
        if parent is not None:
            self.graph.add_edge(parent, nid, EdgeKind.DERIVED_FROM)
        self.notes.append(f"{kind}: {_short(message, 200)}")
        return nid

    def merge_evidence(self, graph: ProvenanceGraph, into: str, prefix: str) -> None:
        """Attach a proposer's own graph (e.g. the hammer's SMT queries) behind tactic ``into``."""
        mapping = self.graph.merge(graph, prefix=prefix)
        for old in graph.roots():
            self.graph.add_edge(mapping[old], into, EdgeKind.DERIVED_FROM)

    # -- finishing ----------------------------------------------------------------------------------------
    def finish(self, path_states: list[str], path_tactics: list[str], dead: list[str],
               proof: str | None, claim: Claim) -> None:
        for parent, attempts in self._failures.items():
            n = self._failure_counts[parent]
            fid = self.graph.add_node(NodeKind.TACTIC, f"{n} failed tactics", label=f"{n} failed",
                                      status="failed", attempts=attempts, collapsed=True)
            self.graph.add_edge(parent, fid, EdgeKind.DERIVED_FROM)
        for nid in dead:
            self._set(nid, status="dead")
        for nid in path_states:
            self._set(nid, status="proved", on_path=True)
        for nid in path_tactics:
            self._set(nid, status="on-path", on_path=True)
        if proof is not None:
            backed = claim.outcome is Outcome.PROVED
            proof_id = self.graph.add_node(NodeKind.PROOF, proof, lean=proof, label="assembled proof",
                                           status=claim.outcome.value,
                                           checker=claim.checker.value if backed and claim.checker else None)
            for tid in path_tactics:  # the proof is derived from every step on its path
                self.graph.add_edge(tid, proof_id, EdgeKind.DERIVED_FROM)
            if claim.checker in (Checker.LEAN, Checker.LEAN_TACTIC, Checker.GUARD):
                check = self.graph.add_node(
                    NodeKind.LEAN_CHECK, f"Lean check: {claim.detail}", verdict=claim.outcome.value,
                    checker=claim.checker.value,
                    replay={"checker": claim.checker.value, "source": proof} if claim.checker is not Checker.GUARD
                    else None)
                self.graph.add_edge(check, proof_id, EdgeKind.CHECKED_BY)
            else:  # the environment's own check (symbolic replay, self-check): not a Lean check
                check = self.graph.add_node(NodeKind.FACT, f"check: {claim.detail}", label="final check",
                                            status=claim.outcome.value,
                                            by=claim.checker.value if claim.checker else None)
                self.graph.add_edge(check, proof_id, EdgeKind.DERIVED_FROM)
            self.graph.conclude(proof_id)
        self.graph.meta.update({"outcome": claim.outcome.value,
                                "checker": claim.checker.value if claim.checker else None,
                                "proof": proof, "notes": self.notes})

    def _set(self, nid: str, **fields: Any) -> None:
        node = self.graph.node(nid)
        extra = dict(node.extra)
        status = fields.pop("status", node.status)
        extra.update(fields)
        self.graph.g.nodes[nid]["data"] = node.model_copy(update={"status": status, "extra": extra})


def _jsonable(detail: dict[str, Any]) -> dict[str, Any]:
    """Keep JSON values only (a proposal's detail may hold solver objects)."""
    out: dict[str, Any] = {}
    for k, v in detail.items():
        if v is None or isinstance(v, (str, int, float, bool)):
            out[k] = v
        elif isinstance(v, (list, tuple)) and all(isinstance(x, (str, int, float, bool)) for x in v):
            out[k] = list(v)
        elif isinstance(v, (list, tuple)) and all(isinstance(x, dict) for x in v):  # e.g. each case's query
            out[k] = [_jsonable(x) for x in v]
        elif isinstance(v, dict):
            out[k] = _jsonable(v)
        else:
            out[k] = str(v)
    return out
