"""One REPL session with handles that survive restarts.

A :class:`ReplSession` owns one transport. It elaborates the import header once and runs every later
command in that environment (``env`` reuse: importing Mathlib takes seconds, a command milliseconds).
It hands out *logical* environment and proof-state handles and remembers how each was made (the command
or tactic, and its parent). When the process crashes, hits its memory cap or times out, the transport is
closed; the next request starts a fresh one and re-creates the handles it needs by replaying their
recipes, so callers' handles stay valid across restarts.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from prover.lean.errors import (
    HeaderError,
    LeanError,
    ReplProcessError,
    ReplTimeoutError,
    UnknownHandleError,
)
from prover.lean.protocol import (
    CommandResponse,
    ProofStepResponse,
    ReplFailure,
    Response,
    command_request,
    parse_response,
    tactic_request,
)
from prover.lean.statements import normalize_header
from prover.lean.transport import Transport, TransportFactory

__all__ = ["ReplSession", "SessionStats"]


@dataclass
class SessionStats:
    """Counters for reports: requests sent, restarts, replayed requests, time inside the transport."""

    requests: int = 0
    restarts: int = 0
    replayed: int = 0
    timeouts: int = 0
    transport_s: float = 0.0


@dataclass(frozen=True, slots=True)
class _CommandRecipe:
    request: dict[str, Any]  # without "env"
    parent_env: int | None  # logical env the command ran in
    env: int  # logical env it produced
    proof_states: tuple[int, ...]  # logical proof states of its sorries, in order


@dataclass(frozen=True, slots=True)
class _TacticRecipe:
    parent: int
    tactic: str
    sorry_index: int | None = None  # a state Lean made for a `sorry` inside the tactic


@dataclass
class _Physical:
    env: dict[int, int] = field(default_factory=dict)
    proof_state: dict[int, int] = field(default_factory=dict)


class ReplSession:
    """A REPL process behind a transport, with header reuse, timeouts and restart-with-replay.

    ``transport_factory``: a callable that returns a fresh :class:`Transport` (called again after each
    restart), e.g. ``lambda: ReplayTransport(transcript.exchanges, ordered=False)``; a transport itself is
    refused with a ``TypeError`` that says so.

    ``header``: import lines (e.g. ``("import Mathlib",)``); elaborated once per process. Inert until
    the first request. Thread-safe (one request at a time); a pool gives parallelism. ``max_restarts``
    bounds restarts *in a row* (without an answered request in between), so a long search that times
    out now and then keeps its session.
    """

    def __init__(
        self,
        transport_factory: TransportFactory,
        *,
        header: tuple[str, ...] = (),
        timeout_s: float | None = 60.0,
        header_timeout_s: float | None = 600.0,
        max_restarts: int = 5,
    ) -> None:
        if isinstance(transport_factory, Transport) or not callable(transport_factory):
            # a transport is used once; restarts need a fresh one, hence a factory
            raise TypeError(
                f"ReplSession needs a transport factory (a callable returning a new Transport), got "
                f"{type(transport_factory).__name__}; pass `lambda: {type(transport_factory).__name__}(...)`"
            )
        self._factory = transport_factory
        self.header = tuple(header)
        self.header_key = normalize_header(self.header)
        self.timeout_s = timeout_s
        self.header_timeout_s = header_timeout_s
        self.max_restarts = max_restarts
        self.stats = SessionStats()
        self._transport: Transport | None = None
        self._phys = _Physical()
        self._commands: dict[int, _CommandRecipe] = {}  # by logical env
        self._ps_origin: dict[int, _CommandRecipe | _TacticRecipe] = {}
        self._next_env = 0
        self._next_ps = 0
        self._header_env: int | None = None
        self._failures_in_a_row = 0  # restarts since the last answered request (timeouts are common)
        self._lock = threading.RLock()

    # -- process management -------------------------------------------------------------------------

    @property
    def alive(self) -> bool:
        return self._transport is not None and self._transport.alive

    def close(self) -> None:
        """Stop the process; handles stay valid (a later request restarts and replays)."""
        with self._lock:
            if self._transport is not None:
                self._transport.close()
            self._transport = None
            self._phys = _Physical()

    def _ensure_transport(self) -> Transport:
        if self._transport is not None and self._transport.alive:
            return self._transport
        if self._transport is not None:  # died since the last request
            self._transport.close()
            self._transport = None
            self._phys = _Physical()
            self.stats.restarts += 1
            self._failures_in_a_row += 1
            if self._failures_in_a_row > self.max_restarts:
                raise ReplProcessError(f"REPL failed {self.max_restarts} times in a row; giving up")
        self._transport = self._factory()
        return self._transport

    def _send(self, request: dict[str, Any], timeout_s: float | None) -> Response:
        transport = self._ensure_transport()
        t0 = time.perf_counter()
        try:
            raw = transport.send(request, timeout_s)
        except ReplTimeoutError:
            self.stats.timeouts += 1
            self._mark_dead()
            raise
        except LeanError:
            self._mark_dead()
            raise
        finally:
            self.stats.transport_s += time.perf_counter() - t0
            self.stats.requests += 1
        self._failures_in_a_row = 0
        return parse_response(raw)

    def _mark_dead(self) -> None:
        if self._transport is not None:
            self._transport.close()
        # keep the (closed) transport object so _ensure_transport counts a restart
        self._phys = _Physical()

    # -- logical handles ----------------------------------------------------------------------------

    def header_env(self) -> int | None:
        """Logical environment holding the imports (``None`` when there are none: fresh env per command)."""
        with self._lock:
            if not self.header:
                return None
            if self._header_env is None:
                resp, env = self._command("\n".join(self.header), None, {}, self.header_timeout_s)
                errors = [resp.message] if isinstance(resp, ReplFailure) else [
                    m.data for m in resp.messages if m.severity == "error"]
                if env is None or errors:
                    raise HeaderError(f"import header failed: {'; '.join(errors)[:500]}", detail=self.header_key)
                self._header_env = env
            return self._header_env

    def _physical_env(self, env: int | None) -> int | None:
        if env is None:
            return None
        if env in self._phys.env:
            return self._phys.env[env]
        recipe = self._commands.get(env)
        if recipe is None:
            raise UnknownHandleError(f"environment handle {env} was not issued by this session")
        self._replay_command(recipe)
        return self._phys.env[env]

    def _physical_ps(self, ps: int) -> int:
        if ps in self._phys.proof_state:
            return self._phys.proof_state[ps]
        origin = self._ps_origin.get(ps)
        if origin is None:
            raise UnknownHandleError(f"proof-state handle {ps} was not issued by this session")
        if isinstance(origin, _CommandRecipe):
            self._replay_command(origin)
        else:
            parent = self._physical_ps(origin.parent)
            resp = self._send(tactic_request(parent, origin.tactic), self.timeout_s)
            self.stats.replayed += 1
            if not isinstance(resp, ProofStepResponse):
                raise ReplProcessError(f"replaying tactic {origin.tactic!r} after a restart failed")
            if origin.sorry_index is None:
                self._phys.proof_state[ps] = resp.proof_state
            else:
                sorry = resp.sorries[origin.sorry_index] if origin.sorry_index < len(resp.sorries) else None
                if sorry is None or sorry.proof_state is None:
                    raise ReplProcessError(f"replaying tactic {origin.tactic!r} gave a different answer")
                self._phys.proof_state[ps] = sorry.proof_state
        return self._phys.proof_state[ps]

    def _replay_command(self, recipe: _CommandRecipe) -> None:
        parent = self._physical_env(recipe.parent_env)
        request = dict(recipe.request)
        if parent is not None:
            request["env"] = parent
        timeout = self.header_timeout_s if recipe.parent_env is None and self.header else self.timeout_s
        resp = self._send(request, timeout)
        self.stats.replayed += 1
        with_ps = [s.proof_state for s in resp.sorries if s.proof_state is not None] if isinstance(
            resp, CommandResponse) else None
        if with_ps is None or len(with_ps) != len(recipe.proof_states):
            raise ReplProcessError("replaying a command after a restart gave a different answer")
        self._phys.env[recipe.env] = resp.env  # type: ignore[union-attr]
        for logical, physical in zip(recipe.proof_states, with_ps, strict=True):
            self._phys.proof_state[logical] = physical

    def _command(
        self, code: str, env: int | None, options: dict[str, Any], timeout_s: float | None
    ) -> tuple[Response, int | None]:
        base = command_request(code, None, **options)
        request = dict(base)
        phys_env = self._physical_env(env)
        if phys_env is not None:
            request["env"] = phys_env
        resp = self._send(request, timeout_s)
        if not isinstance(resp, CommandResponse):
            return resp, None
        logical = self._next_env
        self._next_env += 1
        ps_ids = []
        for sorry in resp.sorries:
            if sorry.proof_state is not None:
                ps_ids.append(self._next_ps)
                self._phys.proof_state[self._next_ps] = sorry.proof_state
                self._next_ps += 1
        recipe = _CommandRecipe(base, env, logical, tuple(ps_ids))
        self._commands[logical] = recipe
        for ps in ps_ids:
            self._ps_origin[ps] = recipe
        self._phys.env[logical] = resp.env
        return resp, logical

    # -- public requests ----------------------------------------------------------------------------

    def command(
        self, code: str, *, env: int | None = None, timeout_s: float | None = None, use_header: bool = True,
        **options: Any,
    ) -> tuple[Response, int | None, tuple[int, ...]]:
        """Elaborate ``code``; return ``(response, logical env, logical proof states of its sorries)``.

        Runs in ``env`` if given, else in the header environment (``use_header=False``: a fresh one).
        A crash (or memory kill) restarts the process, replays the handles needed and retries once; a
        second crash raises ``ReplProcessError``. A timeout raises ``ReplTimeoutError`` (not retried: the
        next request restarts the process).
        """
        with self._lock:
            for attempt in (0, 1):
                try:
                    self._ensure_transport()  # a dead process is noticed (and handles reset) before ids are used
                    base_env = env if env is not None else (self.header_env() if use_header else None)
                    resp, logical = self._command(code, base_env, options, timeout_s or self.timeout_s)
                    break
                except ReplProcessError:
                    if attempt:  # crashed again after a restart: the request itself kills the REPL
                        raise
            states = self._commands[logical].proof_states if logical is not None else ()
            return resp, logical, states

    def tactic(
        self, proof_state: int, tactic: str, *, timeout_s: float | None = None
    ) -> tuple[Response, int | None, tuple[int, ...]]:
        """Run ``tactic`` on a logical proof state.

        Returns ``(response, logical proof state or None, logical states of sorries inside the tactic)``.
        """
        with self._lock:
            for attempt in (0, 1):
                try:
                    self._ensure_transport()
                    phys = self._physical_ps(proof_state)
                    resp = self._send(tactic_request(phys, tactic), timeout_s or self.timeout_s)
                    break
                except ReplProcessError:
                    if attempt:
                        raise
            if not isinstance(resp, ProofStepResponse):
                return resp, None, ()
            sorry_states = []
            for i, sorry in enumerate(resp.sorries):
                if sorry.proof_state is not None:
                    self._phys.proof_state[self._next_ps] = sorry.proof_state
                    self._ps_origin[self._next_ps] = _TacticRecipe(proof_state, tactic, i)
                    sorry_states.append(self._next_ps)
                    self._next_ps += 1
            logical = self._next_ps
            self._next_ps += 1
            self._phys.proof_state[logical] = resp.proof_state
            self._ps_origin[logical] = _TacticRecipe(proof_state, tactic)
            return resp, logical, tuple(sorry_states)

    def raw(self, request: dict[str, Any], *, timeout_s: float | None = None) -> Response:
        """Send a request as is (physical ids; for pickling and protocol tests). No replay bookkeeping."""
        with self._lock:
            return self._send(request, timeout_s or self.timeout_s)
