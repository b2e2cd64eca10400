"""Search traces as progress-predictor training data, and the search's ablation with and without the predictor.

Usage::

    nice python experiments/progress_traces.py -o traces.jsonl                       # all three sets
    nice python experiments/progress_traces.py --sets demo --env symbolic --limit 20 -o t.jsonl
    nice python experiments/progress_traces.py --sets demo,minif2f-valid --ablation   # proofs found, with vs without
    prover progress train -o ckpt.pt --add traces.jsonl                              # train on proofs + traces

Sets (validation splits only; a test split is never searched here): ``demo`` (the project's problem set,
``data/problems/demo.jsonl``), ``minif2f-valid`` and ``proofnet-valid`` (``../shared/data``).  Every state
on a found proof path becomes a record labelled with its remaining steps (source ``search:<env>:<set>``);
the states off the path go to ``<out>.off_path.jsonl``, and the "will this close" labels (positives on the
proof path, negatives where the search exhausted the state's whole subtree, each with its source) to
``<out>.close.jsonl``, appended problem by problem.  The project's set is searched with its false twins
(their states are only ever negatives, and only where really exhausted).  With
``--ablation`` each problem is searched twice at the same budget, with and without the predictor, and the
proofs found are counted side by side.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from prover.progress.closing import close_labels_from_trace, write_close_examples
from prover.progress.datasets import records_from_trace
from prover.progress.pipeline import find_data_root
from prover.progress.records import write_jsonl

REPO = Path(__file__).resolve().parents[1]
SETS = ("demo", "minif2f-valid", "proofnet-valid")


def problems(name: str, data: Path | None) -> Iterator[dict]:
    """``{"name", "formal_statement", "header"}`` rows of one set (validation splits only)."""
    if name == "demo":
        path, split = REPO / "data" / "problems" / "demo.jsonl", "demo"
    elif data is None:
        raise SystemExit(f"{name}: benchmark data not found (../shared/data or PROVER_DATA_DIR)")
    elif name == "minif2f-valid":
        path, split = data / "minif2f" / "minif2f_with_goals_lean4.9.jsonl", "valid"
    elif name == "proofnet-valid":
        path, split = data / "proofnet" / "proofnet_splits_lean4.9.jsonl", "valid"
    else:
        raise SystemExit(f"unknown set {name!r}: expected one of {', '.join(SETS)}")
    if not path.is_file():
        raise SystemExit(f"{path}: problem file not found")
    for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        if row.get("split") == split and (name == "demo" or row.get("expect", "true") == "true"):
            yield row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "-o", "--out", type=Path, default=None, help="records JSONL of the states on found proofs"
    )
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    ap.add_argument("--env", default="auto", choices=("auto", "lean", "symbolic"))
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per search")
    ap.add_argument("--expansions", type=int, default=100, help="max expansions per search")
    ap.add_argument("--limit", type=int, default=0, help="at most this many problems per set (0: all)")
    ap.add_argument("--ablation", action="store_true", help="also search without the predictor, same budget")
    ap.add_argument("--no-hammer", action="store_true", help="no SMT hammer: paths of structural steps")
    ap.add_argument("--no-predictor", action="store_true", help="search without the progress predictor")
    args = ap.parse_args(argv)
    try:
        from prover.search import SearchConfig, Theorem, prove
    except ImportError as exc:
        print(f"the proof search is not available in this checkout ({exc})", file=sys.stderr)
        return 2
    # load the predictor once before any search: otherwise the first search spends its budget importing torch
    from prover.search.scoring import load_predictor

    print(load_predictor(None)[1], file=sys.stderr)
    data = find_data_root()
    on_path, off_path = [], []
    found: dict[tuple[str, bool], int] = {}
    tried: dict[str, int] = {}
    t0 = time.perf_counter()
    close_out = args.out.with_suffix(".close.jsonl") if args.out is not None else None
    if close_out is not None:
        close_out.write_text("", encoding="utf-8")
    close_counts = [0, 0]
    for set_name in args.sets.split(","):
        for k, row in enumerate(problems(set_name.strip(), data)):
            if args.limit and k >= args.limit:
                break
            tried[set_name] = tried.get(set_name, 0) + 1
            thm = Theorem(row["name"], row["formal_statement"], row["header"])
            for use_predictor in (True, False) if args.ablation else (not args.no_predictor,):
                cfg = SearchConfig(
                    env=args.env,
                    llm="none",
                    budget_s=args.budget,
                    max_expansions=args.expansions,
                    use_predictor=use_predictor,
                    use_hammer=not args.no_hammer,
                )
                result = prove(thm, cfg)
                proved = result.proof is not None
                found[(set_name, use_predictor)] = found.get((set_name, use_predictor), 0) + proved
                if use_predictor == (not args.no_predictor):
                    where = f"search:{args.env}:{set_name}"
                    labels = close_labels_from_trace(result.trace, source=where, where=row["name"])
                    close_counts[0] += sum(ex.label for ex in labels)
                    close_counts[1] += sum(not ex.label for ex in labels)
                    if close_out is not None:
                        write_close_examples(labels, close_out, append=True)
                    tr = records_from_trace(
                        result.trace, source=f"search:{args.env}:{set_name}", where=row["name"]
                    )
                    on_path += tr.on_path
                    off_path += tr.off_path
                print(
                    f"{set_name} {row['name']}: {'proved' if proved else result.claim.outcome}"
                    f"{'' if use_predictor else ' (no predictor)'}  {len(result.trace)} states",
                    file=sys.stderr,
                )
    print(f"searched {sum(tried.values())} problems in {time.perf_counter() - t0:.0f}s")
    for set_name, n in tried.items():
        main = not args.no_predictor
        line = f"{set_name}: {found.get((set_name, main), 0)}/{n} proved {'with' if main else 'without'} the predictor"
        if args.ablation:
            line += f", {found.get((set_name, False), 0)}/{n} without (same budget)"
        print(line)
    print(f"states on found proofs: {len(on_path)}; off the path: {len(off_path)}")
    print(f"close labels: {close_counts[0]} positive, {close_counts[1]} negative (exhausted)")
    if args.out is not None:
        write_jsonl(on_path, args.out)
        with args.out.with_suffix(".off_path.jsonl").open("w", encoding="utf-8") as fh:
            for problem, state, history in off_path:
                fh.write(json.dumps({"problem": problem, "state": state, "history": list(history)}) + "\n")
        print(f"wrote {args.out} and {args.out.with_suffix('.off_path.jsonl')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
