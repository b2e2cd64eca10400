"""Choosing the parent chain's step by 5-fold cross-validation by problem (never the test split).

Usage::

    nice python experiments/progress_chain.py [--traces]

Each state's estimate is capped by its parent's estimate minus a step (``model.chain_parent``), the states
of each proof fed in order as a search feeds them.  Out-of-fold predictions of the default model (with its
countdown prior) on the train+validation problems are computed once, then each step is scored on them next
to both baselines, and so is a chain used only where the model's own estimate is short.  Rule: the best
within-proof ordering whose per-problem MAE still beats both baselines' (no setting keeps the model's own
per-problem MAE: a cap only lowers estimates, and once a noisy low estimate occurs the path stays below it);
the chosen step is :class:`ModelConfig`'s ``chain_step``.
"""

from __future__ import annotations

import sys
import time

from prover.progress.encoding import ModelConfig, encode
from prover.progress.metrics import countdown, countdown_baseline, median_baseline
from prover.progress.model import predict_encoded
from prover.progress.paths import chain_along_paths, parent_indices
from prover.progress.pipeline import build_default_dataset, find_data_root, make_splits
from prover.progress.records import read_jsonl
from prover.progress.training import TrainConfig, train

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from progress_blend import _line
from progress_cv import FOLDS, cv_folds, outside
from progress_eval import TRACES

STEPS = (0.0, 0.001, 0.01, 0.1, 0.5, 1.0)
BELOW = (8.0, 12.0, 16.0, 20.0, 30.0, 50.0)


def main(argv: list[str]) -> int:
    root = find_data_root()
    if root is None:
        print("benchmark data not found (../shared/data)", file=sys.stderr)
        return 2
    records = list(build_default_dataset(root).records)
    if "--traces" in argv:
        records += read_jsonl(TRACES)
    splits = make_splits(records)
    pool = splits.train + splits.val
    folds = cv_folds(pool)
    truth = [r for f in folds for r in f]
    preds: list[float] = []
    base_m: list[float] = []
    base_c: list[float] = []
    t0 = time.perf_counter()
    for f in range(FOLDS):
        tr = outside(folds, f)
        res = train(tr, (), model_config=ModelConfig(chain_step=0.0), config=TrainConfig())
        preds += predict_encoded(res.model, [encode(r.state, r.history) for r in folds[f]])
        m, c = median_baseline(tr), countdown_baseline(tr)
        base_m += [m] * len(folds[f])
        base_c += [countdown(c, len(r.history)) for r in folds[f]]
    print(f"out-of-fold predictions in {time.perf_counter() - t0:.0f}s; {len(truth)} states")
    idx = [i for i, r in enumerate(truth) if not r.source.startswith("search")]
    only = [truth[i] for i in idx]
    parents = parent_indices(only)
    print(_line("median", [base_m[i] for i in idx], only))
    print(_line("countdown", [base_c[i] for i in idx], only))
    base = [preds[i] for i in idx]
    for step in STEPS:
        print(_line(f"step {step:g}", chain_along_paths(base, parents, step), only))
    for below in BELOW:
        chained = chain_along_paths(base, parents, 0.01)
        gated = [c if p <= below else p for c, p in zip(chained, base, strict=True)]  # far from the end: model
        print(_line(f"step 0.01 where model <= {below:g}", gated, only))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
