"""Step backends: one interface over the two ways of running tactics, the REPL and LeanDojo.

A :class:`StepBackend` turns a theorem into an initial proof state and runs tactics on states, answering
with the tagged results of :mod:`prover.lean.results` (``TacticState | ProofFinished | TacticError |
ProofGivenUp | Timeout``). The proof search's Lean environment takes either, chosen by
``--lean-backend repl|leandojo``::

    backend = make_step_backend("repl")                 # LeanSettings() from PROVER_LEAN_* / .env
    start = backend.start(statement, header="import Mathlib\\nopen Real")
    result = backend.run_tactic(start.state, "norm_num")
    backend.close()

* ``repl`` (:class:`ReplStepBackend`): the leanprover-community REPL in ``lean_project/`` through a
  :class:`~prover.lean.pool.SessionPool` (sessions keyed by import header) and :class:`StepChecker`
  (finished proofs re-checked in command mode and axiom-audited).
* ``leandojo`` (:class:`prover.lean.dojo.LeanDojoBackend`): a LeanDojo ``Dojo`` per theorem, located by
  name in a Lean repository LeanDojo has traced (``pip install -e '.[leandojo]'``).

:func:`make_step_backend` checks first what the backend needs and raises ``LeanUnavailableError`` with one
line that says what to do (the same line ``prover doctor`` prints).
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from prover.lean.errors import LeanInputError, LeanUnavailableError
from prover.lean.results import ProofState, StepResult, TacticError, TacticState, Timeout
from prover.lean.statements import split_header, without_proof

if TYPE_CHECKING:
    from prover.lean.pool import SessionPool
    from prover.lean.settings import LeanSettings
    from prover.lean.steps import StepChecker

__all__ = [
    "BACKENDS", "ReplStepBackend", "StepBackend", "make_step_backend", "readiness_line", "repl_readiness",
]

BACKENDS = ("repl", "leandojo")
BackendKind = Literal["repl", "leandojo"]


@runtime_checkable
class StepBackend(Protocol):
    """Start a theorem, run tactics on immutable :class:`ProofState` values; failures of a tactic are values."""

    name: str

    def start(self, statement: str, *, header: str = "", name: str | None = None) -> TacticState | TacticError | Timeout:
        """The initial state of ``statement`` (``theorem n … : T``, optional ``:= by sorry``) after ``header``
        (imports, ``open``/``set_option`` lines)."""
        ...

    def run_tactic(self, state: ProofState, tactic: str) -> StepResult:
        """Run ``tactic`` on ``state`` (states stay valid: branch and backtrack freely)."""
        ...

    def close(self) -> None:
        """Release processes; idempotent."""
        ...


class ReplStepBackend:
    """The REPL backend: one :class:`StepChecker` per import header, on sessions borrowed from ``pool`` until
    :meth:`close`."""

    name = "repl"

    def __init__(self, pool: SessionPool, *, timeout_s: float | None = None, recheck: bool = True,
                 audit_axioms: bool = True) -> None:
        self.pool = pool
        self.timeout_s = timeout_s
        self.recheck = recheck
        self.audit_axioms = audit_axioms
        self._stack = ExitStack()
        self._checkers: dict[tuple[str, ...], StepChecker] = {}

    def _checker(self, imports: tuple[str, ...]) -> StepChecker:
        from prover.lean.steps import StepChecker

        key = tuple(sorted(set(imports)))
        if key not in self._checkers:
            session = self._stack.enter_context(self.pool.session(key))
            self._checkers[key] = StepChecker(session, timeout_s=self.timeout_s, recheck=self.recheck,
                                              audit_axioms=self.audit_axioms)
        return self._checkers[key]

    def start(self, statement: str, *, header: str = "", name: str | None = None) -> TacticState | TacticError | Timeout:
        imports, preamble = split_header(header)
        return self._checker(imports).start(without_proof(statement), preamble=preamble)

    def run_tactic(self, state: ProofState, tactic: str) -> StepResult:
        checker = next((c for c in self._checkers.values() if c.owns(state)), None)
        if checker is None:
            return TacticError(("proof state belongs to another backend",), "repl_error")
        return checker.run_tactic(state, tactic)

    def close(self) -> None:
        self._checkers.clear()
        self._stack.close()


def repl_readiness(project_dir: Path | None = None) -> str | None:
    """``None`` when the REPL backend can run here, else one line saying what is missing and what to do.

    The same checks as ``prover doctor``: elan/lake present, Mathlib cache unpacked, REPL built, and the
    toolchain / Mathlib / REPL versions agreeing with the pins.
    """
    from prover.lean.doctor import lean_report

    return readiness_line(lean_report(project_dir))


def readiness_line(report: dict[str, Any]) -> str | None:
    """The one line :func:`repl_readiness` gives, from a :func:`~prover.lean.doctor.lean_report` already made."""
    if report.get("ok"):
        return None
    if report.get("mismatches"):
        m = report["mismatches"][0]
        if m["found"] is None:
            return f"{m['what']} not found; {m['fix']}"
        return f"{m['what']}: found {m['found']}, expected {m['expected']}; fix: {m['fix']}"
    return str(report.get("hint", "see `prover doctor`"))


def make_step_backend(kind: str, *, settings: LeanSettings | None = None, **options: Any) -> StepBackend:
    """The step backend named ``kind`` (``repl`` or ``leandojo``), ready to start theorems.

    ``repl``: ``settings`` (default ``LeanSettings()``) say where the Lake project is and how processes run;
    ``options`` go to :class:`ReplStepBackend` (``recheck``, ``audit_axioms``, ``timeout_s``).
    ``leandojo``: ``options`` go to :class:`prover.lean.dojo.LeanDojoBackend` (``repo_url``, ``commit``,
    ``file_path``, ``timeout_s``); ``settings`` supply them from ``PROVER_LEAN_LEANDOJO_REPO`` / ``_COMMIT`` /
    ``_FILE`` when given.
    Raises ``LeanInputError`` for an unknown ``kind`` and ``LeanUnavailableError`` (one line, what to do)
    when the backend cannot run on this machine.
    """
    if kind == "repl":
        from prover.lean.settings import LeanSettings, open_pool

        settings = settings or LeanSettings()
        problem = repl_readiness(settings.project_dir)
        if problem is not None:
            raise LeanUnavailableError(f"Lean backend 'repl' cannot run: {problem}", hint="see `prover doctor`")
        return ReplStepBackend(open_pool(settings), **options)
    if kind == "leandojo":
        from prover.lean.dojo import LeanDojoBackend, leandojo_readiness

        problem = leandojo_readiness()
        if problem is not None:
            raise LeanUnavailableError(f"Lean backend 'leandojo' cannot run: {problem}", hint="see `prover doctor`")
        if settings is not None:
            options = {"repo_url": settings.leandojo_repo, "commit": settings.leandojo_commit,
                       "file_path": settings.leandojo_file, "timeout_s": settings.timeout_s, **options}
        if not options.get("repo_url") or not options.get("commit"):
            raise LeanInputError("--lean-backend leandojo: LeanDojo runs theorems inside a traced repository; set "
                                 "PROVER_LEAN_LEANDOJO_REPO, PROVER_LEAN_LEANDOJO_COMMIT and PROVER_LEAN_LEANDOJO_FILE "
                                 "(e.g. MiniF2F/Valid/{name}.lean)")
        return LeanDojoBackend(**options)
    raise LeanInputError(f"--lean-backend {kind!r}: unknown backend; choose one of {', '.join(BACKENDS)}")
