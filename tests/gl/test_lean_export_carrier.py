"""The GL Lean export is read back: a statement over the class's constants alone must fix its carrier."""

from __future__ import annotations

from symbolic.gl import to_lean
from symbolic.gl.lean_export import export_problems


def test_constant_only_haves_carry_the_carrier(peano, quick_result):
    text = to_lean(peano, quick_result.theorems)
    assert export_problems(text, peano) == []
    assert "not exported" not in text
    assert "have h3 : s (zero : N) = (s zero) := rfl" in text  # succ_add_one, which used to be stuck


def test_read_back_names_a_stuck_statement(peano):
    stuck = "  have h3 : s zero = (s zero) := rfl\n  · have h1 : add zero zero = (add zero zero) := rfl"
    fixed = "  have h3 : s (zero : N) = (s zero) := rfl\n  have h5 : add a zero = a := rfl"
    problems = export_problems(stuck, peano)
    assert len(problems) == 2 and problems[0].startswith("line 1: carrier not fixed")
    assert export_problems(fixed, peano) == []
