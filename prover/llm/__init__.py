"""The only code that talks to language models.

Tactic proposals, whole-proof drafts, AquaForte candidate definitions and critics all go through here:

* :class:`LLMSettings` — ``PROVER_LLM_*`` settings (endpoint, model, sampling, retries, cache, local model);
* :func:`open_client` — a ready :class:`LLMClient` for the configured endpoint, or for the embedded
  llama.cpp server with gemma-3-270m when none is configured (:class:`LocalServer`);
* :class:`LLMClient` — completions and chat on any OpenAI-compatible endpoint, ``n`` samples with log-probs,
  fallback for servers that ignore ``n``, retries, a concurrency limit, the SQLite :class:`CompletionCache`,
  token and latency accounting;
* :class:`TacticProposer` (``propose_tactics``, ``propose_proofs``), :func:`make_aquaforte_proposer` and the
  :class:`GoalCritic` (remaining-steps estimates);
* the prompt formats of open prover models (:mod:`prover.llm.formats`: ``get_format``, ``resolve_format``),
  each a prompt builder plus a strict reply parser (:mod:`prover.llm.parsing` holds the shared checks).

Errors are in :mod:`prover.llm.errors`. ``openai`` and ``llama_cpp`` are imported only when used.
"""

from __future__ import annotations

from prover.llm.aquaforte import make_aquaforte_proposer
from prover.llm.cache import CompletionCache
from prover.llm.client import LLMClient
from prover.llm.critic import CriticEstimate, GoalCritic
from prover.llm.endpoint import open_client, stop_shared_servers
from prover.llm.errors import (
    LLMConfigError,
    LLMError,
    LLMResponseError,
    LLMTimeout,
    LLMUnavailable,
    LocalModelMissing,
    LocalServerError,
)
from prover.llm.formats import ReplyFormat, get_format, resolve_format
from prover.llm.local import LocalServer, local_llm_available
from prover.llm.results import Completion, Sample, UsageTotals
from prover.llm.settings import LLMSettings
from prover.llm.tactics import Proposal, TacticProposer

__all__ = [
    "Completion",
    "CompletionCache",
    "CriticEstimate",
    "GoalCritic",
    "LLMClient",
    "LLMConfigError",
    "LLMError",
    "LLMResponseError",
    "LLMSettings",
    "LLMTimeout",
    "LLMUnavailable",
    "LocalModelMissing",
    "LocalServer",
    "LocalServerError",
    "Proposal",
    "ReplyFormat",
    "Sample",
    "TacticProposer",
    "UsageTotals",
    "get_format",
    "local_llm_available",
    "make_aquaforte_proposer",
    "open_client",
    "resolve_format",
    "stop_shared_servers",
]
