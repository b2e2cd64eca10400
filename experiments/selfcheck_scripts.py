"""Self-check the scripts of a hammer coverage report: how many would not read back in their theorem's context.

    python experiments/selfcheck_scripts.py artifacts/hammer_coverage.json ../shared/data/minif2f/Valid

Reads each proved row's primary script (``script``) and the theorem from the source folder (``NAME.lean``),
runs :func:`symbolic.bridge.selfcheck.self_check`, prints the count of malformed scripts and the problems by
kind. Instances are not known from a report, so only the text itself is checked.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

from symbolic.bridge.selfcheck import self_check

_KINDS = [("between application arguments", "application argument without parentheses"),
          ("arguments (", "wrong number of arguments to a hypothesis"), ("is of type", "argument of the wrong sort"),
          ("obtain", "obtain on a hypothesis that is not such a conjunction (shadowed name)"),
          ("not a hypothesis", "names no hypothesis"), ("neither a hypothesis", "names no hypothesis"),
          ("not fixed", "literal type not fixed"), ("hint", "closer hint names nothing")]


def _kind(problem: str) -> str:
    return next((k for needle, k in _KINDS if needle in problem), "other: " + problem[:60])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path, help="JSON written by experiments/hammer_coverage.py")
    ap.add_argument("source", type=Path, help="folder of NAME.lean theorem files the report was run on")
    args = ap.parse_args(argv)
    rows = json.loads(args.report.read_text(encoding="utf-8"))["problems"]
    checked = malformed = 0
    kinds: collections.Counter[str] = collections.Counter()
    for row in rows:
        if row.get("outcome") != "proved" or not row.get("script"):
            continue
        theorem = (args.source / f"{row['name']}.lean").read_text(encoding="utf-8")
        report = self_check(theorem, row["script"])
        checked += 1
        if not report.ok:
            malformed += 1
            kinds[_kind(report.problems[0])] += 1
            print(f"{row['name']}: {report.problems[0][:150]}", file=sys.stderr)
    print(f"scripts checked {checked}, malformed {malformed}")
    for kind, n in kinds.most_common():
        print(f"  {n:4d}  {kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
