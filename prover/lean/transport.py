"""The one seam in front of the Lean REPL: ``Transport.send(request dict) -> response dict``.

Two implementations:

* :class:`ProcessTransport` runs a REPL process (``lake env repl`` in the Lake project), writes one JSON
  request followed by a blank line, reads one JSON answer; every read has a deadline, the address space
  is capped with ``RLIMIT_AS``, and a timeout kills the whole process group (``lake`` and ``repl``).
* :class:`ReplayTransport` answers from recorded real sessions (``prover.lean.transcripts``), either in
  recorded order or keyed by request; a request it has no recording for raises ``ReplayMismatchError``.

Everything above (sessions, pool, step API, verification) talks to a ``Transport`` only, so the whole
client runs against recorded Lean answers in the default test tier.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from prover.lean.errors import (
    ReplayMismatchError,
    ReplProcessError,
    ReplProtocolError,
    ReplTimeoutError,
)
from prover.lean.transcripts import Exchange
from symbolic.childproc import popen_options

__all__ = ["ProcessTransport", "ReplayTransport", "Transport", "TransportFactory", "canonical_request"]


@runtime_checkable
class Transport(Protocol):
    """Something that answers REPL requests. Implementations raise only ``prover.lean.errors.LeanError``."""

    def send(self, request: dict[str, Any], timeout_s: float | None = None) -> dict[str, Any]:
        """Send one request, return the decoded answer; raise ``ReplTimeoutError`` past ``timeout_s``."""
        ...

    @property
    def alive(self) -> bool:
        """False once the process (or recording) can no longer answer; the session then restarts it."""
        ...

    def close(self) -> None:
        """Release the process; idempotent."""
        ...


TransportFactory = Callable[[], Transport]


def canonical_request(request: dict[str, Any]) -> str:
    """A request as canonical JSON (sorted keys, ``None`` fields dropped) for matching recordings."""
    return json.dumps({k: v for k, v in request.items() if v is not None}, sort_keys=True, ensure_ascii=False)


class ReplayTransport:
    """Answers requests with recorded real Lean responses.

    ``ordered=True`` (default) demands the recorded requests in the recorded order — the strict check
    that a client speaks the protocol exactly as the recording. ``ordered=False`` looks requests up by
    content (first unused match, then any match), which lets higher layers (step API, verifier) run over
    recordings in their own order. ``die_after`` makes the transport report itself dead after that many
    answers, to exercise restart paths with real answers.
    """

    def __init__(self, exchanges: Iterable[Exchange], *, ordered: bool = True, die_after: int | None = None):
        self._exchanges = list(exchanges)
        self._ordered = ordered
        self._cursor = 0
        self._used: set[int] = set()
        self._index: dict[str, list[int]] = {}
        for i, ex in enumerate(self._exchanges):
            self._index.setdefault(canonical_request(ex.request), []).append(i)
        self._die_after = die_after
        self._answered = 0
        self._closed = False
        self.sent: list[dict[str, Any]] = []

    @property
    def alive(self) -> bool:
        return not self._closed and (self._die_after is None or self._answered < self._die_after)

    def close(self) -> None:
        self._closed = True

    def send(self, request: dict[str, Any], timeout_s: float | None = None) -> dict[str, Any]:
        if not self.alive:
            raise ReplProcessError("replayed REPL process is dead")
        self.sent.append(request)
        key = canonical_request(request)
        if self._ordered:
            if self._cursor >= len(self._exchanges):
                raise ReplayMismatchError(f"no recorded answer left for {key}")
            ex = self._exchanges[self._cursor]
            if canonical_request(ex.request) != key:
                raise ReplayMismatchError(
                    f"request {self._cursor} differs from the recording: sent {key}",
                    detail=f"sent {key}\nrecorded {canonical_request(ex.request)}",
                )
            self._cursor += 1
        else:
            candidates = self._index.get(key)
            if not candidates:
                raise ReplayMismatchError(f"no recorded answer for {key}")
            fresh = [i for i in candidates if i not in self._used]
            i = fresh[0] if fresh else candidates[-1]
            self._used.add(i)
            ex = self._exchanges[i]
        self._answered += 1
        return json.loads(ex.response_text)


def _limit_address_space(limit_bytes: int | None) -> Callable[[], None] | None:
    if not limit_bytes:
        return None

    def apply() -> None:  # runs in the child between fork and exec
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = limit_bytes if hard == resource.RLIM_INFINITY else min(limit_bytes, hard)
        # hard limit kept (it could not be raised back); if the OS refuses the cap, run uncapped
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

    return apply


class ProcessTransport:
    """A REPL process speaking JSON over stdin/stdout.

    ``argv`` is the full command (``["lake", "env", ".../repl"]`` for Lean; tests use small Python
    stand-ins to exercise crashes, hangs and memory kills). Inert until :meth:`start` (or the first send).
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cwd: Path | None = None,
        memory_limit_bytes: int | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.argv = list(argv)
        self.cwd = cwd
        self.memory_limit_bytes = memory_limit_bytes
        self.env = env
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: Any = None
        self._buffer = b""
        self._closed = False

    @property
    def alive(self) -> bool:
        """True until the process dies or is closed (a not-yet-started transport is alive: it starts lazily)."""
        if self._closed:
            return False
        return self._proc is None or self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self) -> None:
        """Spawn the process in its own process group (so a kill reaches ``lake``'s child too), dying with
        this process (:func:`~symbolic.childproc.popen_options`)."""
        if self._proc is not None and self._proc.poll() is None:
            return
        self._closed = False
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process
        try:
            self._proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                cwd=self.cwd,
                env=self.env,
                **popen_options(then=_limit_address_space(self.memory_limit_bytes)),
            )
        except OSError as exc:
            raise ReplProcessError(f"cannot start REPL process {self.argv[0]!r}: {exc}") from exc
        self._buffer = b""

    def close(self) -> None:
        self._closed = True
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        for stream in (proc.stdin, proc.stdout):
            if stream:
                stream.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - 2000))
        return self._stderr.read().decode("utf-8", "replace")

    def _died(self, what: str) -> ReplProcessError:
        assert self._proc is not None
        code = self._proc.poll()
        tail = self._stderr_tail()
        oom = code in (-signal.SIGKILL, -signal.SIGABRT, 134, 137) or any(
            sign in tail.lower() for sign in ("out of memory", "memoryerror", "bad_alloc"))
        cause = f"exit status {code}" + (" (likely the memory cap)" if oom and self.memory_limit_bytes else "")
        err = ReplProcessError(f"REPL process died {what}: {cause}", detail=tail)
        self.close()
        return err

    def send(self, request: dict[str, Any], timeout_s: float | None = None) -> dict[str, Any]:
        if self._proc is None or self._proc.poll() is not None:
            self.start()
        proc = self._proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        payload = (json.dumps(request, ensure_ascii=False) + "\n\n").encode("utf-8")
        try:
            proc.stdin.write(payload)
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._died("before the request was written") from None
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        fd = proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while True:
                answer = self._take_answer()
                if answer is not None:
                    return answer
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    self.close()
                    raise ReplTimeoutError(f"REPL did not answer within {timeout_s:g} s", timeout_s=timeout_s)
                if not sel.select(remaining):
                    continue
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise self._died("while answering")
                self._buffer += chunk

    def _take_answer(self) -> dict[str, Any] | None:
        """Pop one complete answer (JSON followed by a blank line) from the buffer, if there is one."""
        start = 0
        while True:
            sep = self._buffer.find(b"\n\n", start)
            if sep < 0:
                return None
            text = self._buffer[:sep].strip()
            if not text:  # stray blank lines between answers
                self._buffer = self._buffer[sep + 2 :]
                start = 0
                continue
            try:
                answer = json.loads(text)
            except json.JSONDecodeError:
                start = sep + 1  # a blank line inside a not-yet-complete answer: keep reading
                if len(self._buffer) > 256 << 20:
                    raise ReplProtocolError("REPL output is not JSON", detail=text[:2000].decode("utf-8", "replace")) from None
                continue
            self._buffer = self._buffer[sep + 2 :]
            if not isinstance(answer, dict):
                raise ReplProtocolError("REPL answer is not a JSON object", detail=str(answer)[:2000])
            return answer
