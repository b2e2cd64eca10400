"""SymbolicEnv (a breadth-first loop over its own steps + the hammer) against the hammer alone, same run.

    python experiments/symbolic_minif2f.py ../shared/data/minif2f/Valid --timeout 2 --budget 8 \
        --out artifacts/symbolic_minif2f.json [--limit N] [--mutants]

Per problem: the plain hammer (``hammer(text)``) and ``breadth_first_proof`` with ``SymbolicEnv`` (hammer steps
with the same timeout), each proof re-checked by ``SymbolicEnv.verify``. ``--mutants``: for every problem either
proved, a false-leaning variant (the goal's last numeral + 1, as in ``hammer_coverage.py``) is run through the
environment too; a proved variant is listed for inspection. The JSON report is rewritten after every problem.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hammer_coverage import category, load, mutate

from prover.search.environment import EnvironmentUnsupported, Theorem
from prover.search.symbolic_env import SymbolicEnv, breadth_first_proof
from symbolic.bridge import HammerConfig, Outcome, hammer


def _split(text: str) -> tuple[str, str]:
    at = text.find("theorem ")
    return (text[:at], text[at:]) if at > 0 else ("import Mathlib\n", text)


def run_env(env: SymbolicEnv, name: str, text: str, args: argparse.Namespace) -> dict[str, Any]:
    header, statement = _split(text)
    th = Theorem(name, statement, header)
    started = time.monotonic()
    try:
        proof = breadth_first_proof(env, th, budget_s=args.budget, max_expansions=args.expansions,
                                    tactic_timeout_s=2 * args.timeout)
    except EnvironmentUnsupported as exc:
        return {"outcome": "unsupported", "detail": exc.construct, "seconds": round(time.monotonic() - started, 2)}
    row: dict[str, Any] = {"outcome": "unknown" if proof is None else "proved",
                           "seconds": round(time.monotonic() - started, 2)}
    if proof is not None:
        claim = env.verify(th, proof)
        row.update(verified=claim.outcome.value, checker=claim.checker.value if claim.checker else None,
                   proof=proof, structural=_structural(proof))
    return row


def _structural(proof: str) -> bool:
    body = proof.split(":= by", 1)[-1]
    return any(ln.strip().startswith(("induction'", "interval_cases", "rcases", "obtain", "constructor", "subst"))
               for ln in body.splitlines())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--timeout", type=float, default=2.0, help="seconds per hammer query")
    ap.add_argument("--budget", type=float, default=8.0, help="seconds per problem for the environment's loop")
    ap.add_argument("--expansions", type=int, default=25)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--mutants", action="store_true")
    ap.add_argument("--out", type=Path, default=Path("artifacts/symbolic_minif2f.json"))
    args = ap.parse_args(argv)
    problems = load(args.data, "valid")[: args.limit or None]
    env = SymbolicEnv(hammer_timeout_s=args.timeout)
    cfg = HammerConfig(timeout=args.timeout)
    rows: list[dict[str, Any]] = []
    started = time.monotonic()
    for name, text in problems:
        h = hammer(text, name=name, config=cfg, source=name)
        row = {"name": name, "category": category(name), "hammer": h.outcome.value,
               "hammer_seconds": round(h.seconds, 2), "env": run_env(env, name, text, args)}
        if args.mutants and (h.outcome is Outcome.PROVED or row["env"]["outcome"] == "proved"):
            variant = mutate(text)
            if variant is not None:
                row["mutant"] = {"statement": variant[variant.find("theorem "):],
                                 "env": run_env(env, name + "_mutant", variant, args)}
        rows.append(row)
        print(f"{name:40} hammer={row['hammer']:11} env={row['env']['outcome']:11} "
              f"{row['env']['seconds']:6.1f}s" + (f" mutant={row['mutant']['env']['outcome']}" if "mutant" in row
                                                    else ""), flush=True)
        _write(args.out, rows, time.monotonic() - started, args)
    s = _write(args.out, rows, time.monotonic() - started, args)
    print(json.dumps(s["summary"], indent=1))
    return 0


def _write(out: Path, rows: list[dict[str, Any]], wall: float, args: argparse.Namespace) -> dict[str, Any]:
    mut = [r["mutant"]["env"] for r in rows if "mutant" in r]
    summary = {
        "problems": len(rows), "wall_s": round(wall, 1), "timeout_s": args.timeout, "budget_s": args.budget,
        "hammer_proved": sum(r["hammer"] == "proved" for r in rows),
        "env_proved": sum(r["env"]["outcome"] == "proved" for r in rows),
        "env_proved_verified": sum(r["env"].get("verified") == "proved" for r in rows),
        "env_only": sorted(r["name"] for r in rows if r["env"]["outcome"] == "proved" and r["hammer"] != "proved"),
        "hammer_only": sorted(r["name"] for r in rows if r["hammer"] == "proved" and r["env"]["outcome"] != "proved"),
        "env_unsupported": sum(r["env"]["outcome"] == "unsupported" for r in rows),
        "mutants_tried": len(mut), "mutants_proved": sum(m["outcome"] == "proved" for m in mut),
        "mutants_proved_names": sorted(r["name"] for r in rows if r.get("mutant", {}).get("env", {}).get("outcome")
                                       == "proved"),
    }
    doc = {"summary": summary, "rows": rows}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
    return doc


if __name__ == "__main__":
    raise SystemExit(main())
