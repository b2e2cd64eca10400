"""Conjecture steps and early ``disproved``: one code tree's outcomes on a problem set, and a comparison of two.

    python experiments/search_conjecture.py run data/problems/demo.jsonl --out artifacts/conj_after_demo.json
    PYTHONPATH=/path/to/older/tree python experiments/search_conjecture.py run … --out artifacts/conj_before_demo.json
    python experiments/search_conjecture.py compare artifacts/conj_before_demo.json artifacts/conj_after_demo.json

``run`` proves every problem with ``--env symbolic`` (no LLM, no predictor) at one budget and records outcome,
seconds, expansions and whether the proof holds a conjecture step (``have … : ∀ …`` with no ``:=``). Problems:
the project's JSONL (``expect`` marks false twins) or a folder of miniF2F ``.lean`` files, optionally only those
whose text contains one of ``--grep`` (e.g. function variables ``ℕ → ℕ``), with ``--mutants`` their likely-false
variants (a proved variant is listed for inspection, it may still be true). ``compare`` prints proved / disproved /
seconds side by side; the two runs should be made back to back on the same machine.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_ablation import problems

from prover.search import SearchConfig, prove

_CONJECTURE = re.compile(r"^\s*have \S+ : ∀[^\n]*$", re.MULTILINE)


def run(args: argparse.Namespace) -> None:
    todo = problems(Path(args.problems), args.mutants, None)
    if args.grep:
        todo = [(t, e) for t, e in todo if any(g in t.statement for g in args.grep)]
    config = SearchConfig(env="symbolic", llm="none", budget_s=args.budget, max_expansions=args.expansions,
                          tactic_timeout_s=args.tactic_timeout, use_predictor=False)
    rows: list[dict[str, Any]] = []
    started = time.monotonic()
    for thm, expected in todo:
        t0 = time.monotonic()
        res = prove(thm, config)
        proof = res.proof or ""
        rows.append({"name": thm.name, "expect": expected, "outcome": res.claim.outcome.value,
                     "checker": res.claim.checker.value if res.claim.checker else None,
                     "seconds": round(time.monotonic() - t0, 3), "expansions": res.stats.get("expansions"),
                     "conjecture": bool(_CONJECTURE.search(proof) and ":=" not in _CONJECTURE.search(proof)[0])})
        print(f"{thm.name:45s} {'true ' if expected else 'false'} {rows[-1]['outcome']:10s} "
              f"{rows[-1]['seconds']:6.2f}s{' conj' if rows[-1]['conjecture'] else ''}", flush=True)
    doc = {"problems": args.problems, "budget_s": args.budget, "expansions": args.expansions,
           "wall_s": round(time.monotonic() - started, 1), "rows": rows}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    rows = doc["rows"]
    true, false = [r for r in rows if r["expect"]], [r for r in rows if not r["expect"]]
    return {"proved": sum(r["outcome"] == "proved" for r in true), "true": len(true),
            "false_proved": sum(r["outcome"] == "proved" for r in false), "false": len(false),
            "disproved": sum(r["outcome"] == "disproved" for r in false),
            "true_disproved": sum(r["outcome"] == "disproved" for r in true),
            "conjecture_proofs": sum(r["conjecture"] for r in rows),
            "false_seconds": round(sum(r["seconds"] for r in false), 1),
            "seconds": round(sum(r["seconds"] for r in rows), 1)}


def compare(args: argparse.Namespace) -> None:
    before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in (args.before, args.after))
    sb, sa = summary(before), summary(after)
    print(f"{'':22s} {'before':>10s} {'after':>10s}")
    for k in sb:
        print(f"{k:22s} {sb[k]!s:>10s} {sa[k]!s:>10s}")
    b = {(r["name"], r["expect"]): r for r in before["rows"]}  # a miniF2F variant keeps its original's name
    for r in after["rows"]:
        old = b.get((r["name"], r["expect"]))
        if old is not None and r["outcome"] != old["outcome"]:
            kind = "true " if r["expect"] else "false"
            print(f"  {kind} {r['name']}: {old['outcome']} -> {r['outcome']}{' (conjecture)' if r['conjecture'] else ''}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("problems")
    r.add_argument("--out", required=True)
    r.add_argument("--grep", action="append", default=[])
    r.add_argument("--mutants", action="store_true", help="miniF2F: add each goal's last numeral + 1 (likely false)")
    r.add_argument("--budget", type=float, default=8.0)
    r.add_argument("--expansions", type=int, default=20)
    r.add_argument("--tactic-timeout", type=float, default=6.0)
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    args = ap.parse_args()
    run(args) if args.cmd == "run" else compare(args)


if __name__ == "__main__":
    main()
