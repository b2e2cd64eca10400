"""Proof search over Lean states or symbolic sequents (see :mod:`prover.search.environment`).

>>> from prover.search import prove, SearchConfig, Theorem                       # doctest: +SKIP
>>> r = prove(Theorem("t", "theorem t (x : ℝ) (h : x + 1 = 3) : x = 2"), SearchConfig(env="symbolic"))
>>> r.claim.outcome, r.proof, r.stats["expansions"]
"""

from __future__ import annotations

from prover.search.api import prove
from prover.search.config import SearchConfig, Weights
from prover.search.environment import (
    Environment,
    EnvironmentUnsupported,
    State,
    StepKind,
    StepOutcome,
    Suggestion,
    Theorem,
)
from prover.search.proposers import Proposal, Proposer
from prover.search.result import SearchResult

__all__ = [
    "Environment",
    "EnvironmentUnsupported",
    "Proposal",
    "Proposer",
    "SearchConfig",
    "SearchResult",
    "State",
    "StepKind",
    "StepOutcome",
    "Suggestion",
    "Theorem",
    "Weights",
    "prove",
]
