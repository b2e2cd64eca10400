"""One call for a whole GL run: (enumerate → filter →) prove, with per-phase timings."""

from __future__ import annotations

import time
from collections.abc import Callable

from symbolic.gl.executors import BlockExecutor, ProcessPoolBlockExecutor, SerialExecutor
from symbolic.gl.grid import GLConfig, Grid, RunResult
from symbolic.gl.theory import Statement, Theory

__all__ = ["make_executor", "run_theory"]


def make_executor(workers: int) -> BlockExecutor:
    """Serial for one worker, a process pool otherwise."""
    return SerialExecutor() if workers <= 1 else ProcessPoolBlockExecutor(workers)


def run_theory(theory: Theory, targets: list[Statement] | None, config: GLConfig | None = None,
               workers: int = 1, enumerate_max_size: int = 5,
               progress: Callable[[dict], None] | None = None) -> tuple[RunResult, dict[str, float]]:
    """Prove ``targets``, or (``targets=None``) enumerate conjectures, filter them on the model, prove them.

    Returns the run's result (its ``stats`` include ``candidates`` and ``survivors`` when enumerating) and the
    seconds spent per phase (``conjecture``, ``filter``, ``prove``). A time budget in ``config`` covers all
    phases; the prover gets what the first two left.
    """
    from dataclasses import replace

    config = config or GLConfig()
    phases: dict[str, float] = {}
    counts: dict[str, float] = {}
    levels = None
    start = time.perf_counter()
    if targets is None:
        from symbolic.gl.cfilter import CounterexampleFilter
        from symbolic.gl.conjecture import candidate_statements, enumerate_conjectures

        if progress:
            progress({"phase": "conjecturing", "total": None})
        t = time.perf_counter()
        cands = enumerate_conjectures(theory, max_size=enumerate_max_size)
        phases["conjecture"] = time.perf_counter() - t
        if progress:
            progress({"phase": f"filtering {len(cands)} candidates", "total": None})
        t = time.perf_counter()
        survivors = CounterexampleFilter(theory).filter(cands)
        phases["filter"] = time.perf_counter() - t
        targets = candidate_statements(survivors, theory)
        levels = [c.size() for c in survivors]
        counts["candidates"] = float(len(cands))
        counts["survivors"] = float(len(survivors))
        if config.time_budget is not None:
            config = replace(config, time_budget=max(0.0, config.time_budget - (time.perf_counter() - start)))
    t = time.perf_counter()
    result = Grid(theory, config).run(targets, make_executor(workers), progress, levels)
    phases["prove"] = time.perf_counter() - t
    result.stats.update(counts)
    return result, phases
