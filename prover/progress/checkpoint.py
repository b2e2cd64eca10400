"""Checkpoint files of the progress model: a versioned torch file holding weights and both configs.

Layout (``torch.save`` of a plain dict, loadable with ``weights_only=True``)::

    {"format": "prover.progress", "version": 2, "model_config": {...}, "train_config": {...},
     "metrics": {...}, "state_dict": {...}}

Any problem reading one (missing file, not a torch file, wrong format, newer version, weights that do not
fit the stored config) raises :class:`CheckpointError` naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from prover.progress.encoding import ModelConfig
from prover.progress.errors import CheckpointError
from prover.progress.features import FEATURE_NAMES
from prover.progress.model import ProgressNet

__all__ = ["FORMAT", "VERSION", "load_checkpoint", "save_checkpoint"]

FORMAT = "prover.progress"
VERSION = 2  # 1: byte CNN over the initial goal and the tactic prefix (retired); 2: feature MLP


def save_checkpoint(
    path: str | Path,
    model: ProgressNet,
    *,
    train_config: dict[str, Any] | None = None,
    metrics: dict[str, Any] | None = None,
) -> Path:
    """Write ``model`` with its configs and metrics; parent folders are created.  Returns the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "model_config": model.cfg.to_dict(),
        "train_config": dict(train_config or {}),
        "metrics": dict(metrics or {}),
        # fp32 weights; the model is small, so half precision would save little and cost exactness
        "state_dict": {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()},
    }
    tmp = p.with_name(p.name + ".tmp")
    torch.save(payload, tmp)
    tmp.replace(p)
    return p


def load_checkpoint(path: str | Path) -> tuple[ProgressNet, dict[str, Any]]:
    """Load a checkpoint into an eval-mode model; also return its metadata (configs, metrics, version)."""
    p = Path(path)
    if not p.is_file():
        raise CheckpointError(p, "checkpoint file not found")
    try:
        payload = torch.load(p, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many types for a truncated or foreign file
        raise CheckpointError(p, f"corrupt or unreadable checkpoint ({type(exc).__name__})") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(p, "not a progress-predictor checkpoint")
    version = payload.get("version")
    if not isinstance(version, int) or version != VERSION:
        raise CheckpointError(
            p,
            f"checkpoint format version {version!r} not supported (this code reads version {VERSION}; "
            "retrain with `prover progress train`)",
        )
    try:
        cfg = ModelConfig.from_dict(payload["model_config"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(p, f"unreadable model config ({type(exc).__name__})") from exc
    if cfg.feature_names != FEATURE_NAMES:
        raise CheckpointError(p, "trained on another feature set than this code computes; retrain it")
    try:
        model = ProgressNet(cfg)
        model.load_state_dict(payload["state_dict"])
    except (KeyError, TypeError, ValueError, RuntimeError) as exc:
        raise CheckpointError(
            p, f"weights do not match the stored model config ({type(exc).__name__})"
        ) from exc
    model.eval()
    meta = {k: payload.get(k) for k in ("format", "version", "model_config", "train_config", "metrics")}
    return model, meta
