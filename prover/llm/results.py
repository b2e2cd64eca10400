"""Values returned by the LLM client: samples, completions and per-call accounting.

Frozen pydantic models so they serialise to the cache and to ``--json`` output unchanged.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

__all__ = ["CallRecord", "Completion", "Sample", "UsageTotals"]


class Sample(BaseModel):
    """One sampled continuation.

    ``logprob`` is the sum of ``token_logprobs`` (``None`` when the server gave no log-probs).
    """

    model_config = ConfigDict(frozen=True)

    text: str
    logprob: float | None = None
    token_logprobs: tuple[float, ...] | None = None
    tokens: tuple[str, ...] | None = None
    finish_reason: str | None = None
    seed: int | None = None


class Completion(BaseModel):
    """The result of one client call: ``n`` samples plus what it cost.

    ``requests`` counts HTTP requests made (0 when served from the cache); ``native_n`` is False when the
    samples came one by one because the server ignores ``n``.
    """

    model_config = ConfigDict(frozen=True)

    samples: tuple[Sample, ...]
    model: str
    endpoint: str
    api: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    requests: int = 0
    cached: bool = False
    native_n: bool = True

    @property
    def texts(self) -> list[str]:
        """The sample texts, in order."""
        return [s.text for s in self.samples]


class CallRecord(BaseModel):
    """Accounting for one client call (kept by :class:`UsageTotals`)."""

    model_config = ConfigDict(frozen=True)

    api: str
    model: str
    n: int
    prompt_tokens: int
    completion_tokens: int
    latency_s: float
    requests: int
    cached: bool


@dataclass
class UsageTotals:
    """Running totals of tokens, requests and latency for one client; safe to update from threads."""

    calls: int = 0
    cached_calls: int = 0
    requests: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, record: CallRecord) -> None:
        """Fold one call into the totals."""
        with self._lock:
            self.calls += 1
            self.cached_calls += int(record.cached)
            self.requests += record.requests
            self.prompt_tokens += record.prompt_tokens
            self.completion_tokens += record.completion_tokens
            self.latency_s += record.latency_s

    def add_retry(self) -> None:
        """Count one retried request."""
        with self._lock:
            self.retries += 1

    def as_dict(self) -> dict[str, int | float]:
        """The totals as a plain dict (for ``--json`` output and logs)."""
        with self._lock:
            return {k: v for k, v in vars(self).items() if not k.startswith("_")}
