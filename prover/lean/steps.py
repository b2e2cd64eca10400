"""The step-checking API: a statement becomes a proof state; tactics turn states into tagged results.

>>> checker = StepChecker(session)                         # doctest: +SKIP
>>> start = checker.start("theorem t (p q : Prop) (hp : p) (hq : q) : p ∧ q")
>>> r = checker.run_tactic(start.state, "constructor")    # TacticState with two goals
>>> checker.run_tactic(r.state, "exact hp")               # branch: the old state is still usable

Soundness: a tactic containing ``sorry``/``admit`` gives ``ProofGivenUp`` without running; other unsafe
tactic text (``native_decide``, …) is refused by the guard. ``ProofFinished`` is reported only when
tactic mode says ``proofStatus == "Completed"`` *and* the assembled proof re-checks in command mode with
no errors and no sorry — tactic mode alone once accepted wrong proofs (leanprover-community/repl#44) —
*and*, for a named theorem, ``#print axioms`` lists only propext / Classical.choice / Quot.sound.

Over recorded sessions (:class:`~prover.lean.transport.ReplayTransport`) the checker sends exactly the
requests a live run would, and a recording answers only requests it holds word for word. With the defaults
(``recheck=True``, ``audit_axioms=True``) a finished proof needs three more recorded exchanges: the
assembled proof as a ``cmd`` and ``#print axioms NAME`` in the environment it made. A recording of tactic
mode only (like the REPL's own test cases) needs ``recheck=False``: then ``ProofFinished.checker`` is
``lean-tactic`` (not re-checked). A request the recording lacks gives ``TacticError(kind="replay_mismatch")``
whose message names that request, never an exception.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from prover.lean.errors import LeanInputError, ReplayMismatchError, ReplProcessError, ReplTimeoutError
from prover.lean.guard import check_tactic
from prover.lean.protocol import CommandResponse, ProofStepResponse, ReplFailure, errors_of, uses_sorry
from prover.lean.results import (
    ProofFinished,
    ProofGivenUp,
    ProofState,
    StepResult,
    TacticError,
    TacticState,
    Timeout,
)
from prover.lean.session import ReplSession
from prover.lean.statements import declarations, theorem_from_file
from prover.lean.verify import Verdict, accept
from symbolic.bridge.lean_source import code_view
from symbolic.verdicts import Checker

__all__ = ["StepChecker", "assemble_proof", "declared_name", "guard_step"]

_ids = itertools.count(1)
_HOLES = {"sorry", "admit", "look-alike sorry", "look-alike admit"}
# Goal states as text must fix every literal's and cast's type (Lean's default printing drops them: `1 / 3`
# over ℝ reads as ℕ): `(1 : ℝ) / (3 : ℝ)`, `(↑x : ℝ)`. Set for the statement's command, whose proof states
# keep its options. Only with an import header: the options are Lean's, the types that need them Mathlib's.
GOAL_PP_OPTIONS = "set_option pp.numericTypes true in\nset_option pp.coercions.types true in\n"


def assemble_proof(statement: str, tactics: tuple[str, ...] | list[str]) -> str:
    """``statement := by`` followed by the tactics (one single-line tactic stays on the same line)."""
    statement = statement.rstrip()
    if len(tactics) == 1 and "\n" not in tactics[0]:
        return f"{statement} := by {tactics[0]}"
    body = "\n".join("  " + line if line.strip() else line for t in tactics for line in t.split("\n"))
    return f"{statement} := by\n{body}"


def _positions(resp: CommandResponse | ProofStepResponse | ReplFailure) -> tuple[tuple[int, int], ...]:
    if isinstance(resp, ReplFailure):
        return ()
    return tuple((m.start_pos.line, m.start_pos.column) for m in resp.messages if m.severity == "error")


class StepChecker:
    """Checks proof steps in one :class:`ReplSession` (its header env is the context of every statement)."""

    def __init__(
        self, session: ReplSession, *, timeout_s: float | None = None, recheck: bool = True, audit_axioms: bool = True
    ) -> None:
        self.session = session
        self.timeout_s = timeout_s
        self.recheck = recheck
        self.audit_axioms = audit_axioms
        self._session_id = next(_ids)

    def start(self, statement: str, *, preamble: str = "") -> TacticState | TacticError | Timeout:
        """Elaborate ``statement := by sorry`` (after ``preamble``: ``open …`` lines) → the initial state.

        A statement that does not elaborate gives ``TacticError`` with Lean's messages.
        """
        statement = statement.rstrip()
        if statement.endswith(":="):
            statement = statement[:-2].rstrip()
        if not statement.strip():
            raise LeanInputError("<statement>: empty statement")
        options = GOAL_PP_OPTIONS if self.session.header else ""
        code = (preamble.rstrip() + "\n" if preamble.strip() else "") + options + statement + " := by sorry"
        try:
            resp, _, states = self.session.command(code, timeout_s=self.timeout_s)
        except ReplTimeoutError as exc:
            return Timeout(exc.timeout_s)
        except ReplayMismatchError as exc:
            return _unanswered(exc)
        errors = errors_of(resp)
        if errors:
            kind = "repl_error" if isinstance(resp, ReplFailure) else "lean_error"
            return TacticError(tuple(errors), kind, _positions(resp))
        assert isinstance(resp, CommandResponse)
        if len(resp.sorries) != 1 or len(states) != 1:
            return TacticError((f"expected one proof obligation, Lean reported {len(resp.sorries)}",), "incomplete")
        state = ProofState(
            handle=states[0],
            goal_texts=(resp.sorries[0].goal,),
            tactics=(),
            statement=statement,
            preamble=preamble,
            session_id=self._session_id,
        )
        return TacticState(state)

    def start_from_file(self, path: Path, name: str | None = None) -> TacticState | TacticError | Timeout:
        """The initial state of theorem ``name`` in a Lean file (the session's header must match its imports)."""
        _, body, decl = theorem_from_file(path, name)
        # commands before the theorem (open, set_option), without comments and blank lines
        preamble = "\n".join(line.rstrip() for line in code_view(body[: decl.start]).split("\n") if line.strip())
        return self.start(decl.statement, preamble=preamble)

    def owns(self, state: ProofState) -> bool:
        """True when ``state`` was made by this checker (and so can be continued by it)."""
        return state.session_id == self._session_id

    def run_tactic(self, state: ProofState, tactic: str) -> StepResult:
        """Run one tactic on ``state``; see the module docstring for the meaning of each result."""
        if not self.owns(state):
            return TacticError(("proof state belongs to another checker",), "repl_error")
        refused = guard_step(tactic)
        if refused is not None:
            return refused
        try:
            resp, handle, _ = self.session.tactic(state.handle, tactic, timeout_s=self.timeout_s)
        except ReplTimeoutError as exc:
            return Timeout(exc.timeout_s)
        except ReplProcessError as exc:  # crashed twice on this tactic (e.g. its memory use hits the cap)
            return TacticError((str(exc),), "repl_error")
        except ReplayMismatchError as exc:
            return _unanswered(exc)
        errors = errors_of(resp)
        if errors:
            kind = "repl_error" if isinstance(resp, ReplFailure) and not resp.message.startswith("Lean error") else "lean_error"
            return TacticError(tuple(errors), kind, _positions(resp))
        assert isinstance(resp, ProofStepResponse) and handle is not None
        infos = tuple(m.data for m in resp.messages)
        status = resp.proof_status
        if status.startswith("Error"):
            return TacticError((status,), "lean_error")
        if "sorry" in status or uses_sorry(resp):
            return ProofGivenUp((*infos, status))
        new_state = ProofState(
            handle=handle,
            goal_texts=tuple(resp.goals),
            tactics=(*state.tactics, tactic),
            statement=state.statement,
            preamble=state.preamble,
            session_id=self._session_id,
        )
        if resp.goals:
            return TacticState(new_state, infos)
        if status != "Completed":
            return TacticError((status,), "incomplete")
        return self._finish(new_state)

    def _finish(self, state: ProofState) -> ProofFinished | TacticError | Timeout:
        proof = assemble_proof(state.statement, state.tactics)
        if not self.recheck:
            return ProofFinished(state, proof, checker=Checker.LEAN_TACTIC)
        code = (state.preamble.rstrip() + "\n" if state.preamble.strip() else "") + proof
        try:
            resp, env, _ = self.session.command(code, timeout_s=self.timeout_s)
            name = declared_name(state.statement)
            audited = (name,) if self.audit_axioms and name is not None else ()
            verdict = accept(self.session, resp, env, audited, timeout_s=self.timeout_s)
            if verdict.verdict is not Verdict.VALID:
                kind = "repl_error" if verdict.verdict is Verdict.REPL_ERROR else "recheck_failed"
                return TacticError(verdict.errors or (verdict.detail,), kind, verdict.positions)
        except ReplTimeoutError as exc:
            return Timeout(exc.timeout_s)
        except ReplProcessError as exc:
            return TacticError((str(exc),), "repl_error")
        except ReplayMismatchError as exc:
            return _unanswered(exc)
        return ProofFinished(state, proof, checker=Checker.LEAN)


def _unanswered(exc: ReplayMismatchError) -> TacticError:
    """A recording that holds no answer for a request: a typed result naming the request (see the module doc)."""
    return TacticError((f"{exc}; the recording has no answer for this request",), "replay_mismatch")


def guard_step(tactic: str) -> ProofGivenUp | TacticError | None:
    """The soundness guard on one tactic before any backend runs it: ``sorry``/``admit`` give
    ``ProofGivenUp``, other unsafe text ``TacticError(kind="rejected_unsafe")``, a clean tactic ``None``."""
    findings = check_tactic(tactic)
    if not findings:
        return None
    if any(f.construct in _HOLES for f in findings):
        return ProofGivenUp(tuple(str(f) for f in findings))
    return TacticError(tuple(str(f) for f in findings), "rejected_unsafe")


def declared_name(statement: str) -> str | None:
    """The name a ``theorem``/``lemma`` statement declares (``None`` for ``example``/``def``…)."""
    decls = declarations(statement + " := by sorry")
    return decls[0].name if decls and decls[0].keyword != "example" else None
