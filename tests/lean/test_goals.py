"""Goal-state parser: Lean's pretty-printed goals into hypotheses/target and back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.lean.errors import LeanInputError
from prover.lean.goals import Goal, Hypothesis, parse_goal, parse_goals, pretty_goals


def test_all_minif2f_goals_parse_and_print_back(shared_data: Path) -> None:
    rows = [json.loads(line) for line in (shared_data / "minif2f" / "minif2f_with_goals_lean4.9.jsonl").open()]
    assert len(rows) == 488
    for row in rows:
        goal = parse_goal(row["goal"], source=row["name"])
        assert goal.pretty() == row["goal"], row["name"]
        assert goal.target and all(h.names for h in goal.hypotheses)


def test_grouped_names_and_multiline_types() -> None:
    text = "case h\nx y : ℝ\nh₀ : 0 < x ∧\n    0 < y\ninst✝ : Fact (1 < 2)\n⊢ x * y ≤\n    9 * √2"
    goal = parse_goal(text)
    assert goal.case == "h"
    assert goal.hypotheses[0] == Hypothesis(("x", "y"), "ℝ")
    assert goal.hypothesis("h₀").type == "0 < x ∧\n    0 < y"
    assert goal.names == ("x", "y", "h₀", "inst✝")
    assert goal.target == "x * y ≤\n    9 * √2"
    assert goal.pretty() == text


def test_multiple_goals_in_one_text_and_let_values() -> None:
    text = "case pos\nn : ℕ := 3\nh : n = 3\n⊢ True\n\ncase neg\n⊢ False"
    goals = parse_goals(text)
    assert [g.case for g in goals] == ["pos", "neg"]
    assert goals[0].hypothesis("n").type == "ℕ := 3"
    assert pretty_goals(goals) == text
    assert parse_goals("no goals") == () and parse_goals([]) == ()


def test_hypothesis_types_may_contain_colons() -> None:
    goal = parse_goal("f : ℕ → ℕ\nh : ∀ (x : ℕ), f x = x\n⊢ f 0 = 0")
    assert goal.hypothesis("h") == Hypothesis(("h",), "∀ (x : ℕ), f x = x")
    assert goal == Goal((Hypothesis(("f",), "ℕ → ℕ"), Hypothesis(("h",), "∀ (x : ℕ), f x = x")), "f 0 = 0")


@pytest.mark.parametrize("bad", ["x : ℕ", "not a goal\n⊢ p", "⊢ p\nh : q", ""])
def test_malformed_goal_is_a_one_line_input_error(bad: str) -> None:
    with pytest.raises(LeanInputError) as info:
        parse_goal(bad, source="g")
    assert "\n" not in str(info.value).strip("'") or str(info.value).startswith("g")
