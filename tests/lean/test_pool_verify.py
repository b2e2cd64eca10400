"""Session pool keyed by import header, and whole-proof verification verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.lean.errors import LeanUnavailableError
from prover.lean.pool import SessionPool
from prover.lean.protocol import CommandResponse
from prover.lean.session import ReplSession
from prover.lean.transcripts import Exchange
from prover.lean.transport import ProcessTransport, ReplayTransport
from prover.lean.verify import Verdict, verify_source

from .helpers import exchanges, recorded_answer, stand_in_factory


def _pool_over(exs: list[Exchange], *, size: int = 1) -> tuple[SessionPool, list[tuple[str, ...]]]:
    headers: list[tuple[str, ...]] = []

    def make(header: tuple[str, ...]) -> ReplSession:
        headers.append(header)
        return ReplSession(lambda: ReplayTransport(exs, ordered=False), header=header)

    return SessionPool(make, size=size), headers


def test_pool_reuses_sessions_by_normalized_header(transcripts_dir: Path) -> None:
    exs = exchanges(transcripts_dir, "Mathlib/test/exact", "import_lean", "pickle_environment_with_imports")
    pool, headers = _pool_over(exs, size=1)
    with pool.session(["import Mathlib"]) as s1:
        env = s1.header_env()
        resp, _, states = s1.command("theorem test : 0 < 1 := by sorry")
        assert isinstance(resp, CommandResponse) and len(states) == 1 and env is not None
    with pool.session(["import Mathlib", "import Mathlib"]) as s2:
        assert s2 is s1 and s2.header_env() == env  # header elaborated once
    assert pool.reused == 1 and pool.created == 1
    with pool.session(["import Lean"]) as s3:  # size 1: the Mathlib session is recycled
        assert s3 is not s1 and s3.header_env() == 0
    assert headers == [("import Mathlib",), ("import Lean",)]


def test_pool_waits_with_a_deadline() -> None:
    pool = SessionPool(lambda h: ReplSession(lambda: ReplayTransport([]), header=h), size=1, acquire_timeout_s=0.2)
    from prover.lean.errors import LeanError

    with pool.session(()), pytest.raises(LeanError, match="no Lean session free"), pool.session(()):
        pass


def test_lean_error_verdict_with_message_position(transcripts_dir: Path) -> None:
    pool, _ = _pool_over(exchanges(transcripts_dir, "self_proof_check"))
    result = verify_source("theorem ex : False := by exact?", pool)
    assert result.verdict is Verdict.LEAN_ERROR and result.theorems == ("ex",)
    assert result.messages[0]["line"] == 1 and "could not close the goal" in result.messages[0]["data"]


def test_valid_verdict_needs_clean_elaboration_and_allowed_axioms(transcripts_dir: Path) -> None:
    """The elaboration answer is Lean's recorded one; the audit answer carries Lean's `#print axioms`
    message text (the format the live tier checks)."""
    code = "theorem demo (a b: Nat): a + b = b + a := by rw [Nat.add_comm]"
    ok = recorded_answer(transcripts_dir, "file_env", 1)
    def audit(axioms: str) -> Exchange:
        msg = {"severity": "info", "pos": {"line": 1, "column": 0}, "endPos": {"line": 1, "column": 6},
               "data": f"'demo' depends on axioms: [{axioms}]"}
        return Exchange({"cmd": "#print axioms demo", "env": 1}, json.dumps({"messages": [msg], "env": 2}))
    pool, _ = _pool_over([Exchange({"cmd": code}, ok), audit("propext")])
    result = verify_source(code, pool)
    assert result.verdict is Verdict.VALID and result.axioms == {"demo": ("propext",)} and result.checker == "lean"
    pool, _ = _pool_over([Exchange({"cmd": code}, ok), audit("propext, sorryAx")])
    assert verify_source(code, pool).verdict is Verdict.SORRY
    pool, _ = _pool_over([Exchange({"cmd": code}, ok), audit("propext, Lean.ofReduceBool")])
    bad = verify_source(code, pool)
    assert bad.verdict is Verdict.REJECTED_UNSAFE and "Lean.ofReduceBool" in bad.detail


def test_sorry_verdict_from_lean_when_the_guard_is_not_the_one_catching_it(transcripts_dir: Path) -> None:
    # `exact?` leaves no sorry; a `sorry` warning answer for the same command must still give `sorry`
    code = "theorem ex : False := by exact?"
    answer = recorded_answer(transcripts_dir, "self_proof_check", 1)  # Lean's answer to `:= sorry`
    pool, _ = _pool_over([Exchange({"cmd": code}, answer)])
    assert verify_source(code, pool).verdict is Verdict.SORRY


def test_unsafe_text_is_rejected_without_starting_lean() -> None:
    def refuse(header: tuple[str, ...]) -> ReplSession:
        raise AssertionError("Lean must not be started for rejected text")

    result = verify_source("theorem t : 1 = 1 := by\n  native_decide\n", SessionPool(refuse))
    assert result.verdict is Verdict.REJECTED_UNSAFE and result.checker == "guard"
    assert result.violations[0].construct == "native_decide" and result.violations[0].line == 2


def test_timeout_repl_error_and_unavailable_verdicts(transcripts_dir: Path, tmp_path: Path) -> None:
    hang = stand_in_factory(transcripts_dir / "self_proof_check.in", "--hang-at", "0")
    pool = SessionPool(lambda h: ReplSession(hang, header=h, timeout_s=1.0))
    assert verify_source("theorem ex : False := by exact?", pool).verdict is Verdict.TIMEOUT

    missing = lambda: ProcessTransport([str(tmp_path / "no-such-repl")])  # noqa: E731
    pool = SessionPool(lambda h: ReplSession(missing, header=h))
    result = verify_source("theorem ex : False := by exact?", pool)
    assert result.verdict is Verdict.REPL_ERROR and "cannot start" in result.detail

    def unavailable(header: tuple[str, ...]) -> ReplSession:
        raise LeanUnavailableError("no Lean toolchain found")

    result = verify_source("theorem ex : False := by exact?", SessionPool(unavailable))
    assert result.verdict is Verdict.LEAN_UNAVAILABLE and "elan" in result.detail


def test_text_with_nothing_to_check_is_a_user_error() -> None:
    from prover.lean.errors import LeanInputError

    with pytest.raises(LeanInputError, match="nothing to check"):
        verify_source("import Mathlib\n-- only a comment\n", SessionPool(lambda h: ReplSession(lambda: ReplayTransport([]))))


def test_pool_serves_threads_concurrently(transcripts_dir: Path) -> None:
    import threading

    exs = exchanges(transcripts_dir, "proof_step")
    pool, _ = _pool_over(exs, size=2)
    seen: list[int] = []
    barrier = threading.Barrier(2, timeout=10)

    def work() -> None:
        with pool.session(()) as s:
            barrier.wait()  # both sessions are out at the same time
            resp, _, states = s.command("def f : Nat := by sorry")
            assert isinstance(resp, CommandResponse) and len(states) == 1
            seen.append(id(s))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert len(set(seen)) == 2 and pool.created == 2


def test_header_that_does_not_elaborate_is_a_lean_error(transcripts_dir: Path) -> None:
    # a recorded Lean error answer stands in for the answer to the import (no recording has a bad import)
    error = recorded_answer(transcripts_dir, "incomplete", 0)
    pool, _ = _pool_over([Exchange({"cmd": "import Mathlib"}, error)])
    result = verify_source("import Mathlib\ntheorem ex : False := by exact?", pool)
    assert result.verdict is Verdict.LEAN_ERROR and result.detail.startswith("import header failed: unsolved goals")
