"""A pool of REPL sessions keyed by normalized import header (as in kimina-lean-server).

Elaborating ``import Mathlib`` costs seconds and gigabytes; a command in the resulting environment costs
milliseconds. The pool keeps up to ``size`` sessions, hands out an idle one whose header matches, starts a
new one while under ``size``, and otherwise recycles the least recently used idle session of another
header. Waiting for a session has a deadline: nothing blocks forever.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from prover.lean.errors import LeanError
from prover.lean.session import ReplSession
from prover.lean.statements import normalize_header

__all__ = ["SessionFactory", "SessionPool"]

SessionFactory = Callable[[tuple[str, ...]], ReplSession]


class SessionPool:
    """``size`` sessions made by ``factory(header)``; use :meth:`session` as a context manager."""

    def __init__(self, factory: SessionFactory, *, size: int = 1, acquire_timeout_s: float = 600.0) -> None:
        if size < 1:
            raise ValueError("pool size must be at least 1")
        self._factory = factory
        self.size = size
        self.acquire_timeout_s = acquire_timeout_s
        self._idle: list[tuple[float, ReplSession]] = []
        self._busy: set[int] = set()
        self._count = 0
        self._cond = threading.Condition()
        self.created = 0
        self.reused = 0

    @contextmanager
    def session(self, header: tuple[str, ...] | list[str] = ()) -> Iterator[ReplSession]:
        """Borrow a session for ``header`` (normalized: order and duplicates of imports do not matter)."""
        s = self._acquire(tuple(header))
        try:
            yield s
        finally:
            self._release(s)

    def _acquire(self, header: tuple[str, ...]) -> ReplSession:
        key = normalize_header(header)
        deadline = time.monotonic() + self.acquire_timeout_s
        with self._cond:
            while True:
                for i, (_, s) in enumerate(self._idle):
                    if s.header_key == key:
                        del self._idle[i]
                        self._busy.add(id(s))
                        self.reused += 1
                        return s
                if self._count < self.size:
                    self._count += 1
                    break
                if self._idle:  # recycle the least recently used session of another header
                    self._idle.sort(key=lambda t: t[0])
                    _, victim = self._idle.pop(0)
                    victim.close()
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LeanError(f"no Lean session free within {self.acquire_timeout_s:g} s")
                self._cond.wait(remaining)
        s = self._factory(tuple(sorted(set(header))))
        with self._cond:
            self._busy.add(id(s))
            self.created += 1
        return s

    def _release(self, s: ReplSession) -> None:
        with self._cond:
            self._busy.discard(id(s))
            self._idle.append((time.monotonic(), s))
            self._cond.notify()

    def close(self) -> None:
        """Stop every idle session (busy ones stop when returned and the pool is dropped)."""
        with self._cond:
            for _, s in self._idle:
                s.close()
            self._idle.clear()
            self._count = len(self._busy)
