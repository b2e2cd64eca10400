"""Replay's tie between a symbolic search step and the state it was applied to.

A step closed by SMT records the query whose unsat answer justifies it. Re-solving that text proves only that
the text is unsat; what makes it a proof of the state is that it says no more than the state does. The query
of every sequent step is a function of its goal state alone (hypotheses, the Mathlib facts the closer adds,
the traced ∀-instances, ¬goal; or hypotheses ∧ ¬cover for a case split), so replay rebuilds it from the state's
text, as Lean prints it, and requires the recorded text to be exactly the rebuilt one: a stronger hypothesis, a
dropped negation, an extra ``(assert false)`` or a fake fact all change the text.
"""

from __future__ import annotations

import re
from typing import Any

from symbolic.errors import InputError
from symbolic.sequent.close import close_query
from symbolic.sequent.smt import CASE_SPLIT, unsat_query
from symbolic.sequent.statement import goal_from_statement
from symbolic.sequent.tactics import case_cover

__all__ = ["step_query_problem"]

_CASES = re.compile(rf"^{CASE_SPLIT} (\S+): (-?\d+)\.\.(-?\d+) covers every case$")


def step_query_problem(state: str, evidence: dict[str, Any], *, source: str = "<state>") -> str:
    """"" when the recorded query (and each case's) of a step applied to the goal state ``state`` is the one
    rebuilt from that state, else the first difference in one line."""
    try:
        goal, _ = goal_from_statement(state, source=source)
    except InputError as exc:
        return f"the step's goal state does not re-read: {exc}"
    recorded = evidence.get("smtlib")
    if not isinstance(recorded, str):
        return "no SMT-LIB query recorded"
    purpose = str(evidence.get("purpose", ""))
    cases = evidence.get("cases") or []
    if not purpose.startswith(CASE_SPLIT):
        if cases:
            return "a closing step that records case queries"
        return _differs(recorded, close_query(goal), "the query")
    m = _CASES.match(purpose)
    if m is None or goal.variable(m.group(1)) is None:
        return f"a case split on nothing the state has: {purpose[:80]}"
    cover, goals = case_cover(goal, m.group(1), int(m.group(2)), int(m.group(3)))
    if problem := _differs(recorded, unsat_query(cover), "the cover query"):
        return problem
    if cases and len(cases) != len(goals):
        return f"{len(cases)} case queries recorded for {len(goals)} cases"
    for k, (case, g) in enumerate(zip(cases, goals, strict=False), start=1):
        if problem := _differs(str((case or {}).get("smtlib")), close_query(g), f"case {k}'s query"):
            return problem
    return ""


def _differs(recorded: str, rebuilt: str, what: str) -> str:
    if recorded == rebuilt:
        return ""
    have, want = recorded.splitlines(), rebuilt.splitlines()
    have_set, want_set = set(have), set(want)
    extra = next((ln for ln in have if ln not in want_set), None)
    if extra is not None:
        return f"{what} is not the one its goal state gives: it asserts {extra.strip()[:100]}"
    missing = next((ln for ln in want if ln not in have_set), "")
    return f"{what} is not the one its goal state gives: it lacks {missing.strip()[:100]}"
