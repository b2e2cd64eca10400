"""The LeanDojo step backend: a ``Dojo`` per theorem, ``run_tac`` mapped onto our tagged results.

LeanDojo (``pip install -e '.[leandojo]'``; the ``lean-dojo`` package) runs a theorem *in the repository it
belongs to*: it traces the repository once (a full ``lake build``, cached under ``~/.cache/lean_dojo``),
then replaces the theorem's proof by its own REPL tactic and drives ``lake env lean``. So a theorem is named
by ``(repository URL, commit, file, full name)`` rather than by its text; :class:`LeanDojoBackend` takes the
repository and a file-path template, and checks that the theorem it opens has the statement it was given.

LeanDojo is deprecated upstream in favour of LeanDojo-v2; this backend targets ``lean-dojo`` 4.x, whose
results already carry our names. The mapping (:func:`map_result`):

==========================================  =====================================================
LeanDojo                                    ours
==========================================  =====================================================
``TacticState(pp, id, message)``            ``TacticState`` (goals split as Lean prints them)
``ProofFinished(tactic_state_id, message)``  ``ProofFinished(checker="lean-tactic")``
``LeanError(error)``                        ``TacticError(kind="lean_error")``
``ProofGivenUp()``                          ``ProofGivenUp``
``DojoTacticTimeoutError`` (raised)         ``Timeout`` (the Dojo is reopened on the next step)
``DojoCrashError`` (raised)                 reopen, replay the state's tactics, retry once; then
                                            ``TacticError(kind="repl_error")``
==========================================  =====================================================

``ProofFinished`` here is tactic mode's word (plus, with ``recheck``, LeanDojo's whole-file ``check_proof``,
which has no axiom audit): the search's final Lean check makes the ``lean`` claim. Tactics pass our
soundness guard before LeanDojo sees them, as with the REPL backend.

Importing ``lean_dojo`` does work at import time (it reads ``.env`` from the working directory and runs
``git --version``), so this module imports it only when a Dojo is opened or a result mapped.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prover.lean.errors import LeanInputError
from prover.lean.project import find_tool
from prover.lean.results import (
    ProofFinished,
    ProofGivenUp,
    ProofState,
    StepResult,
    TacticError,
    TacticState,
    Timeout,
)
from prover.lean.statements import find_declaration, normalize_statement, without_proof
from prover.lean.steps import assemble_proof, declared_name, guard_step
from symbolic.verdicts import Checker

__all__ = ["DEPRECATION_NOTE", "LeanDojoBackend", "TheoremRef", "leandojo_readiness", "map_result", "split_goals"]

DEPRECATION_NOTE = "LeanDojo is deprecated upstream in favour of LeanDojo-v2 (lean-dojo-v2)"
_ids = itertools.count(1)


def leandojo_readiness() -> str | None:
    """``None`` when the LeanDojo backend can run here, else one line saying what to do.

    Looks only (no ``import lean_dojo``): the package, and the Lean toolchain LeanDojo drives (``lake``).
    """
    if importlib.util.find_spec("lean_dojo") is None:
        return "lean-dojo is not installed: pip install -e '.[leandojo]' (or use --lean-backend repl)"
    if find_tool("lake") is None:
        return ("lean-dojo is installed but there is no Lean toolchain (LeanDojo runs `lake env lean`): install "
                "elan (curl https://raw.githubusercontent.com/leanprover/elan/master/elan-init.sh -sSf | sh)")
    return None


def split_goals(pp: str) -> tuple[str, ...]:
    """LeanDojo's pretty-printed state (goals separated by blank lines, ``no goals`` when none) → one text
    per goal, as the REPL's ``goals`` list holds them."""
    text = pp.strip()
    if not text or text == "no goals":
        return ()
    return tuple(re.split(r"\n\n(?=\S)", text))


def map_result(result: Any, before: ProofState, tactic: str, handle: int) -> StepResult:
    """One LeanDojo ``run_tac`` result as our tagged result; ``handle`` names the new state (if any)."""
    import lean_dojo

    tactics = (*before.tactics, tactic)
    if isinstance(result, lean_dojo.TacticState):
        state = ProofState(handle, split_goals(result.pp), tactics, before.statement, before.preamble,
                           before.session_id)
        return TacticState(state, (result.message,) if result.message else ())
    if isinstance(result, lean_dojo.ProofFinished):
        state = ProofState(handle, (), tactics, before.statement, before.preamble, before.session_id)
        return ProofFinished(state, assemble_proof(before.statement, tactics), checker=Checker.LEAN_TACTIC)
    if isinstance(result, lean_dojo.LeanError):
        return TacticError((result.error,), "lean_error")
    if isinstance(result, lean_dojo.ProofGivenUp):
        return ProofGivenUp(("LeanDojo: the proof contains sorry",))
    raise TypeError(f"not a LeanDojo tactic result: {type(result).__name__}")


@dataclass(frozen=True)
class TheoremRef:
    """Where LeanDojo finds a theorem: repository URL, commit, file and full name (our own record; building
    LeanDojo's ``LeanGitRepo`` resolves the repository over the network, so it waits until a Dojo opens)."""

    repo_url: str
    commit: str
    file_path: Path
    full_name: str

    def to_leandojo(self) -> Any:
        import lean_dojo

        return lean_dojo.Theorem(lean_dojo.LeanGitRepo(self.repo_url, self.commit), self.file_path, self.full_name)


@dataclass
class _Open:
    """One theorem's Dojo: the context to exit, the live Dojo, LeanDojo states by our handle."""

    theorem: TheoremRef
    context: Any
    dojo: Any
    init: Any
    states: dict[int, Any] = field(default_factory=dict)
    alive: bool = True


def _default_dojo(timeout_s: float, build_deps: bool) -> Callable[[Any], Any]:
    def make(ref: TheoremRef) -> Any:
        import lean_dojo

        return lean_dojo.Dojo(ref.to_leandojo(), timeout=max(1, int(timeout_s)), build_deps=build_deps)

    return make


def _traced_source(ref: TheoremRef) -> str:
    """The text of the theorem's file in LeanDojo's traced copy of the repository (cached by then)."""
    import lean_dojo

    theorem = ref.to_leandojo()
    return (lean_dojo.get_traced_repo_path(theorem.repo) / theorem.file_path).read_text(encoding="utf-8")


class LeanDojoBackend:
    """Theorems of one traced repository, each in its own ``Dojo``.

    ``repo_url``/``commit``: the Lean repository (e.g. miniF2F-lean4 at a pinned commit); ``file_path``: the
    file holding a theorem, a template with ``{name}`` (``MiniF2F/Valid/{name}.lean``); ``timeout_s``: per
    tactic (LeanDojo's ``timeout``); ``recheck``: run LeanDojo's ``check_proof`` on a finished proof.
    ``dojo_factory``/``source_of`` replace how a Dojo is opened for a :class:`TheoremRef` and where the
    theorem's source is read.
    """

    name = "leandojo"

    def __init__(
        self,
        *,
        repo_url: str,
        commit: str,
        file_path: str = "{name}.lean",
        timeout_s: float = 60.0,
        recheck: bool = True,
        build_deps: bool = True,
        dojo_factory: Callable[[Any], Any] | None = None,
        source_of: Callable[[Any], str] | None = None,
    ) -> None:
        self.repo_url, self.commit, self.file_path = repo_url, commit, file_path
        self.timeout_s = timeout_s
        self.recheck = recheck
        self._make_dojo = dojo_factory or _default_dojo(timeout_s, build_deps)
        self._source_of = source_of or _traced_source
        self._open: dict[int, _Open] = {}
        self._handles = itertools.count(1)

    def start(self, statement: str, *, header: str = "", name: str | None = None) -> TacticState | TacticError | Timeout:
        statement = without_proof(statement)
        name = name or declared_name(statement)
        if not name:
            raise LeanInputError(f"<statement>: LeanDojo finds theorems by name and this one has none: {statement[:60]!r}")
        import lean_dojo

        theorem = TheoremRef(self.repo_url, self.commit, Path(self.file_path.format(name=name)), name)
        try:
            context = self._make_dojo(theorem)
            dojo, init = context.__enter__()
        except lean_dojo.DojoTacticTimeoutError:
            return Timeout(self.timeout_s)
        except lean_dojo.DojoInitError as exc:
            return TacticError((f"LeanDojo could not open {name} in {theorem.file_path}: {exc}",), "repl_error")
        traced = find_declaration(self._source_of(theorem), name, source=str(theorem.file_path))
        if normalize_statement(traced.statement) != normalize_statement(statement):
            context.__exit__(None, None, None)
            return TacticError((f"{theorem.file_path}: {name} states {traced.statement.strip()[:200]!r}, not the "
                                "statement given",), "statement_mismatch")
        session = next(_ids)
        self._open[session] = _Open(theorem, context, dojo, init)
        handle = next(self._handles)
        self._open[session].states[handle] = init
        return TacticState(ProofState(handle, split_goals(init.pp), (), statement, "", session))

    def run_tactic(self, state: ProofState, tactic: str) -> StepResult:
        import lean_dojo

        refused = guard_step(tactic)
        if refused is not None:
            return refused
        op = self._open.get(state.session_id)
        if op is None:
            return TacticError(("proof state belongs to another backend or a closed theorem",), "repl_error")
        for attempt in (0, 1):
            try:
                before = self._lean_state(op, state)
                result = op.dojo.run_tac(before, tactic)
                break
            except lean_dojo.DojoTacticTimeoutError:
                self._drop(op)
                return Timeout(self.timeout_s)
            except lean_dojo.DojoCrashError as exc:
                self._drop(op)
                if attempt:
                    return TacticError((f"LeanDojo crashed twice on this step: {exc}",), "repl_error")
        handle = next(self._handles)
        mapped = map_result(result, state, tactic, handle)
        if isinstance(mapped, TacticState):
            op.states[handle] = result
        elif isinstance(mapped, ProofFinished) and self.recheck:
            body = mapped.proof[len(state.statement.rstrip()) :].lstrip().removeprefix(":=").lstrip()
            if not lean_dojo.check_proof(op.theorem.to_leandojo(), body):
                return TacticError(("the assembled proof failed LeanDojo's whole-file check",), "recheck_failed")
        return mapped

    def _lean_state(self, op: _Open, state: ProofState) -> Any:
        """The LeanDojo state behind ``state``; after a restart, rebuilt by replaying its tactics."""
        if not op.alive:
            op.context = self._make_dojo(op.theorem)
            op.dojo, op.init = op.context.__enter__()
            op.states, op.alive = {}, True
        if state.handle in op.states:
            return op.states[state.handle]
        current = op.init
        for tactic in state.tactics:
            current = op.dojo.run_tac(current, tactic)
            if not hasattr(current, "pp"):
                _replay_failed(tactic, current)
        op.states[state.handle] = current
        return current

    def _drop(self, op: _Open) -> None:
        """Close a Dojo that timed out or crashed (its process may be mid-answer); reopened on next use."""
        if op.alive:
            op.alive = False
            op.context.__exit__(None, None, None)

    def close(self) -> None:
        for op in self._open.values():
            self._drop(op)
        self._open.clear()


def _replay_failed(tactic: str, result: Any) -> None:
    """Replaying a recorded path after a restart gave a different answer: LeanDojo's crash error, so the
    caller's retry-once path reports it."""
    import lean_dojo

    raise lean_dojo.DojoCrashError(f"replaying {tactic!r} after a restart gave {type(result).__name__}")
