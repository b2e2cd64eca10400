"""Run backend jobs in child processes with a hard deadline and a memory cap.

A crash (segfault, abort, ``os._exit``) or a hang costs that one query: the parent reads the answer from a
pipe, kills the child with SIGKILL once the deadline passes, and reports ``unknown`` with reason ``timeout``
or ``crash``. The solver also gets the timeout as its own soft limit, so the hard kill is the exception.

Backends marked ``reusable`` (z3, cvc5: a fresh solver context per job) run in *warm* workers: a worker that
answered goes back to a small idle pool and serves the next job without a new fork, and a killed worker is
replaced in the background. That keeps a query's fixed cost near the solver's own start-up time.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import threading
import time
import warnings
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from symbolic.childproc import bind_to_parent, kill_group
from symbolic.smt.backends import Backend, Job
from symbolic.smt.result import SmtResult, Status

__all__ = ["RunningQuery", "run_job", "shutdown_workers", "wait_first"]

#: Extra wall time after the solver's own timeout before the child is killed.
GRACE_SECONDS = 0.3
#: Idle warm workers kept per (backend, memory cap).
MAX_IDLE = 3
_WARMUP = Job(script="(declare-fun warm_up () Int)\n(assert (> warm_up 0))\n", timeout_ms=1000)


def _mapped_bytes() -> int:
    """Virtual memory this process maps now (0 where /proc is unavailable)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _silence() -> None:
    """Point the child's stdout/stderr at /dev/null: solver chatter (z3 warnings, cvc5 output) must not
    reach a parent whose stdout carries a JSON document; diagnostics travel in the result instead."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)
    except OSError:
        pass


def _cap_memory(memory_mb: int | None) -> None:
    if not memory_mb:
        return
    try:
        import resource

        # the cap is on top of what the forked child already maps (the parent may hold large libraries)
        limit = _mapped_bytes() + memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


def _solve(backend: Backend, job: Job) -> dict[str, Any]:
    try:
        return backend.solve(job)
    except MemoryError:
        return {"status": "unknown", "reason": "resource", "message": "out of memory"}
    except BaseException as exc:  # the child reports every failure as a value
        return {"status": "unknown", "reason": "error", "message": f"{type(exc).__name__}: {exc}"[:300]}


def _serve(conn: Connection, inherited: list[Connection], parent: int, backend: Backend, memory_mb: int | None,
           warm: bool) -> None:
    """Child main loop: answer jobs until the pipe closes (one job only for non-reusable backends).

    ``inherited``: the parent's ends of this and every other worker's pipe, copied by fork; closed here so
    that each pipe has exactly two ends and a dead parent means end-of-file (the parent-death signal set by
    :func:`~symbolic.childproc.bind_to_parent` kills the worker even while it is solving).
    """
    bind_to_parent(parent)
    for c in inherited:
        with contextlib.suppress(OSError):
            c.close()
    _silence()
    _cap_memory(memory_mb)
    try:
        if warm:
            _solve(backend, _WARMUP)  # touch the solver's pages before the first real job
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                break
            if job is None:
                break
            conn.send(_solve(backend, job))
            if not backend.reusable:
                break
    finally:
        with contextlib.suppress(OSError):
            conn.close()
        os._exit(0)  # skip atexit handlers inherited from the parent


def _context() -> mp.context.BaseContext:
    # fork: the child inherits the already imported solver library, so a query starts in milliseconds
    return mp.get_context("fork")


# The parent's end of every live worker's pipe: a newly forked worker closes its copies of them.
_PARENT_ENDS: set[Connection] = set()
_ENDS_LOCK = threading.Lock()


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    key: tuple[Any, ...]

    @classmethod
    def spawn(cls, backend: Backend, memory_mb: int | None, key: tuple[Any, ...], warm: bool) -> _Worker:
        backend.preload()
        mine, theirs = _context().Pipe(duplex=True)
        with _ENDS_LOCK:
            inherited = [*_PARENT_ENDS, mine]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: the child only solves
                proc = _context().Process(target=_serve, args=(theirs, inherited, os.getpid(), backend, memory_mb,
                                                               warm), daemon=True)
                proc.start()
            _PARENT_ENDS.add(mine)
        theirs.close()
        return cls(proc, mine, key)

    def kill(self) -> None:
        if self.proc.is_alive() and self.proc.pid is not None:
            kill_group(self.proc.pid)  # the worker leads its own process group
            with contextlib.suppress(OSError):
                self.proc.kill()
        self.proc.join(1.0)
        with _ENDS_LOCK:
            _PARENT_ENDS.discard(self.conn)
        with contextlib.suppress(OSError):
            self.conn.close()


class _Pool:
    """Idle warm workers by (backend class, memory cap); owned by the process that created it.

    A race's loser is *detached*: it keeps its job until it answers (then it rejoins the idle workers) or
    its grace period ends (then it is killed). Detached workers are settled lazily, whenever a worker is
    taken, so a query costs no thread and, once the pool is warm, no fork.
    """

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.idle: dict[tuple[Any, ...], list[_Worker]] = {}
        self.detached: list[tuple[_Worker, float]] = []  # (worker, kill after this monotonic time)
        self.lock = threading.RLock()

    def detach(self, w: _Worker, grace: float) -> None:
        """A worker whose answer nobody needs any more: it rejoins the pool if it answers within ``grace``
        seconds (no fork for a later query), otherwise it is killed."""
        with self.lock:
            self.detached.append((w, time.monotonic() + grace))

    def settle(self) -> None:
        """Move detached workers that answered back to idle; kill those past their grace period."""
        now = time.monotonic()
        with self.lock:
            pending, back, dead = [], [], []
            for w, expires in self.detached:
                answered = False
                with contextlib.suppress(OSError, EOFError):
                    if w.conn.poll(0):
                        w.conn.recv()
                        answered = True
                if answered:
                    back.append(w)
                elif now >= expires or not w.proc.is_alive():
                    dead.append(w)
                else:
                    pending.append((w, expires))
            self.detached = pending
        for w in back:
            self.give_back(w)
        for w in dead:
            w.kill()

    def take(self, key: tuple[Any, ...]) -> _Worker | None:
        self.settle()
        with self.lock:
            workers = self.idle.get(key, [])
            while workers:
                w = workers.pop()
                if w.proc.is_alive():
                    return w
                w.kill()
        return None

    def give_back(self, w: _Worker) -> None:
        with self.lock:
            workers = self.idle.setdefault(w.key, [])
            if len(workers) < MAX_IDLE and w.proc.is_alive():
                workers.append(w)
                return
        w.kill()

    def replenish(self, backend: Backend, memory_mb: int | None, key: tuple[Any, ...]) -> None:
        with self.lock:
            if self.idle.get(key):
                return
        self.give_back(_Worker.spawn(backend, memory_mb, key, warm=True))

    def close(self) -> None:
        with self.lock:
            workers = [w for ws in self.idle.values() for w in ws] + [w for w, _ in self.detached]
            self.idle.clear()
            self.detached = []
        for w in workers:
            w.kill()


_POOL: _Pool | None = None


def _pool() -> _Pool:
    global _POOL
    if _POOL is None or _POOL.pid != os.getpid():
        _POOL = _Pool()
    return _POOL


def shutdown_workers() -> None:
    """Stop the idle warm workers of this process (they are daemons, so exit stops them anyway)."""
    if _POOL is not None and _POOL.pid == os.getpid():
        _POOL.close()


class RunningQuery:
    """A job running in a child process; :meth:`result` collects it, :meth:`kill` cancels it."""

    def __init__(self, backend: Backend, job: Job, *, timeout: float, memory_mb: int | None = None) -> None:
        self.backend = backend
        self.job = job
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.started = 0.0
        self.deadline = 0.0
        self._worker: _Worker | None = None
        self._result: SmtResult | None = None

    @property
    def _key(self) -> tuple[Any, ...]:
        return (type(self.backend), self.backend.name, self.memory_mb)

    def start(self) -> RunningQuery:
        """Send the job to a warm worker, or fork one (the backend library is imported in the parent)."""
        w = _pool().take(self._key) if self.backend.reusable else None
        if w is None:
            w = _Worker.spawn(self.backend, self.memory_mb, self._key, warm=False)
        self.started = time.monotonic()
        try:
            w.conn.send(self.job)
        except OSError:  # the worker died while idle: start a fresh one
            w.kill()
            w = _Worker.spawn(self.backend, self.memory_mb, self._key, warm=False)
            w.conn.send(self.job)
        self._worker = w
        self.deadline = self.started + self.timeout + GRACE_SECONDS
        return self

    @property
    def pid(self) -> int | None:
        """Process id of the worker running this job (None before :meth:`start`)."""
        return None if self._worker is None else self._worker.proc.pid

    @property
    def connection(self) -> Connection:
        assert self._worker is not None, "start() first"
        return self._worker.conn

    @property
    def done(self) -> bool:
        return self._result is not None

    def poll(self) -> SmtResult | None:
        """The result if the child has answered (or died, or passed its deadline), else None."""
        if self._result is not None:
            return self._result
        if self.connection.poll(0):
            return self._collect()
        if time.monotonic() >= self.deadline:
            self._abandon()
            self._result = self._make({"status": "unknown", "reason": "timeout",
                                       "message": "killed at the hard deadline"})
        return self._result

    def result(self) -> SmtResult:
        """Block until the child answers or its deadline passes."""
        while self._result is None:
            remaining = self.deadline - time.monotonic()
            if remaining > 0 and self.connection.poll(remaining):
                return self._collect()
            self.poll()
        return self._result

    def _collect(self) -> SmtResult:
        assert self._worker is not None
        try:
            out = self._worker.conn.recv()
        except (EOFError, OSError):
            self._worker.proc.join(0.5)
            code = self._worker.proc.exitcode
            out = {"status": "unknown", "reason": "crash", "message": f"solver process died (exit code {code})"}
            self._abandon(replace=False)
            self._result = self._make(out)
            return self._result
        self._result = self._make(out)
        if self.backend.reusable and out.get("reason") not in ("resource", "error"):
            _pool().give_back(self._worker)  # a worker that ran out of memory or raised is not trusted again
        else:
            self._worker.kill()
        return self._result

    def _make(self, out: dict[str, Any]) -> SmtResult:
        seconds = time.monotonic() - self.started
        status = Status(out.get("status", "unknown"))
        reason = out.get("reason") if status is Status.UNKNOWN else None
        return SmtResult(status=status, solver=self.backend.name, seconds=seconds, reason=reason,
                         model=out.get("model"), core=out.get("core"), message=out.get("message"))

    def _abandon(self, replace: bool = True) -> None:
        """Kill the worker (it is busy with a job nobody waits for) and, for warm pools, start another."""
        if self._worker is not None:
            self._worker.kill()
            if replace and self.backend.reusable:
                with contextlib.suppress(OSError):
                    _pool().replenish(self.backend, self.memory_mb, self._key)

    def detach(self, grace: float = 1.0) -> None:
        """Give up on the job but let a warm worker finish within ``grace`` s and rejoin the pool; with
        ``grace`` 0 the worker is killed at once and not replaced until a later query needs one."""
        if self._result is None and grace <= 0:
            self._abandon(replace=False)
            self._result = self._make({"status": "unknown", "reason": "canceled", "message": "canceled"})
        elif self._result is None and self.backend.reusable and self._worker is not None:
            _pool().detach(self._worker, grace)
            self._result = self._make({"status": "unknown", "reason": "canceled", "message": "detached"})
        else:
            self.kill()

    def kill(self) -> None:
        """Cancel the job (idempotent; a finished job's worker is left to the pool)."""
        if self._result is None:
            self._abandon()
            self._result = self._make({"status": "unknown", "reason": "canceled", "message": "canceled"})


def run_job(backend: Backend, job: Job, *, timeout: float, memory_mb: int | None = None) -> SmtResult:
    """Run ``job`` on ``backend`` in a child process and wait for its result."""
    return RunningQuery(backend, job, timeout=timeout, memory_mb=memory_mb).start().result()


def wait_first(queries: list[RunningQuery], until: float) -> list[RunningQuery]:
    """Block until at least one unfinished query has something to report (or ``until`` passes);
    returns the queries that finished in this call."""
    pending = [q for q in queries if not q.done]
    if not pending:
        return []
    limit = min(min(q.deadline for q in pending), until)
    remaining = max(0.0, limit - time.monotonic())
    wait([q.connection for q in pending], timeout=remaining)
    return [q for q in pending if q.poll() is not None]
