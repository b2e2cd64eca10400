"""The LeanDojo backend: LeanDojo's own result classes mapped onto ours, the backend's plumbing around a Dojo,
and the one-line errors when LeanDojo or Lean is missing."""

from __future__ import annotations

import pytest

from prover.lean.backend import make_step_backend
from prover.lean.errors import LeanInputError, LeanUnavailableError
from prover.lean.results import ProofFinished, ProofGivenUp, ProofState, TacticError, TacticState, Timeout

lean_dojo = pytest.importorskip("lean_dojo", reason="lean-dojo not installed (pip install -e '.[leandojo]')")

from prover.lean import dojo as dojo_mod  # noqa: E402  (after the skip: needs nothing from lean_dojo at import)
from prover.lean.dojo import LeanDojoBackend, map_result, split_goals  # noqa: E402

STATEMENT = "theorem and_swap (p q : Prop) (hp : p) (hq : q) : q ∧ p"
INIT = "p q : Prop\nhp : p\nhq : q\n⊢ q ∧ p"
SPLIT = "case left\np q : Prop\nhp : p\nhq : q\n⊢ q\n\ncase right\np q : Prop\nhp : p\nhq : q\n⊢ p"
BEFORE = ProofState(1, (INIT,), (), STATEMENT, "", 7)


def test_tactic_state_maps_to_our_state_with_one_text_per_goal() -> None:
    result = map_result(lean_dojo.TacticState(SPLIT, 2, None), BEFORE, "constructor", 9)
    assert isinstance(result, TacticState) and result.messages == ()
    state = result.state
    assert state.handle == 9 and state.session_id == 7 and state.tactics == ("constructor",)
    assert [g.case for g in state.goals] == ["left", "right"] and [g.target for g in state.goals] == ["q", "p"]
    assert state.goals[0].hypothesis("hq").type == "q"
    assert not isinstance(result, ProofFinished)  # open goals are never a finished proof


def test_proof_finished_is_tactic_mode_only_and_carries_the_assembled_proof() -> None:
    result = map_result(lean_dojo.ProofFinished(5, None), BEFORE, "exact ⟨hq, hp⟩", 3)
    assert isinstance(result, ProofFinished) and result.checker == "lean-tactic"
    assert result.proof == f"{STATEMENT} := by exact ⟨hq, hp⟩" and result.state.goal_texts == ()


def test_lean_error_and_given_up_are_not_progress() -> None:
    err = map_result(lean_dojo.LeanError("unknown identifier 'hx'"), BEFORE, "exact hx", 3)
    assert isinstance(err, TacticError) and err.kind == "lean_error" and err.messages == ("unknown identifier 'hx'",)
    gave_up = map_result(lean_dojo.ProofGivenUp(), BEFORE, "exact?", 3)
    assert isinstance(gave_up, ProofGivenUp) and not isinstance(gave_up, ProofFinished)
    with pytest.raises(TypeError, match="not a LeanDojo tactic result"):
        map_result("no goals", BEFORE, "rfl", 3)


def test_split_goals_matches_the_repl_goal_list() -> None:
    assert split_goals(SPLIT) == (SPLIT.split("\n\n")[0], SPLIT.split("\n\n")[1])
    assert split_goals("no goals") == () and split_goals(INIT) == (INIT,)


class _StandIn:
    """A Dojo stand-in for the plumbing: answers with LeanDojo's own result objects from a table, raising
    LeanDojo's timeout / crash errors on request. Counts opens and tactics sent."""

    def __init__(self, table: dict[tuple[str, ...], object], fail: dict[str, type[Exception]] | None = None):
        self.table, self.fail, self.opened, self.sent = table, dict(fail or {}), 0, []

    def __call__(self, theorem: object) -> _StandIn:
        self.theorem = theorem
        return self

    def __enter__(self) -> tuple[_StandIn, object]:
        self.opened += 1
        self.paths = {0: ()}
        return self, lean_dojo.TacticState(INIT, 0)

    def __exit__(self, *exc: object) -> None:
        pass

    def run_tac(self, state: object, tactic: str) -> object:
        self.sent.append(tactic)
        if tactic in self.fail:
            raise self.fail.pop(tactic)("stand-in failure")
        path = (*self.paths[state.id], tactic)
        result = self.table[path]
        if isinstance(result, lean_dojo.TacticState):
            self.paths[result.id] = path
        return result


def _backend(stand_in: _StandIn, source: str = f"{STATEMENT} := by\n  sorry\n") -> LeanDojoBackend:
    return LeanDojoBackend(repo_url="https://example.org/repo", commit="0" * 40, file_path="Src/{name}.lean",
                           timeout_s=5, recheck=False, dojo_factory=stand_in, source_of=lambda thm: source)


TABLE = {
    ("constructor",): lean_dojo.TacticState(SPLIT, 1),
    ("constructor", "exact hq"): lean_dojo.TacticState(SPLIT.split("\n\n")[1], 2),
    ("constructor", "exact hq", "exact hp"): lean_dojo.ProofFinished(3),
    ("constructor", "exact hp"): lean_dojo.LeanError("type mismatch\n  hp\nhas type\n  p"),
}


def test_backend_proves_with_branching_and_names_the_theorem_it_opened() -> None:
    stand_in = _StandIn(TABLE)
    backend = _backend(stand_in)
    start = backend.start(STATEMENT + " := by sorry")
    assert isinstance(start, TacticState) and start.state.goal_texts == (INIT,)
    assert stand_in.theorem.full_name == "and_swap" and str(stand_in.theorem.file_path) == "Src/and_swap.lean"
    split = backend.run_tactic(start.state, "constructor")
    assert isinstance(split, TacticState) and split.state.num_goals == 2
    wrong = backend.run_tactic(split.state, "exact hp")
    assert isinstance(wrong, TacticError) and wrong.kind == "lean_error"
    done = backend.run_tactic(backend.run_tactic(split.state, "exact hq").state, "exact hp")
    assert isinstance(done, ProofFinished) and done.proof == f"{STATEMENT} := by\n  constructor\n  exact hq\n  exact hp"
    backend.close()


def test_guard_refuses_before_leandojo_sees_the_tactic() -> None:
    stand_in = _StandIn(TABLE)
    backend = _backend(stand_in)
    state = backend.start(STATEMENT).state
    assert isinstance(backend.run_tactic(state, "sorry"), ProofGivenUp)
    unsafe = backend.run_tactic(state, "native_decide")
    assert isinstance(unsafe, TacticError) and unsafe.kind == "rejected_unsafe"
    assert stand_in.sent == []


def test_timeout_reopens_the_dojo_and_replays_the_state() -> None:
    stand_in = _StandIn(TABLE, fail={"exact hq": lean_dojo.DojoTacticTimeoutError})
    backend = _backend(stand_in)
    split = backend.run_tactic(backend.start(STATEMENT).state, "constructor").state
    assert isinstance(backend.run_tactic(split, "exact hq"), Timeout)
    again = backend.run_tactic(split, "exact hq")  # reopened, "constructor" replayed, then the step
    assert isinstance(again, TacticState) and again.state.goals[0].target == "p"
    assert stand_in.opened == 2 and stand_in.sent == ["constructor", "exact hq", "constructor", "exact hq"]


def test_crash_is_retried_once_after_replay_then_reported() -> None:
    stand_in = _StandIn(TABLE, fail={"exact hq": lean_dojo.DojoCrashError})
    backend = _backend(stand_in)
    split = backend.run_tactic(backend.start(STATEMENT).state, "constructor").state
    assert isinstance(backend.run_tactic(split, "exact hq"), TacticState) and stand_in.opened == 2

    class Always(_StandIn):
        def run_tac(self, state: object, tactic: str) -> object:
            raise lean_dojo.DojoCrashError("OOM")

    backend = _backend(Always(TABLE))
    crashed = backend.run_tactic(backend.start(STATEMENT).state, "constructor")
    assert isinstance(crashed, TacticError) and crashed.kind == "repl_error" and "crashed twice" in crashed.messages[0]


def test_a_theorem_whose_traced_statement_differs_is_refused() -> None:
    backend = _backend(_StandIn(TABLE), source="theorem and_swap (p q : Prop) (hp : p) (hq : q) : p ∧ q := by sorry")
    refused = backend.start(STATEMENT)
    assert isinstance(refused, TacticError) and refused.kind == "statement_mismatch"
    with pytest.raises(LeanInputError, match="finds theorems by name"):
        backend.start("example : True")


def test_missing_leandojo_or_lean_is_one_line_naming_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dojo_mod, "find_tool", lambda name: None)
    with pytest.raises(LeanUnavailableError) as info:
        make_step_backend("leandojo", repo_url="u", commit="c")
    line = str(info.value)
    assert "\n" not in line and "no Lean toolchain" in line and "elan" in line
    monkeypatch.setattr(dojo_mod.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(LeanUnavailableError, match=r"pip install -e '\.\[leandojo\]'"):
        make_step_backend("leandojo", repo_url="u", commit="c")
    with pytest.raises(LeanInputError, match="--lean-backend 'coq': unknown backend; choose one of repl, leandojo"):
        make_step_backend("coq")


def test_leandojo_backend_takes_its_repository_from_settings_or_says_which_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from prover.lean.settings import LeanSettings

    monkeypatch.setattr(dojo_mod, "find_tool", lambda name: "/usr/bin/lake")
    with pytest.raises(LeanInputError, match="set PROVER_LEAN_LEANDOJO_REPO, PROVER_LEAN_LEANDOJO_COMMIT"):
        make_step_backend("leandojo", settings=LeanSettings(_env_file=None))
    settings = LeanSettings(_env_file=None, leandojo_repo="https://example.org/miniF2F-lean4", leandojo_commit="abc",
                            leandojo_file="MiniF2F/Valid/{name}.lean", timeout_s=30)
    backend = make_step_backend("leandojo", settings=settings)
    assert isinstance(backend, LeanDojoBackend) and backend.file_path == "MiniF2F/Valid/{name}.lean"
    assert (backend.repo_url, backend.commit, backend.timeout_s) == ("https://example.org/miniF2F-lean4", "abc", 30)


@pytest.mark.lean
def test_live_leandojo_on_a_minif2f_valid_theorem(shared_data) -> None:
    """Needs Lean, lean-dojo, and PROVER_LEAN_LEANDOJO_REPO / _COMMIT / _FILE naming miniF2F-lean4 (e.g.
    file MiniF2F/Valid/{name}.lean); LeanDojo traces the repository on first use (long)."""
    from prover.lean.settings import LeanSettings

    settings = LeanSettings()
    if not settings.leandojo_repo or not settings.leandojo_commit:
        pytest.skip("PROVER_LEAN_LEANDOJO_REPO / PROVER_LEAN_LEANDOJO_COMMIT not set")
    source = (shared_data / "minif2f" / "Valid" / "mathd_algebra_10.lean").read_text(encoding="utf-8")
    statement = source[source.index("theorem mathd_algebra_10"):]
    backend = make_step_backend("leandojo", settings=settings)
    try:
        start = backend.start(statement)
        assert isinstance(start, TacticState) and start.state.num_goals == 1
        wrong = backend.run_tactic(start.state, "exact no_such_lemma")
        assert isinstance(wrong, TacticError) and wrong.kind == "lean_error"
        done = backend.run_tactic(start.state, "norm_num [abs_of_nonneg]")
        assert isinstance(done, ProofFinished) and done.checker == "lean-tactic"
    finally:
        backend.close()
