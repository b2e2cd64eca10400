"""The one vocabulary of outcomes, checkers and reasons that every engine and every JSON report uses.

Closed enums only: a report field that holds an outcome, a checker or a reason holds one of these values, and
readers refuse anything else. ``symbolic/`` defines it so both sides (``symbolic`` and ``prover``) import it
without ``symbolic`` ever importing ``prover``.

- :class:`Outcome` — what was concluded about one statement (a problem, a goal, a hole).
- :class:`Checker` — who backs a conclusion. Every ``proved``/``disproved`` names one.
- :class:`Reason` — why a run ended without a definite answer (or why a check could not run).
- :class:`LeanVerdict` — the closed set of answers of checking one proof text with Lean.
- :class:`Claim` — an outcome with its checker, reason and one-line detail; ``to_json``/``from_json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["Checker", "Claim", "LeanVerdict", "Outcome", "Reason", "VocabularyError"]


class VocabularyError(ValueError):
    """A report carries a value outside the closed vocabulary (names the field and the value)."""


class Outcome(StrEnum):
    """What was concluded about one statement."""

    PROVED = "proved"  # a proof exists, backed by ``checker``
    DISPROVED = "disproved"  # the statement is false: a counter-model on an exact encoding, backed by ``checker``
    VACUOUS = "vacuous"  # audit: the hypotheses contradict each other (the theorem holds for no input)
    FALSE_STATEMENT = "false_statement"  # audit: the negated goal is satisfiable on an exact encoding
    UNKNOWN = "unknown"  # no definite answer within the budget (``reason`` says why)
    UNSUPPORTED = "unsupported"  # outside the fragment an engine can represent (``detail`` names the construct)
    PARSE_ERROR = "parse_error"  # the input is not well-formed text of its language
    REJECTED = "rejected"  # a proof text was refused before checking (soundness guard, self-check)
    ERROR = "error"  # infrastructure failed (a crash, a dead process): not an answer about the statement

    @property
    def definite(self) -> bool:
        """True for the outcomes that claim something about the statement's truth."""
        return self in (Outcome.PROVED, Outcome.DISPROVED, Outcome.VACUOUS, Outcome.FALSE_STATEMENT)


class Checker(StrEnum):
    """Who backs a conclusion. ``smt`` means z3 and cvc5 agree (or one answered and the other was not asked, as
    recorded in the evidence); ``z3``/``cvc5`` name a single solver."""

    LEAN = "lean"  # Lean accepted the proof text (command mode, axiom audit)
    LEAN_TACTIC = "lean-tactic"  # Lean's tactic mode closed every goal (not yet re-checked whole)
    SMT = "smt"
    Z3 = "z3"
    CVC5 = "cvc5"
    GL_REPLAY = "gl-replay"  # the Generative Logic replay checker, rebuilt from statements
    CONSTRUCTION = "construction"  # a symbolic step correct by construction (split, intro, cases)
    GUARD = "guard"  # the static soundness guard (only ever backs a rejection)
    SELF_CHECK = "self-check"  # the project's own parse + elaboration of emitted Lean text (rejections only)
    NONE = "none"  # nothing checked this (e.g. Lean unavailable)


class Reason(StrEnum):
    """Why there is no definite answer, or why a check could not run."""

    TIMEOUT = "timeout"
    BUDGET = "budget"  # the search's or batch's own budget (expansions, wall time) ran out
    INCOMPLETE = "incomplete"  # the solver's theory is incomplete here (quantifiers, nonlinearity)
    INEXACT = "inexact"  # a model exists only on an abstracted encoding (not a counter-model)
    RESOURCE = "resource"  # memory or resource limit
    CRASH = "crash"  # a process died
    UNSUPPORTED = "unsupported"
    DISAGREEMENT = "disagreement"  # two checkers answered differently
    CANCELED = "canceled"
    UNAVAILABLE = "unavailable"  # the checker is not installed here
    EXHAUSTED = "exhausted"  # the search space was explored without a proof
    ERROR = "error"


class LeanVerdict(StrEnum):
    """Closed set of answers of checking one proof text with Lean."""

    VALID = "valid"
    SORRY = "sorry"
    LEAN_ERROR = "lean_error"
    TIMEOUT = "timeout"
    REPL_ERROR = "repl_error"
    REJECTED_UNSAFE = "rejected_unsafe"
    LEAN_UNAVAILABLE = "lean_unavailable"
    NOT_CHECKED = "not_checked"  # no Lean was asked


def _coerce(enum: type[StrEnum], value: Any, field: str) -> Any:
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise VocabularyError(f"{field}: unknown value {value!r} (expected one of: {allowed})") from None


@dataclass(frozen=True)
class Claim:
    """One conclusion with what backs it. ``proved``/``disproved`` require a checker."""

    outcome: Outcome
    checker: Checker | None = None
    reason: Reason | None = None
    detail: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", _coerce(Outcome, self.outcome, "outcome"))
        object.__setattr__(self, "checker", _coerce(Checker, self.checker, "checker"))
        object.__setattr__(self, "reason", _coerce(Reason, self.reason, "reason"))
        if self.outcome in (Outcome.PROVED, Outcome.DISPROVED) and self.checker in (None, Checker.NONE):
            raise VocabularyError(f"a claim of {self.outcome.value!r} must name its checker")

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome.value, "checker": self.checker.value if self.checker else None,
                "reason": self.reason.value if self.reason else None, "detail": self.detail}

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Claim:
        if not isinstance(doc, dict) or "outcome" not in doc:
            raise VocabularyError("claim: expected an object with an 'outcome' field")
        return cls(doc["outcome"], doc.get("checker"), doc.get("reason"), str(doc.get("detail") or ""))
