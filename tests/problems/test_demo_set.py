"""The project's own problem set: format, twins, and that every statement is one the bridge reads."""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from symbolic.bridge.translate import parse_any

DEMO = Path(__file__).resolve().parents[2] / "data" / "problems" / "demo.jsonl"
FIELDS = {"name", "split", "category", "header", "formal_statement", "expect", "twin_of"}
CATEGORIES = {"linear", "nonlinear", "case-split", "enumeration", "functional", "induction", "peano"}


def _rows() -> list[dict]:
    return [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_rows_have_the_documented_fields() -> None:
    rows = _rows()
    assert 60 <= len(rows) <= 120
    for r in rows:
        assert set(r) == FIELDS, r["name"]
        assert r["split"] == "demo" and r["category"] in CATEGORIES
        assert r["expect"] in ("true", "false")
        assert r["formal_statement"].startswith(f"theorem {r['name']} ")
        assert r["formal_statement"].endswith(":= by sorry")
        assert r["header"].startswith("import Mathlib\n")
    assert len({r["name"] for r in rows}) == len(rows)


def test_every_true_problem_has_one_minimal_false_twin() -> None:
    rows = _rows()
    by_name = {r["name"]: r for r in rows}
    trues = [r for r in rows if r["expect"] == "true"]
    falses = [r for r in rows if r["expect"] == "false"]
    assert len(trues) >= 30 and len(falses) == len(trues)
    assert all(r["twin_of"] is None for r in trues)
    assert sorted(r["twin_of"] for r in falses) == sorted(r["name"] for r in trues)
    for f in falses:
        t = by_name[f["twin_of"]]
        assert t["category"] == f["category"]
        body_t = t["formal_statement"].removeprefix(f"theorem {t['name']}")
        body_f = f["formal_statement"].removeprefix(f"theorem {f['name']}")
        assert body_t != body_f
        # minimal: a few characters changed (a constant, a relation, one disjunct)
        ops = SequenceMatcher(None, body_t, body_f, autojunk=False).get_opcodes()
        changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
        assert changed <= 12, (t["name"], body_t, body_f)


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["name"])
def test_statement_parses(row: dict) -> None:
    _stmt, header = parse_any(row["formal_statement"], source=row["name"])
    assert header is not None and header.startswith(f"theorem {row['name']}")
