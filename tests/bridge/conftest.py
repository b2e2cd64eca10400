"""Shared fixtures: the benchmark data folder beside the checkout and the available SMT backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.datadir import shared_data_dir

REPO = Path(__file__).resolve().parents[2]
DATA = shared_data_dir() or REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def minif2f_rows() -> list[dict]:
    import json

    path = DATA / "minif2f" / "minif2f_with_goals_lean4.9.jsonl"
    if not path.exists():
        pytest.skip(f"benchmark data absent: {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def backends() -> list[str]:
    """SMT backends the solver seam offers here (empty when the SMT layer is missing)."""
    try:
        from symbolic.smt import available_backends
    except ImportError:
        return []
    return list(available_backends())
