"""Progress predictor: held-out accuracy vs the training-median baseline, inference latency, training time.

Usage::

    python experiments/progress_eval.py                 # train a fresh model, then score it and the shipped one
    python experiments/progress_eval.py --skip-train    # score the shipped checkpoint only
    python experiments/progress_eval.py --epochs 4 --threads 1

Data: the 221 DeepSeek-Prover-V2 miniF2F-valid proofs (``../shared/data``), split by problem (70% train,
10% validation for epoch selection, 20% test never trained on).  All figures below are measured in this run,
side by side on the same test states.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from prover.progress.datasets import BUCKETS, bucket_label
from prover.progress.metrics import evaluate, median_baseline
from prover.progress.pipeline import build_default_dataset, find_data_root, make_splits
from prover.progress.predictor import DEFAULT_CHECKPOINT, ProgressPredictor
from prover.progress.records import ProgressRecord


def _row(name: str, e: dict, width: int = 30) -> str:
    a, pm = e["all"], e["problem_mean"]
    return (
        f"{name:<{width}} {a['mae']:>7.2f} {a['exact']:>7.1%} {a['within1']:>7.1%}"
        f"   {pm['mae']:>7.2f} {pm['exact']:>7.1%} {pm['within1']:>7.1%}"
        f"   {e['spearman']:>6.3f} {pm['spearman']:>6.3f}"
    )


def _bucket_table(results: dict[str, dict]) -> list[str]:
    names = list(results)
    lines = [f"{'bucket':<8} {'n':>5}  " + "  ".join(f"{n[:22]:>22}" for n in names)]
    lines.append(f"{'':<8} {'':>5}  " + "  ".join(f"{'MAE / exact / ±1':>22}" for _ in names))
    for b in range(len(BUCKETS)):
        label = bucket_label(b)
        first = results[names[0]]["buckets"].get(label)
        if first is None:
            continue
        cells = []
        for n in names:
            s = results[n]["buckets"][label]
            cells.append(f"{s['mae']:>7.2f} {s['exact']:>6.1%} {s['within1']:>6.1%}")
        lines.append(f"{label:<8} {first['n']:>5}  " + "  ".join(f"{c:>22}" for c in cells))
    return lines


def _latency(predictor: ProgressPredictor, test: list[ProgressRecord]) -> tuple[float, float, float]:
    """Milliseconds per state: batched wall time, batched CPU time, single-state wall time (best of 3).

    CPU time (this process only) is reported beside wall time because the machine may be shared: it is the
    cost of the computation itself, unaffected by other jobs waiting for the same cores.
    """
    sample = (test * (1 + 1024 // max(1, len(test))))[:1024]
    states = [r.state for r in sample]
    hists = [r.history for r in sample]
    predictor.estimate(states[:8], hists[:8])  # warm-up (loads the checkpoint)
    best_wall = best_cpu = best_single = float("inf")
    for _ in range(3):
        w0, c0 = time.perf_counter(), time.process_time()
        predictor.estimate(states, hists)
        best_wall = min(best_wall, (time.perf_counter() - w0) / len(states))
        best_cpu = min(best_cpu, (time.process_time() - c0) / len(states))
        w0 = time.perf_counter()
        for i in range(32):
            predictor.estimate(states[i : i + 1], hists[i : i + 1])
        best_single = min(best_single, (time.perf_counter() - w0) / 32)
    return best_wall * 1e3, best_cpu * 1e3, best_single * 1e3


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="benchmark data folder (default ../shared/data)")
    ap.add_argument("--skip-train", action="store_true", help="only score the shipped checkpoint")
    ap.add_argument(
        "--epochs", type=int, default=None, help="epochs of the fresh model (default: TrainConfig's)"
    )
    ap.add_argument("--threads", type=int, default=1, help="torch threads for training and inference")
    ap.add_argument("--save", type=Path, default=None, help="also save the freshly trained checkpoint here")
    args = ap.parse_args(argv)

    root = args.data or find_data_root()
    if root is None:
        print("benchmark data not found (../shared/data); pass --data", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    ds = build_default_dataset(root)
    build_s = time.perf_counter() - t0
    splits = make_splits(ds.records)
    summary = splits.summary()
    totals = [r.meta["total_steps"] for r in ds.records if r.meta.get("step") == 0]
    print(
        f"data: {ds.proofs} proofs split, {len(ds.skipped)} skipped, {len(ds.records)} states in {build_s:.1f}s"
    )
    print(f"proof length (steps): median {statistics.median(totals)}, max {max(totals)}")
    print(
        "split by problem: "
        + ", ".join(f"{k} {v['problems']} problems / {v['records']} states" for k, v in summary.items())
    )

    median = median_baseline(splits.train)
    results: dict[str, dict] = {
        f"median baseline ({median:g})": evaluate([median] * len(splits.test), splits.test)
    }
    predictors: dict[str, ProgressPredictor] = {}
    train_s = None
    if not args.skip_train:
        import tempfile

        from prover.progress.checkpoint import save_checkpoint
        from prover.progress.training import TrainConfig, train

        cfg = TrainConfig(threads=args.threads)
        if args.epochs is not None:
            cfg = TrainConfig(epochs=args.epochs, threads=args.threads)
        res = train(splits.train, splits.val, config=cfg, log=lambda m: print("  " + m, file=sys.stderr))
        train_s = res.seconds
        out = args.save or Path(tempfile.mkdtemp()) / "fresh.pt"
        save_checkpoint(out, res.model, train_config=cfg.to_dict(), metrics={"train_seconds": res.seconds})
        predictors[f"fresh model ({res.best_epoch}/{len(res.history)} ep)"] = ProgressPredictor(
            out, threads=1
        )
    if DEFAULT_CHECKPOINT.is_file():
        predictors["shipped checkpoint"] = ProgressPredictor(threads=1)
    for name, p in predictors.items():
        results[name] = evaluate(
            p.estimate([r.state for r in splits.test], [r.history for r in splits.test]), splits.test
        )

    print()
    print(
        f"held-out test split: {summary['test']['records']} states of {summary['test']['problems']} problems"
    )
    print(
        f"{'predictor':<30} {'MAE':>7} {'exact':>7} {'±1':>7}   {'per-problem mean':>23}   {'Spearman':>13}"
    )
    print(f"{'':<30} {'':>7} {'':>7} {'':>7}   {'MAE':>7} {'exact':>7} {'±1':>7}   {'all':>6} {'within':>6}")
    for name, e in results.items():
        print(_row(name, e))
    print()
    for line in _bucket_table(results):
        print(line)
    print()
    for name, p in predictors.items():
        wall_ms, cpu_ms, single_ms = _latency(p, splits.test)
        size_kb = p.checkpoint.stat().st_size / 1024
        print(
            f"{name}: batched (256/call) {wall_ms:.3f} ms/state wall, {cpu_ms:.3f} ms/state CPU; "
            f"single state {single_ms:.2f} ms wall; checkpoint {size_kb:.0f} KiB"
        )
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print(f"note: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores during this run")
    if train_s is not None:
        print(f"training time: {train_s:.0f} s on CPU, {args.threads} thread(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
