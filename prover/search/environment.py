"""The ``Environment`` seam of the proof search: where states come from and where tactics run.

Two implementations: ``LeanEnv`` (states and tactic results from the Lean layer's step API; the main environment
wherever Lean is installed) and ``SymbolicEnv`` (states are sequents of the bridge's term language; every step is
checked by construction or by SMT and maps to Lean 4 tactic text). The search never looks inside a state's
``handle``; it sees goals as Lean prints them, so scoring, deduplication and the progress predictor work the same
on both.

Tactics act on the first goal (Lean's main goal), so a path of tactics read in order is a Lean 4 tactic proof.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from prover.errors import ProverError
from symbolic.verdicts import Checker, Claim

__all__ = ["Environment", "EnvironmentUnsupported", "State", "StepKind", "StepOutcome", "Suggestion", "Theorem"]

DEFAULT_HEADER = "import Mathlib\nimport Aesop\n\nset_option maxHeartbeats 400000\n\nopen BigOperators Real Nat Topology Rat\n"


@dataclass(frozen=True)
class Theorem:
    """A statement to prove: ``statement`` is ``theorem name … : T`` (a trailing ``:= by sorry`` is allowed)."""

    name: str
    statement: str
    header: str = DEFAULT_HEADER


@dataclass(frozen=True)
class State:
    """An immutable proof state. ``goals``: each open goal as Lean prints it (hypotheses, then ``⊢ target``);
    ``handle``: the environment's own object (REPL proof-state handle, sequents), opaque to the search."""

    goals: tuple[str, ...]
    handle: Any = field(default=None, compare=False, repr=False)

    @property
    def solved(self) -> bool:
        return not self.goals

    @property
    def text(self) -> str:
        """The whole state as Lean prints it (``no goals`` when solved)."""
        return "\n\n".join(self.goals) if self.goals else "no goals"

    @property
    def key(self) -> str:
        """Normalized text for deduplication (whitespace collapsed)."""
        return "\n\n".join(" ".join(g.split()) for g in self.goals)


class StepKind(StrEnum):
    PROGRESS = "progress"  # the tactic ran; ``state`` holds the remaining goals (maybe none: then it is CLOSED)
    CLOSED = "closed"  # every goal is closed
    ERROR = "error"  # the tactic failed (Lean error, SMT refused the step, tactic not applicable)
    TIMEOUT = "timeout"
    UNSUPPORTED = "unsupported"  # the environment cannot run this tactic (e.g. a symbolic env given free text)
    GIVEN_UP = "given_up"  # sorry/admit or a tactic the guard refuses
    CRASH = "crash"  # the environment itself failed (process died, no answer): nothing is known of the tactic


@dataclass(frozen=True)
class StepOutcome:
    """What one tactic did. ``lean``: the tactic as it must appear in the assembled Lean proof (a symbolic
    closing step becomes the hammer's reconstructed script); ``checker``: what backs a symbolic step;
    ``evidence``: what an independent checker needs to replay it (e.g. the SMT-LIB query)."""

    kind: StepKind
    state: State | None = None
    lean: str = ""
    message: str = ""
    checker: Checker | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.kind in (StepKind.PROGRESS, StepKind.CLOSED)


@dataclass(frozen=True)
class Suggestion:
    """A tactic the environment itself proposes for a state (structural steps, the hammer), with a prior."""

    tactic: str
    source: str  # who proposed it: "symbolic:split", "hammer", "gl", "aquaforte", …
    logprob: float = 0.0


class EnvironmentUnsupported(ProverError):
    """The environment cannot represent this theorem; ``construct`` names what is outside its fragment."""

    def __init__(self, theorem: str, construct: str) -> None:
        super().__init__(f"{theorem}: unsupported: {construct}")
        self.theorem, self.construct = theorem, construct


@runtime_checkable
class Environment(Protocol):
    """The seam. Implementations own their processes and hide restarts; failures of a tactic are values."""

    name: str  # "lean" | "symbolic"

    def start(self, theorem: Theorem) -> State:
        """The initial state (raises ``EnvironmentUnsupported`` when the statement is outside the fragment)."""
        ...

    def run_tactic(self, state: State, tactic: str, *, timeout_s: float) -> StepOutcome:
        """Run ``tactic`` on the first goal of ``state``; never raises for a failing tactic."""
        ...

    def suggestions(self, state: State) -> list[Suggestion]:
        """Tactics the environment proposes itself ([] when it has none)."""
        ...

    def verify(self, theorem: Theorem, proof: str) -> Claim:
        """Check a whole assembled proof (Lean: guard + Lean checker; symbolic: self-check + step replay)."""
        ...

    def close(self) -> None: ...
