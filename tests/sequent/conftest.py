"""Skip SMT-backed tests when the solver seam offers no backend."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _solvers() -> None:
    from symbolic.smt import available_backends

    if not available_backends():
        pytest.skip("no SMT backend installed")
