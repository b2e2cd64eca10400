"""Sequents of the term language and checked structural tactics that map to Lean 4 tactic text.

- :mod:`symbolic.sequent.goal` — :class:`Goal` (hypotheses ⊢ target), rendered as Lean prints a goal;
- :mod:`symbolic.sequent.statement` — a Lean statement → its initial goal (∑ over ``Finset.range n`` kept);
- :mod:`symbolic.sequent.tactics` — intro, constructor, rcases, obtain, subst, instantiation, induction,
  interval_cases (each a :class:`Step`: new goals, Lean text, checker, replay evidence);
- :mod:`symbolic.sequent.close` — closing a goal by the SMT hammer (with sum/power facts);
- :mod:`symbolic.sequent.interpret` — Lean tactic text → the step it stands for.
"""

from __future__ import annotations

from symbolic.sequent.goal import Goal, SumAbbrev
from symbolic.sequent.statement import goal_from_statement
from symbolic.sequent.tactics import Step, TacticError

__all__ = ["Goal", "Step", "SumAbbrev", "TacticError", "goal_from_statement"]
