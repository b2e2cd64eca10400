"""The package surface: pinned ``__all__``, no torch at import time, error classes in the project tree."""

from __future__ import annotations

import subprocess
import sys

import prover.progress as progress
from prover.errors import ProverError, UserError
from prover.progress.errors import CheckpointError, DatasetError, ProgressError, ProofSplitError


def test_public_names_are_pinned() -> None:
    assert sorted(progress.__all__) == sorted(
        [
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
    )
    for name in progress.__all__:
        assert hasattr(progress, name), name


def test_importing_the_package_and_cli_group_does_not_import_torch() -> None:
    code = "import sys, prover.progress, prover.commands.progress; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"


def test_errors_subclass_the_project_tree_and_read_as_one_line() -> None:
    for cls in (CheckpointError, DatasetError, ProofSplitError):
        assert issubclass(cls, ProgressError) and issubclass(cls, UserError) and issubclass(cls, ProverError)
    assert str(CheckpointError("m.pt", "corrupt")) == "m.pt: corrupt"
    assert str(DatasetError("d.jsonl", "bad", 3)) == "d.jsonl:3: bad"
