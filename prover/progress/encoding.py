"""Turn a proof state and its history into model inputs: two byte sequences and a few scalar features.

Pure Python (no torch) so datasets can be encoded once and reused.  The state keeps its *head* (hypotheses
and goal come first in Lean's rendering), the history keeps its *tail* (the latest tactics say most about
where the proof is).  Scalar features carry what a pooled CNN cannot count: how many steps were taken.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

__all__ = ["PAD", "VOCAB_SIZE", "EncodedInput", "ModelConfig", "default_thresholds", "encode"]

PAD = 256
BOS = 257
VOCAB_SIZE = 258
N_FEATURES = 4


def default_thresholds() -> tuple[int, ...]:
    """Ordinal cut points t (the head predicts P(remaining > t)): dense for short proofs, log-spaced after."""
    dense = list(range(1, 17))
    sparse = [18, 20, 23, 26, 30, 34, 39, 45, 52, 60, 70, 80, 95, 110, 130, 150, 180, 210, 250, 300]
    return tuple(dense + sparse)


@dataclass(frozen=True)
class ModelConfig:
    """Architecture and input layout of the byte CNN; stored in every checkpoint."""

    emb_dim: int = 32
    channels: int = 64
    hidden: int = 128
    dropout: float = 0.3
    max_state_bytes: int = 192
    max_history_bytes: int = 320
    thresholds: tuple[int, ...] = field(default_factory=default_thresholds)
    # "remaining": the head models the remaining steps directly; "total": it models the proof's total
    # length and the prediction is total - steps taken (so estimates fall as a proof advances)
    target: str = "remaining"

    def __post_init__(self) -> None:
        if self.target not in ("remaining", "total"):
            raise ValueError(f"target must be 'remaining' or 'total', not {self.target!r}")

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form for the checkpoint."""
        d = asdict(self)
        d["thresholds"] = list(self.thresholds)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> ModelConfig:
        """Inverse of :meth:`to_dict` (unknown keys are an error, caught by the checkpoint loader)."""
        kw = dict(d)
        kw["thresholds"] = tuple(int(t) for t in kw.get("thresholds", default_thresholds()))  # type: ignore[union-attr]
        return cls(**kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class EncodedInput:
    """One encoded example: state bytes, history bytes (both starting with BOS) and scalar features."""

    state: tuple[int, ...]
    history: tuple[int, ...]
    features: tuple[float, ...]
    steps_done: int = 0


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", errors="replace")


def encode(state: str, history: Sequence[str], config: ModelConfig) -> EncodedInput:
    """Encode one (state, history) pair under ``config``'s byte budgets."""
    s = _utf8(state)[: config.max_state_bytes - 1]
    joined = _utf8("\n".join(history))
    h = joined[-(config.max_history_bytes - 1) :] if joined else b""
    features = (
        math.log1p(len(history)) / 3.0,
        math.log1p(len(joined)) / 8.0,
        math.log1p(len(state)) / 8.0,
        math.log1p(state.count("⊢")),
    )
    return EncodedInput((BOS, *s), (BOS, *h), features, len(history))
