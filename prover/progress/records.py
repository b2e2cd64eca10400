"""The one training-record format of the progress predictor, and its JSONL reader/writer.

A record is one proof state on the path of a *found* proof, labelled with how many tactic steps remain on
that path (LeanProgress's label; the step about to run counts, so the last step of a proof has 1):

``{"problem", "state", "history", "steps_remaining", "source", "meta"}``

- ``state``: the best goal text known before the step.  Traced data (LeanDojo, our own search) gives the
  real goal; for bare proof files only the initial goal (or statement) is known, and ``meta.state_is_goal``
  says whether ``state`` is the goal *at this step*.
- ``history``: the tactic texts already applied on the path, oldest first.
- ``source``: where it came from (``deepseek-prover-v2``, ``leandojo``, ``search``, ...).  The format is open:
  new sources only need a new name, and ``meta`` carries source-specific extras.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prover.progress.errors import DatasetError
from symbolic.errors import InputError
from symbolic.limits import iter_json_lines

__all__ = ["ProgressRecord", "read_jsonl", "write_jsonl"]


@dataclass(frozen=True)
class ProgressRecord:
    """One labelled proof state: the unit the predictor trains and is evaluated on."""

    problem: str
    state: str
    history: tuple[str, ...]
    steps_remaining: int
    source: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        """The record as a JSON-ready dict (the JSONL line format)."""
        return {
            "problem": self.problem,
            "state": self.state,
            "history": list(self.history),
            "steps_remaining": self.steps_remaining,
            "source": self.source,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, obj: object, *, where: str = "<record>", line: int = 0) -> ProgressRecord:
        """Validate and build a record from a decoded JSON object (``DatasetError`` naming the line)."""
        if not isinstance(obj, dict):
            raise DatasetError(where, "record is not a JSON object", line)
        for key, kind in (("problem", str), ("state", str), ("source", str)):
            if not isinstance(obj.get(key), kind):
                raise DatasetError(where, f"field {key!r} missing or not a string", line)
        history = obj.get("history", [])
        if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
            raise DatasetError(where, "field 'history' is not a list of strings", line)
        remaining = obj.get("steps_remaining")
        if isinstance(remaining, bool) or not isinstance(remaining, int) or remaining < 0:
            raise DatasetError(where, "field 'steps_remaining' is not a non-negative integer", line)
        meta = obj.get("meta", {})
        if not isinstance(meta, dict):
            raise DatasetError(where, "field 'meta' is not an object", line)
        return cls(obj["problem"], obj["state"], tuple(history), remaining, obj["source"], meta)


def write_jsonl(records: Iterable[ProgressRecord], path: str | Path) -> int:
    """Write records one JSON object per line; return how many were written."""
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
            n += 1
    return n


def read_jsonl(path: str | Path) -> list[ProgressRecord]:
    """Read a JSONL file of records; a missing file or bad line raises ``DatasetError``."""
    return list(iter_jsonl(path))


def iter_jsonl(path: str | Path) -> Iterator[ProgressRecord]:
    """Stream records from a JSONL file (blank lines are skipped)."""
    p = Path(path)
    try:
        fh = p.open(encoding="utf-8")
    except OSError as exc:
        raise DatasetError(p, f"cannot read dataset ({exc.strerror or exc})") from exc
    with fh:
        try:
            for lineno, obj in iter_json_lines(fh, source=str(p)):
                yield ProgressRecord.from_json(obj, where=str(p), line=lineno)
        except InputError as exc:
            raise DatasetError(p, exc.message, exc.line or 0) from exc
        except UnicodeDecodeError as exc:
            raise DatasetError(p, f"not UTF-8 text (byte {exc.object[exc.start]:#04x})") from exc
