"""The batched scoring API the proof search calls: ``estimate(states) -> remaining steps``.

:class:`ProgressPredictor` is inert until first use; the checkpoint (by default the one shipped in
``prover/progress/checkpoints/default.pt``) is loaded lazily, once, under a lock.  Torch is imported only
then, so importing this module costs nothing.  :func:`load_predictor_or_none` is the search's fallback
path: a missing or corrupt checkpoint becomes a warning and ``None`` (search without the predictor).
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prover.progress.errors import CheckpointError

if TYPE_CHECKING:
    from prover.progress.model import ProgressNet

__all__ = [
    "DEFAULT_CHECKPOINT",
    "ProgressPredictor",
    "default_predictor",
    "estimate",
    "load_predictor_or_none",
]

DEFAULT_CHECKPOINT = Path(__file__).with_name("checkpoints") / "default.pt"


class ProgressPredictor:
    """Scores proof states with a trained progress model; loads its checkpoint on first use.

    ``threads`` caps torch's intra-op threads during scoring (default 1: the model is small, and torch's
    default thread pool turns a 0.1 ms single-state call into tens of milliseconds of thread start-up and
    contention; None leaves torch's setting alone).
    """

    def __init__(
        self, checkpoint: str | Path | None = None, *, batch_size: int = 1024, threads: int | None = 1
    ):
        self.checkpoint = Path(checkpoint) if checkpoint is not None else DEFAULT_CHECKPOINT
        self.batch_size = batch_size
        self.threads = threads
        self._model: ProgressNet | None = None
        self._meta: dict[str, Any] = {}
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the checkpoint has been loaded."""
        return self._model is not None

    @property
    def meta(self) -> dict[str, Any]:
        """Checkpoint metadata (format version, configs, metrics); loads the checkpoint if needed."""
        self.load()
        return self._meta

    def load(self) -> ProgressPredictor:
        """Load the checkpoint now (idempotent); raises :class:`CheckpointError` when it is unusable."""
        with self._lock:
            if self._model is None:
                from prover.progress.checkpoint import load_checkpoint

                self._model, self._meta = load_checkpoint(self.checkpoint)
        return self

    def estimate(
        self,
        states: Sequence[str],
        histories: Sequence[Sequence[str]] | None = None,
        parents: Sequence[float | None] | None = None,
    ) -> list[float]:
        """Predicted remaining steps (finite, > 0) for each state; ``histories[i]`` = tactics so far.

        ``parents[i]`` is the estimate this predictor gave the state's parent (the state before the last
        tactic of ``histories[i]``), or None for a root: each estimate is then kept strictly below its
        parent's (:func:`prover.progress.model.chain_parent`, step ``chain_step`` of the checkpoint's model
        config), so the estimates fall along a path fed in order, as the truth does.  The search passes each
        node's parent estimate; evaluation feeds a proof's states in order, each with its predecessor's
        (:mod:`prover.progress.paths`).  Without ``parents`` every estimate is the model's own, >= 1; a chained
        one may fall below 1 (towards 0.5) on a path that outlives its estimates.

        Any text is accepted: an empty state or ``no goals`` is scored as solved, and only a bounded
        prefix of a huge state is read (:data:`prover.progress.features.MAX_SCAN`), so the cost per state
        is bounded.  A state, history or parent estimate of the wrong type raises ``ValueError`` naming its
        index (the search treats a ``ValueError`` from the predictor as "carry on without it").
        """
        if histories is not None and len(histories) != len(states):
            raise ValueError(f"{len(states)} states but {len(histories)} histories")
        if parents is not None and len(parents) != len(states):
            raise ValueError(f"{len(states)} states but {len(parents)} parent estimates")
        for i, s in enumerate(states):
            if not isinstance(s, str):
                raise ValueError(f"state #{i} is {type(s).__name__}, not str")
        if histories is not None:
            for i, h in enumerate(histories):
                if (
                    isinstance(h, str)
                    or not isinstance(h, Sequence)
                    or not all(isinstance(t, str) for t in h)
                ):
                    raise ValueError(f"history #{i} must be a sequence of tactic strings")
        if parents is not None:
            for i, p in enumerate(parents):
                if p is not None and (
                    isinstance(p, bool) or not isinstance(p, (int, float)) or not math.isfinite(p) or p <= 0
                ):
                    raise ValueError(f"parent estimate #{i} must be a positive finite number or None, not {p!r}")
        if not states:
            return []
        out = self._predict(states, histories)
        step = self._model.cfg.chain_step if self._model is not None else 0.0
        if parents is None or step <= 0.0:
            return out
        from prover.progress.model import chain_parent

        return [chain_parent(e, p, step) for e, p in zip(out, parents, strict=True)]

    def _predict(self, states: Sequence[str], histories: Sequence[Sequence[str]] | None) -> list[float]:
        self.load()
        assert self._model is not None
        from prover.progress.encoding import encode
        from prover.progress.model import predict_encoded

        cfg = self._model.cfg
        hs = histories if histories is not None else [()] * len(states)
        items = [encode(s, h, cfg) for s, h in zip(states, hs, strict=True)]
        if self.threads is None:
            return predict_encoded(self._model, items, batch_size=self.batch_size)
        import torch

        old = torch.get_num_threads()
        if old == self.threads:  # setting the thread count is not free: skip it when already right
            return predict_encoded(self._model, items, batch_size=self.batch_size)
        torch.set_num_threads(self.threads)
        try:
            return predict_encoded(self._model, items, batch_size=self.batch_size)
        finally:
            torch.set_num_threads(old)


_default: ProgressPredictor | None = None
_default_lock = threading.Lock()


def default_predictor() -> ProgressPredictor:
    """The process-wide predictor over the shipped checkpoint (created on first call, loaded on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = ProgressPredictor()
        return _default


def estimate(
    states: Sequence[str],
    histories: Sequence[Sequence[str]] | None = None,
    parents: Sequence[float | None] | None = None,
) -> list[float]:
    """Remaining-steps estimates from the shipped checkpoint (see :meth:`ProgressPredictor.estimate`)."""
    return default_predictor().estimate(states, histories, parents)


def load_predictor_or_none(checkpoint: str | Path | None = None) -> ProgressPredictor | None:
    """Load a predictor now, or warn and return None when its checkpoint is missing or corrupt.

    This is the search's fallback: it keeps working without progress scores rather than failing.
    """
    predictor = ProgressPredictor(checkpoint)
    try:
        return predictor.load()
    except CheckpointError as exc:
        warnings.warn(f"progress predictor disabled: {exc}", RuntimeWarning, stacklevel=2)
        return None
