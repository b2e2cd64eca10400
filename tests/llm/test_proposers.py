"""Prompt builders, the tactic proposer and the AquaForte proposer (on the in-memory endpoint)."""

from __future__ import annotations

import logging

import pytest

import prover.llm
from prover.llm.aquaforte import build_aquaforte_prompt, make_aquaforte_proposer
from prover.llm.prompts import proof_prompt, tactic_prompt
from prover.llm.tactics import Proposal, TacticProposer
from symbolic.aquaforte.proposer import FunctionSignature, ProposalRequest, Proposer
from tests.llm.conftest import FakeServer


def test_public_api_is_pinned():
    assert sorted(prover.llm.__all__) == sorted([
        "Completion", "CompletionCache", "CriticEstimate", "GoalCritic", "LLMClient", "LLMConfigError", "LLMError", "LLMResponseError",
        "LLMSettings", "LLMTimeout", "LLMUnavailable", "LocalModelMissing", "LocalServer", "LocalServerError",
        "Proposal", "ReplyFormat", "Sample", "TacticProposer", "UsageTotals", "get_format", "local_llm_available",
        "make_aquaforte_proposer", "open_client", "resolve_format", "stop_shared_servers",
    ])


def test_tactic_prompt_holds_goal_steps_and_premises_and_opens_a_fence():
    p = tactic_prompt("x : ℕ\n⊢ x + 0 = x", ["intro y"], ["Nat.add_zero (n : ℕ) : n + 0 = n"])
    assert "⊢ x + 0 = x" in p.text and "intro y" in p.text and "Nat.add_zero" in p.text
    assert p.text.endswith("```lean\n") and p.stop == ("```",)
    assert "⊢ x + 0 = x" in p.user and "intro y" in p.user and p.messages()[0]["role"] == "system"
    assert p.prompt_id.startswith("tactic-v1:")
    assert p.prompt_id == tactic_prompt("x : ℕ\n⊢ x + 0 = x", ["intro y"], ["Nat.add_zero (n : ℕ) : n + 0 = n"]).prompt_id
    assert p.prompt_id != tactic_prompt("x : ℕ\n⊢ x + 0 = x").prompt_id


@pytest.mark.parametrize("statement", [
    "theorem t (a : ℕ) : a + 0 = a := by sorry",
    "theorem t (a : ℕ) : a + 0 = a := by",
    "theorem t (a : ℕ) : a + 0 = a :=",
    "theorem t (a : ℕ) : a + 0 = a",
])
def test_proof_prompt_ends_with_an_open_by_block(statement):
    p = proof_prompt(statement, header="import Mathlib", informal="Adding zero changes nothing.")
    assert p.text.endswith("theorem t (a : ℕ) : a + 0 = a := by\n")
    assert "import Mathlib" in p.text and "/-- Adding zero changes nothing. -/" in p.text
    assert "sorry" not in p.text


def _tactic_client(client_for, replies, **kw):
    return client_for(FakeServer(replies=replies, **kw))


def test_propose_tactics_parses_dedupes_and_ranks(client_for, caplog):
    server = FakeServer(replies=["simp\n```", "The answer is simp.", "omega  -- arith\n```", "simp", "sorry"])
    client = client_for(server)
    with caplog.at_level(logging.INFO, logger="prover.llm.tactics"):
        proposals = TacticProposer(client).propose_tactics("⊢ 1 + 1 = 2", ["norm_num"], n=5)
    # 'simp' twice (kept once), 'omega', two garbage replies dropped with a logged reason
    assert [p.text for p in proposals] == ["simp", "omega"]
    assert all(isinstance(p, Proposal) and p.model == "test-model" for p in proposals)
    assert proposals[0].logprob == pytest.approx(-0.25) and proposals[1].logprob == pytest.approx(-1.0)  # 4 fake tokens
    assert proposals[0].prompt_id.startswith("tactic-v1:")
    assert sum("reply dropped" in r.getMessage() for r in caplog.records) == 2
    assert server.requests[0]["stop"] == ["```"] and "norm_num" in server.requests[0]["prompt"]


def test_propose_tactics_in_chat_mode_reads_fenced_replies(client_for):
    server = FakeServer(replies=["Try this:\n```lean\nlinarith\n```"])
    proposals = TacticProposer(client_for(server, api="chat")).propose_tactics("⊢ 0 < 1", n=1)
    assert [p.text for p in proposals] == ["linarith"]
    assert server.requests[0]["path"].endswith("/chat/completions")


def test_propose_proofs(client_for):
    server = FakeServer(replies=["  intro x\n  simp\n```", "  sorry\n```"])
    proposals = TacticProposer(client_for(server)).propose_proofs("theorem t : ∀ x : ℕ, x + 0 = x := by sorry", n=2)
    assert [p.text for p in proposals] == ["intro x\nsimp"]
    assert proposals[0].prompt_id.startswith("proof-v1:")


def test_a_failed_llm_call_gives_no_proposals_not_an_exception(client_for, caplog):
    server = FakeServer(failures=[503] * 10)
    with caplog.at_level(logging.WARNING):
        assert TacticProposer(client_for(server, max_retries=1)).propose_tactics("⊢ True", n=2) == []
    assert any("no candidates" in r.getMessage() for r in caplog.records)
    server = FakeServer(failures=[404])
    assert TacticProposer(client_for(server)).propose_tactics("⊢ True", n=2) == []


REQUEST = ProposalRequest(
    component_id="c1",
    functions=(FunctionSignature("f", ("Real",), "Real"), FunctionSignature("g", ("Int", "Int"), "Int")),
    constraints=("forall x: Real. f(x + 1) = f(x) + 2", "forall a: Int, b: Int. g(a, b) = g(b, a)"),
    feedback=("f(x) = x + 1; g(x, y) = x: violates g(a, b) = g(b, a)",),
    n=3,
)


def test_aquaforte_prompt_holds_every_part_of_the_request():
    p = build_aquaforte_prompt(REQUEST)
    for part in ("f : Real -> Real", "g : Int -> Int -> Int", "f(x + 1) = f(x) + 2", "g(a, b) = g(b, a)",
                 "violates g(a, b) = g(b, a)", "f(x) = <term>; g(x, y) = <term>", "Tips", "Rejected"):
        assert part in p.text and part in p.user, part
    assert p.text.endswith("```\n") and p.prompt_id.startswith("ufdefs-v1:")


def test_aquaforte_proposer_extracts_candidates_strictly(client_for):
    replies = [
        "f(x) = 2*x\ng(x, y) = x + y\n```",
        "I think f is linear.",
        "f(x) = 2*x + 1\ng(x, y) = x * y\n```",
        "f(x) = 2*x\ng(x, y) = x + y\n```",  # duplicate
    ]
    server = FakeServer(replies=replies, honour_n=False)
    proposer = make_aquaforte_proposer(client_for(server))
    assert isinstance(proposer, Proposer)
    candidates = proposer(ProposalRequest(**{**REQUEST.__dict__, "n": 4}))
    assert candidates == ["f(x) = 2*x\ng(x, y) = x + y", "f(x) = 2*x + 1\ng(x, y) = x * y"]
    assert len(server.requests) == 4 and server.requests[0]["n"] == 4


def test_aquaforte_proposer_caps_at_n_and_survives_failures(client_for):
    server = FakeServer(replies=["f(x) = 1\ng(a, b) = 1\nf(x) = 2\ng(a, b) = 2\nf(x) = 3\ng(a, b) = 3\n```"])
    candidates = make_aquaforte_proposer(client_for(server))(ProposalRequest(**{**REQUEST.__dict__, "n": 2}))
    assert len(candidates) == 2
    dead = FakeServer(failures=["connect"] * 5)
    assert make_aquaforte_proposer(client_for(dead, max_retries=1))(REQUEST) == []
    bad_json = FakeServer(raw_body=b"<html>502 Bad Gateway</html>")
    assert make_aquaforte_proposer(client_for(bad_json))(REQUEST) == []
