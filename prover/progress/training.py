"""Training loop of the progress model (CPU, seconds): ordinal BCE loss, optional within-proof ranking.

Features are computed once; each epoch shuffles the training records (optionally resampled by
remaining-steps bucket, as LeanProgress does), the epoch with the best per-problem validation MAE is kept, and a
wall-clock limit stops training early so a run never exceeds its budget on a shared machine.

``rank_weight`` adds a pairwise loss on states of the same proof (the earlier state must score higher):
within one proof the true order is known exactly, and ranking sibling states is what the search uses.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import torch
from torch.nn import functional as F

from prover.progress.datasets import balance_by_bucket
from prover.progress.encoding import EncodedInput, ModelConfig, encode
from prover.progress.metrics import countdown_baseline, evaluate, median_baseline, score
from prover.progress.model import ProgressNet, batch_tensors, ordinal_targets, predict_encoded
from prover.progress.records import ProgressRecord

__all__ = ["TrainConfig", "TrainResult", "train"]


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings (inert; stored in the checkpoint)."""

    epochs: int = 5
    batch_size: int = 128
    lr: float = 3e-3
    weight_decay: float = 0.01
    seed: int = 0
    threads: int = 1
    balance: bool = True
    max_repeat: float = 4.0
    time_limit_s: float = 540.0
    rank_weight: float = 0.1
    rank_pairs: int = 128
    # keep the epoch with the best validation score (else the last): off by default, because a
    # validation split of ~20 problems picks noise (5-fold cross-validation by problem chose the defaults)
    select_epoch: bool = False

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


def train(
    train_records: Sequence[ProgressRecord],
    val_records: Sequence[ProgressRecord] = (),
    *,
    model_config: ModelConfig | None = None,
    config: TrainConfig | None = None,
    log: Callable[[str], None] | None = None,
) -> TrainResult:
    """Train a :class:`ProgressNet` on ``train_records``; select the epoch by per-problem MAE on ``val_records``.

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


def _proof_groups(records: Sequence[ProgressRecord]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """For ranking pairs: record indices sorted by problem, and each sorted position's group start and size
    (only problems with at least two distinct labels take part)."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        groups.setdefault(r.problem, []).append(i)
    order: list[int] = []
    starts: list[int] = []
    sizes: list[int] = []
    for g in groups.values():
        if len({records[i].steps_remaining for i in g}) > 1:
            starts.extend([len(order)] * len(g))
            sizes.extend([len(g)] * len(g))
            order.extend(g)
    return torch.tensor(order, dtype=torch.long), torch.tensor(starts), torch.tensor(sizes)


def _rank_loss(
    model: ProgressNet,
    feats: torch.Tensor,
    labels: torch.Tensor,
    groups: tuple[torch.Tensor, torch.Tensor, torch.Tensor],
    gen: torch.Generator,
    n: int,
) -> torch.Tensor:
    """Logistic pairwise loss on log expected remaining steps, for ``n`` random pairs within one proof."""
    order, starts, sizes = groups
    pos = torch.randint(len(order), (n,), generator=gen)
    other = starts[pos] + (torch.rand(n, generator=gen) * sizes[pos]).long().clamp_max(sizes[pos] - 1)
    ia, ib = order[pos], order[other]
    sa = model(feats[ia]).sum(-1)
    sb = model(feats[ib]).sum(-1)
    sign = torch.sign(labels[ia] - labels[ib])
    keep = sign != 0
    margin = (torch.log1p(sa) - torch.log1p(sb)) * sign * 5.0
    return F.softplus(-margin)[keep].mean() if bool(keep.any()) else margin.sum() * 0.0


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
    if mcfg.countdown_weight > 0.0:  # the countdown prior's c is fitted on these training records
        mcfg = replace(mcfg, countdown_c=countdown_baseline(train_records))
    model = ProgressNet(mcfg)
    index = {id(r): i for i, r in enumerate(train_records)}
    feats = batch_tensors([encode(r.state, r.history, mcfg) for r in train_records])
    labels = torch.tensor([float(r.steps_remaining) for r in train_records])
    model.fit_normalisation(feats)
    groups = _proof_groups(train_records)
    gen = torch.Generator().manual_seed(cfg.seed)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    val_enc: list[EncodedInput] = [encode(r.state, r.history, mcfg) for r in val_records]
    val_truth = [r.steps_remaining for r in val_records]
    result = TrainResult(model, cfg, train_median=median_baseline(train_records))
    best_mae, best_state = float("inf"), None
    for epoch in range(1, cfg.epochs + 1):
        sample = (
            balance_by_bucket(train_records, seed=rng.randrange(2**31), max_repeat=cfg.max_repeat)
            if cfg.balance
            else rng.sample(list(train_records), len(train_records))
        )
        order = torch.tensor([index[id(r)] for r in sample])
        model.train()
        total, count = 0.0, 0
        for i in range(0, len(order), cfg.batch_size):
            idx = order[i : i + cfg.batch_size]
            logits = model.member_logits(feats[idx])
            targets = ordinal_targets(labels[idx], model.thresholds).expand_as(logits)
            loss = F.binary_cross_entropy_with_logits(logits, targets)
            if cfg.rank_weight > 0 and len(groups[0]):
                loss = loss + cfg.rank_weight * _rank_loss(model, feats, labels, groups, gen, cfg.rank_pairs)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            count += len(idx)
        entry: dict[str, float] = {"epoch": epoch, "loss": total / max(1, count)}
        if val_enc:
            preds = predict_encoded(model, val_enc)
            s = score(preds, val_truth)
            # select on the per-problem mean MAE: the all-states MAE is ruled by the few longest proofs
            pm = float(evaluate(preds, val_records)["problem_mean"]["mae"])  # type: ignore[index]
            entry.update(val_mae=s.mae, val_problem_mae=pm, val_exact=s.exact, val_within1=s.within1)
            if cfg.select_epoch and pm < best_mae:
                best_mae, result.best_epoch = pm, epoch
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if not (cfg.select_epoch and val_enc):
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
