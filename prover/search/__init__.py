"""Proof search over Lean states or symbolic sequents (see :mod:`prover.search.environment`)."""

from __future__ import annotations

from prover.search.environment import (
    Environment,
    EnvironmentUnsupported,
    State,
    StepKind,
    StepOutcome,
    Suggestion,
    Theorem,
)

__all__ = ["Environment", "EnvironmentUnsupported", "State", "StepKind", "StepOutcome", "Suggestion", "Theorem"]
