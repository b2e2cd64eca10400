"""Statements are started with the printing options that make goal states carry their literals' types."""

from __future__ import annotations

from pathlib import Path

from prover.lean.results import TacticState
from prover.lean.steps import GOAL_PP_OPTIONS, StepChecker
from prover.lean.transcripts import Exchange

from .helpers import recorded_answer, replay_session

STATEMENT = "theorem self_application : 1 = 0"


def test_statement_command_sets_numeric_types_under_an_import_header(transcripts_dir: Path) -> None:
    # Lean's recorded answers: a bare env (options, answer 1) for the header, and the
    # `set_option … in theorem … := by sorry` of self_proof_rw (one sorry with its proof state)
    header_answer = recorded_answer(transcripts_dir, "options", 1)  # {"env": 1}
    sorry_answer = recorded_answer(transcripts_dir, "self_proof_rw", 1)
    code = GOAL_PP_OPTIONS + STATEMENT + " := by sorry"
    exs = [Exchange({"cmd": "import Mathlib"}, header_answer), Exchange({"cmd": code, "env": 1}, sorry_answer)]
    session, _ = replay_session(exs, header=("import Mathlib",))
    start = StepChecker(session).start(STATEMENT)
    assert isinstance(start, TacticState)  # the request matched the prefixed command exactly
    assert "set_option pp.numericTypes true in" in GOAL_PP_OPTIONS
    assert "set_option pp.coercions.types true in" in GOAL_PP_OPTIONS


def test_without_header_the_command_is_unchanged(transcripts_dir: Path) -> None:
    sorry_answer = recorded_answer(transcripts_dir, "self_proof_rw", 1)
    exs = [Exchange({"cmd": STATEMENT + " := by sorry"}, sorry_answer)]
    session, _ = replay_session(exs)
    assert isinstance(StepChecker(session).start(STATEMENT), TacticState)
