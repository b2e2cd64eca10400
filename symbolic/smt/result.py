"""The tri-state outcome of one satisfiability check.

``unknown`` (with a reason) is an ordinary outcome, never an exception: a timeout, an incomplete theory, a
resource limit or a crashed solver process all come back as ``SmtResult(status=UNKNOWN, reason=...)``.
Reasons are :class:`symbolic.verdicts.Reason` values (a plain string naming one is coerced; anything else is
refused). One result type serves single solvers, portfolios, cross-checks and AquaForte runs alike: AquaForte
fills ``definitions``, ``decided_by``, ``verified_by``, ``stats`` and ``graph``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from symbolic.verdicts import Checker, Reason, VocabularyError

__all__ = ["FunctionValue", "SmtResult", "Status"]


class Status(StrEnum):
    """The answer of a solver: ``sat``, ``unsat`` or ``unknown``."""

    SAT = "sat"
    UNSAT = "unsat"
    UNKNOWN = "unknown"

    @property
    def definite(self) -> bool:
        """True for sat and unsat (an answer one can act on)."""
        return self is not Status.UNKNOWN


@dataclass(frozen=True)
class SmtResult:
    """The outcome of one check.

    ``model`` maps free constant names to Python values (``int``, ``Fraction``, ``bool``; an irrational
    algebraic value is its decimal approximation as a ``str``) and, where the backend reports them, function
    names to :class:`FunctionValue`. ``core`` lists the names of the assertions in an unsat core. ``query`` is
    the SMT-LIB text the solvers were given (what a replay re-runs). AquaForte runs add ``definitions``
    (function → ``f(x) = …``), ``decided_by`` (``candidate``, ``plain-z3``, ``preprocess`` …), ``verified_by``
    (the solvers that confirmed a candidate model), ``stats`` and the provenance ``graph``.
    """

    status: Status
    solver: str
    seconds: float
    reason: Reason | None = None
    model: dict[str, object] | None = None
    core: list[str] | None = None
    message: str | None = None  # solver's own text for unknown/error (one line), for diagnostics
    details: dict[str, Any] = field(default_factory=dict)
    query: str | None = None
    definitions: dict[str, str] = field(default_factory=dict)
    decided_by: str | None = None
    verified_by: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    graph: Any = field(default=None, compare=False)  # symbolic.provenance.ProvenanceGraph

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))
        if self.reason is not None and not isinstance(self.reason, Reason):
            try:
                object.__setattr__(self, "reason", Reason(self.reason))
            except ValueError:
                raise VocabularyError(f"reason: unknown value {self.reason!r}") from None

    @property
    def is_sat(self) -> bool:
        return self.status is Status.SAT

    @property
    def is_unsat(self) -> bool:
        return self.status is Status.UNSAT

    @property
    def checker(self) -> Checker:
        """Who backs a definite answer: ``z3`` or ``cvc5`` alone, or ``smt`` when both were asked and agree."""
        name = str(self.details.get("winner") or self.solver)
        if name in (Checker.Z3, Checker.CVC5):
            return Checker(name)
        return Checker.SMT

    def replay_payload(self) -> dict[str, Any] | None:
        """What a replay needs to re-check this answer (the SMT-LIB query and the answer expected), or None
        when there is no definite answer or no recorded query. See :mod:`symbolic.provenance.schema`."""
        if not self.status.definite or self.query is None:
            return None
        return {"checker": self.checker.value, "smtlib": self.query, "expect": self.status.value}

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (model values as strings)."""
        out: dict[str, Any] = {"status": self.status.value, "solver": self.solver,
                               "seconds": round(self.seconds, 4)}
        if self.reason is not None:
            out["reason"] = self.reason.value
        if self.message:
            out["message"] = self.message
        if self.model is not None:
            out["model"] = {k: str(v) for k, v in sorted(self.model.items())}
        if self.core is not None:
            out["core"] = list(self.core)
        if self.details:
            out["details"] = {k: v for k, v in self.details.items() if isinstance(v, str | int | float | bool)}
        if self.definitions:
            out["definitions"] = dict(self.definitions)
        if self.decided_by is not None:
            out["decided_by"] = self.decided_by
        if self.verified_by:
            out["verified_by"] = list(self.verified_by)
        if self.stats:
            out["stats"] = dict(self.stats)
        return out


@dataclass(frozen=True)
class FunctionValue:
    """A finite interpretation of a function from a model: explicit ``entries`` and an ``else`` value text."""

    entries: tuple[tuple[tuple[str, ...], str], ...]
    default: str

    def __str__(self) -> str:
        parts = [f"{', '.join(a)} -> {v}" for a, v in self.entries]
        parts.append(f"else -> {self.default}")
        return "[" + "; ".join(parts) + "]"
