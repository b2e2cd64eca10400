"""LeanEnv search over recorded real Lean answers (the REPL transcripts); no answer here is made up.

The proposers below offer exactly the tactics the recordings hold, so every Lean answer the search sees is one
Lean gave. The whole-proof re-check needs an answer to the assembled text, which no recording holds: those
searches must end *without* claiming ``proved``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.lean.backend import ReplStepBackend
from prover.lean.pool import SessionPool
from prover.search import SearchConfig, Theorem, prove
from prover.search.lean_env import LeanEnv
from symbolic.provenance import NodeKind
from symbolic.verdicts import Checker, Outcome, Reason

from ..lean.helpers import exchanges, replay_session
from .tables import ListProposer, RuleProposer

CFG = SearchConfig(budget_s=30.0, use_predictor=False)


def lean_env(transcripts_dir: Path, *names: str, pool: bool = False) -> LeanEnv:
    session, _ = replay_session(exchanges(transcripts_dir, *names))
    sessions = SessionPool(lambda header: session)
    return LeanEnv(ReplStepBackend(sessions, recheck=False), sessions if pool else None)


BRANCHING2 = Theorem("swap", "example (p q : Prop) : p ∧ q → q ∧ p := by sorry", header="")


@pytest.mark.parametrize(("pool", "reason"), [(False, Reason.UNAVAILABLE), (True, Reason.CRASH)])
def test_lean_search_follows_real_goals_and_assembles_a_tree(transcripts_dir: Path, pool: bool, reason: Reason) -> None:
    env = lean_env(transcripts_dir, "proof_branching2", pool=pool)
    rules = RuleProposer([("case left", "exact hq"), ("case right", "exact hp"),
                          ("hq : q\n⊢ q ∧ p", "apply And.intro"), ("hp : p\n⊢ q ∧ p", "have hq : q := h.right"),
                          ("h : p ∧ q\n⊢ q ∧ p", "have hp : p := h.left"), ("⊢ p ∧ q → q ∧ p", "intro h")])
    r = prove(BRANCHING2, CFG, env=env, proposers=[rules], predictor=None, llm=None)
    body = r.proof.split(":= by\n", 1)[1] if r.proof else ""
    assert body == ("  intro h\n  have hp : p := h.left\n  have hq : q := h.right\n  apply And.intro\n"
                    "  · exact hq\n  · exact hp\n")
    assert r.stats["tactics"] == 6 and r.stats["crashes"] == 0
    # every state text is Lean's own
    assert any(t["state"] == "case right\np q : Prop\nh : p ∧ q\nhp : p\nhq : q\n⊢ p" for t in r.trace)
    on_path = [t for t in r.trace if t["on_path"]]
    assert sorted(t["steps_remaining"] for t in on_path) == [1, 2, 3, 4, 5, 6]
    # no recording answers the whole-proof check: the result must not claim a proof
    assert r.claim.outcome is Outcome.UNKNOWN and r.claim.reason is reason
    assert not r.lean_checked
    tactic_checkers = {n.checker for n in r.graph.nodes(NodeKind.TACTIC) if n.status == "on-path"}
    assert tactic_checkers == {Checker.LEAN_TACTIC.value}


def test_a_failing_tactic_is_recorded_with_leans_error(transcripts_dir: Path) -> None:
    env = lean_env(transcripts_dir, "invalid_tactic")
    thm = Theorem("my_theorem", "theorem my_theorem (x : Nat) : x = x := by sorry", header="")
    r = prove(thm, CFG, env=env, proposers=[RuleProposer([("⊢ x = x", "exact my_fake_premise")])], predictor=None,
              llm=None)
    assert r.claim.outcome is Outcome.UNKNOWN and r.claim.reason is Reason.EXHAUSTED and r.proof is None
    attempts = [a for n in r.graph.nodes(NodeKind.TACTIC) for a in n.extra.get("attempts", [])]
    assert attempts[0]["tactic"] == "exact my_fake_premise"
    assert "Unknown identifier `my_fake_premise`" in attempts[0]["message"]


def test_an_unrecorded_request_is_an_environment_crash_not_an_answer(transcripts_dir: Path) -> None:
    env = lean_env(transcripts_dir, "assumption_proof")
    thm = Theorem("aa", "theorem aa (x : Nat) (h1 : x  = 2) : x = 2 := by sorry", header="")
    r = prove(thm, CFG, env=env, proposers=[ListProposer({"x : Nat\nh1 : x = 2\n⊢ x = 2": [("omega", -0.1), ("rfl", -0.2), ("simp", -0.3)]})], predictor=None,
              llm=None)
    assert r.claim.outcome is Outcome.UNKNOWN and r.claim.reason is Reason.CRASH
    assert r.stats["crashes"] == 3
    events = [n for n in r.graph.nodes(NodeKind.FACT) if n.extra.get("event") == "environment-crash"]
    assert len(events) == 3 and "no recorded answer" in events[0].statement
