"""The progress model: a small byte-level CNN with an ordinal head (imports torch; load lazily).

State and history are encoded by the same convolutional stack (a strided byte embedding followed by two
residual dilated convolutions), each pooled by masked mean and max; the pooled vectors and the scalar
features feed an MLP that outputs one logit per threshold t, the log-odds of "more than t steps remain".
Decoding takes the median of that distribution (the value minimising absolute error), interpolated
between thresholds so scores stay continuous for ranking.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn
from torch.nn import functional as F

from prover.progress.encoding import N_FEATURES, PAD, VOCAB_SIZE, EncodedInput, ModelConfig

MIN_WIDTH = 8

__all__ = ["ProgressNet", "batch_tensors", "decode_median", "ordinal_targets", "predict_encoded"]


class _Encoder(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.emb = nn.Embedding(VOCAB_SIZE, cfg.emb_dim, padding_idx=PAD)
        self.down = nn.Conv1d(cfg.emb_dim, cfg.channels, kernel_size=4, stride=2, padding=1)
        self.conv1 = nn.Conv1d(cfg.channels, cfg.channels, kernel_size=5, padding=2)
        self.conv2 = nn.Conv1d(cfg.channels, cfg.channels, kernel_size=5, padding=4, dilation=2)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        mask = (tokens != PAD).float().unsqueeze(1)  # B,1,L
        x = self.emb(tokens).transpose(1, 2)  # B,E,L
        x = F.gelu(self.down(x))
        # downsampled mask: a position is valid when either of its source bytes was
        m = F.max_pool1d(F.pad(mask, (1, 1)), kernel_size=4, stride=2)[..., : x.shape[-1]]
        x = x + F.gelu(self.conv1(x))
        x = x + F.gelu(self.conv2(x))
        denom = m.sum(-1).clamp_min(1.0)
        mean = (x * m).sum(-1) / denom
        maxv = x.masked_fill(m == 0, -1e4).max(-1).values
        return torch.cat([mean, maxv], dim=-1)


class ProgressNet(nn.Module):
    """Byte CNN over (state, history) + scalar features -> ordinal logits over ``cfg.thresholds``."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.encoder = _Encoder(cfg)
        self.head = nn.Sequential(
            nn.Linear(4 * cfg.channels + N_FEATURES, cfg.hidden),
            nn.GELU(),
            nn.Dropout(cfg.dropout),
            nn.Linear(cfg.hidden, len(cfg.thresholds)),
        )
        self.register_buffer(
            "thresholds", torch.tensor(cfg.thresholds, dtype=torch.float32), persistent=False
        )

    def forward(self, state: torch.Tensor, history: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
        z = torch.cat([self.encoder(state), self.encoder(history), features], dim=-1)
        return self.head(z)

    def predict(
        self, state: torch.Tensor, history: torch.Tensor, features: torch.Tensor, done: torch.Tensor
    ) -> torch.Tensor:
        """Predicted remaining steps (float, >= 1) for a batch; ``done`` = steps already taken."""
        value = decode_median(torch.sigmoid(self(state, history, features)), self.thresholds)
        if self.cfg.target == "total":
            value = (value - done).clamp_min(1.0)
        return value

    def training_label(self, remaining: torch.Tensor, done: torch.Tensor) -> torch.Tensor:
        """What the ordinal head is trained on for this config's ``target``."""
        return remaining + done if self.cfg.target == "total" else remaining


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
    return torch.where(k >= K, xs[-1].expand_as(value), value)


def ordinal_targets(remaining: torch.Tensor, thresholds: torch.Tensor) -> torch.Tensor:
    """Binary targets y > t_j for each threshold (B,K)."""
    return (remaining.unsqueeze(-1) > thresholds.unsqueeze(0)).float()


def batch_tensors(
    items: Sequence[EncodedInput],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Pad a batch of encoded inputs into (state, history, features, steps done) tensors."""

    def pad(seqs: list[tuple[int, ...]]) -> torch.Tensor:
        width = max(MIN_WIDTH, *(len(s) for s in seqs))  # the strided conv needs a few positions
        out = torch.full((len(seqs), width), PAD, dtype=torch.long)
        for i, s in enumerate(seqs):
            out[i, : len(s)] = torch.tensor(s, dtype=torch.long)
        return out

    return (
        pad([it.state for it in items]),
        pad([it.history for it in items]),
        torch.tensor([it.features for it in items], dtype=torch.float32),
        torch.tensor([it.steps_done for it in items], dtype=torch.float32),
    )


def predict_encoded(
    model: ProgressNet, items: Sequence[EncodedInput], *, batch_size: int = 256
) -> list[float]:
    """Predicted remaining steps for encoded inputs, in batches, without gradients (model set to eval)."""
    model.eval()
    out: list[float] = []
    with torch.inference_mode():
        for i in range(0, len(items), batch_size):
            out.extend(model.predict(*batch_tensors(items[i : i + batch_size])).tolist())
    return out
