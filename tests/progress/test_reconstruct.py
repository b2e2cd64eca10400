"""Goal states replayed from proof text: exact effects where the text determines them, honest counts else."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from prover.progress.datasets import load_goals, records_from_trace
from prover.progress.errors import DatasetError
from prover.progress.reconstruct import parse_goal, reconstruct_states
from prover.progress.splitter import split_proof

GOAL = "x : ℝ\nh₀ : x ^ 2 - 5 * x - 4 ≤ 10\n⊢ x ≥ -2 ∧ x ≤ 7"


def _states(body: str, goal: str = GOAL) -> list:
    split = split_proof(f"theorem t (x : ℝ) (h₀ : x ^ 2 - 5 * x - 4 ≤ 10) : x ≥ -2 ∧ x ≤ 7 := by\n{body}")
    return reconstruct_states(split, goal)


def test_have_block_shows_its_goal_first_then_the_main_goal_with_the_hypothesis() -> None:
    states = _states("  have h₁ : x ≤ 7 := by\n    nlinarith\n  constructor\n  · nlinarith\n  · exact h₁\n")
    assert states[0].text == GOAL and states[0].goals == 1
    inner, main = states[1].text.split("\n\n")
    assert inner.endswith("⊢ x ≤ 7") and "h₁" not in inner
    assert "h₁ : x ≤ 7" in main and main.endswith("⊢ x ≥ -2 ∧ x ≤ 7")
    # the block closed: back to the main goal alone, which `constructor` splits into its two sides
    assert states[2].goals == 1 and "h₁ : x ≤ 7" in states[2].text
    assert states[3].goals == 2 and states[3].text.startswith("case left")
    assert "⊢ x ≥ -2" in states[3].text.split("\n\n")[0]
    assert states[4].goals == 1 and states[4].text.endswith("⊢ x ≤ 7")
    assert all(s.approximate == 0 for s in states)


def test_intro_by_contra_and_cases_are_exact() -> None:
    goal = "a : ℕ\n⊢ ∀ (n : ℕ), n > a → n ≠ 0"
    split = split_proof(
        "theorem t (a : ℕ) : ∀ n : ℕ, n > a → n ≠ 0 := by\n  intro m hm\n  by_contra h\n  omega\n"
    )
    s = reconstruct_states(split, goal)
    assert s[1].text == "a m : ℕ\nhm : m > a\n⊢ m ≠ 0".replace("a m : ℕ", "a : ℕ\nm : ℕ")
    assert s[2].text.endswith("h : ¬m ≠ 0\n⊢ False")
    split = split_proof(
        "theorem t (p q : Prop) (h : p ∨ q) : q ∨ p := by\n  rcases h with hp | hq\n  · right; exact hp\n  · left; exact hq\n"
    )
    s = reconstruct_states(split, "p q : Prop\nh : p ∨ q\n⊢ q ∨ p")
    assert (
        s[1].goals == 2 and "hp : p" in s[1].text and "hq : q" in s[1].text and "h : p ∨ q" not in s[1].text
    )


def test_unmodelled_steps_keep_the_text_and_are_counted() -> None:
    states = _states("  rw [ge_iff_le]\n  field_simp\n  constructor <;> nlinarith\n")
    assert [s.approximate for s in states] == [0, 1, 2, 2]  # `<;> nlinarith` runs inside the chain
    assert states[1].text == states[0].text  # Lean would show the rewritten goal; the text cannot say


def test_does_not_invent_a_split_for_a_target_that_is_not_a_conjunction() -> None:
    split = split_proof("theorem t (x : ℝ) : x = x := by\n  constructor\n  rfl\n")
    s = reconstruct_states(split, "x : ℝ\n⊢ x = x")
    assert s[1].goals == 1 and s[1].approximate == 1


def test_parse_goal_keeps_continuation_lines() -> None:
    g = parse_goal("case h\nf : ℕ → ℕ\nh₀ : ∀ (x : ℕ),\n    f x = x\n⊢ f 2 = 2")
    assert g.case == "h" and g.hyps == ["f : ℕ → ℕ", "h₀ : ∀ (x : ℕ),\n    f x = x"] and g.target == "f 2 = 2"
    assert g.render() == "case h\nf : ℕ → ℕ\nh₀ : ∀ (x : ℕ),\n    f x = x\n⊢ f 2 = 2"


def test_every_real_proof_replays_with_one_state_per_step(real_splits: list, shared_data: Path) -> None:
    goals = load_goals(shared_data / "minif2f" / "minif2f_with_goals_lean4.9.jsonl")
    exact = total = 0
    for _path, _text, split in real_splits:
        states = reconstruct_states(split, goals[split.name])
        assert len(states) == len(split.steps)
        assert states[0].text == goals[split.name].strip() and states[0].approximate == 0
        assert all("⊢" in s.text and s.goals >= 1 for s in states)
        assert all(a.approximate <= b.approximate for a, b in itertools.pairwise(states))
        exact += sum(s.approximate == 0 for s in states)
        total += len(states)
    assert total == 8851 and 0.15 < exact / total < 0.6


def test_trace_records_keep_the_path_labels_and_the_off_path_states() -> None:
    trace = [
        {"problem": "p", "state": "⊢ a", "history": [], "depth": 0, "on_path": True, "steps_remaining": 2},
        {
            "problem": "p",
            "state": "⊢ b",
            "history": ["t"],
            "depth": 1,
            "on_path": False,
            "steps_remaining": None,
        },
        {"problem": "p", "state": "⊢ c", "history": ["u"], "depth": 1, "on_path": True, "steps_remaining": 1},
        {
            "problem": "p",
            "state": "no goals",
            "history": ["u", "v"],
            "depth": 2,
            "on_path": True,
            "steps_remaining": 0,
        },
    ]
    tr = records_from_trace(trace, source="search:symbolic")
    assert [(r.state, r.steps_remaining, r.source) for r in tr.on_path] == [
        ("⊢ a", 2, "search:symbolic"),
        ("⊢ c", 1, "search:symbolic"),
    ]
    assert tr.off_path == [("p", "⊢ b", ("t",))]
    with pytest.raises(DatasetError, match="trace entry #1"):
        records_from_trace([trace[0], {"problem": "p", "state": 3}])


def test_proof_folders_give_replayed_states_with_their_source_and_fidelity(tmp_path: Path) -> None:
    from prover.progress.datasets import load_lean_proofs

    (tmp_path / "t.lean").write_text(
        "theorem t (x : ℝ) (h₀ : x ^ 2 - 5 * x - 4 ≤ 10) : x ≥ -2 ∧ x ≤ 7 := by\n"
        "  have h₁ : x ≤ 7 := by\n    nlinarith\n  field_simp\n  constructor <;> nlinarith\n"
    )
    replayed = load_lean_proofs(tmp_path, goals={"t": GOAL}, reconstruct=True).records
    plain = load_lean_proofs(tmp_path, goals={"t": GOAL}).records
    assert [r.source for r in replayed] == ["deepseek-prover-v2+reconstructed"] * 5
    assert [r.meta["approximate_steps"] for r in replayed] == [0, 0, 0, 1, 1]
    assert [r.meta["state_is_goal"] for r in replayed] == [True, True, True, False, False]
    assert [r.steps_remaining for r in replayed] == [r.steps_remaining for r in plain] == [5, 4, 3, 2, 1]
    assert replayed[1].state.count("⊢") == 2 and all(r.state == GOAL for r in plain)
    # without a known initial goal nothing is replayed (the statement is not Lean's rendering)
    assert load_lean_proofs(tmp_path, reconstruct=True).records[0].source == "deepseek-prover-v2"
