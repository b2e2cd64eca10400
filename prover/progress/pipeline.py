"""End-to-end steps shared by the CLI and the experiment scripts: find data, build, split, train, evaluate.

The default dataset is the DeepSeek-Prover-V2 miniF2F-valid proofs with miniF2F's initial goals, read from
the shared benchmark folder beside the checkout (``../shared/data``) or from ``$PROVER_DATA_DIR``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prover.datadir import shared_data_dir
from prover.progress.datasets import LeanProofDataset, load_goals, load_lean_proofs, split_by_problem
from prover.progress.errors import DatasetError
from prover.progress.records import ProgressRecord

__all__ = ["DataSplits", "build_default_dataset", "find_data_root", "make_splits", "time_estimate"]

PROOFS_SUBDIR = Path("proofs") / "deepseek-prover-v2"
GOALS_FILE = Path("minif2f") / "minif2f_with_goals_lean4.9.jsonl"


def find_data_root(start: str | Path | None = None) -> Path | None:
    """The shared benchmark folder (:func:`prover.datadir.shared_data_dir`) holding the proofs."""
    return shared_data_dir(PROOFS_SUBDIR, start=start)


def build_default_dataset(
    data_root: str | Path, *, local_goals: bool = False, reconstruct: bool = True
) -> LeanProofDataset:
    """Records from the DeepSeek-Prover-V2 proofs, from miniF2F's initial goal texts where known; with
    ``reconstruct`` each step's state is replayed from the step texts (see :mod:`prover.progress.reconstruct`)."""
    root = Path(data_root)
    proofs = root / PROOFS_SUBDIR
    if not proofs.is_dir():
        raise DatasetError(proofs, "proof folder not found (is the benchmark data present?)")
    goals_path = root / GOALS_FILE
    goals = load_goals(goals_path) if goals_path.is_file() else None
    return load_lean_proofs(proofs, goals=goals, local_goals=local_goals, reconstruct=reconstruct)


@dataclass(frozen=True)
class DataSplits:
    """Problem-disjoint train/validation/test record lists."""

    train: list[ProgressRecord]
    val: list[ProgressRecord]
    test: list[ProgressRecord]

    def summary(self) -> dict[str, Any]:
        """Counts of records and problems per split."""
        return {
            name: {"records": len(rs), "problems": len({r.problem for r in rs})}
            for name, rs in (("train", self.train), ("val", self.val), ("test", self.test))
        }


def make_splits(records: Sequence[ProgressRecord], *, seed: int = 0) -> DataSplits:
    """The project's standard split: 70% train, 10% validation, 20% test, by problem."""
    train, val, test = split_by_problem(records, val_fraction=0.1, test_fraction=0.2, seed=seed)
    return DataSplits(train, val, test)


def time_estimate(fn: Callable[[], object], *, repeat: int = 3) -> float:
    """Best-of-``repeat`` wall time of ``fn()`` in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best
