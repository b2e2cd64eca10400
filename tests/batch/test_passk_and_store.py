"""pass@k against hand-computed values; the result store's round trip and its refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from prover.batch.report import pass_at_k
from prover.batch.store import AttemptRow, ResultStore, StoreError
from symbolic.verdicts import Claim


@pytest.mark.parametrize(("n", "c", "k", "expected"), [
    (5, 2, 1, 2 / 5),             # pass@1 is the success rate
    (5, 2, 2, 1 - 3 / 10),        # 1 - C(3,2)/C(5,2)
    (10, 3, 5, 1 - 21 / 252),     # 1 - C(7,5)/C(10,5)
    (4, 3, 2, 1.0),               # fewer failures than k: every k-subset holds a success
    (8, 0, 4, 0.0),
    (8, 8, 1, 1.0),
    (1, 1, 1, 1.0),
])
def test_pass_at_k_matches_hand_computed_values(n: int, c: int, k: int, expected: float) -> None:
    assert pass_at_k(n, c, k) == pytest.approx(expected)


def test_pass_at_k_refuses_impossible_counts() -> None:
    for n, c, k in ((3, 4, 1), (3, 1, 4), (3, 1, 0)):
        with pytest.raises(ValueError):
            pass_at_k(n, c, k)


def _row(problem: str, attempt: int = 0, outcome: str = "proved", checker: str | None = "smt") -> AttemptRow:
    return AttemptRow(problem, attempt, "b", "valid", problem, "", "cat", attempt, "none", "hammer", "symbolic",
                      Claim(outcome, checker, detail="d"), proof="theorem …", seconds=0.5, messages=["m"],
                      versions={"z3": "4"}, audit={"outcome": "unknown"}, stats={"queries": []})


def test_store_round_trip_and_resume_set(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with ResultStore(path, {"strategy": "hammer"}) as store:
        store.write(_row("p1"))
        store.write(_row("p2", 1, "unknown", None))
    with ResultStore(path, {"strategy": "hammer"}) as store:
        assert store.finished() == {("p1", 0), ("p2", 1)}
        rows = list(store.rows())
        assert rows[0].claim == Claim("proved", "smt", detail="d") and rows[0].messages == ["m"]
        assert rows[1].claim.outcome.value == "unknown" and rows[0].audit == {"outcome": "unknown"}
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_refuses_other_settings_corrupt_foreign_and_other_versions(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    ResultStore(path, {"strategy": "hammer"}).close()
    with pytest.raises(StoreError, match=r"other settings .*strategy"):
        ResultStore(path, {"strategy": "best-first"})
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"garbage" * 200)
    with pytest.raises(StoreError, match="not a usable result store"):
        ResultStore(corrupt)
    foreign = tmp_path / "foreign.sqlite"
    _execute(foreign, "CREATE TABLE t (a)")
    with pytest.raises(StoreError, match="not a result store of this project"):
        ResultStore(foreign)
    _execute(path, "PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="schema version 99"):
        ResultStore(path)


def _execute(path: Path, sql: str) -> None:
    db = sqlite3.connect(path)
    db.execute(sql)
    db.commit()
    db.close()


def test_a_row_outside_the_vocabulary_is_refused_when_read(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with ResultStore(path) as store:
        store.write(_row("p1"))
        store.db.execute("UPDATE attempts SET outcome = 'solved'")
        with pytest.raises(StoreError, match="unknown value 'solved'"):
            list(store.rows())


def test_p90_of_attempt_times_lies_between_median_and_maximum() -> None:
    from prover.batch.report import _p90

    assert _p90([7.134, 7.45]) > 7.292  # two attempts: above their median, not the smaller one
    assert _p90([float(k) for k in range(1, 11)]) == 9.1
    assert _p90([3.0]) == 3.0
