"""Hardening figures, before and after, side by side in one run.

Usage::

    python experiments/hardening_bench.py [--before REV] [--cases N] [--rounds R] [--smt DIR]

The tree at ``--before`` (default: the last commit before the hardening work) is exported to a temporary
directory; every measurement runs in a child process per tree, rounds alternating between the trees, so
both see the same machine load. Prints three tables:

* **fuzz**: per parser, the mutated inputs of ``tests/fuzz/targets.py`` (the same seeds for both trees), the
  seconds they take, and the *crashes* (exceptions outside the parser's documented error types);
* **term parsing**: 10,000 terms of ``experiments/provenance_bench.py``'s corpus, best wall and CPU seconds;
* **portfolio overhead**: summed best times of the faster single solver (per instance) and of the portfolio
  on the SMT regression instances of ``DIR`` (default ``../shared/data/smt``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "95c049f"  # the last commit before the hardening work


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


# -- measurements (run in a child whose sys.path starts with the tree under test) ----------------------------

def measure_fuzz(cases: int) -> dict[str, dict[str, float]]:
    import random

    targets = _load(ROOT / "tests" / "fuzz" / "targets.py", "fuzz_targets")
    out = {}
    for t in targets.targets():
        rng = random.Random(20261130)
        crashes = 0
        t0 = time.perf_counter()
        for k in range(cases):
            crashes += targets.run_case(t, k, rng, rng.randint(1, 4)) is not None
        out[t.name] = {"cases": cases, "seconds": time.perf_counter() - t0, "crashes": crashes}
    return out


def measure_terms() -> dict[str, float]:
    from symbolic.logic import parse_term

    bench = _load(ROOT / "experiments" / "provenance_bench.py", "provenance_bench")
    texts, env = bench.corpus(10_000)
    t, c = time.perf_counter(), time.process_time()
    for x in texts:
        parse_term(x, env)
    return {"wall": time.perf_counter() - t, "cpu": time.process_time() - c}


def measure_portfolio(directory: str) -> dict[str, dict[str, float]]:
    from symbolic.smt import check_smtlib

    d = Path(directory)
    files = [d / ln.split("\t")[0] for ln in (d / "EXPECTED.tsv").read_text().splitlines() if ln.strip()]
    out: dict[str, dict[str, float]] = {}
    for p in files:
        text = p.read_text()
        row = {}
        for solver in ("z3", "cvc5", "portfolio"):
            t = time.monotonic()
            st = check_smtlib(text, solver=solver, timeout=5, want_model=False).status.value
            row[solver] = time.monotonic() - t if st in ("sat", "unsat") else float("inf")
        out[p.name] = row
    return out


# -- driver ---------------------------------------------------------------------------------------------------

def export(rev: str) -> Path:
    dest = Path(tempfile.mkdtemp(prefix="before-"))
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    tar = dest / "tree.tar"
    tar.write_bytes(data)
    with tarfile.open(tar) as tf:
        tf.extractall(dest, filter="data")
    tar.unlink()
    return dest


def child(tree: Path, what: str, arg: str) -> object:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure", what, "--arg", arg],
                          env=env, capture_output=True, text=True, timeout=1200, cwd=tree)
    if proc.returncode != 0:
        raise SystemExit(f"{what} in {tree} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", default=BEFORE)
    ap.add_argument("--cases", type=int, default=300, help="fuzz cases per parser")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds for the timings")
    ap.add_argument("--smt", default=str(ROOT.parent / "shared" / "data" / "smt"))
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--arg", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:  # child mode
        sys.path.insert(0, os.getcwd())
        fn = {"fuzz": lambda: measure_fuzz(int(args.arg)), "terms": measure_terms,
              "portfolio": lambda: measure_portfolio(args.arg)}[args.measure]
        print(json.dumps(fn()))
        return 0
    trees = {"before": export(args.before), "after": ROOT}

    fuzz = {name: child(tree, "fuzz", str(args.cases)) for name, tree in trees.items()}
    print(f"fuzz: {args.cases} mutated inputs per parser (same seeds for both trees)")
    print(f"{'parser':<20}{'cases':>7}{'s before':>10}{'s after':>9}{'crashes before':>16}{'after':>7}")
    for p in fuzz["after"]:
        b, a = fuzz["before"].get(p, {}), fuzz["after"][p]
        print(f"{p:<20}{a['cases']:>7}{b.get('seconds', float('nan')):>10.2f}{a['seconds']:>9.2f}"
              f"{b.get('crashes', '-'):>16}{a['crashes']:>7}")
    tot_b = sum(v["crashes"] for v in fuzz["before"].values())
    tot_a = sum(v["crashes"] for v in fuzz["after"].values())
    print(f"{'total':<20}{sum(v['cases'] for v in fuzz['after'].values()):>7}{'':>19}{tot_b:>16}{tot_a:>7}\n")

    terms: dict[str, list[dict[str, float]]] = {k: [] for k in trees}
    port: dict[str, list[dict[str, dict[str, float]]]] = {k: [] for k in trees}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            terms[name].append(child(tree, "terms", ""))  # type: ignore[arg-type]
            if Path(args.smt, "EXPECTED.tsv").exists():
                port[name].append(child(tree, "portfolio", args.smt))  # type: ignore[arg-type]
    print(f"term parsing: 10,000 terms, best of {args.rounds} alternating rounds")
    for name in trees:
        print(f"  {name:<7} wall {min(r['wall'] for r in terms[name]):.3f} s   "
              f"CPU {min(r['cpu'] for r in terms[name]):.3f} s   (goal < 1 s)")
    if port["after"]:
        print(f"\nportfolio overhead: best of {args.rounds} alternating rounds per instance and system")
        for name in trees:
            runs = port[name]
            vbs = tot = 0.0
            n = 0
            for inst in runs[0]:
                best = {s: min(r[inst][s] for r in runs) for s in ("z3", "cvc5", "portfolio")}
                single = min(best["z3"], best["cvc5"])
                if single == float("inf") or best["portfolio"] == float("inf"):
                    continue
                n += 1
                vbs += single
                tot += best["portfolio"]
            print(f"  {name:<7} {n} instances: faster single solver {vbs:.3f} s, portfolio {tot:.3f} s, "
                  f"overhead {100 * (tot / vbs - 1):+.1f} % (goal <= 10 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
