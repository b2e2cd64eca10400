"""The solver seam: check assertions (terms) or raw SMT-LIB2 text with one solver, a portfolio or a
cross-check, each query in its own worker process with a hard deadline.

Solver names: ``"z3"``, ``"cvc5"``, ``"portfolio"`` (race every available backend, take the first definite
answer, kill the rest) and ``"crosscheck"`` (ask every backend; sat from one and unsat from another is a
disagreement: an :class:`SolverDisagreement` error in strict mode, else ``unknown(disagreement)``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from symbolic.errors import SymbolicError
from symbolic.logic.terms import Term
from symbolic.smt.backends import Backend, Job, available_backends, get_backend
from symbolic.smt.result import SmtResult, Status
from symbolic.smt.sexpr import ReadDeadline
from symbolic.smt.smtlib_reader import solver_text
from symbolic.smt.smtlib_writer import declarations, term_to_smtlib
from symbolic.smt.worker import RunningQuery, wait_first
from symbolic.verdicts import Reason

__all__ = ["Race", "SolverDisagreement", "check_job", "check_sat", "check_smtlib", "cross_check", "portfolio", "prepare_job",
           "reconcile", "solver_group", "standalone_script"]

#: Default memory cap of one solver process (MiB).
DEFAULT_MEMORY_MB = 4096
_CORE_PREFIX = "__core_"


class SolverDisagreement(SymbolicError):
    """Two solvers answered sat and unsat on the same query: one of them (or the encoding) is wrong."""

    def __init__(self, results: Sequence[SmtResult]) -> None:
        self.results = list(results)
        parts = ", ".join(f"{r.solver}={r.status.value}" for r in self.results)
        super().__init__(f"solvers disagree: {parts}")


def prepare_job(assertions: Sequence[Term], *, timeout: float, want_model: bool = True,
                want_core: bool = False, names: Sequence[str] | None = None,
                options: dict[str, str] | None = None) -> tuple[Job, dict[str, str]]:
    """Translate terms into a :class:`Job`; returns it and the map from tracking literal to assertion name."""
    decls, side = declarations(assertions)
    lines = list(decls)
    lines.extend(f"(assert {s})" for s in side)
    track: dict[str, str] = {}
    if want_core:
        if names is None:
            names = [f"a{i}" for i in range(len(assertions))]
        if len(names) != len(assertions):
            raise ValueError(f"{len(names)} names for {len(assertions)} assertions")
    for i, a in enumerate(assertions):
        body = term_to_smtlib(a)
        if want_core:
            lit = f"{_CORE_PREFIX}{i}"
            track[lit] = names[i]  # type: ignore[index]
            lines.append(f"(declare-const {lit} Bool)")
            lines.append(f"(assert (=> {lit} {body}))")
        else:
            lines.append(f"(assert {body})")
    model_names = []
    for t in assertions:
        model_names.extend(v.head for v in t.free_vars)
    job = Job(script="\n".join(lines) + "\n", timeout_ms=int(timeout * 1000), want_model=want_model,
              assumptions=tuple(track), model_names=tuple(sorted(set(model_names))), options=dict(options or {}))
    return job, track


def _finish(res: SmtResult, job: Job, track: dict[str, str], started: float) -> SmtResult:
    core = [track.get(c, c) for c in res.core] if res.core is not None and track else res.core
    return replace(res, core=core, seconds=time.monotonic() - started, query=standalone_script(job))


def standalone_script(job: Job) -> str:
    """The job as a script any SMT-LIB2 solver runs on its own (tracking literals asserted, one check-sat):
    what a result records as its ``query`` and what a replay re-runs."""
    tracked = "".join(f"(assert {a})\n" for a in job.assumptions)
    return f"{job.script}{tracked}(check-sat)\n"


def solver_group(solvers: Sequence[str | Backend] | None = None) -> list[Backend]:
    """The backends named (default: every installed one); raises :class:`SolverUnavailable` when none is."""
    if solvers:
        return [get_backend(s) for s in solvers]
    return _backends()


def _run(job: Job, track: dict[str, str], solver: str | Backend, timeout: float, memory_mb: int | None,
         strict: bool, solvers: Sequence[str | Backend] | None = None, grace: float | None = None, *,
         started: float | None = None) -> SmtResult:
    started = time.monotonic() if started is None else started
    if isinstance(solver, str) and solver == "portfolio":
        res = Race(job, solver_group(solvers), timeout=timeout, memory_mb=memory_mb).start().wait()
    elif isinstance(solver, str) and solver == "crosscheck":
        res = _cross(job, solver_group(solvers), timeout, memory_mb, strict, grace)
    else:
        b = get_backend(solver)
        res = RunningQuery(b, job, timeout=timeout, memory_mb=memory_mb).start().result()
    return _finish(res, job, track, started)


def check_sat(assertions: Sequence[Term], *, solver: str | Backend = "z3", timeout: float = 5.0,
              want_model: bool = True, want_core: bool = False, names: Sequence[str] | None = None,
              memory_mb: int | None = DEFAULT_MEMORY_MB, options: dict[str, str] | None = None,
              strict: bool = True, solvers: Sequence[str | Backend] | None = None,
              grace: float | None = None) -> SmtResult:
    """Is the conjunction of ``assertions`` satisfiable? One query, in a child process, within ``timeout``.

    ``names`` label the assertions for the unsat ``core`` (default ``a0, a1, …``). ``model`` maps free
    constants to values. Raises :class:`SolverUnavailable` for an unknown or missing solver and (``strict``
    crosscheck only) :class:`SolverDisagreement`; every solver outcome is a value. ``solvers`` picks the
    backends a portfolio or crosscheck uses (default: every installed one). ``grace`` (crosscheck only): once
    one solver answered, the others have that many seconds left to agree or object.
    """
    job, track = prepare_job(assertions, timeout=timeout, want_model=want_model, want_core=want_core,
                             names=names, options=options)
    return _run(job, track, solver, timeout, memory_mb, strict, solvers, grace)


def check_smtlib(text: str, *, solver: str | Backend = "z3", timeout: float = 5.0, want_model: bool = True,
                 source: str = "<input>", memory_mb: int | None = DEFAULT_MEMORY_MB,
                 options: dict[str, str] | None = None, strict: bool = True,
                 solvers: Sequence[str | Backend] | None = None, grace: float | None = None,
                 require_check_sat: bool = False) -> SmtResult:
    """Check a raw SMT-LIB2 script (everything up to its first ``check-sat``) without translating it, so
    it may use any theory the solvers know. Malformed S-expressions raise :class:`ParseError`; with
    ``require_check_sat`` a script without ``check-sat`` (which asks nothing) raises :class:`InputError`.

    ``timeout`` covers reading too: a script still being read when it passes is ``unknown (timeout)``,
    and the solvers get what is left; ``seconds`` reports the whole time.
    """
    started = time.monotonic()
    try:
        body, names, _ = solver_text(text, source=source, deadline=started + timeout,
                                     require_check_sat=require_check_sat)
        left = timeout - (time.monotonic() - started)
        if left <= 0:
            raise ReadDeadline(f"{source}: reading used the whole time limit")
    except ReadDeadline as exc:
        return SmtResult(status=Status.UNKNOWN, solver=str(getattr(solver, "name", solver)),
                         seconds=time.monotonic() - started, reason=Reason.TIMEOUT.value, message=str(exc))
    job = Job(script=body, timeout_ms=max(1, int(left * 1000)), want_model=want_model, model_names=tuple(names),
              options=dict(options or {}))
    return _run(job, {}, solver, left, memory_mb, strict, solvers, grace, started=started)


def check_job(job: Job, *, solver: str | Backend = "z3", timeout: float = 5.0,
              memory_mb: int | None = DEFAULT_MEMORY_MB, strict: bool = True,
              solvers: Sequence[str | Backend] | None = None, grace: float | None = None) -> SmtResult:
    """Run a prepared :class:`Job` (script text the solvers read as is, no parsing here) like
    :func:`check_smtlib`; used to re-run a recorded query."""
    return _run(job, {}, solver, timeout, memory_mb, strict, solvers, grace)


def _backends() -> list[Backend]:
    names = available_backends()
    if not names:
        from symbolic.smt.backends import SolverUnavailable

        raise SolverUnavailable("no SMT solver installed (pip install z3-solver cvc5)")
    return [get_backend(n) for n in names]


#: How long the likelier winner runs alone before the other solvers join a portfolio (seconds). Small
#: queries are then answered by the leader alone, without a second solver competing for the CPU; a query
#: the leader cannot decide quickly costs up to this much more. Off by default: on 49 small regression
#: instances 20 ms halved the instances slowed by over 10 % but not the summed overhead
#: (``experiments/smt_portfolio_overhead.py``, notes/hardening.md).
STAGGER_SECONDS = 0.0
#: How long a race's loser may go on to finish its job and rejoin the warm pool (seconds); 0 kills it
#: at once, so it takes no CPU from the next query (a later query forks a fresh worker instead).
LOSER_GRACE_SECONDS = 1.0
# Portfolio wins per solver in this process: the solver that won most often leads the next race.
_WINS: dict[str, int] = {}


class Race:
    """A portfolio in flight: every backend on one job; the first definite answer wins, the rest are stopped.

    The solver that has won most races in this process starts first and runs alone for ``stagger`` seconds
    (default :data:`STAGGER_SECONDS`; 0 starts all at once); the others join then, or at once when the
    leader gives up. :meth:`wait` blocks (``check_sat(solver="portfolio")``); :meth:`poll` lets a caller
    race the solvers alongside its own work (AquaForte does) and :meth:`stop` cancels whatever still runs.
    """

    def __init__(self, job: Job, backends: Sequence[Backend], *, timeout: float,
                 memory_mb: int | None = DEFAULT_MEMORY_MB, stagger: float | None = None) -> None:
        self.job = job
        self.backends = list(backends)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.stagger = STAGGER_SECONDS if stagger is None else max(0.0, stagger)
        self.queries: list[RunningQuery] = []
        self._waiting: list[Backend] = []  # followers not started yet
        self._join_at = 0.0
        self._started = 0.0
        self._winner: SmtResult | None = None

    def start(self) -> Race:
        self._started = time.monotonic()
        order = sorted(self.backends, key=lambda b: -_WINS.get(b.name, 0))  # stable: ties keep the given order
        lead = 1 if self.stagger > 0 and len(order) > 1 else len(order)
        self._waiting = order[lead:]
        self._join_at = self._started + self.stagger
        self.queries = [RunningQuery(b, self.job, timeout=self.timeout, memory_mb=self.memory_mb).start()
                        for b in order[:lead]]
        return self

    def _join(self) -> None:
        """Start the followers once the stagger has passed or every started solver has given up."""
        if not self._waiting:
            return
        if time.monotonic() < self._join_at and not all(q.done for q in self.queries):
            return
        left = self.timeout - (time.monotonic() - self._started)
        if left <= 0:
            self._waiting = []
            return
        job = replace(self.job, timeout_ms=max(1, int(left * 1000)))
        self.queries += [RunningQuery(b, job, timeout=left, memory_mb=self.memory_mb).start()
                         for b in self._waiting]
        self._waiting = []

    @property
    def until(self) -> float:
        return max((q.deadline for q in self.queries), default=time.monotonic())

    def poll(self) -> SmtResult | None:
        """The first definite answer so far (None while nobody has one)."""
        if self._winner is None:
            for q in self.queries:
                r = q.poll()
                if r is not None and r.status.definite:
                    self._winner = replace(r, details={"winner": r.solver, "portfolio": True})
                    _WINS[r.solver] = _WINS.get(r.solver, 0) + 1
                    self._waiting = []
                    self.stop()
                    break
        if self._winner is None:
            self._join()
        return self._winner

    @property
    def done(self) -> bool:
        return self._winner is not None or (not self._waiting and all(q.done for q in self.queries))

    def wait(self, until: float | None = None) -> SmtResult:
        """Block until a definite answer, every solver gave up, or ``until`` (default: the hard deadline);
        without a definite answer, the unknowns merged (reason ``timeout`` when ``until`` came first)."""
        while self.poll() is None and not self.done:
            limit = self.until if until is None else min(until, self.until)
            if time.monotonic() >= limit:
                break
            wait_first(self.queries, min(limit, self._join_at) if self._waiting else limit)
        if self._winner is not None:
            return self._winner
        if self.done or time.monotonic() >= self.until:
            self.stop()
        return _merge_unknown([q.result() for q in self.queries if q.done], "portfolio")

    def stop(self) -> None:
        self._waiting = []
        for q in self.queries:
            q.detach(LOSER_GRACE_SECONDS)


def _merge_unknown(results: list[SmtResult], name: str) -> SmtResult:
    if not results:
        return SmtResult(status=Status.UNKNOWN, solver=name, seconds=0.0, reason=Reason.TIMEOUT,
                         message="no answer yet")
    reasons = [r.reason or "incomplete" for r in results]
    # a crash of one solver is not the portfolio's verdict when another ran out of time honestly
    order = ["incomplete", "timeout", "resource", "error", "crash", "canceled"]
    reason = min(reasons, key=lambda r: order.index(r) if r in order else len(order))
    msg = "; ".join(f"{r.solver}: {r.reason}" for r in results)
    secs = max((r.seconds for r in results), default=0.0)
    return SmtResult(status=Status.UNKNOWN, solver=name, seconds=secs, reason=reason, message=msg)


def _cross(job: Job, backends: list[Backend], timeout: float, memory_mb: int | None,
           strict: bool, grace: float | None = None) -> SmtResult:
    """Ask every backend (in parallel) and compare the definite answers. With ``grace``, once one solver
    answered, the others get that long to agree or object before they are stopped."""
    queries = [RunningQuery(b, job, timeout=timeout, memory_mb=memory_mb).start() for b in backends]
    until = max(q.deadline for q in queries)
    try:
        while not all(q.done for q in queries) and time.monotonic() < until:
            wait_first(queries, until)
            if grace is not None and any(q.done and q.result().status.definite for q in queries):
                until = min(until, time.monotonic() + grace)
    finally:
        for q in queries:
            q.kill()
    return reconcile([q.result() for q in queries], strict=strict)


def reconcile(results: Sequence[SmtResult], *, strict: bool = True) -> SmtResult:
    """Combine the answers of several solvers on one query: agreement gives that answer, sat vs unsat is a
    disagreement, and unknowns are ignored when some solver answered."""
    definite = [r for r in results if r.status.definite]
    statuses = {r.status for r in definite}
    by = {r.solver: r.status.value for r in results}
    if len(statuses) > 1:
        if strict:
            raise SolverDisagreement(results)
        return SmtResult(status=Status.UNKNOWN, solver="crosscheck", seconds=max(r.seconds for r in results),
                         reason="disagreement", message=f"solvers disagree: {by}", details=dict(by))
    if definite:
        first = definite[0]
        return replace(first, solver="crosscheck", details={**by, "agreeing": len(definite)})
    merged = _merge_unknown(list(results), "crosscheck")
    return replace(merged, details=dict(by))


def portfolio(assertions: Sequence[Term], **kwargs: object) -> SmtResult:
    """:func:`check_sat` with ``solver="portfolio"``."""
    return check_sat(assertions, solver="portfolio", **kwargs)  # type: ignore[arg-type]


def cross_check(assertions: Sequence[Term], **kwargs: object) -> SmtResult:
    """:func:`check_sat` with ``solver="crosscheck"`` (raises :class:`SolverDisagreement` on conflict)."""
    return check_sat(assertions, solver="crosscheck", **kwargs)  # type: ignore[arg-type]

