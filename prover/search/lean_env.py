"""``LeanEnv``: the search environment over real Lean, through the Lean layer's step API.

States are the step API's proof states (the REPL's ``proofState`` handles: branching and backtracking are
free); goals are Lean's own text. A closing step is a ``ProofFinished`` from the step API, which already
re-checked the assembled proof in command mode and audited its axioms; :meth:`LeanEnv.verify` checks the
search's own assembled text once more, whole, through the guard and :func:`prover.lean.verify.verify_source`.

The step backend is :func:`prover.lean.backend.make_step_backend`'s (``--lean-backend repl|leandojo``): anything
with ``start(statement, *, header, name)`` and ``run_tactic(state, tactic)`` answering the tagged results of
:mod:`prover.lean.results`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from prover.lean.results import ProofFinished, ProofGivenUp, TacticError, TacticState, Timeout
from prover.search.environment import (
    EnvironmentUnsupported,
    State,
    StepKind,
    StepOutcome,
    Suggestion,
    Theorem,
)
from symbolic.verdicts import Checker, Claim, Outcome, Reason

if TYPE_CHECKING:
    from prover.lean.pool import SessionPool

__all__ = ["LeanEnv", "StepBackend", "open_lean_env"]


class StepBackend(Protocol):
    """What :func:`prover.lean.backend.make_step_backend` returns (the REPL or LeanDojo)."""

    name: str

    def start(self, statement: str, *, header: str = "", name: str | None = None) -> Any: ...

    def run_tactic(self, state: Any, tactic: str) -> Any: ...

    def close(self) -> None: ...


#: TacticError kinds that say the REPL failed rather than Lean answered
_INFRASTRUCTURE = frozenset({"repl_error", "replay_mismatch"})


def _message(messages: tuple[str, ...]) -> str:
    return "\n".join(messages)


class LeanEnv:
    """The :class:`~prover.search.environment.Environment` over a Lean step backend and a session pool."""

    name = "lean"

    def __init__(self, backend: StepBackend, pool: SessionPool | None = None, *,
                 verify_timeout_s: float | None = None) -> None:
        self.backend = backend
        self.pool = pool
        self.verify_timeout_s = verify_timeout_s

    def start(self, theorem: Theorem) -> State:
        res = self.backend.start(theorem.statement, header=theorem.header, name=theorem.name)
        if isinstance(res, TacticState):
            return State(tuple(res.state.goal_texts), handle=res.state)
        if isinstance(res, Timeout):
            raise TimeoutError(f"{theorem.name}: Lean did not elaborate the statement within {res.timeout_s} s")
        assert isinstance(res, TacticError)
        if res.kind == "repl_error":
            raise RuntimeError(f"{theorem.name}: the Lean REPL failed: {_message(res.messages)}")
        raise EnvironmentUnsupported(theorem.name, f"Lean rejected the statement: {_message(res.messages)[:300]}")

    def run_tactic(self, state: State, tactic: str, *, timeout_s: float) -> StepOutcome:
        res = self.backend.run_tactic(state.handle, tactic)
        if isinstance(res, TacticState):
            return StepOutcome(StepKind.PROGRESS, State(tuple(res.state.goal_texts), handle=res.state), lean=tactic,
                               message=_message(res.messages), checker=Checker.LEAN_TACTIC)
        if isinstance(res, ProofFinished):
            checker = Checker.LEAN if res.checker == "lean" else Checker.LEAN_TACTIC
            return StepOutcome(StepKind.CLOSED, State(()), lean=tactic, checker=checker,
                               evidence={"step_api_proof": res.proof})
        if isinstance(res, ProofGivenUp):
            return StepOutcome(StepKind.GIVEN_UP, lean=tactic, message=_message(res.messages))
        if isinstance(res, Timeout):
            return StepOutcome(StepKind.TIMEOUT, lean=tactic, message=f"timeout after {res.timeout_s} s")
        assert isinstance(res, TacticError)
        kind = StepKind.CRASH if res.kind in _INFRASTRUCTURE else StepKind.ERROR
        return StepOutcome(kind, lean=tactic, message=f"{res.kind}: {_message(res.messages)}")

    def suggestions(self, state: State) -> list[Suggestion]:
        return []

    def verify(self, theorem: Theorem, proof: str) -> Claim:
        """Guard + whole-file Lean check of ``proof`` (statement fidelity against the theorem as given).

        The step backend's sessions go back to the pool first (the check borrows one; a pool of one session
        would otherwise wait on itself): states from before are no longer usable afterwards."""
        from prover.lean.verify import verify_source

        self.backend.close()
        if self.pool is None:
            return Claim(Outcome.UNKNOWN, Checker.NONE, Reason.UNAVAILABLE, "no Lean session pool to re-check with")
        from prover.search.selfcheck import fidelity

        original, name = fidelity(theorem)
        res = verify_source(proof, self.pool, original=original, theorem=name, timeout_s=self.verify_timeout_s)
        return _claim(res)

    def close(self) -> None:
        self.backend.close()
        if self.pool is not None:
            self.pool.close()


def _claim(res: Any) -> Claim:
    from prover.lean.verdicts import Verdict

    detail = res.detail or res.verdict.value
    if res.verdict is Verdict.VALID:
        return Claim(Outcome.PROVED, Checker.LEAN, None, "Lean accepted the whole proof")
    if res.verdict in (Verdict.REJECTED_UNSAFE, Verdict.SORRY, Verdict.LEAN_ERROR):
        checker = Checker.GUARD if res.checker == "guard" else Checker.LEAN
        return Claim(Outcome.REJECTED, checker, None, f"{res.verdict.value}: {detail}")
    reason = {Verdict.TIMEOUT: Reason.TIMEOUT, Verdict.LEAN_UNAVAILABLE: Reason.UNAVAILABLE}.get(res.verdict, Reason.CRASH)
    return Claim(Outcome.UNKNOWN, Checker.LEAN, reason, f"{res.verdict.value}: {detail}")


def open_lean_env(*, backend: str = "repl", tactic_timeout_s: float | None = None) -> LeanEnv:
    """A LeanEnv on real Lean through ``make_step_backend`` (``LeanUnavailableError``, one line saying what to
    do, when the backend cannot run here). Whole proofs are checked on a REPL session pool: the backend's own
    for ``repl``; for ``leandojo`` a separate one when the REPL is installed too (else not Lean-checked)."""
    from prover.lean.backend import make_step_backend, repl_readiness
    from prover.lean.settings import LeanSettings, open_pool

    settings = LeanSettings()
    if backend == "repl":
        step = make_step_backend("repl", settings=settings, timeout_s=tactic_timeout_s)
        return LeanEnv(step, step.pool, verify_timeout_s=settings.timeout_s)
    step = make_step_backend(backend, settings=settings)
    pool = open_pool(settings) if repl_readiness(settings.project_dir) is None else None
    return LeanEnv(step, pool, verify_timeout_s=settings.timeout_s)
