"""Exceptions raised by :mod:`prover.progress`.

Tree::

    ProverError
    └── ProgressError                         base of everything raised here
        ├── CheckpointError (UserError)       missing, corrupt or incompatible checkpoint file
        ├── DatasetError (UserError)          unreadable dataset file or malformed record
        └── ProofSplitError (UserError)       a proof text the splitter cannot split into tactic steps

All three are user-facing: ``str()`` is one line naming the file (or proof) and the problem, so the CLI
prints it and exits with status 2.  Callers that can live without a predictor (the proof search) catch
:class:`CheckpointError` and fall back to no predictor with a warning
(:func:`prover.progress.predictor.load_predictor_or_none`).
"""

from __future__ import annotations

from prover.errors import ProverError, UserError

__all__ = ["CheckpointError", "DatasetError", "ProgressError", "ProofSplitError"]


class ProgressError(ProverError):
    """Base class of the progress predictor's exceptions."""


class CheckpointError(ProgressError, UserError):
    """A checkpoint is missing, unreadable, corrupt or of an unsupported format version."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class DatasetError(ProgressError, UserError):
    """A dataset file cannot be read or holds a malformed record (``line`` is 1-based, 0 when unknown)."""

    def __init__(self, path: object, problem: str, line: int = 0) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


class ProofSplitError(ProgressError, UserError):
    """A proof cannot be split into tactic steps (no ``:= by`` block, unbalanced brackets, no steps)."""

    def __init__(self, source: object, problem: str) -> None:
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")
