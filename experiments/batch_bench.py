"""Batch throughput and result-store overhead, side by side in one run.

    python experiments/batch_bench.py [--benchmark minif2f] [--split valid] [--limit 30] [--time 10]
                                      [--no-ray] [--store-rows 2000]

Prints problems/minute for the process pool with 1 and 2 workers and for the Ray executor (2 actors, local
instance, start-up included), each on the same problems with the hammer strategy in a fresh run
folder, and the store's cost per recorded attempt (insert + commit, WAL).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from prover.batch import BatchConfig, ResultStore, run_batch
from prover.batch.store import AttemptRow
from symbolic.verdicts import Claim


def store_overhead(rows: int, folder: Path) -> tuple[float, float]:
    """Median and 99th percentile milliseconds per attempt written (a realistic row: proof, stats, versions)."""
    store = ResultStore(folder / "overhead.sqlite", {"bench": True})
    times = []
    for k in range(rows):
        row = AttemptRow(f"valid/p{k}", 0, "minif2f", "valid", f"p{k}", "", "mathd_algebra", k, "none", "hammer",
                         "symbolic", Claim("proved", "smt", detail="unsat (z3)"), proof="theorem p … := by\n  nlinarith [sq_nonneg (a - b)]" * 4,
                         seconds=0.1, messages=["closer: nlinarith"], versions={"z3": "4.13", "cvc5": "1.2"},
                         audit={"outcome": "unknown", "detail": "no finding"}, stats={"queries": [{"kind": "ground"}] * 3},
                         graph=f"graphs/p{k}.json")
        t = time.perf_counter()
        store.write(row)
        times.append((time.perf_counter() - t) * 1000)
    store.close()
    times.sort()
    return statistics.median(times), times[int(0.99 * (len(times) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--benchmark", default="minif2f")
    ap.add_argument("--split", default="valid")
    ap.add_argument("--limit", type=int, default=30)
    ap.add_argument("--time", type=float, default=10.0)
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--store-rows", type=int, default=2000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    configs = [("process ×1", "process", 1), ("process ×2", "process", 2)]
    if not args.no_ray:
        configs.append(("ray ×2", "ray", 2))
    print(f"{args.benchmark}-{args.split}, first {args.limit} problems, hammer, {args.time:.0f} s per problem")
    print(f"{'executor':<12} {'wall s':>8} {'problems/min':>13} {'solved':>7}")
    for label, executor, workers in configs:
        out = tmp / label.replace(" ", "").replace("×", "x")
        started = time.perf_counter()
        run = run_batch(BatchConfig(args.benchmark, out, split=args.split, limit=args.limit, workers=workers,
                                    time_per_problem=args.time, executor=executor), show_progress=False)
        wall = time.perf_counter() - started
        with ResultStore(out / "results.sqlite") as store:
            solved = sum(r.claim.outcome.value == "proved" for r in store.rows())
        print(f"{label:<12} {wall:>8.1f} {60 * run.problems / wall:>13.1f} {solved:>7}")
    med, p99 = store_overhead(args.store_rows, tmp)
    print(f"result store: {med:.3f} ms median, {p99:.3f} ms p99 per attempt ({args.store_rows} rows, WAL)")


if __name__ == "__main__":
    main()
