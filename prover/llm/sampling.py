"""Sampling a :class:`~prover.llm.prompts.Prompt` with whichever API the client is configured for."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from prover.llm.errors import LLMConfigError, LLMError

if TYPE_CHECKING:
    from prover.llm.client import LLMClient
    from prover.llm.prompts import Prompt
    from prover.llm.results import Completion

__all__ = ["sample_prompt", "sample_prompt_safely"]

log = logging.getLogger(__name__)


def sample_prompt(client: LLMClient, prompt: Prompt, n: int, **kwargs: Any) -> tuple[Completion, bool]:
    """``n`` samples for ``prompt``; also whether replies continue the prompt text (completion API).

    The prompt's own ``api`` (its model family's training format) wins over the client's setting.
    """
    if (prompt.api or client.settings.api) == "chat":
        return client.chat(prompt.messages(), n=n, **kwargs), False
    return client.complete(prompt.text, n=n, stop=prompt.stop or None, **kwargs), True


def sample_prompt_safely(
    client: LLMClient, prompt: Prompt, n: int, **kwargs: Any
) -> tuple[Completion | None, bool]:
    """Like :func:`sample_prompt`, but an LLM failure is logged and gives ``(None, ...)``, never an exception.

    Proof search and batch runs call this: one failed call must not stop them.
    """
    try:
        return sample_prompt(client, prompt, n, **kwargs)
    except (LLMError, LLMConfigError) as exc:
        log.warning("LLM call for %s failed, no candidates: %s", prompt.prompt_id, exc)
        return None, (prompt.api or client.settings.api) != "chat"
