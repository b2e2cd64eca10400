"""Process isolation: hangs are killed at the deadline, crashes become unknown(crash), disagreement is flagged."""

from __future__ import annotations

import faulthandler
import os
import signal
import time
from typing import Any

import pytest

from symbolic.logic import INT, gt, lt, var
from symbolic.smt import Backend, Job, SolverDisagreement, Status, check_sat
from symbolic.smt.api import reconcile
from symbolic.smt.result import SmtResult

c = var("c", INT)


class HangingBackend(Backend):
    """Ignores its timeout and never returns."""

    name = "hang"

    def solve(self, job: Job) -> dict[str, Any]:
        while True:
            time.sleep(1)


class SegfaultBackend(Backend):
    name = "segv"

    def solve(self, job: Job) -> dict[str, Any]:
        faulthandler.disable()  # keep the expected crash quiet
        os.kill(os.getpid(), signal.SIGSEGV)
        return {}


class RaisingBackend(Backend):
    name = "raises"

    def solve(self, job: Job) -> dict[str, Any]:
        raise RuntimeError("solver exploded")


class LyingBackend(Backend):
    """Answers sat to everything: the cross-check must catch it."""

    name = "liar"

    def solve(self, job: Job) -> dict[str, Any]:
        return {"status": "sat", "model": {}}


def test_hanging_query_is_killed_at_its_timeout() -> None:
    start = time.monotonic()
    res = check_sat([gt(c, 0)], solver=HangingBackend(), timeout=0.5)
    elapsed = time.monotonic() - start
    assert res.status is Status.UNKNOWN and res.reason == "timeout"
    assert elapsed < 3.0


def test_crashing_solver_process_is_unknown_crash() -> None:
    res = check_sat([gt(c, 0)], solver=SegfaultBackend(), timeout=5)
    assert res.status is Status.UNKNOWN and res.reason == "crash"
    assert "exit code" in (res.message or "")


def test_exception_in_solver_is_unknown_error() -> None:
    res = check_sat([gt(c, 0)], solver=RaisingBackend(), timeout=5)
    assert res.status is Status.UNKNOWN and res.reason == "error"
    assert "solver exploded" in (res.message or "")


def test_portfolio_survives_a_crashing_member() -> None:
    res = check_sat([gt(c, 0), lt(c, 2)], solver="portfolio", solvers=[SegfaultBackend(), "z3"], timeout=5)
    assert res.status is Status.SAT and res.solver == "z3"


def test_portfolio_cancels_the_loser() -> None:
    start = time.monotonic()
    res = check_sat([gt(c, 0)], solver="portfolio", solvers=[HangingBackend(), "z3"], timeout=10)
    assert res.status is Status.SAT
    assert time.monotonic() - start < 3.0


def test_disagreement_is_flagged() -> None:
    with pytest.raises(SolverDisagreement, match="disagree"):
        check_sat([gt(c, 0), lt(c, 0)], solver="crosscheck", solvers=["z3", LyingBackend()], timeout=5)
    res = check_sat([gt(c, 0), lt(c, 0)], solver="crosscheck", solvers=["z3", LyingBackend()], timeout=5,
                    strict=False)
    assert res.status is Status.UNKNOWN and res.reason == "disagreement"


def test_reconcile_ignores_unknowns() -> None:
    a = SmtResult(status=Status.UNSAT, solver="z3", seconds=0.1)
    b = SmtResult(status=Status.UNKNOWN, solver="cvc5", seconds=1.0, reason="timeout")
    assert reconcile([a, b]).status is Status.UNSAT
    both = reconcile([b, SmtResult(status=Status.UNKNOWN, solver="z3", seconds=1.0, reason="incomplete")])
    assert both.status is Status.UNKNOWN and both.reason == "incomplete"


class HungryBackend(Backend):
    """Allocates far more than its memory cap."""

    name = "hungry"

    def solve(self, job: Job) -> dict[str, Any]:
        blocks = [bytearray(64 * 1024 * 1024) for _ in range(64)]
        return {"status": "sat", "model": {"n": len(blocks)}}


def test_memory_cap_gives_unknown_resource() -> None:
    res = check_sat([gt(c, 0)], solver=HungryBackend(), timeout=10, memory_mb=200)
    assert res.status is Status.UNKNOWN and res.reason == "resource"


def test_warm_workers_are_reused_and_hung_ones_replaced() -> None:
    from symbolic.smt import get_backend
    from symbolic.smt.api import prepare_job
    from symbolic.smt.worker import RunningQuery

    z3 = get_backend("z3")
    easy, _ = prepare_job([gt(c, 0)], timeout=5)
    first = RunningQuery(z3, easy, timeout=5).start()
    assert first.result().status is Status.SAT
    second = RunningQuery(z3, easy, timeout=5).start()
    assert second.result().status is Status.SAT
    assert second.pid == first.pid  # no fork for the second query
    busy = RunningQuery(z3, easy, timeout=5).start()
    busy.kill()  # cancelled while running: that worker is gone
    third = RunningQuery(z3, easy, timeout=5).start()
    assert third.result().status is Status.SAT
    assert third.pid != busy.pid
