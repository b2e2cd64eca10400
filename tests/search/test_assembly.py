"""Proof assembly: trees become bullets, anything ambiguous stays linear; statements lose their `sorry`."""

from __future__ import annotations

from prover.search.assembly import Step, assemble, body_lines, strip_proof


def test_nested_splits_become_nested_bullets() -> None:
    steps = [Step("constructor", ("G",), ("L", "R")),
             Step("constructor", ("L", "R"), ("L1", "L2", "R")),
             Step("exact a", ("L1", "L2", "R"), ("L2", "R")),
             Step("exact b", ("L2", "R"), ("R",)),
             Step("simp", ("R",), ())]
    assert body_lines(steps) == ["constructor", "· constructor", "  · exact a", "  · exact b", "· simp"]


def test_a_step_that_touches_another_goal_keeps_the_linear_form() -> None:
    steps = [Step("constructor", ("G",), ("L", "R")),
             Step("on_goal 2 =>\n  simp", ("L", "R"), ("L",)),
             Step("exact a", ("L",), ())]
    assert body_lines(steps) == ["constructor", "on_goal 2 =>", "  simp", "exact a"]


def test_multiline_steps_are_indented_under_their_bullet() -> None:
    steps = [Step("constructor", ("G",), ("L", "R")), Step("have h : 1 = 1 := by\n  rfl\nexact h", ("L", "R"), ("R",)),
             Step("rfl", ("R",), ())]
    text = assemble("import Mathlib", "theorem t : G := by sorry", steps)
    assert text == ("import Mathlib\n\ntheorem t : G := by\n  constructor\n  · have h : 1 = 1 := by\n      rfl\n"
                    "    exact h\n  · rfl\n")


def test_strip_proof_removes_only_a_trailing_placeholder() -> None:
    assert strip_proof("theorem t : x = 1 := by sorry") == "theorem t : x = 1"
    assert strip_proof("theorem t : x = 1 :=\n  by\n  sorry\n") == "theorem t : x = 1"
    assert strip_proof("theorem t : x = 1") == "theorem t : x = 1"
    assert strip_proof("theorem sorry_free (h : a := b) : c := by") == "theorem sorry_free (h : a := b) : c"
