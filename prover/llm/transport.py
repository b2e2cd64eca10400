"""The one seam between :mod:`prover.llm` and the network: building the ``openai`` client.

Everything that reaches an endpoint goes through :func:`make_openai_client`. Passing ``http_transport``
(an ``httpx`` transport, e.g. ``MockTransport``) swaps the network for an in-memory handler; tests of the
plumbing (retries, ``n`` fallback, malformed replies) use that, while verification runs against the real
local llama.cpp server. ``openai`` is imported here, lazily, so ``prover --help`` stays fast.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["http_module", "make_openai_client"]


def http_module() -> ModuleType:
    """The ``httpx`` module the installed ``openai`` package is built on (``httpx2`` in openai>=3)."""
    for name in ("httpx2", "httpx"):
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError("neither httpx2 nor httpx is installed (both come with the openai package)")


def make_openai_client(base_url: str, api_key: str, timeout_s: float, http_transport: Any = None) -> Any:
    """An ``openai.OpenAI`` client for ``base_url`` with its own retries off (ours are in the client).

    ``http_transport``: an ``httpx`` transport to use instead of the network (tests of plumbing).
    """
    import openai

    httpx = http_module()
    timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0))
    http_client = httpx.Client(transport=http_transport, timeout=timeout) if http_transport else None
    return openai.OpenAI(
        base_url=base_url,
        api_key=api_key or "none",
        timeout=timeout,
        max_retries=0,
        http_client=http_client,
    )
