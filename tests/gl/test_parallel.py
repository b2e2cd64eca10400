from __future__ import annotations

from symbolic.gl import GLConfig, Grid, ProcessPoolBlockExecutor, SerialExecutor


def test_serial_and_process_pool_prove_the_same_theorems(peano, quick_targets):
    targets = quick_targets[:7]
    serial = Grid(peano, GLConfig()).run(targets, SerialExecutor())
    parallel = Grid(peano, GLConfig()).run(targets, ProcessPoolBlockExecutor(2))
    assert [t.name for t in serial.theorems] == [t.name for t in parallel.theorems]
    assert len(serial.theorems) == 7
    # bursts are bulk-synchronous, so the runs are step-for-step identical
    assert [t.proof.steps() for t in serial.theorems] == [t.proof.steps() for t in parallel.theorems]
    assert serial.stats["facts"] == parallel.stats["facts"]
