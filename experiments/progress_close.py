"""The "will this close" head: cross-validated by problem against trivial baselines, then trained on all.

Usage::

    nice python experiments/progress_traces.py --sets demo --env symbolic -o t.jsonl   # writes t.close.jsonl
    nice python experiments/progress_close.py t.close.jsonl [more.close.jsonl …] [--out prover/progress/checkpoints/close.json]

Folds are by problem (a problem's states never sit on both sides; a false twin counts as its own problem).
Baselines, fitted on each training fold: the positive rate (a constant) and "fewer goals closes more" (the
training fold's positive rate per open-goal count, 1…4 and 5+, add-one smoothed), and "shallower closes
more" (the same per number of tactics taken, 0…3 and 4+).  Printed: AUC (per fold, averaged),
log-loss and accuracy at 0.5, out-of-fold, overall and per source (those pooled over folds); ``--out`` trains on every example and writes the head.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from prover.progress.closing import CloseExample, binary_metrics, read_close_examples, train_close_head

Fit = Callable[[Sequence[CloseExample]], Callable[[CloseExample], float]]


def goals(ex: CloseExample) -> int:
    return min(max(ex.state.count("⊢"), 1), 5)


def fit_rate(train: Sequence[CloseExample]) -> Callable[[CloseExample], float]:
    rate = sum(ex.label for ex in train) / len(train)
    return lambda ex: rate


def fit_rate_by(key: Callable[[CloseExample], int]) -> Fit:
    """The training fold's positive rate per value of ``key`` (add-one smoothed)."""
    def fit(train: Sequence[CloseExample]) -> Callable[[CloseExample], float]:
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for ex in train:
            counts[key(ex)][0] += ex.label
            counts[key(ex)][1] += 1
        return lambda ex: (counts[key(ex)][0] + 1) / (counts[key(ex)][1] + 2)
    return fit


def fit_head(l2: float) -> Fit:
    def fit(train: Sequence[CloseExample]) -> Callable[[CloseExample], float]:
        head = train_close_head(train, l2=l2)
        return lambda ex: head.p_close([ex.state], [ex.history])[0]
    return fit


def fold_of(ex: CloseExample, k: int) -> int:
    return int(hashlib.sha1(ex.problem.encode()).hexdigest(), 16) % k


def out_of_fold(examples: Sequence[CloseExample], fit: Fit, k: int) -> list[float]:
    """Each example's probability from the model fitted on the other folds."""
    probs = [0.0] * len(examples)
    for f in range(k):
        train = [ex for ex in examples if fold_of(ex, k) != f]
        test = [i for i, ex in enumerate(examples) if fold_of(ex, k) == f]
        if not test:
            continue
        if {ex.label for ex in train} != {True, False}:
            raise SystemExit(f"fold {f}: its training part lacks one label; too few examples for {k} folds")
        model = fit(train)
        for i in test:
            probs[i] = model(examples[i])
    return probs


def fold_auc(examples: Sequence[CloseExample], probs: Sequence[float], k: int) -> float:
    aucs = []
    for f in range(k):
        idx = [i for i, ex in enumerate(examples) if fold_of(ex, k) == f]
        auc = binary_metrics([examples[i].label for i in idx], [probs[i] for i in idx])["auc"]
        if auc == auc:  # a fold with one label has none
            aucs.append(auc)
    return sum(aucs) / len(aucs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path, help="labelled states (<out>.close.jsonl of progress_traces.py)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", default="1,3,10,30,100", help="comma-separated L2 strengths to cross-validate")
    ap.add_argument("--out", type=Path, default=None, help="train on everything with the best L2 and write here")
    args = ap.parse_args(argv)
    examples = [ex for f in args.files for ex in read_close_examples(f)]
    problems = {ex.problem for ex in examples}
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for ex in examples:
        by_source[ex.source][0 if ex.label else 1] += 1
    print(f"{len(examples)} labelled states ({sum(ex.label for ex in examples)} positive) from {len(problems)} "
          f"problems; {args.folds}-fold CV by problem")
    for src, (p, n) in sorted(by_source.items()):
        print(f"  {src}: {p} positive, {n} negative")
    labels = [ex.label for ex in examples]
    fits: dict[str, Fit] = {"positive rate": fit_rate, "fewer goals": fit_rate_by(goals),
                            "shallower": fit_rate_by(lambda ex: min(len(ex.history), 4))}
    for l2 in args.l2.split(","):
        fits[f"head l2={l2}"] = fit_head(float(l2))
    rows = {name: out_of_fold(examples, fit, args.folds) for name, fit in fits.items()}
    # AUC per fold, averaged (a constant scores exactly 1/2; pooled across folds it would not); the
    # per-source columns pool the folds
    print(f"\n{'':18} {'AUC':>6} {'logloss':>8} {'acc':>6}" + "".join(f"  {s.split(':')[-1]:>18}" for s in
                                                                     sorted(by_source)))
    for name, probs in rows.items():
        m = binary_metrics(labels, probs)
        m["auc"] = fold_auc(examples, probs, args.folds)
        per = []
        for src in sorted(by_source):
            idx = [i for i, ex in enumerate(examples) if ex.source == src]
            ms = binary_metrics([labels[i] for i in idx], [probs[i] for i in idx])
            per.append(f"AUC {ms['auc']:.3f} ll {ms['log_loss']:.3f}")
        print(f"{name:18} {m['auc']:6.3f} {m['log_loss']:8.3f} {m['accuracy']:6.3f}" + "".join(f"  {p:>18}" for p in per))
    if args.out is not None:
        heads = [n for n in rows if n.startswith("head")]
        best = min(heads, key=lambda n: binary_metrics(labels, rows[n])["log_loss"])
        l2 = float(best.split("=")[1])
        head = train_close_head(examples, l2=l2)
        head.metrics = {"cv_folds": args.folds, "l2": l2,
                        **{name: {k: round(v, 4) for k, v in binary_metrics(labels, rows[name]).items()}
                           for name in ("positive rate", "fewer goals", best)}}
        head.save(args.out)
        print(f"\nwrote {args.out} (l2={l2:g}, trained on all {len(examples)} states)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
