"""Benchmark the GL engine on Peano arithmetic and print a table.

Runs, each in a fresh process (so peak memory is per run):
  quick   the 13 quick-set targets (data/theories/peano_quick.targets), serial and with a 2-process pool
  full    enumerate -> counter-example filter -> prove, serial and with a 2-process pool
and prints theorems, per-phase seconds, facts, rules, blocks, messages, peak RSS and the machine load.
Reference figures (GL v1 Python on this machine kind: quick set 12/13 in ~46 s, conjecturer ~1,350 s for 406
candidates; GL v3 C++ on 32 cores: conjecturer 21.3 s, filter 14.6 s, prover 24.6 s, 32 theorems) are quoted
from the task description; the reference code is not run here.

Usage: python experiments/gl_bench.py [--only quick|full] [--workers 2] [--budget 120]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLASSIC = {
    "forall a b : N. a + b = b + a", "forall a b : N. a * b = b * a",
    "forall a b c : N. (a + b) + c = a + (b + c)", "forall a b c : N. (a * b) * c = a * (b * c)",
    "forall a b c : N. (a * b) + (a * c) = a * (b + c)", "forall a b c : N. (a * b) + (c * b) = (a + c) * b",
    # the quick set writes distributivity the other way round
    "forall a b c : N. a * (b + c) = (a * b) + (a * c)", "forall a b c : N. (a + b) * c = (a * c) + (b * c)",
}


def _one(kind: str, workers: int, budget: float) -> dict:
    import resource
    import time

    from symbolic.gl import GLConfig, ReplayChecker, load_targets, load_theory, run_theory
    from symbolic.gl.render import formula_text

    th = load_theory(ROOT / "data" / "theories" / "peano.mpl")
    targets = load_targets(ROOT / "data" / "theories" / "peano_quick.targets", th) if kind == "quick" else None
    t0 = time.perf_counter()
    result, phases = run_theory(th, targets, GLConfig(time_budget=budget), workers=workers)
    total = time.perf_counter() - t0
    t1 = time.perf_counter()
    checker, prior = ReplayChecker(th), {}
    for t in result.theorems:  # replay again, outside the engine, and time it
        ok, why = checker.check(t, prior)
        if not ok:
            raise SystemExit(f"replay failed for {t.name}: {why}")
        prior[t.name] = t.statement
    replay = time.perf_counter() - t1
    texts = {formula_text(t.statement.formula, th) for t in result.theorems}
    return {"kind": kind, "workers": workers, "proved": len(result.theorems),
            "targets": len(result.theorems) + len(result.unproved), "stopped": result.stopped,
            "seconds": total, "replay_s": replay, "phases": phases, "stats": result.stats,
            "classic": len(CLASSIC & texts), "induction": sum(t.proof.kind == "induction" for t in result.theorems),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=["quick", "full"])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--budget", type=float, default=120.0)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_one(args.child[0], int(args.child[1]), args.budget)))
        return
    kinds = [args.only] if args.only else ["quick", "full"]
    rows = []
    for kind in kinds:
        for w in sorted({1, args.workers}):
            load = os.getloadavg()[0]
            out = subprocess.run([sys.executable, __file__, "--child", kind, str(w), "--budget", str(args.budget)],
                                 capture_output=True, text=True, check=True, cwd=ROOT)
            row = json.loads(out.stdout.strip().splitlines()[-1])
            row["load"] = load
            rows.append(row)
    head = (f"{'run':6} {'w':>2} {'proved':>9} {'classic':>7} {'ind':>4} {'conj s':>7} {'filt s':>7} {'cands':>6} "
            f"{'surv':>5} {'prove s':>8} {'total s':>8} {'replay s':>8} {'facts':>7} {'rules':>7} {'blocks':>6} "
            f"{'msgs':>6} {'peak MB':>8} {'load1':>5} stop")
    print(head)
    print("-" * len(head))
    for r in rows:
        p, s = r["phases"], r["stats"]
        print(f"{r['kind']:6} {r['workers']:>2} {r['proved']:>4}/{r['targets']:<4} {r['classic']:>7} "
              f"{r['induction']:>4} {p.get('conjecture', 0):>7.2f} {p.get('filter', 0):>7.2f} "
              f"{int(s.get('candidates', 0)):>6} {int(s.get('survivors', 0)):>5} {p['prove']:>8.2f} "
              f"{r['seconds']:>8.2f} {r['replay_s']:>8.2f} {int(s['facts']):>7} {int(s['rules']):>7} "
              f"{int(s['blocks']):>6} {int(s['messages']):>6} {r['peak_mb']:>8.0f} {r['load']:>5.2f} {r['stopped']}")
    print("reference (quoted): GL v1 quick 12/13 in ~46 s; GL v1 conjecturer ~1,350 s (406 candidates); "
          "GL v3 32 cores: 406 -> 55 -> 32 theorems, conj 21.3 s, filter 14.6 s, prove 24.6 s")


if __name__ == "__main__":
    main()
