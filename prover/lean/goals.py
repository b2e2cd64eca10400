"""Lean goal states: parse Lean's pretty-printed goals into hypotheses and target, and print them back.

Lean prints one goal as::

    case succ                     optional case tag
    x y : ℝ                       names sharing one type
    h : a ≤                       a hypothesis whose type continues on indented lines
        b
    inst✝ : Foo x                 inaccessible names carry ✝
    v : ℕ := 3                    let-bound hypotheses keep their value in ``type``
    ⊢ target                      the target, possibly continued on indented lines

and several goals separated by blank lines. ``Goal.pretty()`` gives back exactly Lean's text, so a parsed
goal can be stored and re-rendered without drift (tested on all miniF2F goals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prover.lean.errors import LeanInputError
from symbolic.bridge.lean_source import TURNSTILE, LeanSourceError, goal_entries

__all__ = ["Goal", "Hypothesis", "parse_goal", "parse_goals", "pretty_goals"]



@dataclass(frozen=True, slots=True)
class Hypothesis:
    """``names : type`` — several names share one type when Lean groups them (``x y : ℝ``)."""

    names: tuple[str, ...]
    type: str

    def pretty(self) -> str:
        return f"{' '.join(self.names)} : {self.type}"


@dataclass(frozen=True, slots=True)
class Goal:
    """One goal: optional ``case`` tag, hypotheses in order, target (text after ``⊢``)."""

    hypotheses: tuple[Hypothesis, ...]
    target: str
    case: str | None = None

    def pretty(self) -> str:
        """Lean's rendering of this goal."""
        lines = [f"case {self.case}"] if self.case is not None else []
        lines += [h.pretty() for h in self.hypotheses]
        lines.append(f"{TURNSTILE} {self.target}")
        return "\n".join(lines)

    def hypothesis(self, name: str) -> Hypothesis | None:
        """The hypothesis that binds ``name`` (the last one, as later binders shadow earlier ones)."""
        for h in reversed(self.hypotheses):
            if name in h.names:
                return h
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for h in self.hypotheses for n in h.names)


def parse_goal(text: str, *, source: str = "<goal>") -> Goal:
    """Parse one goal; ``LeanInputError`` (one line, naming the bad line) if it is not a goal."""
    try:
        entries = goal_entries(text, source=source)
    except LeanSourceError as exc:
        raise LeanInputError(str(exc)) from exc
    case = next((e.text for e in entries if e.kind == "case"), None)
    hyps = tuple(Hypothesis(e.names, e.text) for e in entries if e.kind == "hyp")
    return Goal(hyps, entries[-1].text, case)


def parse_goals(goals: str | list[str] | tuple[str, ...], *, source: str = "<goals>") -> tuple[Goal, ...]:
    """Parse a REPL ``goals`` list, or one text holding several goals separated by blank lines."""
    if isinstance(goals, str):
        if not goals.strip() or goals.strip() == "no goals":
            return ()
        parts = re.split(r"\n\n(?=\S)", goals)
    else:
        parts = list(goals)
    return tuple(parse_goal(p, source=f"{source}[{i}]") for i, p in enumerate(parts))


def pretty_goals(goals: tuple[Goal, ...] | list[Goal]) -> str:
    """Several goals the way Lean prints them: blank line between goals."""
    return "\n\n".join(g.pretty() for g in goals)
