"""Replay against the original run, side by side in one process: the full GL Peano run (enumerate, filter,
prove; every theorem's graph written and then replayed from its file) and the SMT hammer over miniF2F-valid
(every graph with a replay payload re-checked: queries re-run on z3 and cvc5, statements re-translated and
each query rebuilt from its statement; the tie alone is timed, and tried on each query with `(assert false)`
added).

    python experiments/replay_bench.py gl [--budget 120]
    python experiments/replay_bench.py hammer ../shared/data/minif2f/minif2f_with_goals_lean4.9.jsonl \
        --split valid [--sample N] [--timeout 5]

Prints a table: items, seconds of the original run, seconds of the replay (load + re-check), their ratio, and
how many replays failed (named).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from symbolic.provenance import ProvenanceGraph  # noqa: E402
from symbolic.provenance.replay import replay_graph  # noqa: E402


def replay_dir(files: list[Path], timeout: float) -> tuple[float, int, list[str], int]:
    """Seconds to load and replay every graph; nodes checked; failures (file: node: detail); graphs replayed."""
    t0 = time.perf_counter()
    checked, failed, graphs = 0, [], 0
    for f in files:
        g = ProvenanceGraph.load(f)
        rep = replay_graph(g, timeout=timeout, source=str(f))
        if not rep.results:
            continue
        graphs += 1
        checked += len(rep.results)
        if not rep.ok:
            first = rep.first_failure
            failed.append(f"{f.stem}: {first.node}: {first.claim.outcome.value} {first.claim.detail}")
    return time.perf_counter() - t0, checked, failed, graphs


def gl(args: argparse.Namespace, out: Path) -> dict:
    from symbolic.gl import GLConfig, load_theory, run_theory
    from symbolic.gl.outputs import write_outputs

    th = load_theory(ROOT / "data" / "theories" / "peano.mpl")
    t0 = time.perf_counter()
    result, _ = run_theory(th, None, GLConfig(time_budget=args.budget))
    run_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    write_outputs(out, th, result)
    write_s = time.perf_counter() - t1
    files = sorted((out / "graphs").glob("*.json"))
    replay_s, checked, failed, graphs = replay_dir(files, args.timeout)
    return {"run": "GL full Peano", "items": f"{len(result.theorems)} theorems", "graphs": graphs,
            "original_s": run_s, "extra": f"writing graphs + pages {write_s:.1f} s", "replay_s": replay_s,
            "checked": checked, "failed": failed}


def hammer(args: argparse.Namespace, out: Path) -> dict:
    sys.path.insert(0, str(ROOT / "experiments"))
    from hammer_coverage import load

    from symbolic.bridge import HammerConfig
    from symbolic.bridge import hammer as run_hammer

    rows = sorted(load(Path(args.data), args.split))
    if args.sample:
        rows = rows[: args.sample]
    cfg = HammerConfig(timeout=args.timeout)
    outcomes: dict[str, int] = {}
    t0 = time.perf_counter()
    for name, text in rows:
        g = ProvenanceGraph(title=name)
        res = run_hammer(text, name=name, config=cfg, graph=g, source=name)
        outcomes[res.outcome.value] = outcomes.get(res.outcome.value, 0) + 1
        g.save(out / f"{name}.json")
    run_s = time.perf_counter() - t0
    replay_s, checked, failed, graphs = replay_dir(sorted(out.glob("*.json")), args.timeout)
    tie_s, tied, refused, queries = tie(sorted(out.glob("*.json")))
    summary = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    return {"run": f"hammer miniF2F-{args.split}", "items": f"{len(rows)} problems ({summary})", "graphs": graphs,
            "original_s": run_s, "replay_s": replay_s, "checked": checked, "failed": failed,
            "extra": f"timeout {args.timeout} s; tying queries to statements (re-translate, rebuild, compare; "
                     f"inside the replay): {tie_s:.2f} s for {queries} queries, {tied} tied; with "
                     f"(assert false) added: {refused} of {queries} refused"}


def tie(files: list[Path]) -> tuple[float, int, int, int]:
    """The replay's tie of each hammer query to its statement, alone: seconds, queries tied, and how many of
    the same queries with ``(assert false)`` added the tie refuses (before any solver runs)."""
    from symbolic.bridge.hammer_provenance import retranslation_problem

    seconds, tied, refused, queries = 0.0, 0, 0, 0
    for f in files:
        g = ProvenanceGraph.load(f)
        for node in list(g.nodes()):
            if not (node.replay or {}).get("lean"):
                continue
            queries += 1
            t0 = time.perf_counter()
            tied += not retranslation_problem(g, node.id)
            seconds += time.perf_counter() - t0
            text = node.replay["smtlib"].replace("(check-sat)", "(assert false)\n(check-sat)")
            g.update_node(node.id, replay={**node.replay, "smtlib": text})
            refused += bool(retranslation_problem(g, node.id))
    return seconds, tied, refused, queries


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["gl", "hammer"])
    ap.add_argument("data", nargs="?", help="hammer: a miniF2F JSONL file or a folder of .lean files")
    ap.add_argument("--split", default="valid")
    ap.add_argument("--sample", type=int, default=0, help="hammer: the first N problems by name (0: all)")
    ap.add_argument("--timeout", type=float, default=5.0, help="seconds per solver call (run and replay)")
    ap.add_argument("--budget", type=float, default=120.0, help="gl: time budget of the run")
    args = ap.parse_args()
    if args.what == "hammer" and not args.data:
        ap.error("hammer needs the data file")
    with tempfile.TemporaryDirectory() as tmp:
        row = (gl if args.what == "gl" else hammer)(args, Path(tmp))
    table = Table(title="replay vs original run (one process, same machine)")
    for col in ("run", "items", "graphs replayed", "nodes checked", "original s", "replay s", "replay/original",
                "failed"):
        table.add_column(col)
    table.add_row(row["run"], row["items"], str(row["graphs"]), str(row["checked"]), f"{row['original_s']:.2f}",
                  f"{row['replay_s']:.2f}", f"{row['replay_s'] / max(row['original_s'], 1e-9):.2f}",
                  str(len(row["failed"])))
    console = Console(width=150)
    console.print(table)
    console.print(row["extra"])
    for f in row["failed"][:20]:
        console.print(f"  failed: {f}", markup=False)


if __name__ == "__main__":
    main()
