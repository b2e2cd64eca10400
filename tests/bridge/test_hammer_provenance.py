"""The hammer's graph follows the edge convention and replays: its queries re-run on z3 and cvc5, its Lean
statement re-translates; an edited goal, hypothesis or query is rejected."""

from __future__ import annotations

import json

import pytest

from symbolic.bridge import HammerConfig, Outcome, hammer
from symbolic.provenance import EdgeKind, NodeKind, ProvenanceGraph
from symbolic.provenance.replay import replay_graph
from symbolic.smt import available_backends
from symbolic.verdicts import Outcome as ClaimOutcome

pytestmark = pytest.mark.skipif({"z3", "cvc5"} - set(available_backends()), reason="needs z3 and cvc5")

TRUE = ("theorem t (y : ℝ) (f : ℝ → ℝ) (h₀ : ∀ x, f x = 2 * x + 1) (h₁ : y = f 3) : y = 7 := by sorry")
FALSE = ("theorem t (y : ℝ) (f : ℝ → ℝ) (h₀ : ∀ x, f x = 2 * x + 1) (h₁ : y = f 3) : y = 8 := by sorry")
CFG = HammerConfig(timeout=4.0)


def _run(text: str) -> tuple[ProvenanceGraph, object]:
    g = ProvenanceGraph(title="hammer")
    res = hammer(text, config=CFG, graph=g)
    return g, res


def test_graph_runs_from_hypotheses_through_the_query_to_the_goal() -> None:
    g, res = _run(TRUE)
    assert res.outcome is Outcome.PROVED
    goal = g.conclusion
    assert goal is not None and g.node(goal).kind is NodeKind.GOAL and g.g.out_degree(goal) == 0
    assert g.node(goal).status == "proved" and g.node(goal).checker == "smt"
    (query,) = [q for q in g.sources_of(goal) if g.node(q).kind is NodeKind.SMT_QUERY]
    assert g.edges_between(query, goal) is EdgeKind.CHECKED_BY
    (translation,) = g.sources_of(query)[:1]
    hyps = g.sources_of(translation)
    assert {g.node(h).kind for h in hyps} == {NodeKind.HYPOTHESIS} and len(hyps) == 2
    instance = next(n for n in g.nodes(NodeKind.FACT) if n.label == "instance")
    assert g.sources_of(instance.id) == [next(h for h in hyps if g.node(h).label == "h₀")]
    assert g.edges_between(instance.id, query) is EdgeKind.DERIVED_FROM
    scripts = list(g.nodes(NodeKind.TACTIC))
    assert scripts and all(g.edges_between(query, s.id) is EdgeKind.DERIVED_FROM for s in scripts)
    assert all(g.edges_between(s.id, goal) is None for s in scripts)  # no Lean accepted them here
    assert {g.node(r).kind for r in g.roots()} <= {NodeKind.HYPOTHESIS, NodeKind.LEAN_CHECK}


def test_a_proved_and_a_disproved_run_replay(tmp_path) -> None:
    for text, outcome in ((TRUE, Outcome.PROVED), (FALSE, Outcome.DISPROVED)):
        g, res = _run(text)
        assert res.outcome is outcome
        report = replay_graph(ProvenanceGraph.load(g.save(tmp_path / "g.json")))
        assert report.ok, report.first_failure
        assert any(r.claim.checker.value == "smt" for r in report.results)


@pytest.mark.parametrize("edit", ["goal", "hypothesis", "query", "expect"])
def test_edited_hammer_graphs_are_rejected(tmp_path, edit: str) -> None:
    g, _ = _run(TRUE)
    doc = json.loads(g.to_json())
    nodes = {n["id"]: n for n in doc["nodes"]}
    query = next(n for n in doc["nodes"] if n.get("replay"))
    if edit == "goal":
        nodes[doc["conclusion"]]["statement"] = nodes[doc["conclusion"]]["statement"].replace("7", "8")
    elif edit == "hypothesis":
        h = next(n for n in doc["nodes"] if n["kind"] == "hypothesis" and n["statement"].startswith("h₁"))
        h["statement"] = h["statement"].replace("3", "4")
    elif edit == "query":
        query["replay"]["smtlib"] = query["replay"]["smtlib"].replace("(check-sat)", "(assert (> 0 1))\n(check-sat)")
        query["replay"]["expect"] = "sat"
    else:
        query["replay"]["expect"] = "sat"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc))
    report = replay_graph(ProvenanceGraph.load(path))
    assert not report.ok
    assert report.first_failure.node == query["id"]
    assert report.first_failure.claim.outcome is ClaimOutcome.REJECTED


def test_repeated_hypothesis_names_are_all_shown_and_replay() -> None:
    """miniF2F repeats names (two `h₀`); every binder is a node, the later one is what instances cite."""
    text = ("theorem t (n k : ℕ) (h₀ : 0 < n ∧ 0 < k) (h₀ : (n : ℝ) / k < 6) (h₁ : (5 : ℝ) < n / k) : "
            "n > k := by sorry")
    g, res = _run(text)
    assert res.outcome is Outcome.PROVED
    hyps = list(g.nodes(NodeKind.HYPOTHESIS))
    assert len(hyps) == 3 and sum(h.label == "h₀" for h in hyps) == 2
    translation = next(n.id for n in g.nodes(NodeKind.FACT) if n.label == "translation")
    assert sorted(g.sources_of(translation)) == sorted(h.id for h in hyps)
    report = replay_graph(g)
    assert report.ok and report.results, report.first_failure


# mathd_algebra_132 of miniF2F-valid: two ∀-hypotheses, four instances in the unsat core
MINIF2F = ("theorem mathd_algebra_132 (x : ℝ) (f g : ℝ → ℝ) (h₀ : ∀ x, f x = x + 2) (h₁ : ∀ x, g x = x ^ 2)\n"
           "  (h₂ : f (g x) = g (f x)) : x = -1 / 2 := by sorry")
HYP = "(= (f (g x)) (g (f x)))"
NEG_GOAL = "(not (= x (/ (- 1.0) 2.0)))"
INSTANCE = "(= (g x) (* x x))"
TAMPERS = {
    "assert-false": lambda q: q.replace("(check-sat)", "(assert false)\n(check-sat)"),
    "stronger-hypothesis": lambda q: q.replace(HYP, f"(and {HYP} (= x 0.0))"),
    "goal-negation-dropped": lambda q: "".join(ln for ln in q.splitlines(keepends=True) if NEG_GOAL not in ln),
    "goal-negation-replaced": lambda q: q.replace(NEG_GOAL, "(not (= x x))"),
    "false-instance": lambda q: q.replace(INSTANCE, "(= (g x) (* x 2.0))"),
}


@pytest.fixture(scope="module")
def minif2f_graph() -> dict:
    g, res = _run(MINIF2F)
    assert res.outcome is Outcome.PROVED and len(res.instances_used) == 4
    return json.loads(g.to_json())


def _replay(doc: dict, tmp_path) -> object:
    path = tmp_path / "g.json"
    path.write_text(json.dumps(doc))
    return replay_graph(ProvenanceGraph.load(path))


def test_the_honest_minif2f_graph_replays_with_its_query_rebuilt(minif2f_graph, tmp_path) -> None:
    query = next(n for n in minif2f_graph["nodes"] if n.get("replay"))
    assert query["replay"]["hammer"] == {"query": "ground", "max_instances": CFG.max_instances}
    for text in (HYP, NEG_GOAL, INSTANCE):
        assert text in query["replay"]["smtlib"]  # the tampers below edit real assertions
    report = _replay(minif2f_graph, tmp_path)
    assert report.ok, report.first_failure


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
def test_a_query_the_statement_does_not_justify_is_rejected(minif2f_graph, tmp_path, tamper: str) -> None:
    doc = json.loads(json.dumps(minif2f_graph))
    query = next(n for n in doc["nodes"] if n.get("replay"))
    edited = TAMPERS[tamper](query["replay"]["smtlib"])
    assert edited != query["replay"]["smtlib"]
    query["replay"]["smtlib"] = edited
    report = _replay(doc, tmp_path)
    assert not report.ok
    fail = report.first_failure
    assert fail.node == query["id"] and fail.claim.outcome is ClaimOutcome.REJECTED
    assert "ground query" in fail.claim.detail
    assert ("does not justify" in fail.claim.detail) or ("lacks" in fail.claim.detail)


@pytest.mark.parametrize("drop", ["hammer", "lean"])
def test_a_hammer_query_without_its_tie_is_rejected(minif2f_graph, tmp_path, drop: str) -> None:
    doc = json.loads(json.dumps(minif2f_graph))
    query = next(n for n in doc["nodes"] if n.get("replay"))
    del query["replay"][drop]
    query["replay"]["smtlib"] = TAMPERS["assert-false"](query["replay"]["smtlib"])
    report = _replay(doc, tmp_path)
    assert not report.ok and report.first_failure.node == query["id"]
    assert report.first_failure.claim.outcome is ClaimOutcome.REJECTED
