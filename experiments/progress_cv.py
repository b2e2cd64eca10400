"""Choosing the progress model's settings without touching the held-out test split: 5-fold CV by problem.

Usage::

    python experiments/progress_cv.py                               # the default settings
    python experiments/progress_cv.py '{"epochs": 8}' '{"epochs": 8, "rank_weight": 0.5}'
    python experiments/progress_cv.py --initial-goal-only    # the same without replayed states

The train and validation splits of the standard split (never its test split) are pooled and cut into five
folds by problem; each setting is trained on four folds and scored on the fifth, and the out-of-fold
predictions of all five are scored together, next to the two baselines fitted on the same training folds.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time

from prover.progress.encoding import ModelConfig, encode
from prover.progress.metrics import countdown, countdown_baseline, evaluate, median_baseline
from prover.progress.model import predict_encoded
from prover.progress.pipeline import build_default_dataset, find_data_root, make_splits
from prover.progress.training import TrainConfig, train

FOLDS = 5


def _fold(problem: str) -> int:
    return int(hashlib.sha256(f"cv:{problem}".encode()).hexdigest(), 16) % FOLDS


def cv_folds(records: list) -> list[list]:
    """``records`` in ``FOLDS`` folds by problem (a problem's states stay in one fold)."""
    return [[r for r in records if _fold(r.problem) == f] for f in range(FOLDS)]


def outside(folds: list[list], f: int) -> list:
    """Every fold but ``f``: what a model predicting fold ``f`` is trained on."""
    return [r for g, fold in enumerate(folds) if g != f for r in fold]


def _line(name: str, e: dict) -> str:
    a, pm = e["all"], e["problem_mean"]
    buckets = " ".join(f"{k}:{v['mae']:.1f}/{v['within1']:.0%}" for k, v in e["buckets"].items())
    return (
        f"{name:<44} MAE {a['mae']:6.2f} pMAE {pm['mae']:6.2f} exact {a['exact']:.1%} ±1 {a['within1']:.1%} "
        f"Spearman {e['spearman']:.3f} within {pm['spearman']:.3f} | {buckets}"
    )


def main(argv: list[str]) -> int:
    root = find_data_root()
    if root is None:
        print("benchmark data not found (../shared/data)", file=sys.stderr)
        return 2
    # --initial-goal-only: every state is the problem's initial goal (the data before states were replayed)
    splits = make_splits(build_default_dataset(root, reconstruct="--initial-goal-only" not in argv).records)
    pool = splits.train + splits.val
    folds = cv_folds(pool)
    settings = [json.loads(a) for a in argv if a != "--initial-goal-only"] or [{}]
    base: dict[str, list[float]] = {"median": [], "countdown": []}
    truth = [r for f in folds for r in f]
    for f in range(FOLDS):
        tr = outside(folds, f)
        m, c = median_baseline(tr), countdown_baseline(tr)
        base["median"] += [m] * len(folds[f])
        base["countdown"] += [countdown(c, len(r.history)) for r in folds[f]]
    for name, preds in base.items():
        print(_line(name, evaluate(preds, truth)))
    for setting in settings:
        t0 = time.perf_counter()
        preds: list[float] = []
        for f in range(FOLDS):
            tr = outside(folds, f)
            model_keys = {k: setting[k] for k in ("hidden", "dropout", "members") if k in setting}
            train_keys = {k: v for k, v in setting.items() if k not in model_keys}
            res = train(tr, (), model_config=ModelConfig(**model_keys), config=TrainConfig(**train_keys))
            preds += predict_encoded(res.model, [encode(r.state, r.history) for r in folds[f]])
        print(_line(json.dumps(setting), evaluate(preds, truth)) + f"  ({time.perf_counter() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
