"""Property-based fuzzing of every parser: mutated valid inputs (deep nesting, huge numerals, blank lines,
stray bytes, cut text) raise only the error types each parser documents.

Bounded: a fixed number of examples per parser (derandomized, so a failure reproduces), the whole module
in well under a minute. ``experiments/hardening_bench.py`` runs the same mutations at a larger count.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.targets import Target, run_case, targets

TARGETS = {t.name: t for t in targets()}
# the Lean readers are the slowest per case (translation and the guard); the others get more examples
EXAMPLES = {"lean statements": 80, "lean guard": 80, "mpl targets": 120, "mpl targets file": 100, "mpl theory": 120,
            "goal states": 150}


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", list(TARGETS))
def test_only_documented_errors_escape(name: str) -> None:
    target: Target = TARGETS[name]

    @settings(max_examples=EXAMPLES.get(name, 200), deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(seed=st.integers(0, 2**32 - 1), which=st.integers(0, 9), steps=st.integers(1, 4))
    def check(seed: int, which: int, steps: int) -> None:
        crash = run_case(target, which, random.Random(seed), steps)
        assert crash is None, f"{name}: {type(crash).__name__}: {str(crash)[:200]}"

    check()
