"""The façade: tri-state answers, models, cores, portfolio and cross-check on small known instances."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbolic.logic import INT, REAL, FunSort, and_, const, eq, forall, ge, gt, lt, mod, not_, or_, var
from symbolic.smt import SmtResult, SolverUnavailable, Status, check_sat
from tests.smt.conftest import BACKENDS

x, y, c = var("x", INT), var("y", INT), var("c", INT)
r = var("r", REAL)
f = var("f", FunSort((INT,), INT))


@pytest.mark.parametrize("solver", BACKENDS)
def test_sat_with_model_of_each_sort(solver: str) -> None:
    half = const(Fraction(1, 2), REAL)
    b = var("b", INT.__class__("Bool"))
    res = check_sat([gt(c, 5), lt(c, 7), eq(r * 2, const(1, REAL) + half), b], solver=solver, timeout=5)
    assert res.status is Status.SAT and res.solver == solver
    assert res.model is not None
    assert res.model["c"] == 6 and isinstance(res.model["c"], int)
    assert res.model["r"] == Fraction(3, 4)
    assert res.model["b"] is True


@pytest.mark.parametrize("solver", BACKENDS)
def test_unsat_and_core_names(solver: str) -> None:
    res = check_sat([gt(c, 5), ge(y, 0), lt(c, 3)], solver=solver, timeout=5, want_core=True,
                    names=["big", "pos", "small"])
    assert res.status is Status.UNSAT
    assert res.core is not None and set(res.core) == {"big", "small"}


@pytest.mark.parametrize("solver", BACKENDS)
def test_quantified_uf_unsat(solver: str) -> None:
    # f strictly increasing by 1 per step but f(3) = f(0): unsat, found by instantiation
    res = check_sat([forall([x], eq(f(x + 1), f(x) + 1)), eq(f(const(3)), f(const(0)))], solver=solver,
                    timeout=5)
    assert res.status is Status.UNSAT


def test_unknown_with_reason_on_a_hard_quantified_sat_instance() -> None:
    # sat (f(x) = 3x + 2), but E-matching/MBQI do not find the arithmetic function within the timeout
    a = [forall([x], eq(f(x + 1), f(x) + 3)), eq(f(const(0)), 2), gt(f(const(7)), 20)]
    res = check_sat(a, solver="z3", timeout=1.0)
    assert res.status is Status.UNKNOWN
    assert res.reason in ("timeout", "incomplete")
    assert res.seconds < 3.5


def test_nonlinear_integer_incomplete_or_answer() -> None:
    # x^3 + y^3 = 33 has solutions only with huge numbers: solvers give up or time out, never answer wrongly
    res = check_sat([eq(x * x * x + y * y * y + c * c * c, const(33)), gt(c, 1000)], solver="z3", timeout=1.0)
    assert res.status in (Status.UNKNOWN, Status.SAT)
    if res.status is Status.UNKNOWN:
        assert res.reason in ("timeout", "incomplete")


def test_portfolio_answers_and_names_the_winner() -> None:
    res = check_sat([gt(c, 5), lt(c, 7)], solver="portfolio", timeout=5)
    assert res.status is Status.SAT
    assert res.details.get("winner") in BACKENDS
    assert res.model is not None and res.model["c"] == 6


def test_crosscheck_agreement() -> None:
    res = check_sat([or_(eq(mod(c, const(2)), 1), lt(c, 0)), not_(lt(c, 0)), eq(mod(c, const(2)), 0)],
                    solver="crosscheck", timeout=5)
    assert res.status is Status.UNSAT
    assert res.details.get("agreeing") == len(BACKENDS)


def test_unknown_solver_is_an_error() -> None:
    with pytest.raises(SolverUnavailable):
        check_sat([gt(c, 0)], solver="nosuchsolver")


def test_result_json_is_plain() -> None:
    res = check_sat([and_(gt(c, 1), lt(c, 3))], timeout=5)
    doc = res.to_json()
    assert doc["status"] == "sat" and doc["model"] == {"c": "2"}
    assert isinstance(res, SmtResult) and Status("sat") is Status.SAT and Status.SAT == "sat"
