"""Opening a client: the configured endpoint, or the embedded local model when none is configured."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from prover.llm.cache import CompletionCache
from prover.llm.client import LLMClient
from prover.llm.local import LocalServer
from prover.llm.settings import LLMSettings

__all__ = ["open_client"]


@contextlib.contextmanager
def open_client(
    settings: LLMSettings | None = None,
    *,
    cache: CompletionCache | None = None,
    http_transport: Any = None,
) -> Iterator[LLMClient]:
    """A ready client for the duration of the ``with`` block.

    With ``settings.base_url`` set, a client for that endpoint. Otherwise the embedded llama.cpp server is
    started (and stopped when the block ends) and the client talks to it; its cache entries are keyed by the
    model file, so they survive restarts on other ports. ``settings`` defaults to ``LLMSettings()`` (the
    environment and ``.env``).
    """
    settings = settings if settings is not None else LLMSettings()
    if settings.base_url:
        client = LLMClient(settings, cache=cache, http_transport=http_transport)
        try:
            yield client
        finally:
            client.close()
        return
    with LocalServer(settings) as server:
        local_settings = settings.model_copy(update={"model": settings.model or server.alias,
                                                     "logprobs": settings.logprobs and settings.local_logprobs})
        client = LLMClient(local_settings, base_url=server.base_url, cache=cache,
                           endpoint_id=server.endpoint_id, http_transport=http_transport,
                           restart=server.ensure_running)
        try:
            yield client
        finally:
            client.close()
