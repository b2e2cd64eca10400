"""`prover batch --predictor/--no-predictor` reaches the search; runs stored without the switch still resume."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from prover.batch import BatchConfig
from prover.batch.worker import Task, run_task
from prover.benchmarks import Problem
from prover.cli import app

pytest.importorskip("z3")

PROBLEM = Problem(benchmark="test", split="test", name="add_zero", statement="theorem add_zero (n : ℕ) : n + 0 = n := by sorry",
                  header="import Mathlib\n")


def test_settings_name_the_switch_only_when_it_is_chosen(tmp_path: Path) -> None:
    assert "predictor" not in BatchConfig("demo", tmp_path).settings()
    assert BatchConfig("demo", tmp_path, predictor=True).settings()["predictor"] is True
    assert BatchConfig("demo", tmp_path, predictor=False).settings()["predictor"] is False


@pytest.mark.parametrize("on", [True, False])
def test_the_switch_reaches_the_search(on: bool) -> None:
    task = Task(PROBLEM, 0, 0, "best-first", "symbolic", "none", 20.0, audit=False, predictor=on)
    result = run_task(task)
    note = result.stats.get("predictor", "")
    assert ("off (config)" in note) is (not on)
    assert ("progress predictor:" in note) is on


def test_cli_offers_the_switch() -> None:
    out = CliRunner().invoke(app, ["batch", "--help"], env={"COLUMNS": "200"})
    assert "--predictor" in out.output and "--no-predictor" in out.output
