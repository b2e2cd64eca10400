from __future__ import annotations

from pathlib import Path

import pytest

from symbolic.gl import GLConfig, Grid, load_targets, load_theory

ROOT = Path(__file__).resolve().parents[2]
PEANO = ROOT / "data" / "theories" / "peano.mpl"
QUICK = ROOT / "data" / "theories" / "peano_quick.targets"


@pytest.fixture(scope="session")
def peano():
    return load_theory(PEANO)


@pytest.fixture(scope="session")
def quick_targets(peano):
    return load_targets(QUICK, peano)


@pytest.fixture(scope="session")
def quick_result(peano, quick_targets):
    return Grid(peano, GLConfig()).run(quick_targets)
