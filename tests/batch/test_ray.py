"""``--executor ray`` on a local Ray instance gives the same results as the process pool."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from prover.batch import BatchConfig, run_batch

pytest.importorskip("z3")
pytestmark = pytest.mark.slow  # a local Ray instance takes 10-60 s to start on a loaded machine


def _outcomes(out: Path) -> dict[tuple[str, int], tuple[str, str | None]]:
    db = sqlite3.connect(out / "results.sqlite")
    try:
        return {(n, a): (o, c) for n, a, o, c in db.execute("SELECT name, attempt, outcome, checker FROM attempts")}
    finally:
        db.close()


def test_ray_executor_matches_the_process_pool(tmp_path: Path, problem_file) -> None:
    pytest.importorskip("ray")
    path = problem_file(["a", "b", "crash_me", "c"])
    common = {"workers": 2, "attempts": 2, "strategy": "tests.batch.faults:crash", "time_per_problem": 5}
    run_batch(BatchConfig(str(path), tmp_path / "pool", **common), show_progress=False)
    run_batch(BatchConfig(str(path), tmp_path / "ray", executor="ray", **common), show_progress=False)
    pool, ray = _outcomes(tmp_path / "pool"), _outcomes(tmp_path / "ray")
    assert len(pool) == 8 and pool == ray
    assert pool[("crash_me", 0)] == ("error", None) and pool[("a", 1)] == ("proved", "smt")
