"""Opening a client: the configured endpoint, or the embedded local model when none is configured."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from prover.llm.cache import CompletionCache
from prover.llm.client import LLMClient
from prover.llm.local import LocalServer
from prover.llm.settings import LLMSettings

__all__ = ["open_client", "stop_shared_servers"]

# Embedded servers kept for the whole process by ``open_client(shared=True)``, one per distinct launch setting.
# Each stops with the process (``LocalServer.start`` registers its ``stop`` at exit, and the child dies with us).
_SHARED: dict[tuple[object, ...], LocalServer] = {}
_SHARED_LOCK = threading.Lock()


def _launch_key(settings: LLMSettings) -> tuple[object, ...]:
    return (str(settings.local_model_path), settings.local_n_ctx, settings.local_logprobs, settings.local_threads,
            settings.local_memory_limit_mb)


def _shared_server(settings: LLMSettings) -> LocalServer:
    """The process's embedded server for these launch settings, started on first use, restarted if it died."""
    with _SHARED_LOCK:
        server = _SHARED.get(_launch_key(settings))
        if server is None:
            server = LocalServer(settings)
            server.start()  # raises before it is kept: a server that cannot start is not shared
            _SHARED[_launch_key(settings)] = server
        else:
            server.ensure_running()
        return server


def stop_shared_servers() -> None:
    """Stop every embedded server kept by ``open_client(shared=True)`` (they also stop at process exit)."""
    with _SHARED_LOCK:
        servers = list(_SHARED.values())
        _SHARED.clear()
    for server in servers:
        server.stop()


@contextlib.contextmanager
def open_client(
    settings: LLMSettings | None = None,
    *,
    cache: CompletionCache | None = None,
    http_transport: Any = None,
    shared: bool = False,
) -> Iterator[LLMClient]:
    """A ready client for the duration of the ``with`` block.

    With ``settings.base_url`` set, a client for that endpoint. Otherwise the embedded llama.cpp server is
    started (and stopped when the block ends) and the client talks to it; its cache entries are keyed by the
    model file, so they survive restarts on other ports. ``settings`` defaults to ``LLMSettings()`` (the
    environment and ``.env``).

    ``shared=True`` keeps the embedded server running after the block for the rest of the process, so that
    repeated calls (one ``prove()`` per theorem) pay its start-up (about 10 s here) once, not every time.
    """
    settings = settings if settings is not None else LLMSettings()
    if settings.base_url:
        client = LLMClient(settings, cache=cache, http_transport=http_transport)
        try:
            yield client
        finally:
            client.close()
        return
    with contextlib.nullcontext(_shared_server(settings)) if shared else LocalServer(settings) as server:
        local_settings = settings.model_copy(update={"model": settings.model or server.alias,
                                                     "logprobs": settings.logprobs and settings.local_logprobs})
        client = LLMClient(local_settings, base_url=server.base_url, cache=cache,
                           endpoint_id=server.endpoint_id, http_transport=http_transport,
                           restart=server.ensure_running)
        try:
            yield client
        finally:
            client.close()
