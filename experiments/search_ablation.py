"""Search ablation at equal budget: proofs found per configuration, false proofs on false variants, overhead.

    python experiments/search_ablation.py data/problems/demo.jsonl --variants full,no-predictor,no-heuristics \
        --budget 20 --out artifacts/search_ablation_demo.json
    python experiments/search_ablation.py ../shared/data/minif2f/Valid --mutants --budget 10 --limit 40 ...

Problems: the project's JSONL (``expect`` says which are false) or a folder of miniF2F ``.lean`` files
(``--mutants`` adds a false-leaning variant of each: the goal's last numeral + 1, as in hammer_coverage.py;
those are *likely* false, so a proved one is listed for inspection). Variants (one ``prove()`` each, same
budget): ``full`` (the defaults), ``predictor`` (the progress predictor on), ``close`` (the "will this close"
head at ``--close-weight``, from ``--close-checkpoint``), ``no-predictor``, ``no-heuristics``, ``bare`` (log-prob only),
``llm-local`` (no-predictor + the embedded model; its server start counts against the budget), ``hammer`` (the SMT hammer alone on the statement, no search; its
verdict is ``smt`` like the symbolic search's). Every variant of a problem
runs back to back, so the machine's load hits them alike. The JSON report is rewritten after every problem.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hammer_coverage import load, mutate

from prover.search import SearchConfig, Theorem, prove
from symbolic.bridge.hammer import HammerConfig, hammer
from symbolic.bridge.hammer import Outcome as HammerOutcome

VARIANTS: dict[str, dict[str, Any]] = {
    "full": {},
    "predictor": {"use_predictor": True},
    "close": {"use_predictor": False},  # + weights.close and close_checkpoint from the command line
    "no-predictor": {"use_predictor": False},
    "no-heuristics": {"use_heuristics": False},
    "bare": {"use_predictor": False, "use_heuristics": False},
    "llm-local": {"llm": "local", "use_predictor": False},
}
HAMMER = "hammer"  # the hammer alone on the statement (no search), at the search's tactic timeout


def problems(path: Path, mutants: bool, limit: int | None) -> list[tuple[Theorem, bool]]:
    """(theorem, expected true) pairs."""
    out: list[tuple[Theorem, bool]] = []
    if path.suffix == ".jsonl":
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out.append((Theorem(row["name"], row["formal_statement"], row["header"]), row.get("expect") != "false"))
    else:
        for name, text in load(path, None):
            at = text.find("theorem ")
            header, stmt = text[:at], text[at:]
            out.append((Theorem(name, stmt, header), True))
            m = mutate(stmt) if mutants else None
            if m is not None:
                out.append((Theorem(name, m, header), False))
    if limit is not None:
        keep = {t.name for t, _ in out[: limit * (2 if mutants or path.suffix == ".jsonl" else 1)]}
        out = [(t, e) for t, e in out if t.name in keep]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("problems", type=Path)
    ap.add_argument("--variants", default="full,no-predictor,no-heuristics")
    ap.add_argument("--env", default="symbolic")
    ap.add_argument("--budget", type=float, default=20.0)
    ap.add_argument("--expansions", type=int, default=40)
    ap.add_argument("--tactic-timeout", type=float, default=8.0)
    ap.add_argument("--hammer-timeout", type=float, default=None,
                    help="the hammer variant's solver timeout (default: half the tactic timeout, which is what "
                         "SymbolicEnv gives its own hammer step)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--mutants", action="store_true")
    ap.add_argument("--only", default="", help="only problems whose name starts with this")
    ap.add_argument("--names", type=Path, default=None, help="only the problems named in this file (one a line)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--close-weight", type=float, default=1.0, help="the close variant's weight on log P(close)")
    ap.add_argument("--close-checkpoint", default=None, help="the close variant's head (default: the shipped one)")
    args = ap.parse_args(argv)
    names = args.variants.split(",")
    unknown = [v for v in names if v not in VARIANTS and v != HAMMER]
    if unknown:
        ap.error(f"unknown variants: {', '.join(unknown)} (known: {', '.join(VARIANTS)})")
    wanted = set(args.names.read_text(encoding="utf-8").split()) if args.names else None
    rows: list[dict[str, Any]] = []
    summary: dict[str, dict[str, Any]] = {v: {"proved": 0, "false_proofs": 0, "true": 0, "false": 0, "seconds": 0.0,
                                              "overhead": 0.0, "predictor": 0.0, "search_seconds": 0.0,
                                              "expansions_to_proofs": 0}
                                          for v in names}
    for thm, expect in problems(args.problems, args.mutants, args.limit):
        if not thm.name.startswith(args.only) or (wanted is not None and thm.name not in wanted):
            continue
        row: dict[str, Any] = {"name": thm.name, "expect": expect, "statement": thm.statement}
        for v in names:
            acc = summary[v]
            acc["true" if expect else "false"] += 1
            if v == HAMMER:
                h = hammer(f"{thm.header}\n{thm.statement}", name=thm.name,
                           config=HammerConfig(timeout=args.hammer_timeout or args.tactic_timeout / 2))
                row[v] = {"outcome": h.outcome.value, "seconds": round(h.seconds, 3), "proof": h.script}
                acc["seconds"] += h.seconds
                if h.outcome is HammerOutcome.PROVED:
                    acc["proved" if expect else "false_proofs"] += 1
                continue
            extra = {"weights": {"close": args.close_weight}, "close_checkpoint": args.close_checkpoint} \
                if v == "close" else {}
            cfg = SearchConfig(**{"env": args.env, "budget_s": args.budget, "max_expansions": args.expansions,
                                  "tactic_timeout_s": args.tactic_timeout, **VARIANTS[v], **extra})
            r = prove(thm, cfg)
            s = r.stats
            row[v] = {"outcome": r.claim.outcome.value, "checker": r.claim.checker.value if r.claim.checker else None,
                      "reason": r.claim.reason.value if r.claim.reason else None, "seconds": s.get("seconds"),
                      "expansions": s.get("expansions"), "proof": r.proof}
            acc["seconds"] += s.get("seconds", 0.0)
            acc["search_seconds"] += s.get("seconds", 0.0) - s.get("setup_seconds", 0.0)
            acc["overhead"] += s.get("overhead_seconds", 0.0)
            acc["predictor"] += s.get("predictor_seconds", 0.0)
            if r.proved:
                acc["proved" if expect else "false_proofs"] += 1
                acc["expansions_to_proofs"] += s.get("expansions", 0) if expect else 0
        rows.append(row)
        line = "  ".join(f"{v}={row[v]['outcome'][:7]}" for v in names)
        print(f"{thm.name[:40]:40} {'T' if expect else 'F'}  {line}", flush=True)
        if args.out is not None:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps({"args": {k: str(x) for k, x in vars(args).items()},
                                            "summary": summary, "rows": rows}, indent=1), encoding="utf-8")
    print("\nvariant          proved/true  false-proofs/false  seconds  overhead%  (of which predictor%)  "
          "expansions to the proofs")
    for v, acc in summary.items():
        search = max(acc["search_seconds"], 1e-9)
        print(f"{v:16} {acc['proved']:4}/{acc['true']:<4}   {acc['false_proofs']:4}/{acc['false']:<4}"
              f"        {acc['seconds']:7.1f}  {100 * acc['overhead'] / search:6.2f}%"
              f"  ({100 * acc['predictor'] / search:.2f}%)  {acc['expansions_to_proofs']}")
    return 0


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"wall {time.monotonic() - started:.1f} s", file=sys.stderr)
    sys.exit(code)
