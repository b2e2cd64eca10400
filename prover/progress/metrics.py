"""Evaluation of remaining-steps predictions: MAE, exact and within-±1 accuracy, overall and per bucket.

Pure Python so the experiment scripts and the CLI share one definition.  Predictions are rounded to the
nearest integer (at least 1) before the accuracy measures, as LeanProgress scores its classes.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from prover.progress.datasets import BUCKETS, bucket_label, bucket_of
from prover.progress.records import ProgressRecord

__all__ = ["Scores", "countdown", "countdown_baseline", "evaluate", "median_baseline", "score", "spearman"]


@dataclass(frozen=True)
class Scores:
    """Accuracy figures over ``n`` states."""

    n: int
    mae: float
    exact: float
    within1: float

    def to_dict(self) -> dict[str, float]:
        """JSON-ready form."""
        return asdict(self)


def _round(x: float) -> int:
    return max(1, int(x + 0.5))


def score(predictions: Sequence[float], truth: Sequence[int]) -> Scores:
    """Scores of predictions against true remaining-step counts (empty input gives zeros with n=0)."""
    if len(predictions) != len(truth):
        raise ValueError(f"{len(predictions)} predictions for {len(truth)} labels")
    n = len(truth)
    if n == 0:
        return Scores(0, 0.0, 0.0, 0.0)
    mae = sum(abs(p - y) for p, y in zip(predictions, truth, strict=True)) / n
    exact = sum(_round(p) == y for p, y in zip(predictions, truth, strict=True)) / n
    within1 = sum(abs(_round(p) - y) <= 1 for p, y in zip(predictions, truth, strict=True)) / n
    return Scores(n, mae, exact, within1)


def evaluate(predictions: Sequence[float], records: Sequence[ProgressRecord]) -> dict[str, object]:
    """Overall, per-bucket and per-problem-averaged scores, and rank correlations.

    ``{"all": {...}, "buckets": {"1": {...}, "2-3": {...}, ...}, "problem_mean": {...}}``; ``problem_mean``
    averages each measure over problems (every problem weighs the same), so one very long proof, whose
    hundreds of states would otherwise dominate ``all``, counts once.
    """
    truth = [r.steps_remaining for r in records]
    by_problem: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        by_problem.setdefault(r.problem, []).append(i)
    groups = [([predictions[i] for i in idx], [truth[i] for i in idx]) for idx in by_problem.values()]
    per = [score(p, t) for p, t in groups]
    k = max(1, len(per))
    problem_mean = {
        "n": len(per),
        "mae": sum(s.mae for s in per) / k,
        "exact": sum(s.exact for s in per) / k,
        "within1": sum(s.within1 for s in per) / k,
        # ordering of the states *within* one proof: what ranking sibling branches needs
        "spearman": sum(spearman(p, t) for p, t in groups) / k,
    }
    buckets: dict[str, dict[str, float]] = {}
    for b in range(len(BUCKETS)):
        idx = [i for i, y in enumerate(truth) if bucket_of(y) == b]
        if idx:
            buckets[bucket_label(b)] = score([predictions[i] for i in idx], [truth[i] for i in idx]).to_dict()
    return {
        "all": score(predictions, truth).to_dict(),
        "buckets": buckets,
        "problem_mean": problem_mean,
        "spearman": spearman(predictions, truth),
    }


def _ranks(xs: Sequence[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2  # ties share their mean rank
        i = j + 1
    return ranks


def spearman(predictions: Sequence[float], truth: Sequence[float]) -> float:
    """Spearman rank correlation (ties averaged): how well predictions *order* states, which is what a
    best-first search uses.  0.0 when either side is constant or there are fewer than two states."""
    if len(predictions) != len(truth):
        raise ValueError(f"{len(predictions)} predictions for {len(truth)} labels")
    if len(truth) < 2:
        return 0.0
    a, b = _ranks(predictions), _ranks(truth)
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
    va = sum((x - ma) ** 2 for x in a)
    vb = sum((y - mb) ** 2 for y in b)
    return 0.0 if va == 0 or vb == 0 else cov / (va * vb) ** 0.5


def median_baseline(train: Sequence[ProgressRecord]) -> float:
    """The baseline predictor's constant: the median remaining-steps count of the training records."""
    if not train:
        raise ValueError("median baseline needs at least one training record")
    return float(statistics.median(r.steps_remaining for r in train))


def countdown(c: float, steps_taken: int) -> float:
    """The countdown baseline's estimate: ``max(1, c - steps_taken)``."""
    return max(1.0, c - steps_taken)


def countdown_baseline(train: Sequence[ProgressRecord], *, max_c: int = 400) -> float:
    """The ``c`` of ``max(1, c - steps_taken)`` with the least absolute error on the training records."""
    if not train:
        raise ValueError("countdown baseline needs at least one training record")
    pairs = [(len(r.history), r.steps_remaining) for r in train]
    best_c, best_err = 1, float("inf")
    for c in range(1, max_c + 1):
        err = sum(abs(countdown(c, k) - y) for k, y in pairs)
        if err < best_err:
            best_c, best_err = c, err
    return float(best_c)
