"""Every recorded real Lean REPL session, replayed through the client (session → protocol → typed results).

The replay transport answers only the exact recorded request in the recorded order, so these tests pin
both directions: the client sends what the real REPL was sent, and parses what Lean answered into the
right typed result (goals, proof states, proofStatus, sorries, messages with positions, errors, pickling,
environments).

Not supported (no recorded answers exist, so there is nothing to replay):
``pickle_scoped_notation.in``, ``pickle_scoped_notation_2.in`` and ``Mathlib/test/H20231214.in`` ship
without an ``.expected.out`` in the REPL's test suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.lean.goals import parse_goals, pretty_goals
from prover.lean.protocol import CommandResponse, ProofStepResponse, ReplFailure, errors_of, uses_sorry
from prover.lean.replay import drive_transcript
from prover.lean.transcripts import load_transcript, parse_json_stream

from .conftest import case_id, recorded_cases

UNSUPPORTED = {"pickle_scoped_notation", "pickle_scoped_notation_2", "H20231214"}
CASES = recorded_cases()


def _drive(transcripts_dir: Path, name: str):
    out, session = drive_transcript(load_transcript(transcripts_dir / f"{name}.in"))
    return out, session


def _pos(p) -> dict:
    return {"line": p.line, "column": p.column}


def test_every_case_without_answers_is_listed_as_unsupported(transcripts_dir: Path) -> None:
    missing = {p.name[:-3] for p in transcripts_dir.rglob("*.in")
               if not p.with_name(p.name[:-3] + ".expected.out").is_file()}
    assert missing == UNSUPPORTED
    assert len(CASES) >= 70


@pytest.mark.parametrize("path", CASES, ids=[case_id(p) for p in CASES])
def test_recorded_session_replays_into_typed_results(path: Path) -> None:
    out, session = drive_transcript(load_transcript(path))
    assert session.stats.requests == len(out) and session.stats.restarts == 0
    for ex in out:
        raw, resp = ex.recorded, ex.response
        if "proofStatus" in raw:
            assert isinstance(resp, ProofStepResponse)
            assert resp.proof_status == raw["proofStatus"]
            assert resp.proof_state == raw["proofState"]
            assert list(resp.goals) == raw.get("goals", [])
            assert list(resp.traces) == raw.get("traces", [])
            # every goal Lean printed parses into hypotheses/target and prints back identically
            assert pretty_goals(parse_goals(resp.goals)) == "\n\n".join(resp.goals)
        elif "env" in raw:
            assert isinstance(resp, CommandResponse)
            assert resp.env == raw["env"]
            assert len(resp.tactics) == len(raw.get("tactics", []))
            for t, rt in zip(resp.tactics, raw.get("tactics", []), strict=True):
                assert (t.tactic, t.goals, t.proof_state) == (rt["tactic"], rt["goals"], rt.get("proofState"))
                assert _pos(t.start_pos) == rt["pos"] and _pos(t.end_pos) == rt["endPos"]
            if "infotree" in raw:
                assert resp.infotree is not None and len(resp.infotree) == len(raw["infotree"])
        else:
            assert isinstance(resp, ReplFailure) and resp.message == raw["message"]
            assert errors_of(resp) == [raw["message"]]
            continue
        assert len(resp.messages) == len(raw.get("messages", []))
        for m, rm in zip(resp.messages, raw.get("messages", []), strict=True):
            assert (m.severity, m.data) == (rm["severity"], rm["data"])
            assert _pos(m.start_pos) == rm["pos"]
            assert (m.end_pos and _pos(m.end_pos)) == rm.get("endPos")
        assert len(resp.sorries) == len(raw.get("sorries", []))
        for s, rs in zip(resp.sorries, raw.get("sorries", []), strict=True):
            assert (s.goal, s.proof_state) == (rs["goal"], rs.get("proofState"))
            assert (s.start_pos and _pos(s.start_pos)) == rs.get("pos")
            parse_goals([s.goal])
        assert uses_sorry(resp) == bool(raw.get("sorries")) or any(
            "declaration uses" in m.get("data", "") for m in raw.get("messages", []))
        assert resp.has_errors() == any(m["severity"] == "error" for m in raw.get("messages", []))


def test_proof_branching_goals_have_case_tags(transcripts_dir: Path) -> None:
    out, _ = _drive(transcripts_dir, "proof_branching")
    first = out[1].response
    assert isinstance(first, ProofStepResponse) and first.proof_status == "Incomplete: open goals remain"
    goals = parse_goals(first.goals)
    assert [g.case for g in goals] == ["left", "right"]
    assert goals[0].hypothesis("h2").type == "q → r"
    assert goals[0].hypotheses[0].names == ("p", "q", "r") and goals[1].target == "r"
    assert isinstance(out[-1].response, ProofStepResponse) and out[-1].response.proof_status == "Completed"


def test_errors_with_positions_and_refusals(transcripts_dir: Path) -> None:
    out, _ = _drive(transcripts_dir, "incomplete")
    second = out[1].response
    assert isinstance(second, CommandResponse)
    assert [(m.start_pos.line, m.start_pos.column, m.end_pos.line) for m in second.get_errors()] == [(3, 19, 3), (1, 26, 3)]
    assert parse_goals(second.messages[0].data.split("\n", 1)[1])[0].case == "pos"
    out, _ = _drive(transcripts_dir, "unknown_environment")
    assert isinstance(out[0].response, ReplFailure) and out[0].response.message == "Unknown environment."
    out, _ = _drive(transcripts_dir, "unknown_tactic")
    assert isinstance(out[1].response, ReplFailure) and "unknown tactic" in out[1].response.message
    out, _ = _drive(transcripts_dir, "invalid_tactic")
    step = out[1].response
    assert isinstance(step, ProofStepResponse) and step.has_errors()
    assert step.get_errors()[0].data == "Unknown identifier `my_fake_premise`"


def test_self_referential_proofs_are_errors_in_both_modes(transcripts_dir: Path) -> None:
    for name in ("self_proof_exact_check", "self_proof_apply_check", "self_proof_rw"):
        out, _ = _drive(transcripts_dir, name)
        assert out[0].response.has_errors()  # command mode: termination error
        step = out[2].response
        assert isinstance(step, ProofStepResponse) and step.proof_status.startswith("Error: kernel type check failed")


def test_pickling_round_trips_environments_and_proof_states(transcripts_dir: Path) -> None:
    out, _ = _drive(transcripts_dir, "pickle_proof_state_1")
    vias = [e.via for e in out]
    assert vias == ["command", "command", "raw", "raw", "raw", "raw", "raw", "raw"]
    assert [getattr(e.response, "proof_status", None) for e in out][-1] == "Completed"
    out, _ = _drive(transcripts_dir, "pickle_environment")
    assert [e.response.env for e in out] == [0, 0, 1, 2]
    assert not out[-1].response.messages


def test_sorries_inside_tactics_get_their_own_states(transcripts_dir: Path) -> None:
    out, session = _drive(transcripts_dir, "Mathlib/test/induction")
    last = out[-1].response
    assert isinstance(last, ProofStepResponse) and last.proof_status == "Incomplete: contains sorry"
    assert [s.goal.split("\n")[0] for s in last.sorries] == ["case zero", "case succ"]
    assert session.stats.requests == 5


def test_lenient_reading_of_request_with_raw_newline(transcripts_dir: Path) -> None:
    reqs = parse_json_stream((transcripts_dir / "invalid_line_break.in").read_text())
    assert reqs[0][0]["cmd"] == "theorem foo : 1 = 1 := by\nsorry"
