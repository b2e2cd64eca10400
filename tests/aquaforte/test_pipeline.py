"""AquaForte end to end with the deterministic proposer: sat answers come with checked definitions, unsat
instances are never answered sat, bad proposers cannot break a run, and the run leaves a provenance graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symbolic.aquaforte import AquaForte, AquaForteConfig, ProposalRequest, TemplateProposer
from symbolic.provenance import ProvenanceGraph
from symbolic.smt import Status, read_script_file
from tests.aquaforte.conftest import OWN, SHARED, independently_valid

CANDIDATES_ONLY = AquaForteConfig(timeout=15, race_plain=False, fallback=False)


def own_with_status(status: str) -> list[Path]:
    return sorted(p for p in OWN.glob("*.smt2") if read_script_file(p).status == status)


@pytest.mark.parametrize("name", ["lin_step", "cauchy_real", "involution", "two_functions",
                                  "threshold_predicate", "unknown_slope", "reciprocal"])
def test_templates_solve_closed_form_instances_with_checked_models(name: str) -> None:
    path = OWN / f"{name}.smt2"
    res = AquaForte(config=CANDIDATES_ONLY).solve_file(path)
    assert res.status is Status.SAT, res.to_json()
    assert res.decided_by == "candidate"
    assert res.verified_by
    assert independently_valid(path, res)


@pytest.mark.parametrize("path", own_with_status("unsat"), ids=lambda p: p.stem)
def test_own_unsat_instances_are_never_sat(path: Path) -> None:
    res = AquaForte(config=AquaForteConfig(timeout=4)).solve_file(path)
    assert res.status is not Status.SAT


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared benchmark data not found")
@pytest.mark.parametrize("sub", ["check", "prove"])
def test_funcprobs_unsat_samples_are_never_sat(sub: str) -> None:
    files = sorted((SHARED / "funcprobs" / sub).glob("*.smt2"))[:3]
    for path in files:
        res = AquaForte(config=AquaForteConfig(timeout=3, check_timeout=1.0)).solve_file(path)
        assert res.status is not Status.SAT, path


class ScriptedProposer:
    """Replays fixed replies per round and records the requests it saw."""

    name = "scripted"

    def __init__(self, replies: list[object]) -> None:
        self.replies = replies
        self.requests: list[ProposalRequest] = []

    def __call__(self, request: ProposalRequest) -> list[str]:
        self.requests.append(request)
        i = len(self.requests) - 1
        reply = self.replies[i] if i < len(self.replies) else []
        if isinstance(reply, Exception):
            raise reply
        return reply  # type: ignore[return-value]


def test_garbage_from_the_proposer_is_rejected_and_fed_back() -> None:
    prop = ScriptedProposer([
        ["import os; os.system('true')", "f(x) = ", "g(y) = 1", "f(x, y) = x", 42, "f(x) = __import__(x)"],
        RuntimeError("model server down"),
        "not a list",
    ])
    res = AquaForte(prop, AquaForteConfig(timeout=10, race_plain=False, fallback=False, rounds=3)).solve_file(
        OWN / "lin_step.smt2")
    assert res.status is Status.UNKNOWN
    assert res.stats["rejected_parse"] == 6
    fb = prop.requests[1].feedback
    assert len(fb) == 6 and all("rejected" in f for f in fb)


def test_failed_candidates_are_excluded_and_explained() -> None:
    prop = ScriptedProposer([["f(x) = x * x + 2"], ["f(y) = y * y + 2", "f(z) = 2 + z * z"],
                             ["f(x) = 3 * x + 2"]])
    res = AquaForte(prop, AquaForteConfig(timeout=15, race_plain=False, fallback=False)).solve_file(
        OWN / "lin_step.smt2")
    assert res.status is Status.SAT and res.definitions["f"] == "f(x) = 3 * x + 2"
    assert res.stats["exclusions"] >= 1 and res.stats["duplicates"] == 2
    first_failure = prop.requests[1].feedback[0]
    assert first_failure.startswith("f(x) = x * x + 2: violates forall x : Int. f(x + 1) = f(x) + 3 at x=")
    assert res.stats["instances"] >= 1  # the counterexample became an instance


def test_run_emits_a_provenance_graph(tmp_path: Path) -> None:
    res = AquaForte(config=CANDIDATES_ONLY).solve_file(OWN / "two_functions.smt2")
    g = res.graph
    assert isinstance(g, ProvenanceGraph)
    kinds = {n.kind.value for n in g.nodes()}
    assert {"goal", "fact", "proposal", "smt-query", "proof"} <= kinds
    out = g.save(tmp_path / "run.json")
    doc = json.loads(out.read_text())
    assert len(doc["nodes"]) == g.number_of_nodes() and doc["edges"]
    assert ProvenanceGraph.load(out).number_of_nodes() == g.number_of_nodes()


def test_plain_race_covers_what_candidates_cannot() -> None:
    # unsat needs instantiation, not a candidate: the plain solvers racing alongside answer it
    res = AquaForte(config=AquaForteConfig(timeout=8)).solve_file(OWN / "lin_step_wrong_value.smt2")
    assert res.status is Status.UNSAT


def test_template_proposer_output_always_parses() -> None:
    from symbolic.aquaforte import FunctionSignature, parse_candidate
    from symbolic.logic import BOOL, INT, REAL, FunSort, var

    sorts = {"Int": INT, "Real": REAL, "Bool": BOOL}
    for args, res in [(("Real",), "Real"), (("Int",), "Int"), (("Int", "Int"), "Int"), (("Int",), "Bool"),
                      (("Real", "Real"), "Real")]:
        sig = FunctionSignature("f", args, res)
        fn = var("f", FunSort(tuple(sorts[a] for a in args), sorts[res]))
        texts = TemplateProposer()(ProposalRequest("c0", (sig,), (), n=50))
        assert len(texts) >= 3
        for t in texts:
            parse_candidate(t, [fn])


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared benchmark data not found")
def test_a_mislabelled_prove_instance_gets_a_checked_model() -> None:
    # labelled unsat, yet f(x) = -x satisfies every assertion; AquaForte's sat answer must check out
    path = SHARED / "funcprobs" / "prove" / "problem_U56.smt2"
    res = AquaForte(config=AquaForteConfig(timeout=10)).solve_file(path)
    assert res.status in (Status.SAT, Status.UNKNOWN)
    if res.status is Status.SAT:
        assert independently_valid(path, res)
