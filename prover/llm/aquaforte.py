"""An LLM :class:`~symbolic.aquaforte.proposer.Proposer` for AquaForte candidate function definitions.

:func:`make_aquaforte_proposer` returns a callable ``ProposalRequest -> list[str]``: it renders the request
(instruction, constraints, signatures, output format, tips, feedback on failed candidates) as a prompt,
samples ``request.n`` replies and extracts definition texts strictly (fenced code; one line
``f(x, y) = term`` per function). Garbage replies and failed LLM calls give fewer or no candidates, with the
reason logged, never an exception: AquaForte then falls back to its solvers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from prover.llm.parsing import DefinitionSignature, parse_definitions
from prover.llm.prompts import Prompt, aquaforte_prompt
from prover.llm.sampling import sample_prompt_safely
from symbolic.aquaforte.proposer import FunctionSignature, ProposalRequest, Proposer

if TYPE_CHECKING:
    from prover.llm.client import LLMClient

__all__ = ["LLMDefinitionProposer", "build_aquaforte_prompt", "make_aquaforte_proposer"]

log = logging.getLogger(__name__)

_PARAMS = ("x", "y", "z", "u", "v", "w")


def _param_names(arity: int) -> list[str]:
    if arity <= len(_PARAMS):
        return list(_PARAMS[:arity])
    return [f"x{i}" for i in range(1, arity + 1)]


def _signature_line(sig: FunctionSignature) -> str:
    return f"{sig.name} : {' -> '.join([*sig.arg_sorts, sig.result_sort])}"


def _example_line(sig: FunctionSignature) -> str:
    params = _param_names(len(sig.arg_sorts))
    return f"{sig.name}({', '.join(params)}) = <term>" if params else f"{sig.name} = <numeral>"


def build_aquaforte_prompt(request: ProposalRequest, tips: Sequence[str] = ()) -> Prompt:
    """The prompt for one AquaForte request (exposed so the exact prompt can be logged and tested)."""
    return aquaforte_prompt(
        signatures=[_signature_line(f) for f in request.functions],
        constraints=list(request.constraints),
        example_line="; ".join(_example_line(f) for f in request.functions),
        feedback=list(request.feedback),
        tips=tips,
    )


class LLMDefinitionProposer:
    """Callable ``ProposalRequest -> list[str]`` backed by an :class:`~prover.llm.client.LLMClient`.

    Returns at most ``request.n`` distinct candidates, in the order the samples gave them.
    """

    def __init__(self, client: LLMClient, *, max_tokens: int = 160, temperature: float | None = None,
                 tips: Sequence[str] = ()) -> None:
        self.client = client
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.tips = tuple(tips)

    def __call__(self, request: ProposalRequest) -> list[str]:
        if request.n < 1 or not request.functions:
            return []
        prompt = build_aquaforte_prompt(request, self.tips)
        completion, opened = sample_prompt_safely(self.client, prompt, request.n, max_tokens=self.max_tokens,
                                                  temperature=self.temperature)
        if completion is None:
            return []
        signatures = [DefinitionSignature(f.name, len(f.arg_sorts)) for f in request.functions]
        candidates: list[str] = []
        for sample in completion.samples:
            found = parse_definitions(sample.text, signatures, opened=opened)
            if not found:
                log.info("%s [%s]: no definitions in reply %r", prompt.prompt_id, request.component_id,
                         sample.text[:120])
            candidates.extend(c for c in found if c not in candidates)
        return candidates[: request.n]


def make_aquaforte_proposer(client: LLMClient, **options: object) -> Proposer:
    """A :class:`~symbolic.aquaforte.proposer.Proposer` that asks ``client``'s model for definitions.

    ``options`` go to :class:`LLMDefinitionProposer` (``max_tokens``, ``temperature``, ``tips``).
    """
    return LLMDefinitionProposer(client, **options)  # type: ignore[arg-type]


