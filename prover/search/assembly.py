"""Proof assembly: the found path of tactics → one Lean 4 proof.

Tactics act on the first goal, so the path read in order is already a valid tactic proof. When every step
touches only the first goal (it is replaced by ``k`` subgoals and the other goals stay as they were), the path
is a tree and it is written with ``·`` bullets, one per subgoal, which is how a person writes it and what Lean
checks most strictly. Any step that touches other goals (``on_goal``, ``all_goals``, unification closing a
sibling) makes the structure ambiguous: the linear form is used instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Step", "assemble", "assemble_lines", "body_lines", "strip_proof"]

_INDENT = "  "
_TAIL = re.compile(r":=\s*(?:by\b\s*)?(?:sorry)?\s*$")


@dataclass(frozen=True)
class Step:
    """One tactic on the path with the goals before and after it (as Lean prints them)."""

    tactic: str
    before: tuple[str, ...]
    after: tuple[str, ...]


def _norm(goals: Sequence[str]) -> tuple[str, ...]:
    return tuple(" ".join(g.split()) for g in goals)


def _children(step: Step) -> int | None:
    """How many subgoals the step made of the first goal, or None when it touched other goals too."""
    k = len(step.after) - len(step.before) + 1
    if k < 0 or _norm(step.after[k:]) != _norm(step.before[1:]):
        return None
    return k


def _indent(lines: list[str], first: str, rest: str) -> list[str]:
    return [(first if i == 0 else rest) + line if line.strip() else line for i, line in enumerate(lines)]


def _block(steps: Sequence[Step], kids: Sequence[int], i: int) -> tuple[list[str], int]:
    """The lines proving the current first goal from step ``i`` on, and the index after them."""
    lines: list[str] = []
    while True:
        if i >= len(steps):
            raise ValueError("path ends before the goal is closed")
        lines.extend(steps[i].tactic.split("\n"))
        k, i = kids[i], i + 1
        if k == 0:
            return lines, i
        if k >= 2:
            for _ in range(k):
                sub, i = _block(steps, kids, i)
                lines.extend(_indent(sub, "· ", _INDENT))
            return lines, i
        # k == 1: the goal was transformed in place; keep going at this level


def body_lines(steps: Sequence[Step]) -> list[str]:
    """The tactic lines of the proof (bulleted when the path is a tree, linear otherwise), unindented."""
    kids = [_children(s) for s in steps]
    if steps and all(k is not None for k in kids) and len(steps[0].before) == 1:
        try:
            lines, end = _block(steps, kids, 0)  # type: ignore[arg-type]
        except ValueError:
            lines, end = [], -1
        if end == len(steps):
            return lines
    return [line for s in steps for line in s.tactic.split("\n")]


def strip_proof(statement: str) -> str:
    """The statement without a trailing ``:= by sorry`` / ``:=`` (the proof is written after it)."""
    return _TAIL.sub("", statement).rstrip()


def assemble(header: str, statement: str, steps: Sequence[Step]) -> str:
    """The whole Lean file: header, then ``statement := by`` and the indented body."""
    return assemble_lines(header, statement, body_lines(steps))


def assemble_lines(header: str, statement: str, lines: Sequence[str]) -> str:
    """The whole Lean file from the proof's tactic lines (unindented). A named theorem goes through
    :func:`prover.lean.splice.splice_proof` (only the body is ours; the statement is the original's and the
    result is read back by the guard; ``ProofBodyRejected`` when the body holds a command or a forbidden
    construct); an ``example`` has no name to check against and is written directly."""
    from prover.lean.splice import splice_proof
    from prover.lean.steps import declared_name

    body = "by\n" + "\n".join(_indent(list(lines), _INDENT, _INDENT))
    if declared_name(strip_proof(statement)) is not None:
        return splice_proof(header, statement, body).lstrip("\n")
    head = header.rstrip() + "\n\n" if header.strip() else ""
    return f"{head}{strip_proof(statement)} := {body}\n"
