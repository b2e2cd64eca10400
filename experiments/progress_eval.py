"""Progress predictor: held-out accuracy against both baselines, latency, training time, checkpoint size.

Usage::

    nice python experiments/progress_eval.py                 # retrain (default settings), score it and the shipped one
    nice python experiments/progress_eval.py --skip-train    # score the shipped checkpoint only
    nice python experiments/progress_eval.py --add NONE      # proofs only, without the search-trace records

Data: the 221 DeepSeek-Prover-V2 miniF2F-valid proofs (``../shared/data``) with states replayed from the proof
text, plus the search-trace records shipped in ``prover/progress/data/`` (``--add``), split by problem (70% train,
10% validation, 20% test never trained on nor used for any choice).  The test split is scored twice: on the
proof states, and on the search-trace states.
Baselines: the training median, and the countdown ``max(1, c - steps_taken)`` with ``c`` fitted on the
training split.  Everything below is measured in this one run, side by side on the same test states.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from prover.progress.datasets import BUCKETS, bucket_label
from prover.progress.metrics import countdown, countdown_baseline, evaluate, median_baseline, score
from prover.progress.paths import estimate_in_order
from prover.progress.pipeline import build_default_dataset, find_data_root, make_splits
from prover.progress.predictor import DEFAULT_CHECKPOINT, ProgressPredictor
from prover.progress.records import ProgressRecord, read_jsonl

TRACES = Path(__file__).resolve().parents[1] / "prover" / "progress" / "data" / "search_traces_symbolic.jsonl"


def _row(name: str, e: dict, near: tuple[float, int]) -> str:
    a, pm = e["all"], e["problem_mean"]
    return (
        f"{name:<32} {a['mae']:>7.2f} {a['exact']:>6.1%} {a['within1']:>6.1%}   {pm['mae']:>6.2f}"
        f"   {e['spearman']:>6.3f} {pm['spearman']:>6.3f}   {near[0]:>6.1%} (n={near[1]})"
    )


def _near_end(preds: list[float], records: list[ProgressRecord], limit: int = 8) -> tuple[float, int]:
    idx = [i for i, r in enumerate(records) if r.steps_remaining <= limit]
    s = score([preds[i] for i in idx], [records[i].steps_remaining for i in idx])
    return s.within1, s.n


def _latency(predictor: ProgressPredictor, test: list[ProgressRecord]) -> tuple[float, float, float]:
    """Milliseconds per state: batched wall, batched CPU (this process only), single-state wall (best of 3)."""
    sample = (test * (1 + 1024 // max(1, len(test))))[:1024]
    states, hists = [r.state for r in sample], [r.history for r in sample]
    predictor.estimate(states[:8], hists[:8])  # loads the checkpoint
    best_wall = best_cpu = best_single = float("inf")
    for _ in range(3):
        w0, c0 = time.perf_counter(), time.process_time()
        predictor.estimate(states, hists)
        best_wall = min(best_wall, (time.perf_counter() - w0) / len(states))
        best_cpu = min(best_cpu, (time.process_time() - c0) / len(states))
        w0 = time.perf_counter()
        for i in range(64):
            predictor.estimate(states[i : i + 1], hists[i : i + 1])
        best_single = min(best_single, (time.perf_counter() - w0) / 64)
    return best_wall * 1e3, best_cpu * 1e3, best_single * 1e3


def _report(
    title: str, test: list[ProgressRecord], median: float, c: float, predictors: dict[str, ProgressPredictor]
) -> None:
    preds: dict[str, list[float]] = {
        f"median baseline ({median:g})": [median] * len(test),
        f"countdown max(1,{c:g}-k)": [countdown(c, len(r.history)) for r in test],
    }
    for name, p in predictors.items():
        preds[f"{name}, own"] = p.estimate([r.state for r in test], [r.history for r in test])
        # as the search feeds it: each state with its predecessor's estimate (the shipped way)
        preds[f"{name}, chained"] = estimate_in_order(p, test)
    results = {name: evaluate(p, test) for name, p in preds.items()}
    problems = len({r.problem for r in test})
    print(f"\nheld-out test split, {title}: {len(test)} states of {problems} problems")
    print(
        f"{'predictor':<32} {'MAE':>7} {'exact':>6} {'±1':>6}   {'pMAE':>6}   {'Spear.':>6} {'within':>6}   ±1 at ≤8 left"
    )
    for name, e in results.items():
        print(_row(name, e, _near_end(preds[name], test)))
    print(f"\n{'bucket':<7} {'n':>5}  " + "  ".join(f"{n[:20]:>20}" for n in results) + "   (MAE / ±1)")
    for b in range(len(BUCKETS)):
        label = bucket_label(b)
        first = next(iter(results.values()))["buckets"].get(label)
        if first is None:
            continue
        cells = [
            f"{e['buckets'][label]['mae']:>9.2f} / {e['buckets'][label]['within1']:>5.1%}"
            for e in results.values()
        ]
        print(f"{label:<7} {first['n']:>5}  " + "  ".join(f"{c:>20}" for c in cells))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="benchmark data folder (default ../shared/data)")
    ap.add_argument("--skip-train", action="store_true", help="only score the shipped checkpoint")
    ap.add_argument(
        "--add", default=str(TRACES), help="extra records JSONL (default: the shipped search traces)"
    )
    args = ap.parse_args(argv)
    root = args.data or find_data_root()
    if root is None:
        print("benchmark data not found (../shared/data); pass --data", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    ds = build_default_dataset(root)
    build_s = time.perf_counter() - t0
    records = list(ds.records)
    if args.add != "NONE":
        added = read_jsonl(args.add)
        records += added
        print(f"added {len(added)} records from {args.add}")
    splits = make_splits(records)
    exact = sum(1 for r in ds.records if r.meta.get("approximate_steps") == 0)
    print(f"data: {ds.proofs} proofs, {len(ds.skipped)} skipped, {len(ds.records)} states in {build_s:.1f}s")
    print(
        f"replayed states exact up to hypothesis grouping: {exact}/{len(ds.records)} ({exact / len(ds.records):.0%})"
    )
    summary = splits.summary()
    print("split by problem: " + ", ".join(f"{k} {v['problems']}/{v['records']}" for k, v in summary.items()))

    median, c = median_baseline(splits.train), countdown_baseline(splits.train)
    predictors: dict[str, ProgressPredictor] = {}
    train_s = None
    if not args.skip_train:
        from prover.progress.checkpoint import save_checkpoint
        from prover.progress.training import TrainConfig, train

        c0 = time.process_time()
        res = train(splits.train, splits.val, config=TrainConfig())
        train_s, train_cpu = res.seconds, time.process_time() - c0
        out = Path(tempfile.mkdtemp()) / "fresh.pt"
        save_checkpoint(out, res.model, train_config=res.config.to_dict())
        predictors["fresh model"] = ProgressPredictor(out)
    if DEFAULT_CHECKPOINT.is_file():
        predictors["shipped checkpoint"] = ProgressPredictor()
    proof_states = [r for r in splits.test if not r.source.startswith("search")]
    trace_states = [r for r in splits.test if r.source.startswith("search")]
    for title, test in (("proof states", proof_states), ("search-trace states", trace_states)):
        if test:
            _report(title, test, median, c, predictors)
    test = proof_states
    print()
    for name, p in predictors.items():
        wall, cpu, single = _latency(p, test)
        print(
            f"{name}: batch of 1024 {wall:.4f} ms/state wall ({cpu:.4f} CPU); single state {single:.3f} ms; "
            f"checkpoint {p.checkpoint.stat().st_size / 1024:.0f} KiB"
        )
    if "shipped checkpoint" in predictors:
        import torch

        default_threads = ProgressPredictor(threads=None)
        _, _, single_default = _latency(default_threads, test[:64])
        print(
            f"single state at torch's default thread count ({torch.get_num_threads()}): {single_default:.3f} ms"
        )
    if train_s is not None:
        print(f"training: {train_s:.1f} s wall, {train_cpu:.1f} s CPU, 1 torch thread")
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
