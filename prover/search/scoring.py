"""Priority of a search node: path log-prob ⊕ progress predictor ⊕ heuristics (higher is expanded first).

    priority = w.logprob · Σ logprob(path)
             − w.progress · predicted remaining steps            (LeanProgress; only with a usable predictor)
             − w.goals · (open goals − 1) − w.cases · case goals  (MPS-Prover-style heuristics,
             − w.length · chars/100 − w.repeat · repeated tactics  only with ``use_heuristics``)
             + w.close · log P(close)                          (the close head; only with w.close ≠ 0)
             − w.depth · depth

Each state is scored with its parent's estimate (``estimate(states, histories, parents)``; the root has
none), which the predictor keeps each estimate strictly below, so estimates fall along every path as the
remaining steps do (``prover.progress.model.chain_parent``).  The predictor is optional by design: a missing or unusable checkpoint is reported once (``predictor_note``)
and the search runs on the other terms.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prover.search.config import SearchConfig, Weights

__all__ = ["Features", "Scorer", "load_close_head", "load_predictor"]

_predictors: dict[str, Any] = {}
_lock = threading.Lock()


def load_predictor(checkpoint: str | None) -> tuple[Any, str]:
    """(predictor or None, a one-line note). Loaded once per process and checkpoint; never raises for a bad file."""
    from prover.progress.errors import CheckpointError
    from prover.progress.predictor import DEFAULT_CHECKPOINT, ProgressPredictor

    key = checkpoint or str(DEFAULT_CHECKPOINT)
    with _lock:
        if key not in _predictors:
            try:
                # one torch thread: a search scores a handful of states at a time, where intra-op threads only
                # contend (measured 0.6 s vs 0.02 s per expansion's batch on a loaded 2-core machine)
                _predictors[key] = (ProgressPredictor(checkpoint, threads=1).load(), f"progress predictor: {key}")
            except CheckpointError as exc:
                _predictors[key] = (None, f"progress predictor disabled, searching without it: {exc}")
        return _predictors[key]


def load_close_head(checkpoint: str | None) -> tuple[Any, str]:
    """(close head or None, a one-line note), like :func:`load_predictor`: a bad file is a note, not an error."""
    from prover.progress.closing import CLOSE_CHECKPOINT
    from prover.progress.closing import load_close_head as load
    from prover.progress.errors import CheckpointError

    key = f"close:{checkpoint or CLOSE_CHECKPOINT}"
    with _lock:
        if key not in _predictors:
            try:
                _predictors[key] = (load(checkpoint), f"close head: {checkpoint or CLOSE_CHECKPOINT}")
            except CheckpointError as exc:
                _predictors[key] = (None, f"close head disabled, searching without it: {exc}")
        return _predictors[key]


@dataclass(frozen=True)
class Features:
    """What the heuristics read from one node."""

    goals: int
    cases: int
    chars: int
    repeats: int
    depth: int
    logprob: float

    @classmethod
    def of(cls, goals: Sequence[str], history: Sequence[str], logprob: float) -> Features:
        return cls(
            goals=len(goals),
            cases=sum(1 for g in goals if g.startswith("case ")),
            chars=sum(len(g) for g in goals),
            repeats=len(history) - len(set(history)),
            depth=len(history),
            logprob=logprob,
        )


class Scorer:
    """Scores batches of nodes; ``predictor`` is any object with ``estimate(states, histories)``."""

    def __init__(self, config: SearchConfig, predictor: Any = None, predictor_note: str = "",
                 close_head: Any = None, close_note: str = "") -> None:
        self.weights: Weights = config.weights
        self.use_heuristics = config.use_heuristics
        self.predictor = predictor if config.use_predictor else None
        self.predictor_note = predictor_note if config.use_predictor else "progress predictor off (config)"
        self.predictor_failures = 0
        self.close_head = close_head if config.weights.close != 0 else None
        self.close_note = close_note if config.weights.close != 0 else "close head off (weight 0)"

    def closing(self, states: Sequence[str], histories: Sequence[Sequence[str]]) -> list[float | None]:
        """The close head's P(close) per state (None without a head)."""
        if self.close_head is None or not states:
            return [None] * len(states)
        return [float(p) for p in self.close_head.p_close(list(states), [list(h) for h in histories])]

    def estimates(self, states: Sequence[str], histories: Sequence[Sequence[str]],
                  parents: Sequence[float | None] | None = None) -> list[float | None]:
        """The predictor's estimates; ``parents``: each state's parent estimate (None at the root), which the
        predictor keeps each estimate below, so estimates fall along every path as remaining steps do."""
        if self.predictor is None or not states:
            return [None] * len(states)
        hs = [list(h) for h in histories]
        got = self.predictor.estimate(list(states), hs, list(parents)) if parents is not None \
            else self.predictor.estimate(list(states), hs)
        return [float(x) for x in got]

    def priority(self, f: Features, remaining: float | None, p_close: float | None = None) -> float:
        w = self.weights
        score = w.logprob * f.logprob - w.depth * f.depth
        if remaining is not None:
            score -= w.progress * remaining
        if p_close is not None:
            score += w.close * math.log(max(p_close, 1e-6))
        if self.use_heuristics:
            score -= w.goals * max(f.goals - 1, 0) + w.cases * f.cases + w.length * f.chars / 100 + w.repeat * f.repeats
        return score
