"""Reply parsers of the prompt-format registry against hand-labelled replies (``tests/llm/data/replies.jsonl``).

Prints, per format: replies, labelled usable / not usable, parser agreement with the label, non-tactics (or
non-proofs) the parser accepted (goal 0), usable replies it rejected, and accepted replies whose extracted
text differs from the label's.

    python experiments/llm_formats.py
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prover.llm.formats import get_format  # noqa: E402

REPLIES = ROOT / "tests" / "llm" / "data" / "replies.jsonl"


def score(rows: list[dict]) -> dict[str, dict[str, int]]:
    """Per format: n, labelled accept/reject, agree, wrong_accept (non-tactics accepted), wrong_reject,
    wrong_text (accepted, but not the labelled text)."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        fmt = get_format(row["format"])
        got, _ = fmt.parse(row["reply"], opened=True, statement=row.get("statement"))
        t = table[row["format"]]
        t["n"] += 1
        t[row["label"]] += 1
        if row["label"] == "reject":
            t["wrong_accept" if got is not None else "agree"] += 1
        elif got is None:
            t["wrong_reject"] += 1
        elif got != row["expect"]:
            t["wrong_text"] += 1
        else:
            t["agree"] += 1
    return {k: dict(v) for k, v in table.items()}


def main() -> None:
    rows = [json.loads(line) for line in REPLIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    table = score(rows)
    print(f"{'format':<15}{'replies':>8}{'usable':>8}{'not':>6}{'agree':>7}{'non-tactics accepted':>22}"
          f"{'usable rejected':>17}{'wrong text':>12}")
    for name, t in sorted(table.items()):
        print(f"{name:<15}{t['n']:>8}{t.get('accept', 0):>8}{t.get('reject', 0):>6}{t.get('agree', 0):>7}"
              f"{t.get('wrong_accept', 0):>22}{t.get('wrong_reject', 0):>17}{t.get('wrong_text', 0):>12}")


if __name__ == "__main__":
    main()
