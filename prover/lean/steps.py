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
"""

from __future__ import annotations

import itertools
from pathlib import Path

from prover.lean.errors import LeanInputError, ReplProcessError, ReplTimeoutError
from prover.lean.guard import ALLOWED_AXIOMS, check_tactic, parse_axioms_message
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
from symbolic.bridge.lean_source import code_view

__all__ = ["StepChecker", "assemble_proof", "declared_name"]

_ids = itertools.count(1)
_HOLES = {"sorry", "admit", "look-alike sorry", "look-alike admit"}


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
        code = (preamble.rstrip() + "\n" if preamble.strip() else "") + statement + " := by sorry"
        try:
            resp, _, states = self.session.command(code, timeout_s=self.timeout_s)
        except ReplTimeoutError as exc:
            return Timeout(exc.timeout_s)
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

    def run_tactic(self, state: ProofState, tactic: str) -> StepResult:
        """Run one tactic on ``state``; see the module docstring for the meaning of each result."""
        if state.session_id != self._session_id:
            return TacticError(("proof state belongs to another checker",), "repl_error")
        findings = check_tactic(tactic)
        if findings:
            if any(f.construct in _HOLES for f in findings):
                return ProofGivenUp(tuple(str(f) for f in findings))
            return TacticError(tuple(str(f) for f in findings), "rejected_unsafe")
        try:
            resp, handle, _ = self.session.tactic(state.handle, tactic, timeout_s=self.timeout_s)
        except ReplTimeoutError as exc:
            return Timeout(exc.timeout_s)
        except ReplProcessError as exc:  # crashed twice on this tactic (e.g. its memory use hits the cap)
            return TacticError((str(exc),), "repl_error")
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
            return ProofFinished(state, proof, checker="lean-tactic-mode")
        code = (state.preamble.rstrip() + "\n" if state.preamble.strip() else "") + proof
        try:
            resp, env, _ = self.session.command(code, timeout_s=self.timeout_s)
            errors = errors_of(resp)
            if errors:
                return TacticError(tuple(errors), "recheck_failed", _positions(resp))
            assert isinstance(resp, CommandResponse)
            if uses_sorry(resp):
                return TacticError(("the assembled proof uses sorry",), "recheck_failed")
            name = declared_name(state.statement)
            if self.audit_axioms and name is not None:
                audit, _, _ = self.session.command(f"#print axioms {name}", env=env, timeout_s=self.timeout_s)
                reports = [] if isinstance(audit, ReplFailure) else [parse_axioms_message(m.data) for m in audit.messages]
                axioms = next((r for r in reports if r is not None), None)
                if axioms is None:
                    return TacticError((f"no axioms report for {name}",), "recheck_failed")
                extra = [a for a in axioms if a not in ALLOWED_AXIOMS]
                if extra:
                    return TacticError((f"{name} depends on {', '.join(extra)}",), "recheck_failed")
        except ReplTimeoutError as exc:
            return Timeout(exc.timeout_s)
        except ReplProcessError as exc:
            return TacticError((str(exc),), "repl_error")
        return ProofFinished(state, proof)


def declared_name(statement: str) -> str | None:
    """The name a ``theorem``/``lemma`` statement declares (``None`` for ``example``/``def``…)."""
    decls = declarations(statement + " := by sorry")
    return decls[0].name if decls and decls[0].keyword != "example" else None
