"""Best-first search logic pinned on a deterministic table environment: order, dedup, budgets, failures."""

from __future__ import annotations

import json
import pickle
import time

import pytest

from prover.search import EnvironmentUnsupported, SearchConfig, Theorem, Weights, prove
from symbolic.provenance import NodeKind, ProvenanceGraph
from symbolic.verdicts import Checker, Outcome, Reason

from .tables import FixedEstimates, ListProposer, TableEnv

T = Theorem("t", "theorem t : A := by sorry", header="")
CHAIN = {("A", "a1"): ["B"], ("B", "b1"): ["C"], ("C", "c1"): []}
CHAIN_PROPOSALS = {"A": [("a1", -0.5)], "B": [("b1", -0.5)], "C": [("c1", -0.5)]}


def cfg(**kw) -> SearchConfig:
    return SearchConfig(**{"budget_s": 20.0, "use_predictor": False, **kw})


def test_chain_is_proved_with_path_trace_and_graph() -> None:
    env = TableEnv(["A"], CHAIN)
    r = prove(T, cfg(), env=env, proposers=[ListProposer(CHAIN_PROPOSALS)], predictor=None, llm=None)
    assert r.claim.outcome is Outcome.PROVED and r.claim.checker is Checker.CONSTRUCTION
    assert r.proof == "theorem t : A := by\n  a1\n  b1\n  c1\n"
    assert not r.lean_checked
    assert r.stats["expansions"] == 3 and r.stats["tactics"] == 3
    on_path = sorted((t["state"], t["steps_remaining"]) for t in r.trace if t["on_path"])
    assert on_path == [("A", 3), ("B", 2), ("C", 1)]
    assert [t["history"] for t in r.trace if t["state"] == "C"] == [["a1", "b1"]]
    proof_nodes = list(r.graph.nodes(NodeKind.PROOF))
    assert len(proof_nodes) == 1 and proof_nodes[0].lean == r.proof
    assert {n.statement for n in r.graph.nodes(NodeKind.GOAL) if n.status == "proved"} == {"A", "B", "C", "no goals"}
    from prover.progress.datasets import records_from_trace

    labelled = records_from_trace(r.trace).on_path  # the progress predictor's reader takes the trace as is
    assert sorted((x.state, x.steps_remaining) for x in labelled) == [("A", 3), ("B", 2), ("C", 1)]
    json.dumps(r.to_json())  # the whole result is JSON
    ProvenanceGraph.from_json(r.graph.to_json())  # and the graph reads back (acyclic, well-formed)


def test_missing_last_step_is_not_proved() -> None:
    moves = {k: v for k, v in CHAIN.items() if k != ("C", "c1")}
    r = prove(T, cfg(), env=TableEnv(["A"], moves), proposers=[ListProposer(CHAIN_PROPOSALS)], predictor=None,
              llm=None)
    assert r.claim.outcome is Outcome.UNKNOWN and r.claim.reason is Reason.EXHAUSTED and r.proof is None
    failed = [n for n in r.graph.nodes(NodeKind.TACTIC) if n.status == "failed"]
    assert len(failed) == 1 and failed[0].extra["attempts"][0]["tactic"] == "c1"
    assert "no move" in failed[0].extra["attempts"][0]["message"]


BRANCH = {("A", "good"): ["B"], ("A", "bad"): ["C"], ("B", "b"): ["B2"], ("C", "c"): ["C2"],
          ("B2", "x"): ["B3"], ("C2", "y"): ["C3"]}
BRANCH_PROPOSALS = {"A": [("good", -0.1), ("bad", -3.0)], "B": [("b", -0.1)], "C": [("c", -0.1)],
                    "B2": [("x", -0.1)], "C2": [("y", -0.1)]}


def expanded(env: TableEnv) -> list[str]:
    """First goals in the order their expansions began (each expansion runs its first tactic first)."""
    out: list[str] = []
    for goals, _ in env.calls:
        if not out or out[-1] != goals[0]:
            out.append(goals[0])
    return out


def test_priority_follows_logprob() -> None:
    env = TableEnv(["A"], BRANCH)
    prove(T, cfg(), env=env, proposers=[ListProposer(BRANCH_PROPOSALS)], predictor=None, llm=None)
    assert expanded(env)[:4] == ["A", "B", "B2", "C"]  # the likely line first (B3 has no proposals: no call)


def test_progress_estimate_reorders_the_frontier() -> None:
    env = TableEnv(["A"], BRANCH)
    est = FixedEstimates({"B": 20.0, "C": 1.0, "C2": 1.0, "C3": 1.0})
    r = prove(T, cfg(use_predictor=True), env=env, proposers=[ListProposer(BRANCH_PROPOSALS)], predictor=est,
              llm=None)
    assert expanded(env)[:3] == ["A", "C", "C2"]
    assert est.calls >= 1 and r.stats["predictor_seconds"] >= 0
    env2 = TableEnv(["A"], BRANCH)  # the same search with the predictor switched off ignores it
    prove(T, cfg(use_predictor=False), env=env2, proposers=[ListProposer(BRANCH_PROPOSALS)], predictor=est, llm=None)
    assert expanded(env2)[:2] == ["A", "B"]


GOALS = {("A", "split3"): ["P", "Q", "R"], ("A", "one"): ["S"], ("S", "s"): ["S2"], ("P", "p"): ["P2"]}
GOALS_PROPOSALS = {"A": [("split3", -1.0), ("one", -1.0)], "S": [("s", -1.0)], "P": [("p", -1.0)]}


def test_heuristics_prefer_fewer_open_goals() -> None:
    env = TableEnv(["A"], GOALS)
    prove(T, cfg(), env=env, proposers=[ListProposer(GOALS_PROPOSALS)], predictor=None, llm=None)
    assert expanded(env)[:2] == ["A", "S"]
    env2 = TableEnv(["A"], GOALS)  # without heuristics the tie goes to the state produced first
    prove(T, cfg(use_heuristics=False), env=env2, proposers=[ListProposer(GOALS_PROPOSALS)], predictor=None, llm=None)
    assert expanded(env2)[:2] == ["A", "P"]


def test_states_are_deduplicated_by_normalized_text() -> None:
    moves = {("A", "t1"): ["x  +  1 = 2"], ("A", "t2"): ["x + 1 = 2"], ("x + 1 = 2", "done"): ["D"]}
    props = {"A": [("t1", -0.1), ("t2", -0.2)], "x  +  1 = 2": [("done", -0.1)]}
    env = TableEnv(["A"], moves)
    r = prove(T, cfg(), env=env, proposers=[ListProposer(props)], predictor=None, llm=None)
    assert r.stats["duplicates"] == 1
    assert [t for _, t in env.calls].count("done") == 1  # the twin state was never expanded
    revisits = [a for n in r.graph.nodes(NodeKind.TACTIC) for a in n.extra.get("attempts", [])
                if a["kind"] == "revisit"]
    assert [a["tactic"] for a in revisits] == ["t2"]


def test_proof_found_on_the_last_allowed_expansion() -> None:
    env = TableEnv(["A"], CHAIN)
    r = prove(T, cfg(max_expansions=3), env=env, proposers=[ListProposer(CHAIN_PROPOSALS)], predictor=None, llm=None)
    assert r.claim.outcome is Outcome.PROVED
    r2 = prove(T, cfg(max_expansions=2), env=TableEnv(["A"], CHAIN), proposers=[ListProposer(CHAIN_PROPOSALS)],
               predictor=None, llm=None)
    assert r2.claim.outcome is Outcome.UNKNOWN and r2.claim.reason is Reason.BUDGET
    assert r2.stats["expansions"] == 2


def test_wall_budget_overrun_is_at_most_one_tactic() -> None:
    moves = {(f"G{i}", f"t{j}"): [f"G{i * 10 + j}"] for i in range(200) for j in range(1, 10)}
    props = {f"G{i}": [(f"t{j}", -1.0) for j in range(1, 10)] for i in range(200)}
    env = TableEnv(["G0"], moves, delay_s=0.05)
    t0 = time.monotonic()
    r = prove(T, cfg(budget_s=0.5, tactic_timeout_s=0.05), env=env, proposers=[ListProposer(props)],
              predictor=None, llm=None)
    elapsed = time.monotonic() - t0
    assert r.claim.reason is Reason.BUDGET
    assert elapsed < 0.5 + 0.05 + 0.25  # budget + one tactic + scheduling slack on a loaded machine


SPLIT = {("G", "constructor"): ["L", "R"], ("L", "exact l"): [], ("R", "intro h"): ["R2"], ("R2", "exact h"): []}
SPLIT_PROPOSALS = {"G": [("constructor", -0.1)], "L": [("exact l", -0.1)], "R": [("intro h", -0.1)],
                   "R2": [("exact h", -0.1)]}


def test_split_goals_assemble_into_a_bulleted_tree() -> None:
    env = TableEnv(["G"], SPLIT)
    r = prove(T, cfg(), env=env, proposers=[ListProposer(SPLIT_PROPOSALS)], predictor=None, llm=None)
    assert r.proof == "theorem t : A := by\n  constructor\n  · exact l\n  · intro h\n    exact h\n"
    assert r.claim.outcome is Outcome.PROVED  # the table replays the bulleted text


def test_unrepresentable_theorem_is_a_typed_result() -> None:
    class Refusing(TableEnv):
        def start(self, theorem: Theorem):
            raise EnvironmentUnsupported(theorem.name, "a Finset sum over a variable range")

    r = prove(T, cfg(), env=Refusing(["A"], {}), proposers=[], predictor=None, llm=None)
    assert r.claim.outcome is Outcome.UNSUPPORTED and "Finset" in r.claim.detail and r.proof is None


def test_failing_and_slow_proposers_are_recorded_and_the_search_goes_on() -> None:
    broken = ListProposer({}, "broken", fail=True)
    slow = ListProposer(CHAIN_PROPOSALS, "slow", delay_s=3.0)
    good = ListProposer(CHAIN_PROPOSALS, "good")
    t0 = time.monotonic()
    r = prove(T, cfg(proposer_timeout_s=0.2), env=TableEnv(["A"], CHAIN), proposers=[broken, slow, good],
              predictor=None, llm=None)
    assert r.claim.outcome is Outcome.PROVED
    assert time.monotonic() - t0 < 2.5  # the slow proposer was abandoned, not awaited
    events = [n.extra.get("event") for n in r.graph.nodes(NodeKind.FACT)]
    assert events.count("proposer-error") == 3 and events.count("proposer-timeout") == 3
    assert r.stats["proposer_failures"] == 6


def test_environment_crash_is_recorded_and_repeated_crashes_end_the_search() -> None:
    props = {"A": [("boom", -0.1), ("a1", -0.5)], "B": [("b1", -0.5)], "C": [("c1", -0.5)]}
    r = prove(T, cfg(), env=TableEnv(["A"], CHAIN, crash_on=frozenset({"boom"})), proposers=[ListProposer(props)],
              predictor=None, llm=None)
    assert r.claim.outcome is Outcome.PROVED and r.stats["crashes"] == 1
    assert any(n.extra.get("event") == "environment-crash" for n in r.graph.nodes(NodeKind.FACT))
    always = {"A": [("boom", -0.1), ("boom2", -0.2), ("boom3", -0.3), ("a1", -0.5)]}
    r2 = prove(T, cfg(max_crashes=3), env=TableEnv(["A"], CHAIN, crash_on=frozenset({"boom", "boom2", "boom3"})),
               proposers=[ListProposer(always)], predictor=None, llm=None)
    assert r2.claim.outcome is Outcome.UNKNOWN and r2.claim.reason is Reason.CRASH


def test_config_pickles_and_weights_are_validated() -> None:
    c = SearchConfig(weights=Weights(progress=2.0), strategy="hammer-first")
    assert pickle.loads(pickle.dumps(c)) == c
    with pytest.raises(ValueError):
        SearchConfig(strategy="depth-first")


def test_a_slow_proposer_does_not_hold_up_a_proof_found_by_an_earlier_batch() -> None:
    quick = ListProposer({"A": [("done", -1.0)]}, "env")
    quick.inline = True  # the environment's own suggestions run in the search thread, first
    slow = ListProposer({"A": [("a1", -0.1)]}, "llm", delay_s=3.0)
    t0 = time.monotonic()
    r = prove(T, cfg(proposer_timeout_s=10.0), env=TableEnv(["A"], {("A", "done"): [], **CHAIN}),
              proposers=[quick, slow], predictor=None, llm=None)
    assert r.claim.outcome is Outcome.PROVED and time.monotonic() - t0 < 2.0  # not waiting 3 s for the LLM
    assert r.stats["by_proposer"] == {"env": {"tried": 1, "ok": 1}}


def test_a_deferrable_proposer_answers_later_and_its_tactics_are_still_tried() -> None:
    quick = ListProposer({"A": [("a1", -0.1)]}, "env")  # leads to B, where nothing but the LLM's tactic helps
    quick.inline = True
    slow = ListProposer({"A": [("shortcut", -0.1)]}, "llm", delay_s=0.5)
    slow.deferrable = True
    env = TableEnv(["A"], {("A", "a1"): ["B"], ("A", "shortcut"): []})
    t0 = time.monotonic()
    r = prove(T, cfg(proposer_timeout_s=10.0), env=env, proposers=[quick, slow], predictor=None, llm=None)
    assert r.claim.outcome is Outcome.PROVED and r.proof == "theorem t : A := by\n  shortcut\n"
    assert env.calls[0] == (("A",), "a1")  # the environment's step ran while the LLM was still thinking
    assert time.monotonic() - t0 < 3.0


def test_an_environment_that_crashes_while_checking_the_proof_gives_a_typed_result() -> None:
    class Broken(TableEnv):
        def verify(self, theorem, proof):
            raise BrokenPipeError("checker process died")

    r = prove(T, cfg(), env=Broken(["A"], CHAIN), proposers=[ListProposer(CHAIN_PROPOSALS)], predictor=None, llm=None)
    assert r.claim.outcome is Outcome.ERROR and r.claim.reason is Reason.CRASH and r.proof is None
    assert r.candidate == "theorem t : A := by\n  a1\n  b1\n  c1\n"
    assert any(n.extra.get("event") == "environment-crash" for n in r.graph.nodes(NodeKind.FACT))


def test_a_path_whose_text_holds_a_command_is_refused_at_assembly() -> None:
    sneaky = "set_option maxRecDepth 100000 in simp"
    r = prove(T, cfg(), env=TableEnv(["A"], {("A", sneaky): []}), proposers=[ListProposer({"A": [(sneaky, -0.1)]})],
              predictor=None, llm=None)
    assert r.claim.outcome is Outcome.REJECTED and r.claim.checker is Checker.GUARD
    assert r.proof is None and r.candidate is None and "set_option" in r.claim.detail


class _ParentRecorder(FixedEstimates):
    """Records the parent estimates the search passes (and caps like the real predictor)."""

    def __init__(self, table: dict[str, float]) -> None:
        super().__init__(table)
        self.seen: list[tuple[str, float | None, float]] = []

    def estimate(self, states, histories=None, parents=None):  # type: ignore[no-untyped-def]
        own = super().estimate(states, histories)
        ps = parents if parents is not None else [None] * len(states)
        out = [e if p is None else min(e, p - 0.01) for e, p in zip(own, ps, strict=True)]
        self.seen += [(s.split("\n\n")[0], p, e) for s, p, e in zip(states, ps, out, strict=True)]
        return out


def test_each_state_is_scored_with_its_parents_estimate() -> None:
    env = TableEnv(["A"], CHAIN)
    est = _ParentRecorder({"A": 3.0, "B": 9.0, "C": 1.0})
    r = prove(T, cfg(use_predictor=True), env=env, proposers=[ListProposer(CHAIN_PROPOSALS)], predictor=est,
              llm=None)
    assert r.claim.outcome is Outcome.PROVED
    by_state = {s: (p, e) for s, p, e in est.seen}
    assert by_state["A"] == (None, 3.0)  # the root has no parent
    assert by_state["B"] == (3.0, pytest.approx(2.99))  # B's own 9 is capped below A's estimate
    assert by_state["C"] == (pytest.approx(2.99), 1.0)
