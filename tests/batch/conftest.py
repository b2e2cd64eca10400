"""Small problem files for batch tests: linear statements the hammer decides in milliseconds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.provenance.test_browser import browser  # noqa: F401  (the shared headless Chromium fixture)

HEADER = "import Mathlib\n\n"


def statements(names: list[str]) -> list[dict[str, str]]:
    rows = []
    for k, name in enumerate(names):
        rows.append({"name": name, "split": "valid", "header": HEADER,
                     "formal_statement": f"theorem {name} (x : ℝ) (h : x + {k} = {k + 2}) : x = 2 := by sorry"})
    return rows


@pytest.fixture()
def problem_file(tmp_path: Path):
    def make(names: list[str], extra_lines: list[str] | None = None) -> Path:
        path = tmp_path / "problems.jsonl"
        lines = [json.dumps(r) for r in statements(names)] + (extra_lines or [])
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return make
