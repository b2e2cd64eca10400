"""Child processes that die with their parent: the one helper every process pool of the project uses.

A worker left behind by a killed parent keeps solving (and holding memory) until its own timeout, then sits
blocked on a pipe nobody will write. Three measures prevent it:

* **parent-death signal** (Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``): the kernel kills the child when the
  parent dies, however it dies (SIGKILL included). The signal is tied to the *thread* that forked, so pools
  fork from long-lived threads (the main thread) or accept that a worker forked from a short-lived thread is
  replaced when that thread ends. A parent that died before the call is detected by ``getppid``;
* **own process group**: a terminal's Ctrl-C reaches the parent only, which then stops its workers in
  order, and :func:`kill_group` reaches anything a worker started;
* **no inherited pipe ends**: after ``fork`` a child holds copies of every descriptor the parent had open,
  including the parent's end of *other* workers' pipes, so those workers would never see end-of-file.
  :func:`close_fds` closes them in the child; ``subprocess`` children get ``close_fds=True`` (its default).

For ``multiprocessing`` (fork) workers call :func:`bind_to_parent` first thing in the child's target; for
``subprocess.Popen`` pass ``**popen_options()``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["bind_to_parent", "close_fds", "kill_group", "popen_options"]

_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal(sig: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0


def bind_to_parent(parent_pid: int, *, sig: int = signal.SIGKILL, new_group: bool = True) -> None:
    """In a freshly started child: die with ``parent_pid`` and leave its process group.

    Exits at once (status 0, no cleanup handlers) when the parent is already gone.
    """
    if new_group:
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
    _set_parent_death_signal(sig)
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(0)


def close_fds(fds: Iterable[int]) -> None:
    """Close descriptors this child inherited but must not hold (other workers' pipe ends)."""
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    """Signal the process group led by ``pid`` (a worker and anything it started); gone already is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def popen_options(*, sig: int = signal.SIGKILL, then: Callable[[], None] | None = None) -> dict[str, Any]:
    """Keyword arguments for :class:`subprocess.Popen` giving the same guarantees to an external program.

    ``sig`` is the parent-death signal; ``then`` runs next in the child before ``exec`` (a memory cap).
    The parent-death signal survives ``exec`` but not a further ``fork``: a program that starts its own
    children must stop them itself (they share its process group, which :func:`kill_group` reaches).
    """
    parent = os.getpid()

    def setup() -> None:  # in the child, between fork and exec
        bind_to_parent(parent, sig=sig)
        if then is not None:
            then()

    return {"preexec_fn": setup, "close_fds": True}
