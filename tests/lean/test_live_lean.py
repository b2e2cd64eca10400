"""The same API against a live Lean REPL (tier ``lean``: skipped with "no Lean toolchain" without one).

Needs ``prover lean setup`` to have run in ``lean_project/`` (Mathlib cache + REPL build).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from prover.lean.pool import SessionPool
from prover.lean.results import ProofFinished, TacticError, TacticState, Timeout
from prover.lean.settings import LeanSettings, open_pool
from prover.lean.statements import theorem_from_file
from prover.lean.steps import StepChecker
from prover.lean.verify import Verdict, verify_source

pytestmark = pytest.mark.lean


@pytest.fixture(scope="module")
def pool() -> Iterator[SessionPool]:
    p = open_pool(LeanSettings(_env_file=None, timeout_s=120, pool_size=1))
    yield p
    p.close()


@contextmanager
def _checker(pool: SessionPool, path: Path) -> Iterator[tuple[StepChecker, str, str]]:
    imports, body, decl = theorem_from_file(path)
    with pool.session(imports) as session:
        yield StepChecker(session, timeout_s=60), decl.statement, body[: decl.start].strip()


def test_deepseek_proof_is_valid_with_allowed_axioms(pool: SessionPool, shared_data: Path) -> None:
    path = shared_data / "proofs" / "deepseek-prover-v2" / "mathd_numbertheory_48.lean"
    original = (shared_data / "minif2f" / "Valid" / "mathd_numbertheory_48.lean").read_text()
    result = verify_source(path.read_text(), pool, original=original, theorem="mathd_numbertheory_48")
    assert result.verdict is Verdict.VALID, result.detail
    assert set(result.axioms["mathd_numbertheory_48"]) <= {"propext", "Classical.choice", "Quot.sound"}


def test_wrong_and_sorry_proofs_get_their_verdicts(pool: SessionPool, shared_data: Path) -> None:
    text = (shared_data / "minif2f" / "Valid" / "mathd_numbertheory_48.lean").read_text()
    assert verify_source(text, pool).verdict is Verdict.REJECTED_UNSAFE  # `by sorry`: the guard
    wrong = text.replace("by sorry", "by\n  norm_num")
    assert verify_source(wrong, pool).verdict is Verdict.LEAN_ERROR


def test_steps_on_minif2f_problem(pool: SessionPool, shared_data: Path) -> None:
    with _checker(pool, shared_data / "minif2f" / "Valid" / "mathd_algebra_159.lean") as (checker, statement, preamble):
        _steps(checker, statement, preamble)


def _steps(checker: StepChecker, statement: str, preamble: str) -> None:
    start = checker.start(statement, preamble=preamble)
    assert isinstance(start, TacticState)
    goal = start.state.goals[0]
    assert goal.target == "b = -2" and goal.hypothesis("h₁").type == "f 1 = 1"
    bad = checker.run_tactic(start.state, "exact h_missing")
    assert isinstance(bad, TacticError)
    r = checker.run_tactic(start.state, "have h₂ := h₀ 1")
    assert isinstance(r, TacticState) and r.state.goals[0].hypothesis("h₂") is not None
    r = checker.run_tactic(r.state, "rw [h₁] at h₂")
    assert isinstance(r, TacticState)
    r = checker.run_tactic(r.state, "norm_num at h₂")
    assert isinstance(r, TacticState)
    done = checker.run_tactic(r.state, "linarith")
    assert isinstance(done, ProofFinished) and done.checker == "lean"


def test_timeout_then_crash_then_recovery(pool: SessionPool, shared_data: Path) -> None:
    with _checker(pool, shared_data / "minif2f" / "Valid" / "mathd_numbertheory_48.lean") as (checker, statement, preamble):
        _timeout_crash(checker, statement, preamble)


def _timeout_crash(checker: StepChecker, statement: str, preamble: str) -> None:
    checker.timeout_s = 5
    root = checker.start(statement, preamble=preamble).state
    assert isinstance(checker.run_tactic(root, "sleep 60000"), Timeout)
    again = checker.run_tactic(root, "have h₂ : b = 4 := by nlinarith [sq_nonneg (b : ℤ), h₀, h₁]")
    assert isinstance(again, TacticState)  # restarted, header and root state replayed
    transport = checker.session._transport
    os.killpg(transport.pid, signal.SIGKILL)  # crash the REPL under the session
    done = checker.run_tactic(again.state, "simp_all")
    assert isinstance(done, ProofFinished)
    assert checker.session.stats.restarts >= 2 and checker.session.stats.timeouts == 1
