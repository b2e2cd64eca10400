"""SymbolicEnv: proves the project's problems for real (structural steps + the hammer, breadth-first), never
their false twins, and every assembled proof is read back by ``verify``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.search.environment import Environment, EnvironmentUnsupported, StepKind, Theorem
from prover.search.symbolic_env import SymbolicEnv, breadth_first_proof
from symbolic.verdicts import Checker, Outcome

DEMO = Path(__file__).resolve().parents[2] / "data" / "problems" / "demo.jsonl"
ROWS = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
BY_NAME = {r["name"]: r for r in ROWS}
# one or two per category; the induction ones are what the hammer alone cannot prove
SUBSET = ["demo_lin_system_conj", "demo_nl_two_ab", "demo_case_exists_square", "demo_enum_cube_mod_seven",
          "demo_fun_composed", "demo_ind_sum_odd", "demo_ind_sum_squares", "demo_ind_bernoulli",
          "demo_peano_lt_two_pow"]


@pytest.fixture(scope="module", autouse=True)
def _solvers() -> None:
    from symbolic.smt import available_backends

    if not available_backends():
        pytest.skip("no SMT backend installed")


@pytest.fixture(scope="module")
def env() -> SymbolicEnv:
    return SymbolicEnv(hammer_timeout_s=3.0)


def theorem(name: str) -> Theorem:
    r = BY_NAME[name]
    return Theorem(r["name"], r["formal_statement"], r["header"])


def attempt(env: SymbolicEnv, name: str) -> tuple[str | None, Outcome | None]:
    th = theorem(name)
    proof = breadth_first_proof(env, th, budget_s=20, max_expansions=30)
    return proof, (env.verify(th, proof).outcome if proof else None)


def test_implements_the_seam(env: SymbolicEnv) -> None:
    assert isinstance(env, Environment) and env.name == "symbolic"


def test_start_renders_the_goal_and_names_unsupported_constructs(env: SymbolicEnv) -> None:
    state = env.start(theorem("demo_ind_sum_odd"))
    assert state.goals == ("n : ℕ\n⊢ (∑ i ∈ Finset.range n, ((2 : ℕ) * i + (1 : ℕ))) = n ^ (2 : ℕ)",)
    with pytest.raises(EnvironmentUnsupported, match="ZMod"):
        env.start(Theorem("c", "theorem c (z : ZMod 7) (h : z = 1) : z ^ 2 = 1 := by sorry"))


def test_run_tactic_outcomes(env: SymbolicEnv) -> None:
    state = env.start(theorem("demo_case_root_disjunction"))
    out = env.run_tactic(state, "rcases h₀ with h₀ | h₀", timeout_s=10)
    assert out.kind is StepKind.PROGRESS and len(out.state.goals) == 2 and out.checker is Checker.CONSTRUCTION
    closed = env.run_tactic(out.state, "nlinarith", timeout_s=10)
    assert closed.kind is StepKind.PROGRESS and len(closed.state.goals) == 1 and closed.checker is Checker.SMT
    assert "(check-sat)" in closed.evidence["smtlib"]
    assert env.run_tactic(state, "exact foo", timeout_s=10).kind is StepKind.UNSUPPORTED
    assert env.run_tactic(state, "sorry", timeout_s=10).kind is StepKind.GIVEN_UP
    assert env.run_tactic(state, "induction' x with k ih", timeout_s=10).kind is StepKind.ERROR
    false = env.start(theorem("demo_case_root_disjunction_false"))
    assert env.run_tactic(false, "nlinarith", timeout_s=10).kind is StepKind.ERROR


def test_suggestions_are_ordered_by_prior(env: SymbolicEnv) -> None:
    s = env.suggestions(env.start(theorem("demo_case_exists_square")))
    assert s[0].source == "hammer" and [x.logprob for x in s] == sorted((x.logprob for x in s), reverse=True)
    assert "obtain ⟨y, hy⟩ := h₀" in [x.tactic for x in s]
    ind = [x.tactic for x in env.suggestions(env.start(theorem("demo_ind_sum_odd")))]
    assert "induction' n with k ih" in ind


@pytest.mark.parametrize("name", SUBSET)
def test_proves_problem_and_not_its_false_twin(env: SymbolicEnv, name: str) -> None:
    proof, verdict = attempt(env, name)
    assert proof is not None and verdict is Outcome.PROVED, name
    assert proof.startswith(BY_NAME[name]["header"].rstrip()) and f"theorem {name} " in proof
    twin, _ = attempt(env, f"{name}_false")
    assert twin is None


def test_induction_proof_text_and_tampering_is_caught(env: SymbolicEnv) -> None:
    th = theorem("demo_ind_sum_odd")
    proof = breadth_first_proof(env, th, budget_s=20)
    assert proof is not None and "induction' n with k ih" in proof and "Finset.sum_range_succ" in proof
    assert env.verify(th, proof).outcome is Outcome.PROVED
    other = theorem("demo_ind_sum_odd_false")
    assert env.verify(other, proof.replace("demo_ind_sum_odd", "demo_ind_sum_odd_false")).outcome is Outcome.REJECTED
    truncated = "\n".join(proof.splitlines()[:-1])
    assert env.verify(th, truncated).outcome is not Outcome.PROVED
    fresh = SymbolicEnv(hammer_timeout_s=3.0)  # no recorded closings: every line re-derived on its own
    assert fresh.verify(th, proof).outcome is Outcome.PROVED


@pytest.mark.benchmark
def test_whole_problem_set(env: SymbolicEnv) -> None:
    proved, false_proved = [], []
    for r in ROWS:
        proof, verdict = attempt(env, r["name"])
        if proof is not None and r["expect"] == "true":
            assert verdict is Outcome.PROVED, r["name"]
            proved.append(r["name"])
        elif proof is not None:
            false_proved.append(r["name"])
    assert false_proved == []
    assert len(proved) >= 30


def test_a_failing_solver_is_a_step_error_not_a_crash(env: SymbolicEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    import symbolic.smt
    from symbolic.smt.backends import SolverUnavailable

    def broken(*_a: object, **_k: object) -> None:
        raise SolverUnavailable("no solver here")

    state = env.start(theorem("demo_enum_square_nine"))
    monkeypatch.setattr(symbolic.smt, "check_sat", broken)
    out = env.run_tactic(state, "interval_cases n", timeout_s=5)
    assert out.kind is StepKind.ERROR and "no solver here" in out.message
    assert env.run_tactic(state, "hammer", timeout_s=5).kind is StepKind.ERROR


def test_closing_blocks_are_read_back_by_the_self_check(env: SymbolicEnv) -> None:
    from prover.search.symbolic_env import _self_check

    th = theorem("demo_fun_composed")
    goal = env.start(th).goals[0]
    counts = [0, 0]
    assert _self_check(goal, ["have i1 := h₀ (f (2 : ℝ))", "norm_num at * <;> linarith"], counts) is None
    problem = _self_check(goal, ["have i1 := h₀ f (2 : ℝ)", "norm_num at * <;> linarith"], counts)
    assert problem is not None and "h₀" in problem and counts == [2, 0]
    proof = breadth_first_proof(env, th, budget_s=20)
    assert proof is not None and "self-check read back 1 closing block" in env.verify(th, proof).detail
    assert env.verify(th, proof.replace("h₀ (f (2 : ℝ))", "h₀ f (2 : ℝ)")).outcome is not Outcome.PROVED
