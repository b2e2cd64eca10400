"""``--executor ray``: the batch's worker function in Ray actors (the optional ``[cluster]`` extra).

Each actor is one long-lived worker process that keeps what it opens warm between attempts (solver workers,
and the Lean session pool of a Lean environment). The driver stays the single writer: actors only return
:class:`AttemptResult` values. An actor that dies (a crash, a node lost) costs the attempt it held
(``error``/``crash``) and is replaced; an attempt past its deadline has its actor killed (``error``/
``timeout``). Without ``address`` a local Ray instance is started for the run and stopped after it; with
``address`` (``ray://host:10001`` or ``auto``) the run joins an existing cluster.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from prover.batch.executors import DEFAULT_FUNCTION, call_worker, deadline_for, error_result, resolve
from prover.batch.worker import AttemptResult, Task
from prover.errors import UserError
from symbolic.verdicts import Reason

__all__ = ["RayExecutor"]


class _Worker:
    """The actor body: resolves the worker function once, then runs tasks one at a time."""

    def __init__(self, function: str) -> None:
        self.fn = resolve(function)

    def ready(self) -> bool:
        return True

    def run(self, task: Task) -> AttemptResult:
        return call_worker(self.fn, task)


@dataclass
class _Running:
    actor: Any
    ref: Any
    task: Task
    started: float


class RayExecutor:
    """``workers`` Ray actors running ``function``; same interface as :class:`ProcessExecutor`."""

    def __init__(self, workers: int, function: str = DEFAULT_FUNCTION, *, address: str | None = None,
                 num_cpus_per_worker: float = 1.0) -> None:
        try:
            import ray
        except ImportError as exc:
            raise UserError("--executor ray needs Ray: pip install -e '.[cluster]'") from exc
        self.ray = ray
        self.capacity = workers
        self.function = function
        self.address = address
        self.num_cpus = num_cpus_per_worker
        self._started_ray = False
        self._idle: list[Any] = []
        self._starting: dict[Any, Any] = {}  # ready() ref → actor still starting (deadlines start when ready)
        self._running: dict[Any, _Running] = {}

    def start(self) -> None:
        ray = self.ray
        if not ray.is_initialized():
            import os

            from prover.batch.executors import __file__ as here

            root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(here))))
            # actors import this project's code: ship the checkout's path to them (local and remote nodes)
            env = {"env_vars": {"PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH"))
                                                                if p)}}
            kwargs: dict[str, Any] = {"runtime_env": env, "include_dashboard": False, "log_to_driver": False,
                                      "configure_logging": False}
            if self.address:
                ray.init(address=self.address, **kwargs)
            else:
                ray.init(num_cpus=max(self.capacity, 1) * self.num_cpus, **kwargs)
            self._started_ray = True
        self._actor_class = ray.remote(num_cpus=self.num_cpus, max_restarts=0)(_Worker)
        for _ in range(self.capacity):
            self._new_actor()

    def _new_actor(self) -> None:
        actor = self._actor_class.remote(self.function)
        self._starting[actor.ready.remote()] = actor

    def _take_ready(self, timeout: float) -> None:
        if not self._starting:
            return
        ready, _ = self.ray.wait(list(self._starting), num_returns=len(self._starting), timeout=timeout)
        for ref in ready:
            actor = self._starting.pop(ref)
            try:
                self.ray.get(ref)
            except self.ray.exceptions.RayError:
                self._new_actor()  # it died while starting: start another
                continue
            self._idle.append(actor)

    def free_slots(self) -> int:
        self._take_ready(0.5 if not self._idle and not self._running else 0.0)
        return len(self._idle)

    def busy(self) -> int:
        return len(self._running)

    def submit(self, task: Task) -> None:
        actor = self._idle.pop()
        ref = actor.run.remote(task)
        self._running[ref] = _Running(actor, ref, task, time.monotonic())

    def poll(self, timeout: float) -> list[tuple[Task, AttemptResult]]:
        if not self._running:
            return []
        ray = self.ray
        now = time.monotonic()
        soonest = min(r.started + deadline_for(r.task) for r in self._running.values())
        ready, _ = ray.wait(list(self._running), num_returns=len(self._running),
                            timeout=max(0.0, min(timeout, soonest - now)))
        done: list[tuple[Task, AttemptResult]] = []
        for ref in ready:
            run = self._running.pop(ref)
            try:
                result = ray.get(ref)
            except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError) as exc:
                result = error_result(Reason.CRASH, f"Ray actor died ({type(exc).__name__})",
                                      seconds=time.monotonic() - run.started)
                self._new_actor()
            except ray.exceptions.RayError as exc:
                result = error_result(Reason.ERROR, f"Ray: {type(exc).__name__}: {str(exc).splitlines()[0]}",
                                      seconds=time.monotonic() - run.started)
                self._idle.append(run.actor)
            else:
                self._idle.append(run.actor)
            done.append((run.task, result))
        for ref, run in list(self._running.items()):
            elapsed = time.monotonic() - run.started
            if elapsed > deadline_for(run.task):
                del self._running[ref]
                ray.kill(run.actor, no_restart=True)
                self._new_actor()
                done.append((run.task, error_result(
                    Reason.TIMEOUT, f"attempt exceeded its hard limit of {deadline_for(run.task):.0f} s; actor killed",
                    seconds=elapsed)))
        return done

    def shutdown(self) -> None:
        ray = self.ray
        for actor in self._idle + [r.actor for r in self._running.values()] + list(self._starting.values()):
            ray.kill(actor, no_restart=True)
        self._idle, self._running, self._starting = [], {}, {}
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False
