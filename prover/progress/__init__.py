"""Proof-progress prediction (after LeanProgress): how many tactic steps remain from a proof state.

Light modules are re-exported here; torch is imported only when a model is trained or a predictor first
scores states.  Main entry points:

- :func:`estimate` / :class:`ProgressPredictor` — batched scoring with the shipped checkpoint;
- :func:`split_proof` — Lean proof text -> tactic steps;
- :mod:`prover.progress.datasets` — records from proofs, LeanDojo traces and search paths;
- :mod:`prover.progress.training`, :mod:`prover.progress.checkpoint` — train and store models.
"""

from __future__ import annotations

from prover.progress.errors import CheckpointError, DatasetError, ProgressError, ProofSplitError
from prover.progress.predictor import (
    DEFAULT_CHECKPOINT,
    ProgressPredictor,
    default_predictor,
    estimate,
    load_predictor_or_none,
)
from prover.progress.records import ProgressRecord, read_jsonl, write_jsonl
from prover.progress.splitter import SplitProof, Step, split_proof

__all__ = [
    "DEFAULT_CHECKPOINT",
    "CheckpointError",
    "DatasetError",
    "ProgressError",
    "ProgressPredictor",
    "ProgressRecord",
    "ProofSplitError",
    "SplitProof",
    "Step",
    "default_predictor",
    "estimate",
    "load_predictor_or_none",
    "read_jsonl",
    "split_proof",
    "write_jsonl",
]
