"""The tactic and whole-proof proposer that proof search calls.

:meth:`TacticProposer.propose_tactics` turns a goal state into up to ``n`` distinct tactics, each with the
model's log-prob (summed over its tokens), the model name and the prompt id, best first. Replies that hold no
usable tactic are dropped with the reason logged; a failed LLM call gives an empty list, never an exception.

Prompts and reply parsers come from the model family's format (:mod:`prover.llm.formats`): ``format=`` /
``PROVER_LLM_FORMAT``, else the served model's name. A model of no known family is an ``LLMConfigError``
(one line naming the families and the flag) on first use — a configuration error, not a failed call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal

from prover.llm.errors import LLMError
from prover.llm.formats import ReplyFormat, resolve_format
from prover.llm.prompts import Prompt
from prover.llm.sampling import sample_prompt_safely

if TYPE_CHECKING:
    from prover.llm.client import LLMClient

__all__ = ["Proposal", "TacticProposer"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Proposal:
    """One candidate: a tactic (or a whole proof's tactic block) with where it came from.

    ``logprob``: the sample's summed token log-prob (None when the server gives none).
    ``prompt_id``: the :class:`~prover.llm.prompts.Prompt` id, for provenance.
    """

    text: str
    logprob: float | None
    model: str
    prompt_id: str


class TacticProposer:
    """Proposes tactics and whole proofs through one :class:`~prover.llm.client.LLMClient`.

    ``max_tokens``: the reply budget for one tactic; whole proofs use ``proof_max_tokens``. ``format``: a
    format name (default: the client's ``format`` setting, else chosen from the model's name).
    """

    def __init__(self, client: LLMClient, *, max_tokens: int = 96, proof_max_tokens: int = 1024,
                 temperature: float | None = None, format: str | None = None) -> None:
        self.client = client
        self.max_tokens = max_tokens
        self.proof_max_tokens = proof_max_tokens
        self.temperature = temperature
        self.format = format or client.settings.format

    def reply_format(self, kind: Literal["tactic", "proof"]) -> ReplyFormat:
        """The format used for ``kind`` requests (``LLMConfigError`` when the model has none)."""
        if self.format:
            return resolve_format("", kind, self.format)
        return resolve_format(self.client.model_name(), kind)

    def _format_or_none(self, kind: Literal["tactic", "proof"]) -> ReplyFormat | None:
        """As :meth:`reply_format`, but an endpoint that cannot be asked its model name gives ``None`` (logged)."""
        try:
            return self.reply_format(kind)
        except LLMError as exc:
            log.warning("cannot learn the served model's name, no candidates: %s", exc)
            return None

    def propose_tactics(
        self,
        goal_state: str,
        proof_so_far: Sequence[str] = (),
        n: int = 8,
        *,
        premises: Sequence[str] = (),
        name: str = "",
    ) -> list[Proposal]:
        """Up to ``n`` distinct next tactics for ``goal_state``, best log-prob first.

        ``name``: the theorem's name (formats that show it, e.g. InternLM-StepProver).
        """
        if n < 1:
            return []
        fmt = self._format_or_none("tactic")
        if fmt is None:
            return []
        prompt = fmt.build(goal_state, proof_so_far, premises, name=name)
        return self._propose(prompt, n, self.max_tokens, fmt.parse)

    def propose_proofs(self, statement: str, n: int = 4, *, header: str = "", informal: str = "") -> list[Proposal]:
        """Up to ``n`` distinct whole-proof tactic blocks for a Lean ``statement``, best log-prob first."""
        if n < 1:
            return []
        fmt = self._format_or_none("proof")
        if fmt is None:
            return []
        prompt = fmt.build(statement, header, informal)
        return self._propose(prompt, n, self.proof_max_tokens, partial(fmt.parse, statement=statement))

    def _propose(self, prompt: Prompt, n: int, max_tokens: int,
                 explain: Callable[..., tuple[str | None, str]]) -> list[Proposal]:
        completion, opened = sample_prompt_safely(self.client, prompt, n, max_tokens=max_tokens,
                                                  temperature=self.temperature)
        if completion is None:
            return []
        best: dict[str, Proposal] = {}
        for sample in completion.samples:
            text, why = explain(sample.text, opened=opened)
            if text is None:
                log.info("%s: reply dropped (%s): %r", prompt.prompt_id, why, sample.text[:120])
                continue
            old = best.get(text)
            if old is None or _score(sample.logprob) > _score(old.logprob):
                best[text] = Proposal(text=text, logprob=sample.logprob, model=completion.model,
                                      prompt_id=prompt.prompt_id)
        return sorted(best.values(), key=lambda p: _score(p.logprob), reverse=True)


def _score(logprob: float | None) -> float:
    return float("-inf") if logprob is None else logprob
