"""``SearchConfig``: every knob of one search, inert and picklable (batch workers receive it as is)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["AUTOMATION_TACTICS", "SearchConfig", "Weights"]

#: The fixed automation list, tried at every expansion (each is one cheap Lean call that often closes a goal).
AUTOMATION_TACTICS: tuple[str, ...] = (
    "norm_num", "linarith", "nlinarith", "positivity", "omega", "simp", "ring_nf", "field_simp", "decide", "aesop",
)


class Weights(BaseModel):
    """Terms of a state's priority (higher is expanded first); see :mod:`prover.search.scoring`.

    ``logprob``: the path's summed proposal log-probability (ReProver); ``progress``: the predictor's
    remaining-steps estimate (LeanProgress); ``close``: the "will this close" head's log P(close) (0 leaves
    the head unloaded); the rest are MPS-Prover-style heuristics, each a penalty.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    logprob: float = 1.0
    progress: float = 0.5  # per predicted remaining step
    goals: float = 0.7  # per open goal beyond the first
    cases: float = 0.3  # per `case` goal (case splits still to do)
    length: float = 0.2  # per 100 characters of state text
    repeat: float = 1.0  # per tactic used twice on the path
    depth: float = 0.05  # per tactic on the path (breaks ties towards short proofs)
    # off: at equal budget it changed no proof and no expansion count where measured (notes/progress.md)
    close: float = 0.0  # times log P(close) of the close head (prover.progress.closing)


class SearchConfig(BaseModel):
    """One search's settings. Strings only for endpoints and choices, so the object pickles and compares."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    env: Literal["lean", "symbolic", "auto"] = "auto"
    strategy: Literal["best-first", "whole-proof", "sketch", "hammer-first"] = "best-first"
    llm: str = Field("none", description='"none", "local" (the embedded model) or an OpenAI-compatible base URL')
    llm_format: str | None = Field(None, description="prompt format (prover.llm.formats); None: from the model name")
    lean_backend: Literal["repl", "leandojo"] = "repl"
    budget_s: float = Field(60.0, gt=0)
    max_expansions: int = Field(200, ge=1)
    tactic_timeout_s: float = Field(10.0, gt=0)
    proposer_timeout_s: float = Field(30.0, gt=0, description="one proposer call; a slower one is abandoned")
    samples_per_expansion: int = Field(8, ge=1, description="LLM samples asked for per expanded state")
    whole_proof_samples: int = Field(8, ge=1, description="K complete proofs (whole-proof, sketch)")
    seed: int = 0
    # off by default: at equal budget it found no extra proof anywhere it was measured and cost one on the
    # project's problem set (50 → 49 true proved at 10 s; notes/progress.md); opt in with --predictor
    use_predictor: bool = False
    use_heuristics: bool = True
    use_automation: bool = True
    use_hammer: bool = True
    predictor_checkpoint: str | None = None  # None: the shipped default checkpoint
    close_checkpoint: str | None = None  # the close head's; None: the shipped one (used when weights.close != 0)
    hammer_timeout_s: float = Field(5.0, gt=0)
    max_depth: int = Field(40, ge=1)
    max_crashes: int = Field(3, ge=1, description="environment crashes in a row before the search gives up")
    weights: Weights = Weights()
