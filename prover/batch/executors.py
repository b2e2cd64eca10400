"""Executors: where attempts run. The driver submits tasks and polls results; it alone writes the store.

- :class:`ProcessExecutor` — N long-lived worker processes (``spawn``), one task at a time each, over a pipe.
  A worker that dies (segfault, ``os._exit``, OOM kill) costs the attempt it held (``error``/``crash``) and
  is replaced; a task past its deadline has its worker's whole process group killed (the hung solver with
  it: ``error``/``timeout``). Workers lead their own process group (so Ctrl-C in a terminal reaches the
  driver only, which stops them cleanly) and die with the driver (Linux ``PR_SET_PDEATHSIG``; the worker
  then kills its group, solver processes included).
- :class:`RayExecutor` (``prover.batch.ray_executor``) — the same worker function in Ray actors.

Both return ``(task, AttemptResult)`` pairs from :meth:`poll`; an exception raised by the worker function is
an ``error`` attempt with the exception's type and message (``reason: error``), never the end of a batch.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from prover.batch.worker import AttemptResult, Task
from symbolic.childproc import bind_to_parent
from symbolic.verdicts import Claim, Outcome, Reason

__all__ = ["DEFAULT_FUNCTION", "Executor", "ProcessExecutor", "deadline_for", "error_result", "resolve"]

DEFAULT_FUNCTION = "prover.batch.worker:run_task"
#: Most seconds a task may run beyond twice its budget before its worker is killed (audit, graph, start).
GRACE_S = 15.0


def deadline_for(task: Task) -> float:
    """Hard wall-clock limit of one attempt: the audit and the proving both fit in twice the budget."""
    return 2.0 * task.time_s + min(GRACE_S, 3.0 + task.time_s)


def error_result(reason: Reason, detail: str, messages: list[str] | None = None, seconds: float = 0.0
                 ) -> AttemptResult:
    return AttemptResult(Claim(Outcome.ERROR, reason=reason, detail=detail), messages=messages or [],
                         seconds=seconds)


def resolve(spec: str) -> Any:
    import importlib

    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def call_worker(fn: Any, task: Task) -> AttemptResult:
    """Run the worker function; its exception becomes this attempt's ``error`` with the traceback's tail."""
    started = time.monotonic()
    try:
        return fn(task)
    except Exception as exc:  # one attempt's failure must not end the batch: recorded with its traceback
        tail = traceback.format_exc().strip().splitlines()[-6:]
        return error_result(Reason.ERROR, f"{type(exc).__name__}: {exc}", tail, time.monotonic() - started)


class Executor(Protocol):
    """What the driver needs from an executor."""

    capacity: int

    def start(self) -> None: ...
    def free_slots(self) -> int: ...
    def busy(self) -> int: ...
    def submit(self, task: Task) -> None: ...
    def poll(self, timeout: float) -> list[tuple[Task, AttemptResult]]: ...
    def shutdown(self) -> None: ...


# -- worker process ---------------------------------------------------------------------------------------
def _die_with_parent(driver: int) -> None:
    """SIGTERM when the driver dies (Linux parent-death signal, :func:`~symbolic.childproc.bind_to_parent`);
    the handler takes the worker's process group (solvers) down with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: os.killpg(0, signal.SIGKILL))
    bind_to_parent(driver, sig=signal.SIGTERM)


def _serve(conn: Connection, spec: str, driver: int) -> None:  # pragma: no cover - runs in the worker process
    _die_with_parent(driver)
    fn = resolve(spec)
    conn.send("ready")  # deadlines count from here: imports and start-up are not the attempt's time
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(call_worker(fn, task))


@dataclass
class _Slot:
    proc: Any
    conn: Connection
    task: Task | None = None
    started: float = 0.0
    ready: bool = False


class ProcessExecutor:
    """``workers`` processes running ``function`` (``module:attr``) on one task at a time each."""

    def __init__(self, workers: int, function: str = DEFAULT_FUNCTION) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.capacity = workers
        self.function = function
        self._ctx = mp.get_context("spawn")
        self._slots: list[_Slot] = []

    def start(self) -> None:
        self._slots = [self._spawn() for _ in range(self.capacity)]

    def _spawn(self) -> _Slot:
        ours, theirs = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(theirs, self.function, os.getpid()), name="prover-batch-worker")
        # not a daemon: a worker starts solver processes; it dies with the driver through PR_SET_PDEATHSIG
        proc.start()
        theirs.close()
        return _Slot(proc, ours)

    def free_slots(self) -> int:
        if not any(s.ready for s in self._slots):
            self._await_ready(0.5)
        return sum(1 for s in self._slots if s.task is None and s.ready)

    def busy(self) -> int:
        return sum(1 for s in self._slots if s.task is not None)

    def _await_ready(self, timeout: float) -> None:
        """Take the start-up messages of workers that are still starting (a dead one is replaced)."""
        starting = [s for s in self._slots if not s.ready]
        if not starting:
            return
        wait([s.conn for s in starting] + [s.proc.sentinel for s in starting], timeout=timeout)
        for k, slot in enumerate(self._slots):
            if slot.ready:
                continue
            if slot.conn.poll():
                with contextlib.suppress(EOFError, OSError):
                    slot.ready = slot.conn.recv() == "ready"
            if not slot.ready and not slot.proc.is_alive():
                self._replace(k)

    def submit(self, task: Task) -> None:
        slot = next(s for s in self._slots if s.task is None and s.ready)
        slot.task, slot.started = task, time.monotonic()
        # a worker that is gone is seen by poll() through its sentinel, which records the crash
        with contextlib.suppress(BrokenPipeError, OSError):
            slot.conn.send(task)

    def poll(self, timeout: float) -> list[tuple[Task, AttemptResult]]:
        self._await_ready(0.0)
        busy = [s for s in self._slots if s.task is not None]
        if not busy:
            return []
        now = time.monotonic()
        soonest = min(s.started + deadline_for(s.task) for s in busy if s.task is not None)
        waitables: list[Any] = [s.conn for s in busy] + [s.proc.sentinel for s in busy]
        wait(waitables, timeout=max(0.0, min(timeout, soonest - now)))
        done: list[tuple[Task, AttemptResult]] = []
        for k, slot in enumerate(self._slots):
            task = slot.task
            if task is None:
                continue
            elapsed = time.monotonic() - slot.started
            if slot.conn.poll():
                try:
                    result = slot.conn.recv()
                except (EOFError, OSError):
                    result = None
                if isinstance(result, AttemptResult):
                    slot.task = None
                    done.append((task, result))
                    continue
            if not slot.proc.is_alive():
                code = slot.proc.exitcode
                why = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
                done.append((task, error_result(Reason.CRASH, f"worker process died ({why})", seconds=elapsed)))
                self._replace(k)
            elif elapsed > deadline_for(task):
                self._kill(slot)
                done.append((task, error_result(Reason.TIMEOUT, f"attempt exceeded its hard limit of "
                                                f"{deadline_for(task):.0f} s; worker killed", seconds=elapsed)))
                self._replace(k)
        return done

    def _kill(self, slot: _Slot) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(slot.proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            slot.proc.kill()
        slot.proc.join(5)

    def _replace(self, k: int) -> None:
        old = self._slots[k]
        if old.proc.is_alive():
            self._kill(old)
        old.conn.close()
        self._slots[k] = self._spawn()

    def shutdown(self) -> None:
        """Stop every worker now (an attempt in flight is dropped: it was not recorded, so a resume redoes it)."""
        for slot in self._slots:
            if slot.task is None:
                with contextlib.suppress(BrokenPipeError, OSError):
                    slot.conn.send(None)
        deadline = time.monotonic() + 2.0
        for slot in self._slots:
            if slot.task is None:
                slot.proc.join(max(0.0, deadline - time.monotonic()))
            if slot.proc.is_alive():
                self._kill(slot)
            slot.conn.close()
        self._slots = []
