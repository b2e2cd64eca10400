"""Replay: re-check every node of a saved graph that carries a ``replay`` payload, with an independent checker.

The payload convention is documented in :mod:`symbolic.provenance.schema`. Each checker has one replayer:

- ``gl-replay`` → :func:`symbolic.gl.replay.replay_graph_proof` (a ``proof`` node; its step nodes are covered);
- ``smt``, ``z3``, ``cvc5`` → :func:`symbolic.smt.replay.replay_query` (re-runs the SMT-LIB query);
- ``lean``, ``lean-tactic`` → registered by the Lean layer (:func:`register_replayer`); without one the node is
  reported as not re-checked, never as ok.

Every result is a :class:`~symbolic.verdicts.Claim`: ``proved`` (re-checked, naming the checker that did it),
``rejected`` (the checker refuted the recorded claim: a tampered or wrong node) or ``unknown`` with a reason
(``unavailable``, ``timeout`` …: the check could not run). A node that claims ``proved`` without a payload
is ``rejected``. A report is ``ok`` only when every checked node is ``proved``.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from symbolic.provenance.graph import ProvenanceGraph
from symbolic.verdicts import Checker, Claim, Outcome, Reason

__all__ = ["NodeReplay", "ReplayReport", "Replayer", "register_replayer", "replay_graph"]

#: A replayer gets the graph, the node id and the per-check timeout; it returns ``(node id, claim)`` for the
#: node and every node its check covers.
Replayer = Callable[[ProvenanceGraph, str, float], list[tuple[str, Claim]]]

_BUILTIN: dict[Checker, str] = {
    Checker.GL_REPLAY: "symbolic.gl.replay:replay_graph_node",
    Checker.SMT: "symbolic.smt.replay:replay_graph_node",
    Checker.Z3: "symbolic.smt.replay:replay_graph_node",
    Checker.CVC5: "symbolic.smt.replay:replay_graph_node",
}
_REGISTERED: dict[Checker, Replayer] = {}


def register_replayer(checker: Checker, replayer: Replayer) -> None:
    """Install the replayer of ``checker`` (the Lean layer registers ``lean`` this way)."""
    _REGISTERED[Checker(checker)] = replayer


def _replayer(checker: Checker) -> Replayer | None:
    if checker in _REGISTERED:
        return _REGISTERED[checker]
    spec = _BUILTIN.get(checker)
    if spec is None:
        return None
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class NodeReplay:
    """The replay of one node."""

    node: str
    claim: Claim
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.claim.outcome is Outcome.PROVED

    def to_json(self) -> dict[str, Any]:
        return {"node": self.node, **self.claim.to_json(), "seconds": round(self.seconds, 4)}


@dataclass
class ReplayReport:
    """Every replayed node in dependency order (sources first), and the time it took."""

    source: str
    results: list[NodeReplay] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.results) and all(r.ok for r in self.results)

    @property
    def first_failure(self) -> NodeReplay | None:
        """The first node (sources first) whose check refuted it; else the first that could not be checked."""
        rejected = (r for r in self.results if r.claim.outcome is Outcome.REJECTED)
        return next(rejected, None) or next((r for r in self.results if not r.ok), None)

    def by_node(self) -> dict[str, NodeReplay]:
        return {r.node: r for r in self.results}

    def to_json(self) -> dict[str, Any]:
        first = self.first_failure
        return {"graph": self.source, "ok": self.ok, "checked": len(self.results),
                "failed": sum(not r.ok for r in self.results), "seconds": round(self.seconds, 4),
                "first_failure": first.to_json() if first else None,
                "nodes": [r.to_json() for r in self.results]}


_CLAIMS = frozenset({"proved", "valid", "unsat"})


def replay_graph(graph: ProvenanceGraph, *, timeout: float = 10.0, source: str | None = None) -> ReplayReport:
    """Re-check every node with a replay payload; see the module docstring for what each result means."""
    started = time.monotonic()
    order = list(nx.topological_sort(graph.g))
    position = {n: i for i, n in enumerate(order)}
    found: dict[str, NodeReplay] = {}
    for nid in order:
        node = graph.node(nid)
        payload = node.replay
        if payload is None or nid in found or _covered_step(payload):
            continue
        checker = Checker(payload["checker"])
        replayer = _replayer(checker)
        t0 = time.monotonic()
        if replayer is None:
            results = [(nid, Claim(Outcome.UNKNOWN, checker, Reason.UNAVAILABLE,
                                   f"no replayer for checker {checker.value!r} is installed here"))]
        else:
            results = replayer(graph, nid, timeout)
        spent = time.monotonic() - t0
        for rid, claim in results:
            if rid not in found or found[rid].ok:
                found[rid] = NodeReplay(rid, claim, spent if rid == nid else 0.0)
    for nid in order:  # payload-less claims and steps no proof covered
        node = graph.node(nid)
        if nid in found:
            continue
        if node.replay is not None:
            found[nid] = NodeReplay(nid, Claim(Outcome.REJECTED, Checker(node.replay["checker"]),
                                               detail="a step that no replayable proof in the graph covers"))
        elif node.status in _CLAIMS and node.checker not in (None, Checker.NONE.value) and not _justified(graph, nid):
            found[nid] = NodeReplay(nid, Claim(Outcome.REJECTED, Checker(node.checker),
                                               detail=f"claims {node.status!r} but carries no replay payload"))
    results = sorted(found.values(), key=lambda r: position.get(r.node, len(order)))
    return ReplayReport(source or graph.title or "<graph>", results, time.monotonic() - started)


def _covered_step(payload: dict[str, Any]) -> bool:
    """GL step payloads are checked by their proof's replay, not on their own."""
    return payload.get("checker") == Checker.GL_REPLAY.value and "theorem" not in payload


def _justified(graph: ProvenanceGraph, nid: str) -> bool:
    """A claim whose direct sources include a node with a replay payload is backed by that node's replay."""
    return any(graph.node(s).replay is not None for s in graph.g.predecessors(nid))
