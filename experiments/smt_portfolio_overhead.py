"""Portfolio overhead: wall time of the z3+cvc5 race against the faster single solver, per instance.

Usage::

    python experiments/smt_portfolio_overhead.py DIR [--timeout S] [--repeat N]

On every instance that some solver decides, it measures z3, cvc5 and the portfolio (best of ``--repeat``
runs each) and prints the summed times of the virtual best solver (the faster of z3 and cvc5 per instance)
and of the portfolio, and their ratio (the overhead of racing: two processes, first answer wins).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from symbolic.smt import check_smtlib  # noqa: E402


def timed(text: str, solver: str, timeout: float, repeat: int) -> tuple[str, float]:
    best = (("unknown", float("inf")))
    for _ in range(repeat):
        t = time.monotonic()
        st = check_smtlib(text, solver=solver, timeout=timeout, want_model=False).status.value
        dt = time.monotonic() - t
        if st in ("sat", "unsat") and dt < best[1]:
            best = (st, dt)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    listed = args.directory / "EXPECTED.tsv"
    if listed.exists():
        files = [args.directory / ln.split("\t")[0] for ln in listed.read_text().splitlines() if ln.strip()]
    else:
        files = sorted(args.directory.rglob("*.smt2"))
    vbs = port = 0.0
    n = slower = 0
    for p in files:
        text = p.read_text()
        times = {s: timed(text, s, args.timeout, args.repeat) for s in ("z3", "cvc5", "portfolio")}
        single = [times[s][1] for s in ("z3", "cvc5") if times[s][0] != "unknown"]
        if not single or times["portfolio"][0] == "unknown":
            continue
        n += 1
        best = min(single)
        vbs += best
        port += times["portfolio"][1]
        slower += times["portfolio"][1] > best * 1.1
    print(f"{n} instances decided by the portfolio and by z3 or cvc5 (timeout {args.timeout:g} s, "
          f"best of {args.repeat})")
    print(f"{'faster single solver (sum, s)':<34} {vbs:8.2f}")
    print(f"{'portfolio (sum, s)':<34} {port:8.2f}")
    print(f"{'overhead':<34} {100 * (port / vbs - 1) if vbs else 0:7.1f} %")
    print(f"{'instances >10% slower':<34} {slower:8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
