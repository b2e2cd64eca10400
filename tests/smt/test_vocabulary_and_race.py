"""SMT results speak the one vocabulary; the non-blocking race and the grace cross-check of the seam."""

from __future__ import annotations

import time
from typing import Any

import pytest

from symbolic.logic import INT, gt, lt, var
from symbolic.smt import Backend, Job, SmtResult, Status, check_sat, get_backend
from symbolic.smt.api import Race, prepare_job
from symbolic.verdicts import Reason, VocabularyError

c = var("c", INT)


class SlowSatBackend(Backend):
    """Answers ``sat`` after two seconds (an objection that comes too late for a short grace)."""

    name = "slow-sat"

    def solve(self, job: Job) -> dict[str, Any]:
        time.sleep(2.0)
        return {"status": "sat"}


def test_reason_strings_become_reason_values_and_strangers_are_refused() -> None:
    r = SmtResult(status=Status.UNKNOWN, solver="z3", seconds=0.1, reason="timeout")
    assert r.reason is Reason.TIMEOUT and r.to_json()["reason"] == "timeout"
    with pytest.raises(VocabularyError, match="reason: unknown value 'unverified'"):
        SmtResult(status=Status.UNKNOWN, solver="z3", seconds=0.1, reason="unverified")


def test_results_carry_the_query_they_answered() -> None:
    res = check_sat([gt(c, 2), lt(c, 1)], solver="z3", timeout=5)
    assert res.status is Status.UNSAT and res.query is not None and res.query.rstrip().endswith("(check-sat)")
    assert "declare-const c Int" in res.query or "declare-fun c () Int" in res.query


def test_race_polls_without_blocking_and_stops_the_losers() -> None:
    job, _ = prepare_job([gt(c, 2), lt(c, 1)], timeout=5)
    race = Race(job, [get_backend("z3"), SlowSatBackend()], timeout=5).start()
    answer = race.wait()
    assert answer.status is Status.UNSAT and answer.details["winner"] == "z3"
    assert race.poll() is answer and race.done


def test_race_that_finds_nothing_reports_unknown_with_a_reason() -> None:
    job, _ = prepare_job([gt(c, 2)], timeout=5)
    race = Race(job, [SlowSatBackend()], timeout=5).start()
    early = race.wait(until=time.monotonic() + 0.2)
    assert early.status is Status.UNKNOWN and early.reason is Reason.TIMEOUT
    race.stop()


def test_crosscheck_grace_cuts_a_slow_solver_short_but_not_its_answer_in_time() -> None:
    started = time.monotonic()
    res = check_sat([gt(c, 2), lt(c, 1)], solver="crosscheck", solvers=["z3", SlowSatBackend()], timeout=5,
                    strict=False, grace=0.3)
    assert res.status is Status.UNSAT and time.monotonic() - started < 1.8
    res = check_sat([gt(c, 2), lt(c, 1)], solver="crosscheck", solvers=["z3", SlowSatBackend()], timeout=5,
                    strict=False, grace=3.0)
    assert res.status is Status.UNKNOWN and res.reason is Reason.DISAGREEMENT


class GiveUpBackend(Backend):
    """Gives up at once (``unknown``): a leader that cannot decide must not hold the others back."""

    name = "give-up"

    def solve(self, job: Job) -> dict[str, Any]:
        return {"status": "unknown", "reason": "incomplete"}


def test_staggered_race_starts_the_follower_only_when_the_leader_is_slow(monkeypatch) -> None:
    monkeypatch.setattr("symbolic.smt.api._WINS", {})
    job, _ = prepare_job([gt(c, 2), lt(c, 1)], timeout=5)
    race = Race(job, [SlowSatBackend(), get_backend("z3")], timeout=5, stagger=0.3).start()
    assert [q.backend.name for q in race.queries] == ["slow-sat"]  # the leader runs alone at first
    answer = race.wait()
    assert answer.status is Status.UNSAT and answer.details["winner"] == "z3"
    assert [q.backend.name for q in race.queries] == ["slow-sat", "z3"]
    # z3 has won in this process, so it leads the next race and answers alone
    race = Race(job, [SlowSatBackend(), get_backend("z3")], timeout=5, stagger=30).start()
    assert [q.backend.name for q in race.queries] == ["z3"]
    assert race.wait().details["winner"] == "z3" and [q.backend.name for q in race.queries] == ["z3"]


def test_staggered_race_starts_the_follower_at_once_when_the_leader_gives_up(monkeypatch) -> None:
    monkeypatch.setattr("symbolic.smt.api._WINS", {})
    job, _ = prepare_job([gt(c, 2), lt(c, 1)], timeout=5)
    started = time.monotonic()
    race = Race(job, [GiveUpBackend(), get_backend("z3")], timeout=5, stagger=30).start()
    answer = race.wait()
    assert answer.status is Status.UNSAT and answer.details["winner"] == "z3"
    assert time.monotonic() - started < 5  # did not wait out the 30 s stagger
