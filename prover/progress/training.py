"""Training loop of the progress model (CPU, minutes): ordinal BCE loss, bucket-balanced epochs.

Each epoch draws a fresh bucket-balanced sample of the training records (LeanProgress's resampling), the
model with the best validation MAE is kept, and a wall-clock limit stops training early so a run never
exceeds its budget on a shared machine.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
from torch.nn import functional as F

from prover.progress.datasets import balance_by_bucket
from prover.progress.encoding import EncodedInput, ModelConfig, encode
from prover.progress.metrics import median_baseline, score
from prover.progress.model import ProgressNet, batch_tensors, ordinal_targets, predict_encoded
from prover.progress.records import ProgressRecord

__all__ = ["TrainConfig", "TrainResult", "train"]


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings (inert; stored in the checkpoint)."""

    epochs: int = 8
    batch_size: int = 64
    lr: float = 2e-3
    weight_decay: float = 0.01
    seed: int = 0
    threads: int = 1
    balance: bool = True
    max_repeat: float = 4.0
    time_limit_s: float = 540.0
    # fraction of training examples whose state text is blanked: pushes the model to read the history
    # instead of memorising each training problem's goal
    state_dropout: float = 0.3

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return asdict(self)


@dataclass
class TrainResult:
    """The trained model (best validation epoch) and what happened on the way."""

    model: ProgressNet
    config: TrainConfig
    history: list[dict[str, float]] = field(default_factory=list)
    best_epoch: int = 0
    seconds: float = 0.0
    train_median: float = 0.0
    stopped_early: bool = False


def _blank_state(item: EncodedInput) -> EncodedInput:
    return EncodedInput(item.state[:1], item.history, item.features, item.steps_done)


def _encode_all(records: Sequence[ProgressRecord], cfg: ModelConfig) -> list[EncodedInput]:
    return [encode(r.state, r.history, cfg) for r in records]


def train(
    train_records: Sequence[ProgressRecord],
    val_records: Sequence[ProgressRecord] = (),
    *,
    model_config: ModelConfig | None = None,
    config: TrainConfig | None = None,
    log: Callable[[str], None] | None = None,
) -> TrainResult:
    """Train a :class:`ProgressNet` on ``train_records``; select the epoch by MAE on ``val_records``.

    Without validation records the last epoch is kept.  ``config.threads`` bounds torch's intra-op threads
    for the duration of the call (restored afterwards) so parallel jobs do not oversubscribe the CPU.
    """
    if not train_records:
        raise ValueError("no training records")
    cfg = config or TrainConfig()
    mcfg = model_config or ModelConfig()
    old_threads = torch.get_num_threads()
    torch.set_num_threads(max(1, cfg.threads))
    try:
        return _train(train_records, val_records, mcfg, cfg, log or (lambda _msg: None))
    finally:
        torch.set_num_threads(old_threads)


def _train(
    train_records: Sequence[ProgressRecord],
    val_records: Sequence[ProgressRecord],
    mcfg: ModelConfig,
    cfg: TrainConfig,
    log: Callable[[str], None],
) -> TrainResult:
    t0 = time.perf_counter()
    torch.manual_seed(cfg.seed)
    rng = random.Random(cfg.seed)
    model = ProgressNet(mcfg)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    encoded_cache: dict[int, EncodedInput] = {}

    def enc(r: ProgressRecord) -> EncodedInput:
        key = id(r)
        if key not in encoded_cache:
            encoded_cache[key] = encode(r.state, r.history, mcfg)
        return encoded_cache[key]

    val_enc = _encode_all(val_records, mcfg)
    val_truth = [r.steps_remaining for r in val_records]
    steps_per_epoch = max(1, -(-len(train_records) // cfg.batch_size))
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=cfg.lr, total_steps=steps_per_epoch * cfg.epochs, pct_start=0.15
    )
    result = TrainResult(model, cfg, train_median=median_baseline(train_records))
    best_mae, best_state = float("inf"), None
    for epoch in range(1, cfg.epochs + 1):
        sample = (
            balance_by_bucket(train_records, seed=rng.randrange(2**31), max_repeat=cfg.max_repeat)
            if cfg.balance
            else rng.sample(list(train_records), len(train_records))
        )
        model.train()
        total, count = 0.0, 0
        for i in range(0, len(sample), cfg.batch_size):
            chunk = sample[i : i + cfg.batch_size]
            items = [enc(r) for r in chunk]
            if cfg.state_dropout > 0:
                items = [_blank_state(it) if rng.random() < cfg.state_dropout else it for it in items]
            state, history, feats, done = batch_tensors(items)
            y = model.training_label(
                torch.tensor([r.steps_remaining for r in chunk], dtype=torch.float32), done
            )
            logits = model(state, history, feats)
            loss = F.binary_cross_entropy_with_logits(logits, ordinal_targets(y, model.thresholds))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            if sched.last_epoch + 1 < sched.total_steps:
                sched.step()
            total += loss.item() * len(chunk)
            count += len(chunk)
        entry: dict[str, float] = {"epoch": epoch, "loss": total / max(1, count)}
        if val_enc:
            s = score(predict_encoded(model, val_enc), val_truth)
            entry.update(val_mae=s.mae, val_exact=s.exact, val_within1=s.within1)
            if s.mae < best_mae:
                best_mae, result.best_epoch = s.mae, epoch
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        else:
            result.best_epoch = epoch
        entry["seconds"] = time.perf_counter() - t0
        result.history.append(entry)
        log(" ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in entry.items()))
        if time.perf_counter() - t0 > cfg.time_limit_s and epoch < cfg.epochs:
            result.stopped_early = True
            log(f"time limit {cfg.time_limit_s:.0f}s reached after epoch {epoch}")
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    result.seconds = time.perf_counter() - t0
    return result
