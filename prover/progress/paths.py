"""Feeding the states of one proof path in order, each with its parent's estimate (as the search does).

The search knows each node's parent and the parent's estimate; :func:`prover.progress.model.chain_parent`
caps a state's estimate by it.  Evaluating that on labelled records needs each record's parent: the record
of the same problem and source whose history is this one's minus its last tactic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prover.progress.records import ProgressRecord

__all__ = ["chain_along_paths", "estimate_in_order", "parent_indices"]


def parent_indices(records: Sequence[ProgressRecord]) -> list[int | None]:
    """For each record, the index of its parent record (one tactic shorter history), or None."""
    index = {(r.problem, r.source, r.history): i for i, r in enumerate(records)}
    return [index.get((r.problem, r.source, r.history[:-1])) if r.history else None for r in records]


def chain_along_paths(
    predictions: Sequence[float], parents: Sequence[int | None], step: float
) -> list[float]:
    """The estimates a search would see: each state's prediction capped by its parent's *chained* estimate,
    parents first (a parent index must point at a record with a shorter history)."""
    from prover.progress.model import chain_parent

    if len(predictions) != len(parents):
        raise ValueError(f"{len(predictions)} predictions for {len(parents)} parents")
    out = list(predictions)
    depth = [0] * len(out)
    for i in range(len(out)):  # depth along parent links, so parents are chained before their children
        j, d = parents[i], 0
        while j is not None and d <= len(out):
            j, d = parents[j], d + 1
        depth[i] = d
    for i in sorted(range(len(out)), key=depth.__getitem__):
        p = parents[i]
        out[i] = chain_parent(predictions[i], None if p is None else out[p], step)
    return out


def estimate_in_order(predictor: Any, records: Sequence[ProgressRecord]) -> list[float]:
    """``predictor.estimate`` over ``records`` as a search calls it: level by level along each path (one
    batch per depth), each state with its parent record's estimate (None where the parent is not a record)."""
    parents = parent_indices(records)
    out: list[float | None] = [None] * len(records)
    levels: dict[int, list[int]] = {}
    for i, r in enumerate(records):
        levels.setdefault(len(r.history), []).append(i)
    for depth in sorted(levels):
        idx = levels[depth]
        got = predictor.estimate(
            [records[i].state for i in idx],
            [records[i].history for i in idx],
            [None if parents[i] is None else out[parents[i]] for i in idx],  # type: ignore[index]
        )
        for i, e in zip(idx, got, strict=True):
            out[i] = e
    return [float(e) for e in out]  # type: ignore[arg-type]
