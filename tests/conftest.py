"""Shared fixtures: where the third-party benchmark data lives, and the Lean toolchain probe."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path | None:
    """The benchmark data folder (``$PROVER_DATA_DIR``, else ``../shared/data`` beside the checkout)."""
    from prover.datadir import shared_data_dir as find

    return find()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = shared_data_dir()
    if d is None:
        pytest.skip("benchmark data ../shared/data not found beside the checkout")
    return d


def lean_available() -> bool:
    return shutil.which("lake") is not None or shutil.which("lean") is not None or (
        Path.home() / ".elan" / "bin" / "lake").exists()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if lean_available():
        return
    skip = pytest.mark.skip(reason="no Lean toolchain")
    for item in items:
        if item.get_closest_marker("lean") is not None:
            item.add_marker(skip)
