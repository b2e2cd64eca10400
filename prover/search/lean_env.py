"""``LeanEnv``: the search environment over real Lean, through the Lean layer's step API.

States are the step API's proof states (the REPL's ``proofState`` handles: branching and backtracking are
free); goals are Lean's own text. A closing step is a ``ProofFinished`` from the step API, which already
re-checked the assembled proof in command mode and audited its axioms; :meth:`LeanEnv.verify` checks the
search's own assembled text once more, whole, through the guard and :func:`prover.lean.verify.verify_source`.

The step backend is anything with ``start(statement, *, header, name)`` and ``run_tactic(state, tactic)``
answering the tagged results of :mod:`prover.lean.results` (the REPL over a session pool, or LeanDojo).
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Protocol

from prover.lean.results import ProofFinished, ProofGivenUp, TacticError, TacticState, Timeout
from prover.lean.statements import split_header
from prover.search.assembly import strip_proof
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
    from prover.lean.steps import StepChecker

__all__ = ["LeanEnv", "ReplBackend", "StepBackend", "open_lean_env"]


class StepBackend(Protocol):
    name: str

    def start(self, statement: str, *, header: str = "", name: str | None = None) -> Any: ...

    def run_tactic(self, state: Any, tactic: str) -> Any: ...

    def close(self) -> None: ...


class ReplBackend:
    """The REPL step backend: one :class:`StepChecker` per import header on sessions borrowed from ``pool``."""

    name = "repl"

    def __init__(self, pool: SessionPool, *, timeout_s: float | None = None, recheck: bool = True) -> None:
        self.pool = pool
        self.timeout_s = timeout_s
        self.recheck = recheck
        self._stack = ExitStack()
        self._checkers: dict[tuple[str, ...], StepChecker] = {}
        self._owner: dict[int, StepChecker] = {}

    def _checker(self, imports: tuple[str, ...]) -> StepChecker:
        from prover.lean.steps import StepChecker

        key = tuple(sorted(set(imports)))
        if key not in self._checkers:
            session = self._stack.enter_context(self.pool.session(key))
            checker = StepChecker(session, timeout_s=self.timeout_s, recheck=self.recheck)
            self._checkers[key] = checker
            self._owner[checker._session_id] = checker
        return self._checkers[key]

    def start(self, statement: str, *, header: str = "", name: str | None = None) -> Any:
        imports, preamble = split_header(header)
        return self._checker(imports).start(strip_proof(statement), preamble=preamble)

    def run_tactic(self, state: Any, tactic: str) -> Any:
        checker = self._owner.get(state.session_id)
        if checker is None:
            return TacticError(("proof state belongs to another backend",), "repl_error")
        return checker.run_tactic(state, tactic)

    def close(self) -> None:
        self._checkers.clear()
        self._owner.clear()
        self._stack.close()


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
        return StepOutcome(StepKind.ERROR, lean=tactic, message=f"{res.kind}: {_message(res.messages)}")

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
    """A LeanEnv on real Lean (``LeanUnavailableError`` with an install hint when there is none)."""
    from prover.lean.settings import LeanSettings, open_pool

    settings = LeanSettings()
    if backend == "leandojo":
        from prover.lean.backend import make_step_backend  # type: ignore[import-not-found]

        return LeanEnv(make_step_backend("leandojo"), open_pool(settings), verify_timeout_s=settings.timeout_s)
    pool = open_pool(settings)
    return LeanEnv(ReplBackend(pool, timeout_s=tactic_timeout_s), pool, verify_timeout_s=settings.timeout_s)
