"""LLM settings, read from ``PROVER_LLM_*`` environment variables and an optional ``.env`` file.

The object is inert: building it reads configuration and nothing else. Tests construct
``LLMSettings(_env_file=None, ...)`` and pass it explicitly, so a developer's environment never leaks in.
Every field is documented in ``prover/llm/env.template``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["LLMSettings", "default_cache_path"]


def default_cache_path() -> Path:
    """Where the disk cache lives unless configured: ``$XDG_CACHE_HOME/prover/llm-cache.sqlite``."""
    import os

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "prover" / "llm-cache.sqlite"


class LLMSettings(BaseSettings):
    """Where the model is and how to sample from it.

    ``base_url`` unset means "use the embedded local model": :func:`prover.llm.open_client` then starts
    llama.cpp's OpenAI-compatible server on a free loopback port.
    """

    model_config = SettingsConfigDict(
        env_prefix="PROVER_LLM_", env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    # Endpoint
    base_url: str | None = Field(None, description="OpenAI-compatible base URL, e.g. http://localhost:8000/v1")
    api_key: SecretStr = Field(SecretStr("none"), description="API key; local servers accept any value")
    model: str = Field("", description="Model name sent to the endpoint; empty = the server's only model")
    api: Literal["completions", "chat"] = Field(
        "completions", description="completion-style prompts (/v1/completions) or chat (/v1/chat/completions)"
    )
    format: str | None = Field(
        None, description="prompt format of the model family (prover.llm.formats); None: from the model's name"
    )
    # Sampling
    temperature: float = Field(0.8, ge=0.0, le=2.0)
    top_p: float = Field(0.95, gt=0.0, le=1.0)
    max_tokens: int = Field(256, ge=1)
    seed: int = Field(0, description="Base seed; sample i of a request uses seed + i when sampled one by one")
    logprobs: bool = Field(True, description="Ask for per-token log-probs (ignored by servers that lack them)")
    n_mode: Literal["auto", "native", "sequential"] = Field(
        "auto", description="auto: send n and fall back to one-by-one sampling when the server ignores n"
    )
    # Transport
    timeout_s: float = Field(60.0, gt=0.0, description="Per-request timeout in seconds")
    max_retries: int = Field(3, ge=0, description="Retries after the first attempt on transport errors, 429, 5xx")
    backoff_initial_s: float = Field(0.5, ge=0.0)
    backoff_max_s: float = Field(8.0, ge=0.0)
    concurrency: int = Field(4, ge=1, description="Requests in flight at once from one client")
    # Cache
    cache: bool = Field(True, description="Use the SQLite disk cache (False bypasses it)")
    cache_path: Path | None = Field(None, description="SQLite cache file; default ~/.cache/prover/llm-cache.sqlite")
    # Embedded model (used when base_url is unset)
    local_model_path: Path | None = Field(None, description="GGUF file; default: the gemma-3-270m package")
    local_n_ctx: int = Field(2048, ge=256)
    local_threads: int | None = Field(None, ge=1, description="CPU threads for llama.cpp; default: all cores but one")
    local_startup_timeout_s: float = Field(120.0, gt=0.0)
    local_memory_limit_mb: int | None = Field(
        8192, ge=512, description="Address-space cap of the server process (RLIMIT_AS); None: no cap"
    )
    local_logprobs: bool = Field(
        False,
        description="Log-probs from the embedded model: starts llama.cpp with logits_all, which costs "
        "n_ctx x 262k floats of memory and seconds per generated token (computed in Python)",
    )

    def resolved_cache_path(self) -> Path:
        """The cache file to use (configured or default)."""
        return self.cache_path or default_cache_path()
