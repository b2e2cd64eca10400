"""Shared helpers for the SMT tests: domain assertions and skips for missing backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.datadir import shared_data_dir
from symbolic.smt import available_backends

DATA = (shared_data_dir() or Path("/nonexistent")) / "smt"
BACKENDS = [b for b in ("z3", "cvc5") if b in available_backends()]


def needs(name: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(name not in available_backends(), reason=f"{name} not installed")


def needs_data() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not DATA.is_dir(), reason="shared benchmark data not found")
