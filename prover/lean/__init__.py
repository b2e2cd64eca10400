"""The only code that talks to Lean: REPL sessions, pool, step checking, verification, soundness guard.

Layers (each adds one capability to the one below)::

    transport   ProcessTransport (a REPL process) | ReplayTransport (recorded real Lean answers)
    session     ReplSession: header elaborated once, timeouts, memory cap, restart with state replay
    pool        SessionPool: N sessions keyed by normalized import header
    steps       StepChecker: statement → ProofState; run_tactic → TacticState | ProofFinished |
                TacticError | ProofGivenUp | Timeout
    backend     StepBackend (make_step_backend("repl" | "leandojo")): the step API over the REPL or LeanDojo
    verify      verify_source: guard → command-mode check → axiom audit → Verdict

Recorded real sessions (``load_transcript`` → ``Transcript.exchanges``) feed a ``ReplayTransport``; see
the README's "Python API" section for both a live and a recorded run.

Names are imported lazily (``from prover.lean import StepChecker``) so importing the package is cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "Exchange",
    "Goal",
    "Hypothesis",
    "LeanDojoBackend",
    "LeanSettings",
    "ProcessTransport",
    "ProofFinished",
    "ProofGivenUp",
    "ProofState",
    "ReplSession",
    "ReplStepBackend",
    "ReplayTransport",
    "SessionPool",
    "StepBackend",
    "StepChecker",
    "StepResult",
    "TacticError",
    "TacticState",
    "Timeout",
    "Transcript",
    "Transport",
    "Verdict",
    "VerificationResult",
    "check_proof_text",
    "lean_report",
    "load_transcript",
    "make_step_backend",
    "open_pool",
    "parse_goal",
    "parse_goals",
    "splice_proof",
    "verify_source",
]

_WHERE = {
    "Goal": "goals", "Hypothesis": "goals", "parse_goal": "goals", "parse_goals": "goals",
    "LeanSettings": "settings", "open_pool": "settings",
    "ProcessTransport": "transport", "ReplayTransport": "transport", "Transport": "transport",
    "ProofFinished": "results", "ProofGivenUp": "results", "ProofState": "results", "StepResult": "results",
    "TacticError": "results", "TacticState": "results", "Timeout": "results",
    "ReplSession": "session", "SessionPool": "pool", "StepChecker": "steps",
    "Verdict": "verdicts", "VerificationResult": "verdicts", "verify_source": "verify",
    "check_proof_text": "guard", "lean_report": "doctor", "splice_proof": "splice",
    "Exchange": "transcripts", "Transcript": "transcripts", "load_transcript": "transcripts",
    "StepBackend": "backend", "ReplStepBackend": "backend", "make_step_backend": "backend",
    "LeanDojoBackend": "dojo",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'prover.lean' has no attribute {name!r}")
    return getattr(importlib.import_module(f"prover.lean.{module}"), name)


def __dir__() -> list[str]:
    return sorted(__all__)
