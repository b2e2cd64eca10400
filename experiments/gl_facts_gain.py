"""What GL-derived exponent laws add: the same problems proved with and without the GL-fact step, side by side.

    python experiments/gl_facts_gain.py data/problems/demo.jsonl ../shared/data/minif2f/Valid --budget 10

Problems: every row of a project JSONL (``expect`` marks false twins), and the miniF2F ``.lean`` files of a
folder whose statement has a power with a variable exponent (``^ n``, ``^ (n + 1)``) or a ``∑``. Each is proved
with ``--env symbolic`` (no LLM, no predictor) twice in one process, in alternation: GL facts on (the default
``SymbolicEnv``) and off (``use_gl_facts=False``). Prints the problems whose outcome differs, the counts, and
which proofs use a GL fact (``have … := pow_add _ _ _`` …); ``--json OUT`` keeps every row.
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

from prover.search import SearchConfig, Theorem, prove
from prover.search.symbolic_env import SymbolicEnv
from symbolic.sequent.gl_facts import LEMMAS

_VARIABLE_POWER = re.compile(r"\^\s*\(?\s*[a-zA-Z_]|∑")
_GL_FACT = re.compile(r":= (" + "|".join(re.escape(v) for v in LEMMAS.values()) + r")\s*$", re.MULTILINE)


def selected(paths: list[Path]) -> list[tuple[Theorem, bool, str]]:
    out = []
    for p in paths:
        for thm, expected in problems(p, False, None):
            if p.suffix == ".jsonl" or _VARIABLE_POWER.search(thm.statement.split(":=")[0]):
                out.append((thm, expected, p.stem))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("problems", type=Path, nargs="+")
    ap.add_argument("--budget", type=float, default=10.0)
    ap.add_argument("--expansions", type=int, default=30)
    ap.add_argument("--tactic-timeout", type=float, default=5.0)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    config = SearchConfig(env="symbolic", llm="none", budget_s=args.budget, max_expansions=args.expansions,
                          tactic_timeout_s=args.tactic_timeout, use_predictor=False)
    rows: list[dict[str, Any]] = []
    started = time.monotonic()
    for thm, expected, source in selected(args.problems):
        row: dict[str, Any] = {"name": thm.name, "source": source, "expect": expected}
        for label, on in (("with", True), ("without", False)):
            env = SymbolicEnv(hammer_timeout_s=args.tactic_timeout, use_gl_facts=on)
            t0 = time.monotonic()
            res = prove(thm, config, env=env)
            env.close()
            row[label] = res.claim.outcome.value
            row[f"{label}_s"] = round(time.monotonic() - t0, 2)
            row[f"{label}_gl_fact"] = bool(res.proof and _GL_FACT.search(res.proof))
        rows.append(row)
        mark = " <- differs" if row["with"] != row["without"] else ""
        print(f"{thm.name:45s} {'true ' if expected else 'false'} with {row['with']:9s} {row['with_s']:6.2f}s "
              f"without {row['without']:9s} {row['without_s']:6.2f}s{' gl' if row['with_gl_fact'] else ''}{mark}",
              flush=True)
    for source in sorted({r["source"] for r in rows}):
        part = [r for r in rows if r["source"] == source]
        for expected in (True, False):
            sel = [r for r in part if r["expect"] is expected]
            if sel:
                print(f"{source} {'true' if expected else 'false'} ({len(sel)}): proved with GL facts "
                      f"{sum(r['with'] == 'proved' for r in sel)}, without {sum(r['without'] == 'proved' for r in sel)}; "
                      f"proofs using a GL fact {sum(r['with_gl_fact'] for r in sel)}; seconds with "
                      f"{sum(r['with_s'] for r in sel):.1f}, without {sum(r['without_s'] for r in sel):.1f}")
    print(f"wall {time.monotonic() - started:.1f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
