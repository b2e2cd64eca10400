"""Portfolio overhead: wall time of the z3+cvc5 race against the faster single solver, per instance.

Usage::

    python experiments/smt_portfolio_overhead.py DIR [--timeout S] [--repeat N] [--portfolios S/G,S/G,...]

On every instance that some solver decides, it measures z3, cvc5 and one portfolio per ``--portfolios``
setting ``STAGGER/GRACE`` in ms (how long the leading solver runs alone, 0 starting both at once; how long
a loser may finish to rejoin the warm pool, 0 killing it at once), best of ``--repeat`` rounds each,
the rounds alternating between all systems so they see the same machine load. Prints the summed times of
the virtual best solver (the faster of z3 and cvc5 per instance) and of each portfolio, and their ratio
(the overhead of racing), with the load average at the start and end of the run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from symbolic.smt import api, check_smtlib  # noqa: E402


def timed(text: str, system: str, timeout: float) -> float:
    """Seconds one run of ``system`` (``z3``, ``cvc5`` or ``portfolio@MS``) takes; inf without an answer."""
    solver, _, setting = system.partition("@")
    if setting:
        stagger, _, grace = setting.partition("/")
        api.STAGGER_SECONDS = float(stagger) / 1000
        api.LOSER_GRACE_SECONDS = float(grace or 1000 * api.LOSER_GRACE_SECONDS) / 1000
    t = time.monotonic()
    st = check_smtlib(text, solver=solver, timeout=timeout, want_model=False).status.value
    dt = time.monotonic() - t
    return dt if st in ("sat", "unsat") else float("inf")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--portfolios", default="0/1000,20/1000,20/0",
                    help="comma-separated STAGGER/GRACE settings in ms (default: 0/1000,20/1000,20/0)")
    args = ap.parse_args(argv)
    listed = args.directory / "EXPECTED.tsv"
    if listed.exists():
        files = [args.directory / ln.split("\t")[0] for ln in listed.read_text().splitlines() if ln.strip()]
    else:
        files = sorted(args.directory.rglob("*.smt2"))
    ports = [f"portfolio@{setting.strip()}" for setting in args.portfolios.split(",")]
    systems = ["z3", "cvc5", *ports]
    load_start = os.getloadavg()
    totals = dict.fromkeys(["vbs", *ports], 0.0)
    slower = dict.fromkeys(ports, 0)
    n = 0
    for p in files:
        text = p.read_text()
        best = dict.fromkeys(systems, float("inf"))
        for _ in range(args.repeat):
            for s in systems:
                best[s] = min(best[s], timed(text, s, args.timeout))
        single = min(best["z3"], best["cvc5"])
        if single == float("inf") or any(best[s] == float("inf") for s in ports):
            continue
        n += 1
        totals["vbs"] += single
        for s in ports:
            totals[s] += best[s]
            slower[s] += best[s] > single * 1.1
    load_end = os.getloadavg()
    print(f"{n} instances decided by every portfolio and by z3 or cvc5 (timeout {args.timeout:g} s, best of "
          f"{args.repeat} alternating rounds); load average {load_start[0]:.2f} at start, {load_end[0]:.2f} at end "
          f"on {os.cpu_count()} CPUs")
    print(f"{'faster single solver (sum, s)':<40} {totals['vbs']:8.3f}")
    for s in ports:
        over = 100 * (totals[s] / totals["vbs"] - 1) if totals["vbs"] else 0.0
        print(f"{'portfolio ' + s.split('@')[1] + ' ms (sum, s)':<40} {totals[s]:8.3f}   overhead "
              f"{over:+6.1f} %   instances >10% slower: {slower[s]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
