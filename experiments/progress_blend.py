"""Choosing how to combine the model with the countdown prior, by 5-fold cross-validation by problem.

Usage::

    nice python experiments/progress_blend.py [--traces] ['{"rank_weight": 0}']   # training settings as JSON

Within one proof the truth falls by exactly one per step, which the countdown ``max(1, c - steps_taken)``
encodes by construction and the model does not; near the end of a proof the model is far better.  The
combination scored here: where the model predicts at most ``trust_below`` steps, its own estimate; elsewhere
``w * model + (1 - w) * countdown`` (``c`` fitted on the training folds).  Out-of-fold predictions of the
default model on the train+validation problems (never the test split) are computed once, then every
``(w, trust_below)`` is scored on them next to both baselines.  Rule: the most within-proof ordering at a
per-problem MAE no worse than the model's alone; the chosen pair (model weight 0.3, trust <= 20) is
:class:`ModelConfig`'s default (``countdown_weight`` = 1 - w).
"""

from __future__ import annotations

import json
import sys
import time

from prover.progress.encoding import ModelConfig, encode
from prover.progress.metrics import countdown, countdown_baseline, evaluate, median_baseline, score
from prover.progress.model import blend_countdown, predict_encoded
from prover.progress.pipeline import build_default_dataset, find_data_root, make_splits
from prover.progress.records import read_jsonl
from prover.progress.training import TrainConfig, train

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from progress_cv import FOLDS, _fold, cv_folds, outside
from progress_eval import TRACES


def _line(name: str, preds: list[float], truth: list) -> str:
    e = evaluate(preds, truth)
    a, pm = e["all"], e["problem_mean"]
    near = [i for i, r in enumerate(truth) if r.steps_remaining <= 8]
    n8 = score([preds[i] for i in near], [truth[i].steps_remaining for i in near]).within1
    b = e["buckets"]
    return (
        f"{name:<22} MAE {a['mae']:6.2f} pMAE {pm['mae']:6.2f} exact {a['exact']:5.1%} ±1 {a['within1']:5.1%} "
        f"Sp {e['spearman']:.3f} within {pm['spearman']:.3f} ±1≤8 {n8:5.1%} | "
        + " ".join(f"{k}:{v['mae']:.1f}/{v['within1']:.0%}" for k, v in b.items())
    )


def main(argv: list[str]) -> int:
    root = find_data_root()
    if root is None:
        print("benchmark data not found (../shared/data)", file=sys.stderr)
        return 2
    records = list(build_default_dataset(root).records)
    if "--traces" in argv:
        records += read_jsonl(TRACES)
    settings = next((json.loads(a) for a in argv if a.startswith("{")), {})
    splits = make_splits(records)
    pool = splits.train + splits.val
    folds = cv_folds(pool)
    truth = [r for f in folds for r in f]
    model_p: list[float] = []
    steps: list[int] = []
    cs: list[float] = []
    t0 = time.perf_counter()
    for f in range(FOLDS):
        tr = outside(folds, f)
        res = train(tr, (), model_config=ModelConfig(countdown_weight=0.0), config=TrainConfig(**settings))
        model_p += predict_encoded(res.model, [encode(r.state, r.history) for r in folds[f]])
        c = countdown_baseline(tr)
        cs += [c] * len(folds[f])
        steps += [len(r.history) for r in folds[f]]
    print(f"out-of-fold predictions in {time.perf_counter() - t0:.0f}s; {len(truth)} states")
    only = [r for r in truth if not r.source.startswith("search")]
    idx = [i for i, r in enumerate(truth) if not r.source.startswith("search")]
    med = [median_baseline(outside(folds, f)) for f in range(FOLDS)]
    print(_line("median", [med[_fold(r.problem)] for r in only], only))
    print(_line("countdown", [countdown(cs[i], steps[i]) for i in idx], only))
    grid = [
        (w, tb) for w in (1.0, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.0) for tb in (0.0, 8.0, 12.0, 16.0, 20.0, 24.0)
    ]
    for w, tb in grid:
        cfg = ModelConfig(countdown_weight=1.0 - w, trust_below=tb)
        p = [blend_countdown(model_p[i], steps[i], cs[i], cfg) for i in idx]
        print(_line(f"w={w:.1f} trust<={tb:g}", p, only))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
