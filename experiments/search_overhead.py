"""Search overhead: the share of wall time that is neither environment, proposer nor setup (goal: < 5 %).

    python experiments/search_overhead.py [--problems data/problems/demo.jsonl --limit 20] [--step-ms 20]

Two measurements, side by side in one run:
1. a synthetic tree (every state has ``--branching`` tactics to new states, none closes; each tactic costs
   ``--step-ms`` of sleep, the scale of a fast Lean or SMT step) searched to ``--expansions`` expansions: the
   engine's own cost per expansion (queue, dedup, scoring, provenance recording, proposer threads), with the
   predictor on and off;
2. the project's problem set through SymbolicEnv (real steps), summed over problems.
Overhead = wall − setup − environment − proposers − final check; the predictor's share is shown apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from prover.search import Proposal, SearchConfig, State, StepKind, StepOutcome, Suggestion, Theorem, prove
from symbolic.verdicts import Claim, Outcome, Reason


class TreeEnv:
    """Goals are paths in a complete tree; nothing closes (so the whole budget is spent searching)."""

    name = "tree"

    def __init__(self, step_s: float) -> None:
        self.step_s = step_s

    def start(self, theorem: Theorem) -> State:
        return State(("x : ℕ\nh : 0 < x\n⊢ P []",))

    def run_tactic(self, state: State, tactic: str, *, timeout_s: float) -> StepOutcome:
        time.sleep(self.step_s)
        goal = state.goals[0].replace("]", f" {tactic}]")
        return StepOutcome(StepKind.PROGRESS, State((goal,)), lean=tactic)

    def suggestions(self, state: State) -> list[Suggestion]:
        return []

    def verify(self, theorem: Theorem, proof: str) -> Claim:
        return Claim(Outcome.UNKNOWN, None, Reason.EXHAUSTED, "nothing closes in this tree")

    def close(self) -> None:
        pass


class Branches:
    name = "branches"

    def __init__(self, branching: int) -> None:
        self.branching = branching

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        return [Proposal(f"t{i}", self.name, -0.1 * (i + 1)) for i in range(self.branching)]


def share(stats: dict, key: str = "overhead_seconds") -> float:
    return 100 * stats[key] / max(stats["seconds"] - stats["setup_seconds"], 1e-9)


def synthetic(args: argparse.Namespace, predictor: bool) -> dict:
    cfg = SearchConfig(budget_s=600, max_expansions=args.expansions, use_predictor=predictor, max_depth=100)
    r = prove(Theorem("tree", "theorem tree : P := by sorry", header=""), cfg, env=TreeEnv(args.step_ms / 1000),
              proposers=[Branches(args.branching)], llm=None)
    s = r.stats
    return {"predictor": predictor, "expansions": s["expansions"], "tactics": s["tactics"],
            "seconds": round(s["seconds"], 2), "overhead_pct": round(share(s), 2),
            "predictor_pct": round(share(s, "predictor_seconds"), 2),
            "engine_ms_per_expansion": round(1000 * (s["overhead_seconds"] - s["predictor_seconds"])
                                             / max(s["expansions"], 1), 3)}


def problem_set(args: argparse.Namespace, predictor: bool) -> dict:
    total = {"seconds": 0.0, "setup_seconds": 0.0, "overhead_seconds": 0.0, "predictor_seconds": 0.0}
    proved = n = 0
    for line in args.problems.read_text(encoding="utf-8").splitlines()[: args.limit]:
        row = json.loads(line)
        cfg = SearchConfig(env="symbolic", budget_s=15, max_expansions=30, use_predictor=predictor,
                           tactic_timeout_s=5)
        r = prove(Theorem(row["name"], row["formal_statement"], row["header"]), cfg)
        for k in total:
            total[k] += r.stats.get(k, 0.0)
        proved += r.proved
        n += 1
    return {"predictor": predictor, "problems": n, "proved": proved, "seconds": round(total["seconds"], 2),
            "overhead_pct": round(share(total), 2), "predictor_pct": round(share(total, "predictor_seconds"), 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--expansions", type=int, default=150)
    ap.add_argument("--branching", type=int, default=8)
    ap.add_argument("--step-ms", type=float, default=20.0)
    ap.add_argument("--problems", type=Path, default=Path("data/problems/demo.jsonl"))
    ap.add_argument("--limit", type=int, default=20)
    args = ap.parse_args(argv)
    rows = [("synthetic", synthetic(args, False)), ("synthetic", synthetic(args, True))]
    if args.limit > 0:
        rows += [("problem set", problem_set(args, False)), ("problem set", problem_set(args, True))]
    for what, row in rows:
        print(f"{what:12} " + "  ".join(f"{k}={v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
