from __future__ import annotations

from symbolic.gl import GLConfig, Grid
from symbolic.gl.outputs import write_outputs


def test_burst_limit_keeps_what_was_proved(peano, quick_targets, tmp_path):
    result = Grid(peano, GLConfig(max_bursts=2)).run(quick_targets)
    assert result.stopped == "burst limit"
    assert 0 < len(result.theorems) < len(quick_targets)
    assert set(result.unproved) | {t.name for t in result.theorems} == {t.name for t in quick_targets}
    write_outputs(tmp_path, peano, result)
    assert (tmp_path / "Peano.lean").read_text().count("theorem ") == len(result.theorems)


def test_memory_budget_stops_cleanly(peano, quick_targets):
    result = Grid(peano, GLConfig(memory_budget_mb=1.0)).run(quick_targets)
    assert result.stopped == "memory budget"
    assert result.theorems == []


def test_time_budget_stops_cleanly(peano, quick_targets):
    result = Grid(peano, GLConfig(time_budget=0.0)).run(quick_targets)
    assert result.stopped == "time budget"
