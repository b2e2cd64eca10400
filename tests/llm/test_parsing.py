"""Strict reply parsing on tables of messy, real-looking model replies."""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.llm.parsing import (
    DefinitionSignature,
    explain_proof,
    explain_tactic,
    extract_code,
    parse_definitions,
    parse_proof,
    parse_tactic,
)

# (reply as the model continued a prompt that opened a ```lean fence, expected tactic or None)
TACTIC_REPLIES = [
    ("  nlinarith [sq_nonneg (a - b), sq_nonneg (a + b)]\n```\n", "nlinarith [sq_nonneg (a - b), sq_nonneg (a + b)]"),
    ("simp [Nat.add_comm]\n  exact h\n```", "simp [Nat.add_comm]"),
    ("omega -- linear arithmetic over ℕ\n```", "omega"),
    ("norm_num [Finset.sum_range_succ]", "norm_num [Finset.sum_range_succ]"),
    ("by simp", "simp"),
    ("rw [h₀] at h₁\n```\n\nExplanation: rewriting with h₀ ...", "rw [h₀] at h₁"),
    ("have h : a = b := by\n    ring\n  linarith\n```", "have h : a = b := by\n    ring"),
    ("calc a = b := by rw [hab]\n  _ = c := by simp [hbc]\n```", "calc a = b := by rw [hab]\n  _ = c := by simp [hbc]"),
    ("· exact hx\n```", "· exact hx"),
    ("rcases h with ⟨x, hx⟩\n```", "rcases h with ⟨x, hx⟩"),
    ("```lean\nfield_simp\n```", "field_simp"),  # the model re-opened a fence itself
    # garbage
    ("", None),
    ("   \n\n```", None),
    ("The goal follows from the lemma above.", None),
    ("We can use induction on n.\n```", None),
    ("sorry\n```", None),
    ("exact?\n```", None),
    ("apply?", None),
    ("rw [foo, bar\n```", None),
    ("exact ⟨1, by simp\n```", None),
    ("Proof:\n```", None),
    ("To prove this, note that", None),
    ("<|im_end|>", None),
    ("```\n```", None),
    ("\u200b", None),
]


@pytest.mark.parametrize(("reply", "expected"), TACTIC_REPLIES)
def test_parse_tactic_table(reply, expected):
    assert parse_tactic(reply) == expected


def test_explain_tactic_gives_reason():
    assert explain_tactic("sorry")[1] == "uses sorry/admit"
    assert "unbalanced" in explain_tactic("rw [foo")[1]
    assert "search tactic" in explain_tactic("exact?")[1]
    assert "does not start with a tactic" in explain_tactic("x[0, 1] = 5")[1]
    assert explain_tactic("simp") == ("simp", "")


def test_chat_reply_with_prose_around_a_fence():
    reply = "Sure! Here is the tactic:\n```lean\nlinarith [h₀, h₁]\n```\nThis closes the goal."
    assert parse_tactic(reply, opened=False) == "linarith [h₀, h₁]"
    assert parse_tactic(reply, opened=True) is None  # completion-style: the prose is the reply's first code


PROOF_REPLIES = [
    ("  intro x hx\n  nlinarith [sq_nonneg (x - 1)]\n```\n", "intro x hx\nnlinarith [sq_nonneg (x - 1)]"),
    ("  norm_num\n\ntheorem next_one : 1 = 1 := by rfl\n", "norm_num"),
    ("```lean4\nimport Mathlib\nopen Real\n\n/-- doc -/\ntheorem t (a : ℝ) (h : 0 < a) : 0 < a ^ 2 := by\n"
     "  positivity\n```\nDone.", "positivity"),
    ("```lean\ntheorem t : 2 + 2 = 4 := by norm_num\n```", "norm_num"),
    ("  have h₁ : x = 2 := by\n    linarith\n  subst h₁\n  norm_num\n```",
     "have h₁ : x = 2 := by\n  linarith\nsubst h₁\nnorm_num"),
    ("  sorry\n```", None),
    ("  simp\n  admit\n```", None),
    ("I think the proof is by induction.\n```", None),
    ("```lean\ntheorem t : True := trivial\n```", None),  # term proof, no tactic block
    ("  exact (foo\n```", None),
    ("", None),
]


@pytest.mark.parametrize(("reply", "expected"), PROOF_REPLIES)
def test_parse_proof_table(reply, expected):
    assert parse_proof(reply) == expected


DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "proofs" / "deepseek-prover-v2"


@pytest.mark.skipif(not DATA.is_dir(), reason="benchmark data not found beside the checkout")
def test_real_machine_generated_proofs_parse_to_their_tactic_blocks():
    files = sorted(DATA.glob("*.lean"))
    assert len(files) > 200
    for path in files:
        source = path.read_text()
        body, why = explain_proof(source, opened=False)
        assert body is not None, f"{path.name}: {why}"
        # the block is the text after ':= by', dedented: its first tactic appears verbatim in the file
        first = body.splitlines()[0].strip()
        assert first in source.split(":= by", 1)[1]


F = DefinitionSignature("f", 1)
G = DefinitionSignature("g", 2)
C = DefinitionSignature("c", 0)

DEF_REPLIES = [
    # (reply, functions, opened, expected candidates)
    ("f(x) = 2*x + 1\n```", [F], True, ["f(x) = 2*x + 1"]),
    ("  f(x)=x^2 ;\n```\nThis works because...", [F], True, ["f(x) = x^2"]),
    ("Here are two options:\n```\nf(x) = x\n```\nand\n```text\nf(t) = ite(t < 0, -t, t)\n```", [F], False,
     ["f(x) = x", "f(t) = ite(t < 0, -t, t)"]),
    ("```\nf(x) = x + 1\ng(a, b) = a * b\nf(x) = 0\ng(a, b) = 0\n```", [F, G], False,
     ["f(x) = x + 1\ng(a, b) = a * b", "f(x) = 0\ng(a, b) = 0"]),
    ("```\ng(u, v) = u - v\nf(y) = abs(y)\n```", [F, G], False, ["f(y) = abs(y)\ng(u, v) = u - v"]),
    ("c = 3\nf(x) = c * x\n```", [F, C], True, ["f(x) = c * x\nc = 3"]),
    ("- f(x) = x / 2\n```", [F], True, ["f(x) = x / 2"]),
    ("-- simplest guess\nf(x) = 0\n```", [F], True, ["f(x) = 0"]),
    ("f(x) = x\nf(x) = x\n```", [F], True, ["f(x) = x"]),  # duplicates collapse
    # garbage
    ("f(x) = \\frac{1}{x}\n```", [F], True, []),
    ("f(x, y) = x\n```", [F], True, []),            # wrong arity
    ("g(a, a) = a\n```", [G], True, []),            # repeated parameter
    ("h(x) = x\n```", [F], True, []),               # unknown function
    ("f(x) = (x + 1\n```", [F], True, []),          # unbalanced
    ("f(x) = x + 1.\n```", [F], True, []),          # a sentence, not a term
    ("f(x) = `x`\n```", [F], True, []),
    ("f(x) = x + 1\nbut also something\ng(a, b) = a\n```", [F, G], True, []),  # junk inside a partial group
    ("f(x) = x + 1\n```", [F, G], True, []),        # incomplete: g missing
    ("I cannot find such a function.", [F], False, []),
    ("", [F], True, []),
]


@pytest.mark.parametrize(("reply", "functions", "opened", "expected"), DEF_REPLIES)
def test_parse_definitions_table(reply, functions, opened, expected):
    assert parse_definitions(reply, functions, opened=opened) == expected


def test_extract_code_prefers_fences_and_handles_opened_prompts():
    assert extract_code("a\n```python\nb\n```\nc\n```\nd\n```") == ["b\n", "d\n"]
    assert extract_code("x = 1\n```\nrest", opened=True) == ["x = 1\n"]
    assert extract_code("no fences") == ["no fences"]
    assert extract_code("```lean\nunterminated") == ["unterminated"]


def test_replies_are_read_as_lean_not_as_text() -> None:
    # a text reader cut `"a--b"` at its `--`, banned `sorry` in a comment or string, and took `:= by` and
    # `theorem` inside comments for the proof's start
    assert parse_tactic('exact ("a--b" : String).length -- done') == 'exact ("a--b" : String).length'
    assert parse_proof("theorem t : True := by\n  -- no sorry needed\n  trivial", opened=False) == (
        "-- no sorry needed\ntrivial")
    assert parse_proof('theorem t : "sorry".length = 5 := by\n  rfl', opened=False) == "rfl"
    assert parse_proof("theorem t (x : ℕ) -- defaults := by omega\n    : x = x := by\n  rfl", opened=False) == "rfl"
    doc = "/--\ntheorem fake : False := by sorry\n-/\ntheorem t : True := by\n  trivial"
    assert parse_proof(doc, opened=False) == "trivial"
    # twins: sorry as a tactic, an unclosed comment or string, and a term proof are still refused
    assert explain_proof("theorem t : True := by\n  sorry", opened=False) == (None, "uses sorry/admit")
    assert explain_proof("theorem t : True := by\n  trivial /- done", opened=False) == (
        None, "unterminated block comment")
    assert explain_tactic('exact "a') == (None, "unterminated string")
    assert parse_proof("theorem t : True := trivial -- := by simp", opened=False) is None


def test_brackets_and_question_marks_in_literals_are_no_code() -> None:
    # a character count found `")"` unbalanced and a string ending in `?` a search tactic
    assert parse_tactic('simp [show ")" ≠ "" by decide]') == 'simp [show ")" ≠ "" by decide]'
    assert parse_tactic("exact ('(' : Char).toNat") == "exact ('(' : Char).toNat"
    assert parse_tactic('exact "why?"') == 'exact "why?"'
    assert explain_tactic("simp [show ) ≠ 1 by decide]")[0] is None  # twin: real brackets still counted
    assert explain_tactic("exact? using h")[1].startswith("search tactic")
    assert explain_tactic("apply foo?")[1].startswith("search tactic")
