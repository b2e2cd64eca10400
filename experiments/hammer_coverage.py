"""Hammer coverage over a benchmark: parsed / translated / SMT-proved (with script) / disproved / unknown /
unsupported, by problem category (the miniF2F name prefix), plus counter-models for mutated statements.

    python experiments/hammer_coverage.py ../shared/data/minif2f/minif2f_with_goals_lean4.9.jsonl \
        --split valid --timeout 20 --out artifacts/hammer_coverage.json [--mutants]
    python experiments/hammer_coverage.py ../shared/data/minif2f/Valid

Every problem gets a typed outcome; the run always finishes and writes its JSON report and prints a table.
Proved means SMT unsat of hypotheses ∧ ¬goal with a reconstructed script that is *not* Lean-checked here.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from symbolic.bridge import HammerConfig, Outcome, hammer


def category(name: str) -> str:
    """The miniF2F name prefix: mathd_algebra_123 → mathd_algebra, amc12a_2019_p9 → amc12a, imo_1964_p1 → imo,
    algebra_sqineq_… → algebra."""
    parts = name.split("_")
    return "_".join(parts[:2]) if parts[0] == "mathd" and len(parts) > 1 else parts[0]


def load(path: Path, split: str | None, field: str = "formal_statement") -> list[tuple[str, str]]:
    if path.is_dir():
        return [(f.stem, f.read_text(encoding="utf-8")) for f in sorted(path.glob("*.lean"))]
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            continue
        if split and r.get("split") not in (None, split):
            continue
        text = r.get(field) if field != "formal_statement" else r.get("formal_statement") or r.get("statement")
        rows.append((str(r.get("name")), str(text or "")))
    return rows


_NUM = re.compile(r"(?<![\w.₀-₉])(\d+)(?![\w.])")


def mutate(text: str) -> str | None:
    """A false-leaning variant: the last numeral of the goal (after the binders) increased by one."""
    head, sep, _ = text.partition(":= by")
    colon = head.rfind(") :")
    start = colon + 3 if colon >= 0 else head.find(":") + 1
    goal = head[start:]
    matches = list(_NUM.finditer(goal))
    if not matches:
        return None
    m = matches[-1]
    new_goal = goal[: m.start()] + str(int(m.group(1)) + 1) + goal[m.end():]
    return head[:start] + new_goal + sep + " sorry"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path, help="folder of .lean files or a JSONL of statements")
    ap.add_argument("--split", default=None, help="keep only rows of this split (JSONL)")
    ap.add_argument("--field", default="formal_statement",
                    help="JSONL field to hammer: formal_statement, or goal (Lean's printed initial goal state)")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per problem and query")
    ap.add_argument("--solver", default="portfolio")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--mutants", action="store_true", help="also hammer a mutated (false-leaning) variant")
    ap.add_argument("--out", type=Path, default=Path("artifacts/hammer_coverage.json"))
    args = ap.parse_args(argv)
    problems = load(args.source, args.split, args.field)[: args.limit]
    cfg = HammerConfig(solver=args.solver, timeout=args.timeout)
    rows: list[dict[str, Any]] = []
    started = time.monotonic()
    for k, (name, text) in enumerate(problems, start=1):
        try:
            res = hammer(text, name=name, config=cfg, source=name)
            row = {"name": name, "category": category(name), "outcome": res.outcome.value, "detail": res.detail,
                   "seconds": round(res.seconds, 3), "parsed": res.parsed, "translated": res.translated,
                   "script": res.script, "model": res.model, "scripts_offered": len(res.scripts),
                   "rejected": res.rejected}
        except Exception as exc:  # the report must always be written: a crash is an outcome too
            row = {"name": name, "category": category(name), "outcome": "crash",
                   "detail": f"{type(exc).__name__}: {exc}", "seconds": 0.0, "parsed": False, "translated": False}
        if args.mutants and row["outcome"] == Outcome.PROVED.value:
            variant = mutate(text)
            if variant is not None:
                mres = hammer(variant, name=name + "~mutant", config=cfg, source=name)
                row["mutant"] = {"outcome": mres.outcome.value, "model": mres.model, "statement": variant}
        rows.append(row)
        print(f"[{k}/{len(problems)}] {name}: {row['outcome']} {row['detail'][:60]} ({row['seconds']} s)",
              file=sys.stderr, flush=True)
    report = summarize(rows, time.monotonic() - started, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": report, "problems": rows}, indent=2, ensure_ascii=False),
                        encoding="utf-8")
    print_table(report)
    print(f"report: {args.out}")
    return 0


def summarize(rows: list[dict[str, Any]], wall: float, args: argparse.Namespace) -> dict[str, Any]:
    def counts(rs: list[dict[str, Any]]) -> dict[str, Any]:
        n = len(rs)
        c = collections.Counter(r["outcome"] for r in rs)
        return {"problems": n, "parsed": sum(r["parsed"] for r in rs),
                "translated": sum(r["translated"] for r in rs),
                "proved_with_script": sum(1 for r in rs if r["outcome"] == "proved" and r.get("script")),
                "disproved": c["disproved"], "unknown": c["unknown"], "unsupported": c["unsupported"],
                "parse_error": c["parse_error"], "error": c["error"] + c["crash"],
                "proved_script_withheld": sum(1 for r in rs if r["outcome"] == "proved" and not r.get("script")),
                "scripts_rejected_by_self_check": sum(len(r.get("rejected") or []) for r in rs)}

    by_cat: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for r in rows:
        by_cat[r["category"]].append(r)
    unsupported = collections.Counter(r["detail"] for r in rows if r["outcome"] == "unsupported")
    times = [r["seconds"] for r in rows]
    mutants = [r["mutant"] for r in rows if "mutant" in r]
    total = counts(rows)
    n = max(1, total["problems"])
    return {
        "source": str(args.source), "split": args.split, "timeout": args.timeout, "solver": args.solver,
        "wall_seconds": round(wall, 1), "total": total,
        "share_parsed": round(total["parsed"] / n, 3), "share_translated": round(total["translated"] / n, 3),
        "share_proved_with_script": round(total["proved_with_script"] / n, 3),
        "median_seconds": round(statistics.median(times), 3) if times else None,
        "by_category": {c: counts(rs) for c, rs in sorted(by_cat.items())},
        "top_unsupported": unsupported.most_common(20),
        "mutants": {"tried": len(mutants),
                    "disproved_with_model": sum(1 for m in mutants if m["outcome"] == "disproved"),
                    "proved": sum(1 for m in mutants if m["outcome"] == "proved"),
                    "unknown": sum(1 for m in mutants if m["outcome"] == "unknown")},
        "note": "proved = SMT unsat with a reconstructed script; scripts are not Lean-checked here",
    }


def print_table(s: dict[str, Any]) -> None:
    cols = ["problems", "parsed", "translated", "proved_with_script", "disproved", "unknown", "unsupported",
            "parse_error", "error"]
    print(f"{'category':<22}" + "".join(f"{c[:10]:>11}" for c in cols))
    for cat, c in [*s["by_category"].items(), ("TOTAL", s["total"])]:
        print(f"{cat:<22}" + "".join(f"{c[k]:>11}" for k in cols))
    print(f"share parsed {s['share_parsed']:.1%}  translated {s['share_translated']:.1%}  "
          f"proved-with-script {s['share_proved_with_script']:.1%}  median {s['median_seconds']} s/problem  "
          f"wall {s['wall_seconds']} s")
    print("mutants:", s["mutants"])
    print("top unsupported:", ", ".join(f"{k} ({v})" for k, v in s["top_unsupported"][:10]))


if __name__ == "__main__":
    raise SystemExit(main())
