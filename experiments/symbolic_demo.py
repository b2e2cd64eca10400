"""The project's problem set with SymbolicEnv (breadth-first over its own steps) against the hammer alone.

    python experiments/symbolic_demo.py [--timeout 3] [--budget 20] [--out artifacts/symbolic_demo.json]

Prints one line per problem and the totals: true problems proved (and re-checked by ``verify``), false twins
proved (must be 0), per category, side by side with the plain hammer on the same statements.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from prover.search.environment import EnvironmentUnsupported, Theorem
from prover.search.symbolic_env import SymbolicEnv, breadth_first_proof
from symbolic.bridge import HammerConfig, Outcome, hammer

DEMO = Path(__file__).resolve().parents[1] / "data" / "problems" / "demo.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=3.0)
    ap.add_argument("--budget", type=float, default=20.0)
    ap.add_argument("--out", type=Path, default=Path("artifacts/symbolic_demo.json"))
    args = ap.parse_args(argv)
    env = SymbolicEnv(hammer_timeout_s=args.timeout)
    rows = []
    started = time.monotonic()
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        th = Theorem(p["name"], p["formal_statement"], p["header"])
        h = hammer(p["formal_statement"], name=p["name"], config=HammerConfig(timeout=args.timeout))
        t0 = time.monotonic()
        try:
            proof = breadth_first_proof(env, th, budget_s=args.budget, max_expansions=40)
        except EnvironmentUnsupported as exc:
            proof = None
            print(f"unsupported: {exc}")
        claim = env.verify(th, proof) if proof else None
        row = {"name": p["name"], "category": p["category"], "expect": p["expect"], "hammer": h.outcome.value,
               "env": "proved" if proof else "not proved", "verified": claim.outcome.value if claim else None,
               "seconds": round(time.monotonic() - t0, 2), "proof": proof}
        rows.append(row)
        print(f"{p['expect']:5} hammer={row['hammer']:11} env={row['env']:10} {row['seconds']:5.1f}s {p['name']}",
              flush=True)
    trues = [r for r in rows if r["expect"] == "true"]
    falses = [r for r in rows if r["expect"] == "false"]
    summary = {
        "true_problems": len(trues), "wall_s": round(time.monotonic() - started, 1),
        "env_proved": sum(r["env"] == "proved" for r in trues),
        "env_proved_verified": sum(r["verified"] == "proved" for r in trues),
        "hammer_proved": sum(r["hammer"] == Outcome.PROVED.value for r in trues),
        "false_twins": len(falses),
        "false_twins_proved_env": sum(r["env"] == "proved" for r in falses),
        "false_twins_proved_hammer": sum(r["hammer"] == Outcome.PROVED.value for r in falses),
        "by_category": {c: {"problems": n,
                            "env": sum(r["env"] == "proved" for r in trues if r["category"] == c),
                            "hammer": sum(r["hammer"] == "proved" for r in trues if r["category"] == c)}
                        for c, n in Counter(r["category"] for r in trues).items()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
