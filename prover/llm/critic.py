"""An LLM critic for proof search: how many tactic steps does a goal still need?

:class:`GoalCritic` asks the model for the number of remaining steps (or "unprovable") for a goal state,
samples a few replies, parses them strictly and returns the median as a :class:`CriticEstimate` value.
Search combines it with log-probs and the progress predictor; garbage replies and failed calls give an
estimate with ``steps=None``, never an exception.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from prover.llm.prompts import Prompt
from prover.llm.sampling import sample_prompt_safely

if TYPE_CHECKING:
    from prover.llm.client import LLMClient

__all__ = ["MAX_STEPS", "CriticEstimate", "GoalCritic", "critic_prompt", "parse_step_estimate"]

log = logging.getLogger(__name__)

MAX_STEPS = 100  # larger numbers are not an estimate but noise
_CRITIC_V = "critic-v1"
_NUMBER = re.compile(r"^(?:remaining steps\s*[:=]\s*)?(?:about|approximately|around|~)?\s*(\d{1,4})(?:\s*steps?)?\s*[.,;]?\s*$",
                     re.I)
_UNPROVABLE = re.compile(r"^(?:remaining steps\s*[:=]\s*)?(unprovable|impossible|false|never)\b", re.I)


def critic_prompt(goal_state: str, proof_so_far: Sequence[str] = ()) -> Prompt:
    """Ask for the number of tactic steps still needed to close ``goal_state`` (or ``unprovable``)."""
    lines = ["-- Lean 4 with Mathlib: how many more tactic steps does this goal need?",
             "-- Answer with a whole number, or `unprovable` if the goal is false."]
    if proof_so_far:
        lines += ["-- Tactics so far:"] + [f"--   {t.strip()}" for t in proof_so_far]
    lines += ["-- Goal:", "/-", goal_state.strip(), "-/", "-- Remaining steps:"]
    text = "\n".join(lines) + " "
    system = ("You are a Lean 4 and Mathlib expert judging proof states. Reply with only a whole number: the "
              "tactic steps still needed to close the goal, or the word unprovable if it is false.")
    user = ("Tactics so far:\n" + "\n".join(proof_so_far) + "\n\n" if proof_so_far else "") + \
        f"Goal:\n```lean\n{goal_state.strip()}\n```\nRemaining steps:"
    digest = hashlib.sha256(f"{text}\x00{system}\x00{user}".encode()).hexdigest()[:12]
    return Prompt(kind="critic", text=text, system=system, user=user, stop=("\n",), prompt_id=f"{_CRITIC_V}:{digest}")


def parse_step_estimate(reply: str) -> float | None:
    """Steps from a critic reply: an integer ≤ MAX_STEPS, ``inf`` for "unprovable", None for anything else.

    Only the first non-blank line counts, and it must be the answer alone (``3``, ``about 4 steps``,
    ``Remaining steps: 2``, ``unprovable``); prose is not mined for numbers.
    """
    line = next((ln.strip().strip("`*") for ln in reply.splitlines() if ln.strip()), "")
    if _UNPROVABLE.match(line):
        return math.inf
    m = _NUMBER.match(line)
    if not m:
        return None
    steps = int(m.group(1))
    return float(steps) if steps <= MAX_STEPS else None


@dataclass(frozen=True)
class CriticEstimate:
    """The critic's answer: ``steps`` (median of the usable replies; ``inf`` = judged unprovable; None = no
    usable reply), how many replies were asked for and how many were usable, and the prompt id."""

    steps: float | None
    samples: int
    usable: int
    prompt_id: str


class GoalCritic:
    """Estimates remaining steps for goal states through one :class:`~prover.llm.client.LLMClient`."""

    def __init__(self, client: LLMClient, *, max_tokens: int = 8, temperature: float | None = None) -> None:
        self.client = client
        self.max_tokens = max_tokens
        self.temperature = temperature

    def estimate(self, goal_state: str, proof_so_far: Sequence[str] = (), n: int = 3) -> CriticEstimate:
        """The median estimate over ``n`` sampled replies (see :class:`CriticEstimate`)."""
        prompt = critic_prompt(goal_state, proof_so_far)
        completion, _ = sample_prompt_safely(self.client, prompt, n, max_tokens=self.max_tokens,
                                             temperature=self.temperature)
        if completion is None:
            return CriticEstimate(None, n, 0, prompt.prompt_id)
        values = []
        for sample in completion.samples:
            value = parse_step_estimate(sample.text)
            if value is None:
                log.info("%s: critic reply dropped: %r", prompt.prompt_id, sample.text[:80])
            else:
                values.append(value)
        steps = statistics.median(values) if values else None
        return CriticEstimate(steps, n, len(values), prompt.prompt_id)
