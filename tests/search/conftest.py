"""Search tests read the recorded REPL sessions through the Lean tests' fixtures."""

from __future__ import annotations

from tests.lean.conftest import shared_data, transcripts_dir

__all__ = ["shared_data", "transcripts_dir"]
