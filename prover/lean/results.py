"""Tagged results of one tactic step (after LeanDojo's ``TacticState | ProofFinished | LeanError |
ProofGivenUp``, plus ``Timeout``), and the immutable proof-state handle they carry.

Callers branch and backtrack by keeping old :class:`ProofState` values: a state never changes, running a
tactic on it returns a new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from prover.lean.goals import Goal, parse_goals
from symbolic.verdicts import Checker

__all__ = [
    "ProofFinished",
    "ProofGivenUp",
    "ProofState",
    "StepResult",
    "TacticError",
    "TacticState",
    "Timeout",
]


@dataclass(frozen=True)
class ProofState:
    """An immutable handle on a Lean proof state.

    ``handle``: the session's logical proof-state id (stable across REPL restarts); ``goal_texts``: Lean's
    pretty-printed goals; ``tactics``: the tactics applied since the statement (to assemble the proof);
    ``statement``/``preamble``: what the proof is for. ``session_id`` ties the handle to its session.
    """

    handle: int
    goal_texts: tuple[str, ...]
    tactics: tuple[str, ...]
    statement: str
    preamble: str = ""
    session_id: int = 0

    @cached_property
    def goals(self) -> tuple[Goal, ...]:
        """The goals parsed into hypotheses and target (:mod:`prover.lean.goals`)."""
        return parse_goals(self.goal_texts)

    @property
    def num_goals(self) -> int:
        return len(self.goal_texts)

    def pretty(self) -> str:
        return "\n\n".join(self.goal_texts) if self.goal_texts else "no goals"


@dataclass(frozen=True, slots=True)
class TacticState:
    """The tactic ran; open goals remain in ``state``."""

    state: ProofState
    messages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProofFinished:
    """No goals remain. ``checker`` names what checked the assembled ``proof``: ``lean`` — it re-checked in
    command mode without errors or sorry (and, for a named theorem, with only the standard axioms);
    ``lean-tactic`` — tactic mode closed every goal and nothing re-checked the whole proof yet."""

    state: ProofState
    proof: str
    checker: Checker = Checker.LEAN


@dataclass(frozen=True, slots=True)
class TacticError:
    """Lean rejected the tactic (or its result). ``kind``: ``lean_error`` (error messages),
    ``repl_error`` (the REPL refused the request), ``recheck_failed`` (tactic mode said done but the whole
    proof failed in command mode), ``incomplete`` (e.g. metavariables left), ``rejected_unsafe`` (the
    soundness guard refused the tactic text before Lean saw it), ``replay_mismatch`` (a recorded session
    holds no answer for the request; the message names it)."""

    messages: tuple[str, ...]
    kind: str = "lean_error"
    positions: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ProofGivenUp:
    """The tactic closed goals with ``sorry``/``admit``: not a proof."""

    messages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Timeout:
    """The step ran past its time limit (the REPL process was killed and restarts on the next step)."""

    timeout_s: float


StepResult = TacticState | ProofFinished | TacticError | ProofGivenUp | Timeout
