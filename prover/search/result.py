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
    proved. ``lean_checked``: Lean itself accepted ``proof`` (never true without a Lean toolchain).
    ``trace``: every explored state (see :func:`prover.search.prove`); ``holes``: sketch holes nothing closed."""

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

    @property
    def proved(self) -> bool:
        return self.claim.outcome is Outcome.PROVED

    def __post_init__(self) -> None:
        if self.lean_checked and self.claim.checker is not Checker.LEAN:
            raise ValueError("lean_checked requires a claim backed by the Lean checker")

    def to_json(self, *, graph: bool = True) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "theorem": self.theorem, "claim": self.claim.to_json(), "proof": self.proof,
            "lean_checked": self.lean_checked, "strategy": self.strategy, "env": self.env,
            "stats": self.stats, "holes": self.holes, "trace": self.trace,
        }
        if graph:
            doc["graph"] = json.loads(self.graph.to_json())
        return doc
