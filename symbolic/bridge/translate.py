"""Text → Lean-level sequent: detects a theorem statement, a goal state or a bare proposition."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from symbolic.bridge.elaborate import Sequent, elaborate
from symbolic.bridge.errors import UnsupportedError
from symbolic.bridge.lean_source import theorem_start
from symbolic.bridge.parser import parse_goal_state, parse_statement
from symbolic.bridge.syntax import Statement
from symbolic.limits import bounded_depth

__all__ = ["Translation", "parse_any", "translate"]



#: readings of a goal state's unknown literal sorts beyond which the state is refused (ask Lean for
#: ``pp.numericTypes`` instead)
MAX_READINGS = 27


@dataclass
class Translation:
    """A parsed statement and its Lean-level sequent; ``header`` is the Lean text up to ``:=`` (or None).

    ``readings`` holds one sequent per assignment of sorts to the unknown literals of a goal state (the first
    is ``sequent``); a statement whose sorts are all fixed has the one reading.
    """

    statement: Statement
    sequent: Sequent
    header: str | None
    readings: list[Sequent] = field(default_factory=list)
    text: str | None = None  # a goal state's own text (a theorem's is its header), which a replay re-translates

    def __post_init__(self) -> None:
        if not self.readings:
            self.readings = [self.sequent]


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
    if header is not None:  # a theorem or proposition: Lean elaborates unannotated numerals at ℕ
        return Translation(stmt, elaborate(stmt), header)
    # a printed goal state: a literal whose type the text does not show may be of any sort it types at
    first = elaborate(stmt, unknown_literals=True)
    n = first.sort_choices
    if n > MAX_READINGS:
        raise UnsupportedError(f"goal state with {n} readings of its literals' sorts (print it with "
                               "pp.numericTypes)", source=source)
    others = list(itertools.product(*first.literal_units))[1:]  # the first is the default choice
    readings = [first, *(elaborate(stmt, unknown_literals=True, choice=c) for c in others)]
    return Translation(stmt, first, header, readings, text)
