"""Worker strategies that misbehave on purpose (``--strategy tests.batch.faults:NAME``), for fault injection.

Problems whose name contains the trigger misbehave; the others go through the real ``hammer`` strategy, so
the rest of the batch is real work. ``FAULT_PIDS`` (a folder) receives one file per process started, so a
test can check that nothing survives.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from prover.batch.worker import AttemptResult, Task, run_task


def _note_pid(pid: int, tag: str) -> None:
    folder = os.environ.get("FAULT_PIDS")
    if folder:
        Path(folder, f"{tag}-{pid}").write_text(str(pid))


def _real(task: Task) -> AttemptResult:
    return run_task(replace(task, strategy="hammer"))


def crash(task: Task) -> AttemptResult:
    """The worker process dies (SIGKILL from within, like an OOM kill) on problems named ``*crash*``."""
    if "crash" in task.problem.name:
        os.kill(os.getpid(), signal.SIGKILL)
    return _real(task)


def raises(task: Task) -> AttemptResult:
    """The worker function raises on problems named ``*raise*``."""
    if "raise" in task.problem.name:
        raise RuntimeError("injected failure")
    return _real(task)


def hang(task: Task) -> AttemptResult:
    """A solver process that never answers and ignores SIGTERM, on problems named ``*hang*``."""
    if "hang" in task.problem.name:
        child = subprocess.Popen([sys.executable, "-c",
                                  "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(3600)"])
        _note_pid(child.pid, "solver")
        child.wait()
    return _real(task)


def slow(task: Task) -> AttemptResult:
    """Every attempt takes a moment (so a run can be killed in the middle); records the worker's pid."""
    _note_pid(os.getpid(), "worker")
    time.sleep(0.25)
    return _real(task)


def llm(task: Task) -> AttemptResult:
    """Asks the LLM endpoint ``task.llm`` for one completion before proving (an LLM error is raised)."""
    from prover.llm import LLMClient, LLMSettings

    settings = LLMSettings(_env_file=None, base_url=task.llm, model="m", max_retries=0, timeout_s=3.0, cache=False)
    client = LLMClient(settings)
    try:
        client.complete(f"prove {task.problem.name}", n=1)
    finally:
        client.close()
    return _real(task)
