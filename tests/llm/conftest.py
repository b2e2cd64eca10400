"""Fixtures for the LLM layer: settings that never read the environment, an in-memory OpenAI-compatible
handler for plumbing tests, and (slow tier) one real embedded llama.cpp server per test session."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from prover.llm.cache import CompletionCache
from prover.llm.client import LLMClient
from prover.llm.settings import LLMSettings
from prover.llm.transport import http_module

httpx = http_module()


def make_settings(**overrides: Any) -> LLMSettings:
    """Settings for tests: no .env, no environment-dependent defaults that matter, fast backoff."""
    values: dict[str, Any] = {"base_url": "http://llm.test/v1", "model": "test-model", "format": "generic",
                              "backoff_initial_s": 0.001, "backoff_max_s": 0.01, "cache": False}
    values.update(overrides)
    return LLMSettings(_env_file=None, **values)


@dataclass
class FakeServer:
    """An in-memory OpenAI-compatible endpoint for plumbing tests (retries, n fallback, malformed replies).

    ``replies``: texts served in turn (cycled). ``honour_n``: False mimics llama.cpp, which returns one
    choice whatever ``n`` is. ``failures``: status codes (or "connect") served before the real replies.
    """

    replies: list[str] = field(default_factory=lambda: ["simp"])
    honour_n: bool = True
    failures: list[int | str] = field(default_factory=list)
    raw_body: bytes | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    _next: int = 0

    def _text(self) -> str:
        text = self.replies[self._next % len(self.replies)]
        self._next += 1
        return text

    def handler(self, request: Any) -> Any:
        body = json.loads(request.content) if request.content else {}
        self.requests.append({"path": request.url.path, **body})
        if self.failures:
            failure = self.failures.pop(0)
            if failure == "connect":
                raise httpx.ConnectError("connection refused", request=request)
            if failure == "timeout":
                raise httpx.ReadTimeout("timed out", request=request)
            return httpx.Response(int(failure), json={"error": {"message": f"status {failure}"}})
        if self.raw_body is not None:
            return httpx.Response(200, content=self.raw_body, headers={"content-type": "application/json"})
        if request.url.path.endswith("/models"):
            return httpx.Response(200, json={"object": "list", "data": [{"id": "served-model", "object": "model",
                                                                          "created": 0, "owned_by": "me"}]})
        n = int(body.get("n", 1)) if self.honour_n else 1
        chat = request.url.path.endswith("/chat/completions")
        choices = []
        for i in range(n):
            text = self._text()
            lp = [-0.25] * max(1, len(text.split()))
            if chat:
                choices.append({"index": i, "finish_reason": "stop",
                                "message": {"role": "assistant", "content": text},
                                "logprobs": {"content": [{"token": t, "logprob": v, "bytes": None,
                                                          "top_logprobs": []}
                                                         for t, v in zip(text.split() or [""], lp, strict=False)]}})
            else:
                choices.append({"index": i, "text": text, "finish_reason": "stop",
                                "logprobs": {"tokens": text.split() or [""], "token_logprobs": lp,
                                             "text_offset": [0] * len(lp), "top_logprobs": None}})
        return httpx.Response(200, json={
            "id": "x", "object": "chat.completion" if chat else "text_completion", "created": 0,
            "model": body.get("model", "m"), "choices": choices,
            "usage": {"prompt_tokens": 7, "completion_tokens": 3 * n, "total_tokens": 7 + 3 * n}})


@pytest.fixture
def fake() -> FakeServer:
    return FakeServer()


@pytest.fixture
def client_for(tmp_path: Path) -> Iterator[Callable[..., LLMClient]]:
    """Build clients on a :class:`FakeServer`; closed at the end of the test."""
    made: list[LLMClient] = []

    def build(server: FakeServer, cache: bool = False, **overrides: Any) -> LLMClient:
        settings = make_settings(cache=cache, **overrides)
        client = LLMClient(settings, cache=CompletionCache(tmp_path / "cache.sqlite") if cache else None,
                           http_transport=httpx.MockTransport(server.handler))
        made.append(client)
        return client

    yield build
    for c in made:
        c.close()
