"""Configuration and outcome of an AquaForte run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from symbolic.smt.result import Status

__all__ = ["AquaForteConfig", "AquaForteResult"]


@dataclass(frozen=True)
class AquaForteConfig:
    """Inert settings. ``timeout`` bounds the whole run; ``check_timeout`` one candidate check."""

    timeout: float = 10.0
    check_timeout: float = 2.0
    fit_timeout: float = 1.0  # one coefficient fit of a template
    solver: str = "z3"  # validates candidates
    verify_solvers: tuple[str, ...] = ("z3", "cvc5")  # independent check of every SAT answer
    rounds: int = 4  # proposer calls per component
    candidates_per_round: int = 6
    cegis_rounds: int = 6
    initial_points: int = 3
    race_plain: bool = True  # run the plain portfolio on the whole problem alongside (never worse than it)
    fallback: bool = True
    memory_mb: int | None = 4096
    max_instances: int = 40


@dataclass
class AquaForteResult:
    """``status`` of the whole problem; for sat, ``definitions`` (function → ``f(x) = …``) and ``model``
    (constant → value). ``decided_by`` names what produced the answer: ``candidate``, ``plain-z3``,
    ``fallback-cvc5``, ``preprocess`` …; ``verified_by`` the solvers that confirmed a candidate model."""

    status: Status
    seconds: float
    reason: str | None = None
    decided_by: str | None = None
    definitions: dict[str, str] = field(default_factory=dict)
    model: dict[str, object] = field(default_factory=dict)
    verified_by: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    graph: Any = None  # symbolic.provenance.ProvenanceGraph

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status.value, "seconds": round(self.seconds, 3),
                               "decided_by": self.decided_by, "stats": dict(self.stats)}
        if self.reason:
            out["reason"] = self.reason
        if self.definitions:
            out["definitions"] = dict(self.definitions)
        if self.model:
            out["model"] = {k: str(v) for k, v in self.model.items()}
        if self.verified_by:
            out["verified_by"] = list(self.verified_by)
        return out
