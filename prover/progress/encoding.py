"""Turn a proof state and its history into the model's input: a feature vector (see :mod:`.features`).

Pure Python (no torch) so datasets can be encoded once and reused.  :class:`ModelConfig` records the
feature names a model was trained on, so a checkpoint built for another feature set is refused at load
time instead of silently misreading its inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from prover.progress.features import FEATURE_NAMES, features

__all__ = ["EncodedInput", "ModelConfig", "default_thresholds", "encode"]


def default_thresholds() -> tuple[int, ...]:
    """Ordinal cut points t (the head predicts P(remaining > t)): dense for short proofs, log-spaced after."""
    dense = list(range(1, 17))
    sparse = [18, 20, 23, 26, 30, 34, 39, 45, 52, 60, 70, 80, 95, 110, 130, 150, 180, 210, 250, 300]
    return tuple(dense + sparse)


@dataclass(frozen=True)
class ModelConfig:
    """Architecture and input layout of the progress MLP; stored in every checkpoint."""

    hidden: int = 32
    dropout: float = 0.3
    members: int = 5
    thresholds: tuple[int, ...] = field(default_factory=default_thresholds)
    feature_names: tuple[str, ...] = FEATURE_NAMES
    # the countdown prior max(1, c - steps_taken) mixed into the output (see ``model.blend_countdown``):
    # c is fitted on the training split when a model is trained; 0 turns the prior off
    countdown_c: float = 0.0
    countdown_weight: float = 0.7
    trust_below: float = 20.0
    # the parent chain (see ``model.chain_parent``): a state's estimate is at most its parent's minus this step
    chain_step: float = 0.01

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form for the checkpoint."""
        d = asdict(self)
        d["thresholds"] = list(self.thresholds)
        d["feature_names"] = list(self.feature_names)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> ModelConfig:
        """Inverse of :meth:`to_dict` (unknown keys are an error, caught by the checkpoint loader)."""
        kw = dict(d)
        kw["thresholds"] = tuple(int(t) for t in kw.get("thresholds", default_thresholds()))  # type: ignore[union-attr]
        kw["feature_names"] = tuple(str(n) for n in kw.get("feature_names", ()))  # type: ignore[union-attr]
        return cls(**kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class EncodedInput:
    """One encoded example: the feature vector and the number of steps already taken."""

    features: tuple[float, ...]
    steps_done: int = 0


def encode(state: str, history: Sequence[str], config: ModelConfig | None = None) -> EncodedInput:
    """Encode one (state, history) pair (``config`` is accepted for symmetry; features are fixed per version)."""
    del config
    return EncodedInput(tuple(features(state, history)), len(history))
