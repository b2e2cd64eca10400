"""The progress model: an MLP over state/history features with an ordinal head (imports torch; load lazily).

Inputs are standardised with the training set's mean and spread (stored as buffers, so they travel with the
checkpoint); the head outputs one logit per threshold t, the log-odds of "more than t steps remain".
Decoding takes the median of that distribution (the value minimising absolute error), interpolated between
thresholds so scores stay continuous for ranking.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import nn
from torch.nn import functional as F

from prover.progress.encoding import EncodedInput, ModelConfig

__all__ = [
    "ProgressNet",
    "batch_tensors",
    "blend_countdown",
    "chain_parent",
    "decode_median",
    "ordinal_targets",
    "predict_encoded",
]


class ProgressNet(nn.Module):
    """Standardised features -> ``cfg.members`` MLPs (two GELU layers each) -> ordinal logits over
    ``cfg.thresholds``; the members' probabilities are averaged (an ensemble smooths the estimate of one
    state and between neighbouring states).  The members' weights are stacked so that one batched matrix
    product runs all of them (a loop over modules costs more than the arithmetic at this size)."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        n, h, k, m = len(cfg.feature_names), cfg.hidden, len(cfg.thresholds), cfg.members
        self.register_buffer("mean", torch.zeros(n))
        self.register_buffer("scale", torch.ones(n))
        self.w1, self.b1 = _stacked_linear(m, n, h)
        self.w2, self.b2 = _stacked_linear(m, h, h)
        self.w3, self.b3 = _stacked_linear(m, h, k)
        self.dropout = nn.Dropout(cfg.dropout)
        self.register_buffer(
            "thresholds", torch.tensor(cfg.thresholds, dtype=torch.float32), persistent=False
        )

    def fit_normalisation(self, features: torch.Tensor) -> None:
        """Set the input standardisation from training features."""
        self.mean.copy_(features.mean(0))
        self.scale.copy_(
            features.std(0).clamp_min(1e-3) if len(features) > 1 else torch.ones_like(self.scale)
        )

    def member_logits(self, features: torch.Tensor) -> torch.Tensor:
        """Each member's ordinal logits, (members, B, K)."""
        x = ((features - self.mean) / self.scale).expand(self.cfg.members, -1, -1)
        x = self.dropout(F.gelu(torch.baddbmm(self.b1, x, self.w1)))
        x = F.gelu(torch.baddbmm(self.b2, x, self.w2))
        return torch.baddbmm(self.b3, x, self.w3)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        """The ensemble's probabilities P(remaining > t), (B, K)."""
        return torch.sigmoid(self.member_logits(features)).mean(0)

    def predict(self, features: torch.Tensor) -> torch.Tensor:
        """Predicted remaining steps (float, >= 1) for a batch of feature rows."""
        return decode_median(self(features), self.thresholds)


def _stacked_linear(members: int, fan_in: int, fan_out: int) -> tuple[nn.Parameter, nn.Parameter]:
    """Weights (members, in, out) and biases (members, 1, out), initialised as ``nn.Linear`` does."""
    bound = 1.0 / math.sqrt(fan_in)
    w = torch.empty(members, fan_in, fan_out).uniform_(-bound, bound)
    b = torch.empty(members, 1, fan_out).uniform_(-bound, bound)
    return nn.Parameter(w), nn.Parameter(b)


def decode_median(prob_more: torch.Tensor, thresholds: torch.Tensor) -> torch.Tensor:
    """Median of the ordinal distribution given P(y > t_j), as a continuous value.

    The survival curve is drawn through (0.5, 1) and (t_j + 0.5, P(y > t_j)) and cut at 1/2, so rounding
    the result gives the discrete median at dense cut points and scores stay continuous for ranking.
    Probabilities are made monotone first (running minimum), so any logits decode; the result lies in
    [1, t_last + 0.5].
    """
    p = torch.cummin(prob_more, dim=-1).values
    ps = torch.cat([torch.ones_like(p[:, :1]), p], dim=-1)  # B,K+1
    xs = torch.cat([thresholds.new_tensor([0.5]), thresholds + 0.5])  # K+1
    K = thresholds.shape[0]
    k = (p >= 0.5).sum(-1)  # crossing lies between ps[k] >= 1/2 and ps[k+1] < 1/2
    kk = k.clamp(max=K - 1)
    lo_p = ps.gather(-1, kk.unsqueeze(-1)).squeeze(-1)
    hi_p = ps.gather(-1, (kk + 1).unsqueeze(-1)).squeeze(-1)
    frac = ((lo_p - 0.5) / (lo_p - hi_p).clamp_min(1e-6)).clamp(0.0, 1.0)
    value = xs[kk] + frac * (xs[kk + 1] - xs[kk])
    value = torch.where(k >= K, xs[-1].expand_as(value), value)
    return value.clamp_min(1.0)


def ordinal_targets(remaining: torch.Tensor, thresholds: torch.Tensor) -> torch.Tensor:
    """Binary targets y > t_j for each threshold (B,K)."""
    return (remaining.unsqueeze(-1) > thresholds.unsqueeze(0)).float()


def blend_countdown(pred: float, steps_done: int, c: float, cfg: ModelConfig) -> float:
    """Mix the countdown prior ``max(1, c - steps_done)`` into a model estimate.

    Along one proof the truth falls by exactly one per step; the countdown has that by construction, the
    model (which reacts to each state) does not.  Near the end of a proof the model is far better, so an
    estimate of at most ``cfg.trust_below`` steps is kept as it is; above it the result is
    ``(1 - w) * pred + w * countdown`` with ``w = cfg.countdown_weight`` (never below ``trust_below``, so the
    result stays monotone in ``pred``).  Both settings were chosen by cross-validation by problem
    (``experiments/progress_blend.py``).
    """
    w = cfg.countdown_weight
    if w <= 0.0 or c <= 0.0 or pred <= cfg.trust_below:
        return pred
    return max(cfg.trust_below, 1.0, (1.0 - w) * pred + w * max(1.0, c - steps_done))


#: where a chained estimate would fall below 1, it moves 1% closer to this floor instead (so it keeps
#: falling, strictly, however long the path, and stays positive)
CHAIN_FLOOR = 0.5


def chain_parent(pred: float, parent: float | None, step: float) -> float:
    """A state's estimate given its parent's (``None``: a root, no parent known): strictly below the parent's.

    One tactic further along a path, the truth is exactly one step less; the model, which reacts to each state,
    can rise where a state looks harder.  Capping each estimate by its parent's minus ``step`` makes the
    estimates strictly fall along any path fed in order (the search knows each node's parent estimate), the
    countdown's strength, while the model still sets the level.  The cap is soft: an estimate above it lands
    in ``(cap - step / 2, cap)``, still increasing in the model's estimate, so siblings that both hit the cap keep
    the model's order instead of tying.  Below 1 the cap moves 1% closer to :data:`CHAIN_FLOOR` instead
    of stepping, so it never stops falling nor reaches zero.  ``step`` <= 0 turns the chain off.  The step
    was chosen by cross-validation (``experiments/progress_chain.py``).
    """
    if parent is None or step <= 0.0:
        return pred
    cap, soft = parent - step, step / 2.0
    if cap < 1.0:
        gap = min(parent, 1.0) - CHAIN_FLOOR  # shrinks by 1% a step: distinct floats for thousands of steps
        cap, soft = CHAIN_FLOOR + 0.99 * gap, 0.005 * gap
    knee = cap - soft  # from here the estimate bends smoothly towards the cap, never reaching it
    if pred <= knee or soft <= 0.0:
        return min(pred, cap)
    over = pred - knee  # in steps: siblings estimated 2 and 20 steps above stay apart in float
    return knee + soft * over / (1.0 + over)


def batch_tensors(items: Sequence[EncodedInput]) -> torch.Tensor:
    """Stack encoded inputs into a (B, n_features) tensor."""
    return torch.tensor([it.features for it in items], dtype=torch.float32)


def predict_encoded(
    model: ProgressNet, items: Sequence[EncodedInput], *, batch_size: int = 1024
) -> list[float]:
    """Predicted remaining steps for encoded inputs, in batches, without gradients (model set to eval)."""
    model.eval()
    out: list[float] = []
    with torch.inference_mode():
        for i in range(0, len(items), batch_size):
            out.extend(model.predict(batch_tensors(items[i : i + batch_size])).tolist())
    cfg = model.cfg
    if cfg.countdown_weight > 0.0 and cfg.countdown_c > 0.0:
        out = [
            blend_countdown(p, it.steps_done, cfg.countdown_c, cfg) for p, it in zip(out, items, strict=True)
        ]
    return out
