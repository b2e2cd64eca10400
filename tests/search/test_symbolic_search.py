"""prove() over SymbolicEnv on the project's problem set: true problems proved, their false twins never."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.search import SearchConfig, Theorem, prove
from symbolic.provenance import NodeKind
from symbolic.provenance.replay import replay_graph
from symbolic.verdicts import Checker, Outcome

from .tables import ScriptedLLM

PROBLEMS = Path(__file__).resolve().parents[2] / "data" / "problems" / "demo.jsonl"
CFG = SearchConfig(env="symbolic", budget_s=40.0, max_expansions=30, use_predictor=False, tactic_timeout_s=5.0)


def problem(name: str) -> Theorem:
    for line in PROBLEMS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["name"] == name:
            return Theorem(row["name"], row["formal_statement"], row["header"])
    raise KeyError(name)


@pytest.mark.parametrize("name", ["demo_lin_two_equations"])
def test_true_problem_is_proved_and_its_twin_is_not(name: str) -> None:
    r = prove(problem(name), CFG)
    assert r.claim.outcome is Outcome.PROVED and r.claim.checker in (Checker.SMT, Checker.CONSTRUCTION)
    assert not r.lean_checked and r.proof is not None and "sorry" not in r.proof
    assert r.proof.startswith(problem(name).header.rstrip())
    assert r.graph.conclusion is not None and r.graph.node(r.graph.conclusion).kind is NodeKind.PROOF
    report = replay_graph(r.graph)  # `prover replay`: every SMT step re-solved by z3 and cvc5
    assert report.ok and report.results
    twin = prove(problem(name + "_false"), CFG)
    assert twin.claim.outcome is not Outcome.PROVED and twin.proof is None


def test_a_statement_outside_the_fragment_is_unsupported() -> None:
    thm = Theorem("t", "theorem t (s : Set ℕ) (h : s.Finite) : s.ncard = s.ncard := by sorry")
    r = prove(thm, CFG)
    assert r.claim.outcome is Outcome.UNSUPPORTED and r.claim.detail.startswith("symbolic:")


def test_self_check_reads_closing_scripts_back_in_their_goal() -> None:
    from prover.search.selfcheck import self_check

    thm = Theorem("t", "theorem t (f : ℝ → ℝ) (h₀ : ∀ x, f x = 2 * x) : f 2 = 4 := by sorry")
    goal = "f : ℝ → ℝ\nh₀ : ∀ x, f x = 2 * x\n⊢ f 2 = 4"
    script = "have i1 := h₀ (2 : ℝ)\nlinarith"
    good = f"{thm.header}\ntheorem t (f : ℝ → ℝ) (h₀ : ∀ x, f x = 2 * x) : f 2 = 4 := by\n  have i1 := h₀ (2 : ℝ)\n  linarith\n"
    assert self_check(thm, good, [(goal, script)]) is None
    bad = script.replace("h₀ (2 : ℝ)", "h₀ f (2 : ℝ)")
    claim = self_check(thm, good.replace("h₀ (2 : ℝ)", "h₀ f (2 : ℝ)"), [(goal, bad)])
    assert claim is not None and claim.outcome is Outcome.REJECTED and claim.checker is Checker.SELF_CHECK
    assert "takes 1 arguments" in claim.detail
    changed = good.replace(": f 2 = 4 := by", ": f 2 = 4 ∨ True := by")
    assert self_check(thm, changed).detail.startswith("self-check: statement change")


def test_a_structured_proof_with_exists_elimination_passes_the_read_back() -> None:
    thm = Theorem("ex", "theorem ex (a : ℝ) (h₀ : ∃ x : ℝ, x ^ 2 = a) : 0 ≤ a := by sorry")
    r = prove(thm, CFG)
    assert r.claim.outcome is Outcome.PROVED, r.claim


def test_a_missing_predictor_checkpoint_is_a_documented_fallback(tmp_path: Path) -> None:
    cfg = CFG.model_copy(update={"use_predictor": True, "predictor_checkpoint": str(tmp_path / "none.pt")})
    r = prove(problem("demo_lin_two_equations"), cfg)
    assert r.claim.outcome is Outcome.PROVED
    assert "progress predictor disabled" in r.stats["predictor"]
    assert any("progress predictor disabled" in n for n in r.graph.meta["notes"])


def test_auto_environment_without_lean_is_symbolic() -> None:
    from prover.search.api import lean_ready

    if lean_ready() is None:
        pytest.skip("a Lean toolchain is installed here: auto picks Lean")
    r = prove(problem("demo_lin_two_equations"), CFG.model_copy(update={"env": "auto"}))
    assert r.env == "symbolic" and r.claim.outcome is Outcome.PROVED


SKETCH_T = Theorem("sk", "theorem sk (x : ℝ) (h : 2 * x + 1 = 5) : x ^ 2 = 4 := by sorry")


def test_a_sketch_is_proved_piece_by_piece_and_a_false_hole_is_named() -> None:
    cfg = CFG.model_copy(update={"strategy": "sketch"})
    r = prove(SKETCH_T, cfg, llm=ScriptedLLM(["have h1 : x = 2 := by sorry\nnlinarith"]))
    assert r.claim.outcome is Outcome.PROVED and r.claim.checker is Checker.SMT and "2 pieces" in r.claim.detail
    assert r.proof is not None and "have h1 : x = 2 := by\n    " in r.proof and "sorry" not in r.proof
    wrong = prove(SKETCH_T, cfg, llm=ScriptedLLM(["have h1 : x = 3 := by sorry\nnlinarith"]))
    assert wrong.claim.outcome is Outcome.UNKNOWN and wrong.holes == ["h1"] and wrong.proof is None


@pytest.fixture(scope="module")
def int_solve_graph() -> str:
    r = prove(problem("demo_lin_int_solve"), CFG.model_copy(update={"budget_s": 10.0}))
    assert r.claim.outcome is Outcome.PROVED
    return r.graph.to_json()


TAMPERS = {  # each keeps the query unsat, but no longer about what the state says
    "negation-replaced": ("(assert (not (= n 5)))", "(assert (not (= n n)))"),
    "negation-dropped": ("(assert (not (= n 5)))", "(assert false)"),
    "hypothesis-strengthened": ("(assert (= (+ (* 5 n) 3) 28))", "(assert (= n 5))"),
    "false-added": ("(check-sat)", "(assert false)\n(check-sat)"),
    "fake-fact": ("(check-sat)", "(assert (= n 5))\n(check-sat)"),
}


@pytest.mark.parametrize("tamper", ["honest", *TAMPERS])
def test_replay_rebuilds_an_smt_step_query_from_its_goal_state(int_solve_graph: str, tamper: str) -> None:
    from symbolic.provenance import ProvenanceGraph

    doc = json.loads(int_solve_graph)
    step = next(n for n in doc["nodes"] if n["kind"] == "tactic" and (n.get("replay") or {}).get("checker") == "smt")
    if tamper != "honest":
        old, new = TAMPERS[tamper]
        assert old in step["replay"]["smtlib"]
        step["replay"]["smtlib"] = step["replay"]["smtlib"].replace(old, new)
    report = replay_graph(ProvenanceGraph.from_json(json.dumps(doc)))
    if tamper == "honest":
        assert report.ok and report.results
        return
    assert not report.ok and report.first_failure.node == step["id"]
    assert report.first_failure.claim.outcome is Outcome.REJECTED
    assert "not the one its goal state gives" in report.first_failure.claim.detail


class EveryCase:
    """Proposes only ``interval_cases x <;> omega`` (the step that closes each case by SMT)."""

    name = "cases"

    def propose(self, state, history, n):  # type: ignore[no-untyped-def]
        from prover.search.proposers import Proposal

        return [] if state.solved else [Proposal("interval_cases x <;> omega", self.name, -1.0)]


@pytest.fixture(scope="module")
def every_case_graph() -> str:
    from prover.search.symbolic_env import SymbolicEnv

    t = Theorem("five_cases", "theorem five_cases (x : ℕ) (h₀ : x < 5) (h₁ : x % 3 = 1) : x = 1 ∨ x = 4 := by sorry")
    r = prove(t, CFG, env=SymbolicEnv(), proposers=[EveryCase()])
    assert r.claim.outcome is Outcome.PROVED and "interval_cases x <;> omega" in (r.proof or "")
    return r.graph.to_json()


@pytest.mark.parametrize("tamper", ["honest", "case-weakened", "case-dropped", "cover-shrunk"])
def test_replay_rebuilds_and_re_solves_every_case_of_a_split(every_case_graph: str, tamper: str) -> None:
    from symbolic.provenance import ProvenanceGraph

    doc = json.loads(every_case_graph)
    step = next(n for n in doc["nodes"] if (n.get("replay") or {}).get("cases"))
    cases = step["replay"]["cases"]
    assert isinstance(cases, list) and len(cases) == 5  # kept as data, one query per value 0..4
    if tamper == "case-weakened":  # case x = 2 answered by an inconsistency instead of its own query
        cases[2]["smtlib"] = cases[2]["smtlib"].replace("(check-sat)", "(assert false)\n(check-sat)")
    elif tamper == "case-dropped":
        del cases[2]
    elif tamper == "cover-shrunk":  # claims x < 5 covers only 0..3
        step["replay"]["purpose"] = step["replay"]["purpose"].replace("0..4", "0..3")
    report = replay_graph(ProvenanceGraph.from_json(json.dumps(doc)))
    if tamper == "honest":
        assert report.ok and "each of 5 cases unsat again" in report.by_node()[step["id"]].claim.detail
        return
    assert not report.ok and report.first_failure.node == step["id"]
    assert report.first_failure.claim.outcome is Outcome.REJECTED
    want = {"case-weakened": "case 3's query is not the one its goal state gives",
            "case-dropped": "4 case queries recorded for 5 cases",
            "cover-shrunk": "the cover query is not the one its goal state gives"}[tamper]
    assert want in report.first_failure.claim.detail
