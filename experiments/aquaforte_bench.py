"""Run z3, cvc5, the portfolio and AquaForte side by side on every .smt2 file of a directory.

Usage::

    python experiments/aquaforte_bench.py DIR [--timeout S] [--systems z3,cvc5,portfolio,aquaforte]
                                           [--limit N] [--expected EXPECTED.tsv] [--json OUT.json]

Every system gets the same wall-clock timeout per instance. A directory holding an ``EXPECTED.tsv`` runs
exactly the instances listed there. The expected status comes from the file's
``(set-info :status …)`` or from an ``EXPECTED.tsv`` (path, status) beside or above ``DIR``. The table shows,
per system: sat and unsat solved, wrong answers (a definite answer contradicting the expected status),
unique solves, and the PAR-2 score (seconds; an unsolved instance counts twice the timeout).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from symbolic.aquaforte import AquaForte, AquaForteConfig  # noqa: E402
from symbolic.errors import InputError  # noqa: E402
from symbolic.smt import check_smtlib  # noqa: E402
from symbolic.smt.smtlib_reader import solver_text  # noqa: E402


def expected_statuses(directory: Path, explicit: Path | None) -> dict[str, str]:
    """Expected status by absolute path from an EXPECTED.tsv (explicit, in DIR, or in its parent)."""
    out: dict[str, str] = {}
    candidates = [explicit] if explicit else [directory / "EXPECTED.tsv", directory.parent / "EXPECTED.tsv"]
    for tsv in candidates:
        if tsv is None or not tsv.exists():
            continue
        for line in tsv.read_text().splitlines():
            parts = line.split("\t")
            if len(parts) >= 2:
                out[str((tsv.parent / parts[0]).resolve())] = parts[1].strip()
    return out


def run_system(system: str, path: Path, text: str, timeout: float, llm: object | None) -> tuple[str, float]:
    start = time.monotonic()
    try:
        if system == "aquaforte":
            cfg = AquaForteConfig(timeout=timeout)
            res = AquaForte(llm, cfg).solve_text(text, source=str(path))  # type: ignore[arg-type]
            status = res.status.value
        else:
            status = check_smtlib(text, solver=system, timeout=timeout, source=str(path)).status.value
    except InputError as exc:
        print(f"  {system}: input error: {exc}", file=sys.stderr)
        status = "unknown"
    return status, time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--systems", default="z3,cvc5,portfolio,aquaforte")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--expected", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None, help="write per-instance rows here")
    ap.add_argument("--llm", default=None, help="AquaForte proposer: base URL or 'local' (default: templates)")
    args = ap.parse_args(argv)
    with contextlib.ExitStack() as stack:
        proposer = stack.enter_context(llm_proposer(args.llm)) if args.llm else None
        return run(args, proposer)


@contextlib.contextmanager
def llm_proposer(spec: str) -> Iterator[object]:
    """The LLM proposer of ``prover.llm`` for ``spec`` (a base URL or ``local``)."""
    from prover.llm.aquaforte import make_aquaforte_proposer
    from prover.llm.endpoint import open_client
    from prover.llm.settings import LLMSettings

    settings = LLMSettings(_env_file=None, base_url=None if spec == "local" else spec)  # type: ignore[call-arg]
    with open_client(settings) as client:
        yield make_aquaforte_proposer(client)


def run(args: argparse.Namespace, proposer: object | None) -> int:
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    listed = args.directory / "EXPECTED.tsv"
    if listed.exists():  # a directory with a manifest: exactly the instances it lists
        files = [args.directory / ln.split("\t")[0] for ln in listed.read_text().splitlines() if ln.strip()]
    else:
        files = sorted(args.directory.rglob("*.smt2"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"no .smt2 files under {args.directory}", file=sys.stderr)
        return 2
    expected = expected_statuses(args.directory, args.expected)
    rows: list[dict[str, object]] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            _, _, status = solver_text(text, source=str(path))
        except InputError:
            status = None
        exp = expected.get(str(path.resolve()), status or "unknown")
        row: dict[str, object] = {"file": str(path.relative_to(args.directory)), "expected": exp}
        for s in systems:
            st, secs = run_system(s, path, text, args.timeout, proposer)
            row[s] = st
            row[f"{s}_s"] = round(secs, 3)
        rows.append(row)
        print(f"{row['file']:<70} exp={exp:<7} " + " ".join(f"{s}={row[s]}({row[f'{s}_s']}s)" for s in systems),
              file=sys.stderr, flush=True)
    print_table(rows, systems, args.timeout)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


def print_table(rows: list[dict[str, object]], systems: list[str], timeout: float) -> None:
    print(f"\n{len(rows)} instances, timeout {timeout:g} s per instance and system")
    print(f"{'system':<11} {'sat':>5} {'unsat':>6} {'solved':>7} {'wrong':>6} {'unique':>7} {'PAR-2 (s)':>10}")
    for s in systems:
        sat = unsat = wrong = unique = 0
        par2 = 0.0
        for r in rows:
            st, exp = r[s], r["expected"]
            ok = st in ("sat", "unsat") and (exp not in ("sat", "unsat") or st == exp)
            if st in ("sat", "unsat") and exp in ("sat", "unsat") and st != exp:
                wrong += 1
            if ok:
                sat += st == "sat"
                unsat += st == "unsat"
                par2 += float(r[f"{s}_s"])  # type: ignore[arg-type]
                others = [o for o in systems if o != s and o != "portfolio" and s != "portfolio"]
                if others and all(r[o] not in ("sat", "unsat") for o in others):
                    unique += 1
            else:
                par2 += 2 * timeout
        print(f"{s:<11} {sat:>5} {unsat:>6} {sat + unsat:>7} {wrong:>6} {unique:>7} {par2:>10.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
