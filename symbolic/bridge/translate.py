"""Text → Lean-level sequent: detects a theorem statement, a goal state or a bare proposition."""

from __future__ import annotations

from dataclasses import dataclass

from symbolic.bridge.elaborate import Sequent, elaborate
from symbolic.bridge.lean_source import theorem_start
from symbolic.bridge.parser import parse_goal_state, parse_statement
from symbolic.bridge.syntax import Statement
from symbolic.limits import bounded_depth

__all__ = ["Translation", "parse_any", "translate"]



@dataclass
class Translation:
    """A parsed statement and its Lean-level sequent; ``header`` is the Lean text up to ``:=`` (or None)."""

    statement: Statement
    sequent: Sequent
    header: str | None


def parse_any(text: str, *, source: str = "<input>") -> tuple[Statement, str | None]:
    """Parse a theorem (returns its Lean header up to ``:=``), a goal state, or a bare proposition."""
    start = theorem_start(text)
    if start is not None:
        stmt = parse_statement(text, source=source)
        body = text[start:]
        cut = body.find(":=")
        header = (body[:cut] if cut >= 0 else body).rstrip()
        return stmt, header
    if "⊢" in text:
        return parse_goal_state(text, source=source), None
    wrapped = f"example : {text.strip()}"
    return parse_statement(wrapped, source=source), wrapped


@bounded_depth
def translate(text: str, *, source: str = "<input>") -> Translation:
    """Parse and elaborate; raises :class:`LeanSyntaxError` or :class:`UnsupportedError` (both InputError)."""
    stmt, header = parse_any(text, source=source)
    return Translation(stmt, elaborate(stmt), header)
