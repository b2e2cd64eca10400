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

__all__ = ["Goal", "Hypothesis", "parse_goal", "parse_goals", "pretty_goals"]

TURNSTILE = "⊢ "
# One binder name: Lean identifiers (unicode letters, subscripts, ', ?, !, ✝ suffixes, dotted, «quoted»).
_NAME = r"(?:«[^»]*»|[^\s:()\[\]{}⟨⟩,]+)"
_HYP_RE = re.compile(rf"^({_NAME}(?: {_NAME})*) : (.*)$", re.DOTALL)


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
        lines.append(TURNSTILE + self.target)
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


def _blocks(text: str) -> list[list[str]]:
    """Group lines into entries: a line starting without indentation opens an entry, indented lines continue."""
    entries: list[list[str]] = []
    for line in text.split("\n"):
        if entries and (line.startswith(" ") or line == ""):
            entries[-1].append(line)
        else:
            entries.append([line])
    return entries


def parse_goal(text: str, *, source: str = "<goal>") -> Goal:
    """Parse one goal; ``LeanInputError`` (one line, naming the bad line) if it is not a goal."""
    case: str | None = None
    hyps: list[Hypothesis] = []
    target: str | None = None
    for entry in _blocks(text):
        head = entry[0]
        body = "\n".join(entry)
        if target is not None:
            raise LeanInputError(f"{source}: text after the target: {head!r}")
        if head.startswith("case ") and not hyps and case is None and len(entry) == 1:
            case = head[len("case ") :]
        elif head.startswith(TURNSTILE) or head == "⊢":
            target = body[len(TURNSTILE) :] if head.startswith(TURNSTILE) else body[1:]
        else:
            m = _HYP_RE.match(body)
            if not m:
                raise LeanInputError(f"{source}: not a hypothesis or target: {head!r}")
            hyps.append(Hypothesis(tuple(m.group(1).split(" ")), m.group(2)))
    if target is None:
        raise LeanInputError(f"{source}: goal has no target (no line starting with ⊢)")
    return Goal(tuple(hyps), target, case)


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
