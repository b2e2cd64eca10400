"""``SearchResult``: what one search concluded, with its proof, numbers, provenance graph and state trace."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from symbolic.provenance import ProvenanceGraph
from symbolic.verdicts import Checker, Claim, Outcome

__all__ = ["SearchResult"]


@dataclass
class SearchResult:
    """``claim``: outcome + checker + reason + detail. ``proof``: the whole Lean 4 text (header included) when
    proved (else None). ``candidate``: the assembled text whatever its check said (a search that closed every goal
    but whose proof was rejected or could not be checked keeps it here, never in ``proof``).
    ``lean_checked``: Lean itself accepted ``proof`` (never true without a Lean toolchain).
    ``holes``: sketch holes nothing closed.

    ``trace``: one dict per explored state (the closing ``no goals`` state left out): ``problem``, ``state``
    (goals as Lean prints them), ``history`` (tactics from the root), ``depth``, ``on_path`` (on the proof
    found), ``steps_remaining`` (on the path: tactics still to go; else None), ``id`` (the state's goal node in
    ``graph``), ``parent`` (the id of the state it was reached from; None at a root), ``expanded`` (proposals
    were asked for it) and ``exhausted``: its whole subtree was searched without a proof — it was expanded,
    every proposer answered, every proposal ran to a failure or a new state (none timed out, crashed or was
    skipped at the deadline) and every state reached from it (children, and known states reached again) is
    exhausted too (:meth:`prover.search.bestfirst.BestFirst.exhausted`).  A state still queued when the budget
    ran out is neither on the path nor exhausted: nothing is known of it."""

    theorem: str
    claim: Claim
    proof: str | None
    lean_checked: bool
    stats: dict[str, Any]
    graph: ProvenanceGraph
    trace: list[dict[str, Any]] = field(default_factory=list)
    strategy: str = ""
    env: str = ""
    holes: list[str] = field(default_factory=list)
    candidate: str | None = None

    @property
    def proved(self) -> bool:
        return self.claim.outcome is Outcome.PROVED

    def __post_init__(self) -> None:
        if self.lean_checked and self.claim.checker is not Checker.LEAN:
            raise ValueError("lean_checked requires a claim backed by the Lean checker")
        if self.proof is not None and self.claim.outcome is not Outcome.PROVED:
            raise ValueError("only a proved claim carries a proof (keep other texts in candidate)")

    def to_json(self, *, graph: bool = True) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "theorem": self.theorem, "claim": self.claim.to_json(), "proof": self.proof,
            "lean_checked": self.lean_checked, "strategy": self.strategy, "env": self.env,
            "stats": self.stats, "holes": self.holes, "candidate": self.candidate, "trace": self.trace,
        }
        if graph:
            doc["graph"] = json.loads(self.graph.to_json())
        return doc
