"""Fixtures of the Lean tests: the shared benchmark data beside the checkout, and the live-Lean tier."""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.datadir import shared_data_dir

REPO_ROOT = Path(__file__).resolve().parents[2]


def _shared_data() -> Path | None:
    return shared_data_dir()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` relative to the repository root (read-only benchmark data)."""
    path = _shared_data()
    if path is None:
        pytest.skip(f"benchmark data not found at {REPO_ROOT.parent / 'shared' / 'data'}")
    return path


@pytest.fixture(scope="session")
def transcripts_dir(shared_data: Path) -> Path:
    path = shared_data / "lean-repl-transcripts"
    if not path.is_dir():
        pytest.skip(f"recorded REPL sessions not found at {path}")
    return path


def recorded_cases() -> list[Path]:
    """Every ``*.in`` with its recorded answers (for parametrization; empty when the data is absent)."""
    data = _shared_data()
    if data is None:
        return []
    root = data / "lean-repl-transcripts"
    return sorted(p for p in root.rglob("*.in") if p.with_name(p.name[:-3] + ".expected.out").is_file())


def case_id(path: Path) -> str:
    return path.parent.name + "/" + path.name[:-3] if path.parent.name == "test" else path.name[:-3]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the "no Lean toolchain" skip for tests *marked* ``lean`` only.

    The root conftest tests ``"lean" in item.keywords``, which also matches every test in this
    ``tests/lean/`` package (node names are keywords); the default tier here needs no Lean.
    """
    here = Path(__file__).parent
    for item in items:
        if item.get_closest_marker("lean") is not None or here not in Path(str(item.path)).parents:
            continue
        item.own_markers[:] = [
            m for m in item.own_markers if not (m.name == "skip" and m.kwargs.get("reason") == "no Lean toolchain")
        ]
