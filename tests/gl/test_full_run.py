from __future__ import annotations

import pytest

from symbolic.gl import GLConfig, ReplayChecker, run_theory
from symbolic.gl.render import formula_text

CLASSIC = {
    "forall a b : N. a + b = b + a", "forall a b : N. a * b = b * a",
    "forall a b c : N. (a + b) + c = a + (b + c)", "forall a b c : N. (a * b) * c = a * (b * c)",
    "forall a b c : N. (a * b) + (a * c) = a * (b + c)", "forall a b c : N. (a * b) + (c * b) = (a + c) * b",
}


@pytest.mark.slow
def test_full_peano_enumerate_filter_prove(peano):
    result, phases = run_theory(peano, None, GLConfig(time_budget=120.0))
    texts = {formula_text(t.statement.formula, peano) for t in result.theorems}
    assert len(result.theorems) >= 32
    assert texts >= CLASSIC
    assert sum(phases.values()) <= 120.0
    checker, prior = ReplayChecker(peano), {}
    for t in result.theorems:
        assert checker.check(t, prior) == (True, "")
        prior[t.name] = t.statement
