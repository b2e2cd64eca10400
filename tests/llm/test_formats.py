"""The prompt-format registry: each family's prompt as documented, model names → formats, and each format's
strict reply parser against hand-labelled replies (tests/llm/data/replies.jsonl, written by
write_replies.py beside it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.llm.errors import LLMConfigError
from prover.llm.formats import FORMATS, format_names, get_format, resolve_format
from prover.llm.tactics import TacticProposer
from tests.llm.conftest import FakeServer

ROWS = [json.loads(line) for line in (Path(__file__).parent / "data" / "replies.jsonl").read_text(encoding="utf-8")
        .splitlines() if line.strip()]
PROVER_FORMATS = ["deepseek-v1.5", "deepseek-v2", "kimina", "reprover", "llmstep", "internlm-step", "bfs", "generic"]


@pytest.mark.parametrize("name", PROVER_FORMATS)
def test_parser_agrees_with_the_hand_labels(name: str) -> None:
    fmt = get_format(name)
    rows = [r for r in ROWS if r["format"] == name]
    assert len(rows) >= 100 and {r["label"] for r in rows} == {"accept", "reject"}
    wrongly_accepted, disagreements = [], []
    for r in rows:
        got, why = fmt.parse(r["reply"], opened=True, statement=r.get("statement"))
        if r["label"] == "reject" and got is not None:
            wrongly_accepted.append((r["id"], r["note"], got))
        elif r["label"] == "accept" and got != r["expect"]:
            disagreements.append((r["id"], r["note"], got, why))
        if got is None:
            assert why, f"reply {r['id']} rejected without a reason"
    assert wrongly_accepted == []  # goal: 0 non-tactics / non-proofs accepted
    assert disagreements == []


def test_the_reported_non_tactics_are_rejected_with_a_reason() -> None:
    for name in ("generic", "bfs", "llmstep", "reprover", "internlm-step"):
        parse = get_format(name).parse
        for reply in ("(x-y) : 3", "We need to show that x = 3.", "", "theorem t : 1 = 1 := by norm_num"):
            got, why = parse(reply, opened=True)
            assert got is None and why, (name, reply)
    assert get_format("generic").parse("(try norm_num) <;> linarith", opened=True) == ("(try norm_num) <;> linarith", "")


def test_prompts_are_the_families_documented_ones() -> None:
    st, header = "theorem t (x : ℝ) (h : 2 * x = 4) : x = 2 := by sorry", "import Mathlib\nopen Real"
    v15 = get_format("deepseek-v1.5").build(st, header, "Solve for x.")
    assert v15.api == "completions" and v15.stop == ("```",)
    assert v15.text == ("Complete the following Lean 4 code:\n\n```lean4\nimport Mathlib\nopen Real\n\n"
                        "/-- Solve for x. -/\ntheorem t (x : ℝ) (h : 2 * x = 4) : x = 2 := by\n")
    cot = get_format("deepseek-v1.5").build(st, header, cot=True)
    assert cot.text.startswith("Complete the following Lean 4 code with explanatory comments preceding each line of code:")
    v2 = get_format("deepseek-v2").build(st, header)
    assert v2.api == "chat" and v2.messages() == [{"role": "user", "content": v2.user}]
    assert v2.user.startswith("Complete the following Lean 4 code:\n\n```lean4\nimport Mathlib\nopen Real\n\n"
                              "theorem t (x : ℝ) (h : 2 * x = 4) : x = 2 := by\n  sorry\n```\n\nBefore producing")
    kimina = get_format("kimina").build(st, header, "/-- Solve for x. -/")
    assert kimina.messages()[0] == {"role": "system", "content": "You are an expert in mathematics and Lean 4."}
    assert kimina.user == ("Think about and solve the following problem step by step in Lean 4.\n# Problem:Solve for "
                           "x.\n# Formal statement:\n```lean4\nimport Mathlib\nopen Real\n\ntheorem t (x : ℝ) "
                           "(h : 2 * x = 4) : x = 2 := by\n```\n")
    goal = "x : ℝ\nh : 2 * x = 4\n⊢ x = 2"
    assert get_format("bfs").build(goal).text == goal + ":::"
    assert get_format("llmstep").build(goal).text == f"[GOAL]{goal}[PROOFSTEP]"
    assert get_format("reprover").build("2 goals\n" + goal, premises=["lemma a : 1 = 1", "lemma b : 2 = 2"]).text == \
        f"lemma b : 2 = 2\n\nlemma a : 1 = 1\n\n{goal}"
    assert get_format("internlm-step").build(goal, ["intro y"], name="t").text == \
        f"---\nNAME: t\n\n---\nPROOF_BEFORE: intro y\n\n---\nSTATE_BEFORE: {goal}\n\n---\nTACTIC: "
    assert all(f.source for f in FORMATS.values())


@pytest.mark.parametrize(("model", "kind", "expected"), [
    ("deepseek-ai/DeepSeek-Prover-V1.5-RL", "proof", "deepseek-v1.5"),
    ("Goedel-LM/Goedel-Prover-SFT", "proof", "deepseek-v1.5"),
    ("deepseek-ai/DeepSeek-Prover-V2-7B", "proof", "deepseek-v2"),
    ("Goedel-LM/Goedel-Prover-V2-8B", "proof", "deepseek-v2"),
    ("AI-MO/Kimina-Prover-Preview-Distill-7B", "proof", "kimina"),
    ("kaiyuy/leandojo-lean4-tacgen-byt5-small", "tactic", "reprover"),
    ("wellecks/llmstep-mathlib4-pythia2.8b", "tactic", "llmstep"),
    ("internlm/internlm2_5-step-prover", "tactic", "internlm-step"),
    ("bytedance-research/BFS-Prover", "tactic", "bfs"),
    ("gemma-3-270m-q4_k_m", "tactic", "generic"),
    ("gemma-3-270m-q4_k_m", "proof", "generic"),
])
def test_model_names_pick_their_family(model: str, kind: str, expected: str) -> None:
    fmt = resolve_format(model, kind)  # type: ignore[arg-type]
    assert fmt.name == expected and fmt.kind == kind


def test_unknown_models_and_formats_are_one_line_errors_naming_the_way_out() -> None:
    with pytest.raises(LLMConfigError) as info:
        resolve_format("meta-llama/Llama-3.1-8B-Instruct", "tactic")
    line = str(info.value)
    assert "\n" not in line and "--llm-format" in line and "Kimina-Prover → kimina" in line and "BFS-Prover" in line
    with pytest.raises(LLMConfigError, match=r"unknown format; known: bfs, deepseek-v1\.5"):
        resolve_format("anything", "tactic", "lean-gpt")
    with pytest.raises(LLMConfigError, match=r"'kimina' is a proof format; this request needs a tactic format"):
        resolve_format("anything", "tactic", "kimina")
    with pytest.raises(LLMConfigError, match=r"is a tactic model \(bfs\); it cannot answer a proof request"):
        resolve_format("bytedance-research/BFS-Prover", "proof")
    assert resolve_format("meta-llama/Llama-3.1-8B-Instruct", "proof", "deepseek-v2").name == "deepseek-v2"
    assert set(format_names()) == set(PROVER_FORMATS)


def test_proposer_speaks_the_served_models_format(client_for) -> None:
    """The format comes from the served model's name: BFS-Prover is prompted `state:::` on /v1/completions."""
    server = FakeServer(replies=[" nlinarith [sq_nonneg (x - 2)]", "(x-y) : 3", "x ≤ 2:::linarith"])
    client = client_for(server, model="bytedance-research/BFS-Prover", format=None, api="chat")
    proposals = TacticProposer(client).propose_tactics("x : ℝ\n⊢ x = 2", n=3)
    assert sorted(p.text for p in proposals) == ["linarith", "nlinarith [sq_nonneg (x - 2)]"]
    assert server.requests[0]["path"].endswith("/completions") and "chat" not in server.requests[0]["path"]
    assert server.requests[0]["prompt"] == "x : ℝ\n⊢ x = 2:::" and proposals[0].prompt_id.startswith("bfs:")


def test_whole_proof_proposer_takes_the_final_block_of_the_given_statement(client_for) -> None:
    st = "theorem t (x : ℝ) (h : 2 * x = 4) : x = 2"
    good = f"### Detailed Proof and Analysis\nDivide by 2.\n```lean4\n{st} := by\n  linarith\n```"
    changed = "```lean4\ntheorem t (x : ℝ) (h : 2 * x = 6) : x = 3 := by\n  linarith\n```"
    server = FakeServer(replies=[good, changed, "I could not prove it."])
    client = client_for(server, model="deepseek-ai/DeepSeek-Prover-V2-7B", format=None)
    proposals = TacticProposer(client).propose_proofs(st + " := by sorry", n=3)
    assert [p.text for p in proposals] == ["linarith"]
    assert server.requests[0]["path"].endswith("/chat/completions")
    assert server.requests[0]["messages"][0]["content"].startswith("Complete the following Lean 4 code:")


def test_a_model_of_no_family_stops_the_proposer_with_the_flag_to_use(client_for) -> None:
    client = client_for(FakeServer(replies=["simp"]), model="acme/prover-x", format=None)
    with pytest.raises(LLMConfigError, match="--llm-format"):
        TacticProposer(client).propose_tactics("⊢ True", n=1)
    assert [p.text for p in TacticProposer(client, format="generic").propose_tactics("⊢ True", n=1)] == ["simp"]


def test_cli_unknown_format_is_a_one_line_user_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from prover.cli import main

    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setenv("PROVER_LLM_BASE_URL", "http://127.0.0.1:9/v1")  # never reached: the format fails first
    monkeypatch.setenv("PROVER_LLM_CACHE", "false")
    assert main(["llm", "tactics", "--goal", "⊢ True", "--llm-format", "lean-gpt"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--llm-format 'lean-gpt': unknown format; known:" in err[0]


@pytest.mark.parametrize("statement", ["theorem t : P := by sorry", "theorem t : P := by", "theorem t : P :=",
                                       "theorem t : P := sorry", "theorem t : P", "theorem t : P := by\n  sorry"])
def test_every_statement_form_is_opened_once(statement: str) -> None:
    assert get_format("deepseek-v1.5").build(statement).text.endswith("\ntheorem t : P := by\n")
    assert get_format("deepseek-v2").build(statement).user.count(":= by") == 1


def test_a_name_ending_in_by_is_not_a_proof() -> None:
    assert get_format("deepseek-v1.5").build("theorem t : foo_by").text.endswith("theorem t : foo_by := by\n")


def test_final_block_is_read_as_lean() -> None:
    # a regex reader refused a proof whose comment mentions `exact?` and took a commented-out theorem for one
    kimina = get_format("kimina")
    st = "theorem t : True := by sorry"
    good = "```lean4\ntheorem t : True := by\n  trivial -- exact? found this\n```"
    assert kimina.parse(good, statement=st) == ("trivial -- exact? found this", "")
    assert kimina.parse(good.replace("trivial --", "exact?\n  --"), statement=st)[0] is None
    commented = "```lean4\n/-\ntheorem t : True := by\n-/\n  trivial\n```"
    assert kimina.parse(commented, statement=st) == (None, "the final block holds no theorem")
