"""The trace's tree fields (id, parent, expanded, exhausted) on deterministic table searches."""

from __future__ import annotations

from prover.search import SearchConfig, Theorem, prove
from symbolic.verdicts import Outcome, Reason

from .tables import ListProposer, TableEnv

T = Theorem("t", "theorem t : A := by sorry", header="")
# from A: `bad` (likelier) leads into a dead end C → C2 (C2's only tactic fails); `good` leads to B, which
# `b` closes; `side` leads to D, still queued when the proof is found
MOVES = {("A", "bad"): ["C"], ("A", "good"): ["B"], ("A", "side"): ["D"], ("C", "c"): ["C2"], ("B", "b"): []}
PROPOSALS = {"A": [("bad", -0.1), ("good", -3.0), ("side", -5.0)], "B": [("b", -0.1)], "C": [("c", -0.1)],
             "C2": [("y", -0.1)], "D": [("d", -0.1)]}


def cfg(**kw) -> SearchConfig:
    return SearchConfig(**{"budget_s": 20.0, "use_predictor": False, "use_heuristics": False, **kw})


def search(moves: dict, proposals: dict, **kw):
    env = TableEnv(["A"], moves, crash_on=kw.pop("crash_on", frozenset()))
    return prove(T, cfg(**kw), env=env, proposers=[ListProposer(proposals)], predictor=None, llm=None)


def by_state(trace: list[dict]) -> dict[str, dict]:
    return {t["state"]: t for t in trace}


def test_exhausted_vs_queued_vs_on_path() -> None:
    r = search(MOVES, PROPOSALS)
    assert r.claim.outcome is Outcome.PROVED
    t = by_state(r.trace)
    assert set(t) == {"A", "B", "C", "C2", "D"}
    # the tree: ids are the graph's goal nodes, each child names its parent
    assert t["A"]["parent"] is None
    assert [t[s]["parent"] for s in ("B", "C", "D")] == [t["A"]["id"]] * 3
    assert t["C2"]["parent"] == t["C"]["id"]
    assert len({x["id"] for x in r.trace}) == 5
    assert all(r.graph.node(x["id"]).statement == x["state"] for x in r.trace)
    # the dead end was expanded to the end: exhausted; the proof path is not; D was only queued
    assert sorted(s for s in t if t[s]["exhausted"]) == ["C", "C2"]
    assert t["C"]["expanded"] and t["C2"]["expanded"] and not t["C"]["on_path"]
    assert t["A"]["on_path"] and t["B"]["on_path"] and not t["A"]["exhausted"] and not t["B"]["exhausted"]
    assert not t["D"]["expanded"] and not t["D"]["exhausted"] and not t["D"]["on_path"]
    # the fields the batch runner and the progress records read are unchanged
    assert (t["A"]["steps_remaining"], t["B"]["steps_remaining"], t["C"]["steps_remaining"]) == (2, 1, None)


def test_a_failed_search_exhausts_its_root_only_when_nothing_is_left() -> None:
    moves = {k: v for k, v in MOVES.items() if k != ("B", "b")}
    r = search(moves, PROPOSALS)
    assert r.claim.reason is Reason.EXHAUSTED
    assert all(x["exhausted"] and x["expanded"] for x in r.trace)  # A, B, C, C2, D: all searched to the end
    # the same tree cut by the expansion budget: the states left in the queue and their ancestors are not
    r = search(moves, PROPOSALS, max_expansions=3)
    assert r.claim.reason is Reason.BUDGET
    t = by_state(r.trace)
    assert sorted(s for s in t if t[s]["exhausted"]) == ["C", "C2"]
    assert not t["A"]["exhausted"] and not t["B"]["expanded"] and not t["D"]["expanded"]


def test_depth_limit_and_crash_leave_states_undecided() -> None:
    moves = {k: v for k, v in MOVES.items() if k != ("B", "b")}
    r = search(moves, PROPOSALS, max_depth=2)  # C2 (depth 2) is never queued: C's subtree is not searched
    t = by_state(r.trace)
    assert "C2" in t and not t["C2"]["expanded"] and not t["C"]["exhausted"] and not t["A"]["exhausted"]
    assert t["B"]["exhausted"] and t["D"]["exhausted"]
    r = search(moves, {**PROPOSALS, "C2": [("y", -0.1), ("boom", -0.2)]}, crash_on=frozenset({"boom"}))
    t = by_state(r.trace)  # a crashed tactic decided nothing: C2, C and A stay open; B, D are exhausted
    assert not t["C2"]["exhausted"] and not t["C"]["exhausted"] and not t["A"]["exhausted"]
    assert t["B"]["exhausted"] and t["D"]["exhausted"]


def test_a_cycle_with_no_way_out_is_exhausted() -> None:
    moves = {("A", "a"): ["C"], ("C", "c"): ["C2"], ("C2", "back"): ["C"]}
    r = search(moves, {"A": [("a", -0.1)], "C": [("c", -0.1)], "C2": [("back", -0.1)]})
    assert r.claim.reason is Reason.EXHAUSTED
    assert all(x["exhausted"] for x in r.trace) and len(r.trace) == 3
    # the same cycle with an exit still queued when the budget ends: nothing on it is exhausted
    moves[("C2", "out")] = ["E"]
    r = search(moves, {"A": [("a", -0.1)], "C": [("c", -0.1)], "C2": [("back", -0.1), ("out", -0.2)],
                       "E": [("e", -0.1)]}, max_expansions=3)
    assert not any(x["exhausted"] for x in r.trace)
