"""Step-checking API over recorded real Lean answers: tagged results, branching, restarts, timeouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.lean.results import ProofFinished, ProofGivenUp, TacticError, TacticState, Timeout
from prover.lean.session import ReplSession
from prover.lean.steps import StepChecker, assemble_proof, declared_name
from prover.lean.transcripts import Exchange

from .helpers import exchanges, recorded_answer, replay_session, stand_in_factory

BRANCHING = "theorem complex_and (p q r : Prop) (h1 : p ∧ q) (h2 : q → r) : p ∧ r"
BRANCHING_TACTICS = ["apply And.intro", "exact h1.left", "apply h2", "exact h1.right"]


def _with_recheck(transcripts_dir: Path, names: tuple[str, ...], statement: str, tactics: list[str],
                  answer: str) -> list[Exchange]:
    """Recorded exchanges plus one for the command-mode re-check of the assembled proof, answered with a
    recorded Lean answer (clean: ``{"env": 2}`` of pickle_environment; failing: an error answer)."""
    recheck = {"cmd": assemble_proof(statement, tactics)}
    return [*exchanges(transcripts_dir, *names), Exchange(recheck, answer), *_audits(statement, answer)]


def _audits(statement: str, answer: str, axioms: str = "propext") -> list[Exchange]:
    """The axiom audit after a clean re-check; Lean's `#print axioms` message format (as in the live tier)."""
    name = declared_name(statement)
    env = json.loads(answer).get("env")
    if name is None or env is None:
        return []
    msg = {"severity": "info", "pos": {"line": 1, "column": 0}, "endPos": {"line": 1, "column": 6},
           "data": f"'{name}' depends on axioms: [{axioms}]"}
    return [Exchange({"cmd": f"#print axioms {name}", "env": env}, json.dumps({"messages": [msg], "env": env + 1}))]


def test_branching_proof_finishes_after_command_mode_recheck(transcripts_dir: Path) -> None:
    clean = recorded_answer(transcripts_dir, "pickle_environment", 3)
    session, _ = replay_session(_with_recheck(transcripts_dir, ("proof_branching",), BRANCHING, BRANCHING_TACTICS, clean))
    checker = StepChecker(session)
    start = checker.start(BRANCHING)
    assert isinstance(start, TacticState)
    assert start.state.goals[0].hypothesis("h1").type == "p ∧ q"
    r1 = checker.run_tactic(start.state, "apply And.intro")
    assert isinstance(r1, TacticState) and [g.case for g in r1.state.goals] == ["left", "right"]
    r2 = checker.run_tactic(r1.state, "exact h1.left")
    assert isinstance(r2, TacticState) and r2.state.num_goals == 1
    r3 = checker.run_tactic(r2.state, "apply h2")
    assert isinstance(r3, TacticState) and r3.state.goals[0].target == "q"
    done = checker.run_tactic(r3.state, "exact h1.right")
    assert isinstance(done, ProofFinished) and done.checker == "lean"
    assert done.proof == assemble_proof(BRANCHING, BRANCHING_TACTICS)
    assert r1.state.tactics == ("apply And.intro",)  # states are immutable: earlier ones unchanged


def test_tactic_mode_completed_but_recheck_fails_is_not_finished(transcripts_dir: Path) -> None:
    error = recorded_answer(transcripts_dir, "self_proof_exact_check", 0)
    session, _ = replay_session(_with_recheck(transcripts_dir, ("proof_branching",), BRANCHING, BRANCHING_TACTICS, error))
    checker = StepChecker(session)
    state = checker.start(BRANCHING).state
    for tactic in BRANCHING_TACTICS[:-1]:
        state = checker.run_tactic(state, tactic).state
    result = checker.run_tactic(state, BRANCHING_TACTICS[-1])
    assert isinstance(result, TacticError) and result.kind == "recheck_failed"
    assert "fail to show termination" in result.messages[0] and result.positions == ((1, 8),)


def test_backtracking_to_an_earlier_state(transcripts_dir: Path) -> None:
    clean = recorded_answer(transcripts_dir, "pickle_environment", 3)
    session, _ = replay_session(_with_recheck(transcripts_dir, ("proof_step",), "def f : Nat",
                                              ["have t : Nat := 42", "exact t"], clean))
    checker = StepChecker(session)
    root = checker.start("def f : Nat").state
    side = checker.run_tactic(root, "apply Int.natAbs")
    assert isinstance(side, TacticState) and side.state.goal_texts == ("⊢ Int",)
    back = checker.run_tactic(root, "have t : Nat := 42")  # branch again from the root
    assert isinstance(back, TacticState) and back.state.goals[0].hypothesis("t").type == "Nat"
    assert isinstance(checker.run_tactic(back.state, "exact t"), ProofFinished)


def test_errors_refusals_and_kernel_failures_are_tactic_errors(transcripts_dir: Path) -> None:
    session, _ = replay_session(exchanges(transcripts_dir, "invalid_tactic"))
    checker = StepChecker(session)
    state = checker.start("theorem my_theorem (x : Nat) : x = x").state
    bad = checker.run_tactic(state, "exact my_fake_premise")
    assert isinstance(bad, TacticError) and bad.messages == ("Unknown identifier `my_fake_premise`",)
    assert bad.kind == "lean_error" and bad.positions == ((0, 0),)

    session, _ = replay_session(exchanges(transcripts_dir, "unknown_tactic"))
    checker = StepChecker(session)
    res = checker.run_tactic(checker.start("def f : Nat").state, "exat 42")
    assert isinstance(res, TacticError) and "unknown tactic" in res.messages[0]

    session, _ = replay_session(exchanges(transcripts_dir, "self_proof_rw"))
    checker = StepChecker(session)
    start = checker.start("set_option pp.fvars.anonymous false in theorem self_application : 1 = 0")
    res = checker.run_tactic(start.state, "rw [self_application]")
    assert isinstance(res, TacticError) and res.messages[0].startswith("Error: kernel type check failed")

    session, _ = replay_session(exchanges(transcripts_dir, "Mathlib/test/20240209"))
    checker = StepChecker(session)
    res = checker.run_tactic(checker.start("example : False").state, "simpa using show False by done")
    assert isinstance(res, TacticError) and res.messages == ("unsolved goals\n⊢ False",)


def test_sorry_and_unsafe_tactics_never_reach_lean(transcripts_dir: Path) -> None:
    session, made = replay_session(exchanges(transcripts_dir, "tactic_mode_sorry"))
    checker = StepChecker(session)
    state = checker.start("def f : Nat").state
    assert isinstance(checker.run_tactic(state, "sorry"), ProofGivenUp)
    assert isinstance(checker.run_tactic(state, "exact (by admit)"), ProofGivenUp)
    unsafe = checker.run_tactic(state, "native_decide")
    assert isinstance(unsafe, TacticError) and unsafe.kind == "rejected_unsafe"
    assert len(made[0].sent) == 1  # only the statement was sent


def test_statement_errors_are_typed(transcripts_dir: Path) -> None:
    # a statement Lean rejects (its recorded answer is an error): TacticError with Lean's message
    session, _ = replay_session(exchanges(transcripts_dir, "have_by_sorry"))
    bad = StepChecker(session).start("theorem foo (x : Int) : x = x := by\n  have h : x = 1")
    assert isinstance(bad, TacticError) and bad.messages[0].startswith("unsolved goals") and bad.positions == ((1, 33),)
    # a request the recording never saw is a typed result naming the request, not an exception
    session, _ = replay_session(exchanges(transcripts_dir, "unknown_environment"))
    missing = StepChecker(session).start("def f : Nat")
    assert isinstance(missing, TacticError) and missing.kind == "replay_mismatch"
    assert '"cmd": "def f : Nat := by sorry"' in missing.messages[0]
    session, _ = replay_session(exchanges(transcripts_dir, "self_proof_check"))
    res = StepChecker(session).run_tactic(StepChecker(session).start("theorem ex : False").state, "exact?")
    assert isinstance(res, TacticError)


def test_crash_restarts_and_replays_state(transcripts_dir: Path) -> None:
    clean = recorded_answer(transcripts_dir, "pickle_environment", 3)
    exs = _with_recheck(transcripts_dir, ("proof_branching",), BRANCHING, BRANCHING_TACTICS, clean)
    session, made = replay_session(exs, die_after=2)
    checker = StepChecker(session)
    s1 = checker.run_tactic(checker.start(BRANCHING).state, "apply And.intro")
    assert isinstance(s1, TacticState) and not made[0].alive  # the "process" died after 2 answers
    s2 = checker.run_tactic(s1.state, "exact h1.left")
    assert isinstance(s2, TacticState) and s2.state.goal_texts[0].startswith("case right")
    assert session.stats.restarts == 1 and session.stats.replayed == 2  # statement + first tactic
    assert [r.get("tactic") or "cmd" for r in made[1].sent] == ["cmd", "apply And.intro", "exact h1.left"]


def test_hanging_process_gives_timeout_then_recovers(transcripts_dir: Path, tmp_path: Path) -> None:
    factory = stand_in_factory(transcripts_dir / "proof_step.in", "--hang-at", "1", "--once", str(tmp_path / "hung"))
    session = ReplSession(factory, timeout_s=1.5)
    checker = StepChecker(session)
    root = checker.start("def f : Nat").state
    assert isinstance(checker.run_tactic(root, "apply Int.natAbs"), Timeout)
    again = checker.run_tactic(root, "apply Int.natAbs")  # fresh process, root state replayed
    assert isinstance(again, TacticState) and again.state.goal_texts == ("⊢ Int",)
    assert session.stats.timeouts == 1 and session.stats.restarts == 1
    session.close()


@pytest.mark.parametrize("mode", ["--crash-at", "--alloc-at"])
def test_process_crash_or_memory_kill_is_retried_after_replay(transcripts_dir: Path, tmp_path: Path, mode: str) -> None:
    extra = ["--alloc-mb", "2048"] if mode == "--alloc-at" else []
    factory = stand_in_factory(transcripts_dir / "proof_step.in", mode, "1", *extra, "--once", str(tmp_path / "m"),
                               memory_limit_bytes=1 << 30)
    session = ReplSession(factory, timeout_s=20)
    checker = StepChecker(session)
    res = checker.run_tactic(checker.start("def f : Nat").state, "apply Int.natAbs")
    assert isinstance(res, TacticState) and res.state.goal_texts == ("⊢ Int",)
    assert session.stats.restarts == 1 and session.stats.replayed == 1
    session.close()


def test_process_that_always_crashes_gives_repl_error(transcripts_dir: Path, tmp_path: Path) -> None:
    factory = stand_in_factory(transcripts_dir / "proof_step.in", "--crash-at", "1")
    session = ReplSession(factory, timeout_s=20)
    checker = StepChecker(session)
    res = checker.run_tactic(checker.start("def f : Nat").state, "apply Int.natAbs")
    assert isinstance(res, TacticError) and res.kind == "repl_error" and "died" in res.messages[0]
    session.close()


def test_start_from_file_and_missing_theorem(transcripts_dir: Path, tmp_path: Path) -> None:
    from prover.lean.errors import LeanInputError

    f = tmp_path / "b.lean"
    f.write_text("-- a file\n" + BRANCHING + " := by\n  sorry\n", encoding="utf-8")
    session, _ = replay_session(exchanges(transcripts_dir, "proof_branching"))
    checker = StepChecker(session)
    start = checker.start_from_file(f, "complex_and")
    assert isinstance(start, TacticState) and start.state.goals[0].target == "p ∧ r"
    with pytest.raises(LeanInputError, match="no theorem named 'nope'"):
        checker.start_from_file(f, "nope")
    with pytest.raises(LeanInputError, match="file not found"):
        checker.start_from_file(tmp_path / "missing.lean")


def test_finished_proof_with_a_forbidden_axiom_is_not_finished(transcripts_dir: Path) -> None:
    clean = recorded_answer(transcripts_dir, "pickle_environment", 3)
    exs = [*exchanges(transcripts_dir, "proof_branching"), Exchange({"cmd": assemble_proof(BRANCHING, BRANCHING_TACTICS)}, clean),
           *_audits(BRANCHING, clean, "propext, sorryAx")]
    session, made = replay_session(exs)
    checker = StepChecker(session)
    state = checker.start(BRANCHING).state
    for tactic in BRANCHING_TACTICS[:-1]:
        state = checker.run_tactic(state, tactic).state
    result = checker.run_tactic(state, BRANCHING_TACTICS[-1])
    assert isinstance(result, TacticError) and result.kind == "recheck_failed"
    assert result.messages == ("complex_and depends on sorryAx",)
    assert made[0].sent[-1] == {"cmd": "#print axioms complex_and", "env": 2}
    assert declared_name("example : True") is None and declared_name("lemma l (x : ℕ) : x = x") == "l"


def test_tactic_mode_recording_needs_recheck_off_and_says_so_otherwise(transcripts_dir: Path) -> None:
    """The REPL's own recordings hold tactic mode only: the default re-check asks for a request they lack."""
    tactics = BRANCHING_TACTICS
    for recheck in (True, False):
        session, _ = replay_session(exchanges(transcripts_dir, "proof_branching"))
        checker = StepChecker(session, recheck=recheck)
        state = checker.start(BRANCHING).state
        for tactic in tactics[:-1]:
            state = checker.run_tactic(state, tactic).state
        result = checker.run_tactic(state, tactics[-1])
        if recheck:
            assert isinstance(result, TacticError) and result.kind == "replay_mismatch"
            assert json.dumps(assemble_proof(BRANCHING, tactics), ensure_ascii=False)[1:-1] in result.messages[0]
        else:
            assert isinstance(result, ProofFinished) and result.checker == "lean-tactic"
            assert result.proof == assemble_proof(BRANCHING, tactics)


def test_ordered_replay_mismatch_names_the_request_sent(transcripts_dir: Path) -> None:
    from prover.lean.transport import ReplayTransport

    transport = ReplayTransport(exchanges(transcripts_dir, "proof_branching"), ordered=True)
    checker = StepChecker(ReplSession(lambda: transport))
    result = checker.start("theorem other : True")
    assert isinstance(result, TacticError) and result.kind == "replay_mismatch"
    assert "differs from the recording" in result.messages[0] and "theorem other : True" in result.messages[0]


def test_a_transport_where_a_factory_is_expected_is_refused(transcripts_dir: Path) -> None:
    from prover.lean.transport import ReplayTransport

    transport = ReplayTransport(exchanges(transcripts_dir, "proof_branching"))
    with pytest.raises(TypeError, match=r"needs a transport factory.*got ReplayTransport"):
        ReplSession(transport)  # type: ignore[arg-type]
    assert isinstance(ReplSession(lambda: transport), ReplSession)


def test_repl_step_backend_runs_over_pooled_sessions(transcripts_dir: Path) -> None:
    from prover.lean.backend import ReplStepBackend, StepBackend
    from prover.lean.pool import SessionPool
    from prover.lean.transport import ReplayTransport

    recorded = exchanges(transcripts_dir, "proof_branching")
    pool = SessionPool(lambda header: ReplSession(lambda: ReplayTransport(recorded, ordered=False), header=header))
    backend = ReplStepBackend(pool, recheck=False)
    assert isinstance(backend, StepBackend)
    start = backend.start(BRANCHING + " := by sorry", header="")
    assert isinstance(start, TacticState) and start.state.goals[0].target == "p ∧ r"
    state = start.state
    for tactic in BRANCHING_TACTICS[:-1]:
        state = backend.run_tactic(state, tactic).state
    done = backend.run_tactic(state, BRANCHING_TACTICS[-1])
    assert isinstance(done, ProofFinished) and done.checker == "lean-tactic"
    other = ReplStepBackend(pool, recheck=False)
    foreign = other.run_tactic(state, "exact h1.right")
    assert isinstance(foreign, TacticError) and "another backend" in foreign.messages[0]
    backend.close()
    assert pool.created == 1
