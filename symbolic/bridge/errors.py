"""Exceptions of the Lean bridge.

``UnsupportedError`` marks a Lean construct outside the arithmetic fragment: it is never silently dropped, its
``construct`` names what was met so that coverage reports can rank the missing pieces. Both it and
``LeanSyntaxError`` are :class:`symbolic.errors.InputError`, so a CLI prints them as one line.
``IllTypedError`` (an ``UnsupportedError``) says a term has no Lean typing at the sort tried; where a literal's
sort is unknown that sort is ruled out instead.
"""

from __future__ import annotations

from symbolic.errors import InputError, ParseError

__all__ = ["IllTypedError", "LeanSyntaxError", "UnsupportedError"]


class UnsupportedError(InputError):
    """A Lean construct the bridge does not translate; ``str()`` reads ``<source>: unsupported: <construct>``."""

    def __init__(self, construct: str, *, source: str = "<input>", line: int | None = None,
                 column: int | None = None) -> None:
        self.construct = construct
        super().__init__(f"unsupported: {construct}", source=source, line=line, column=column)


class IllTypedError(UnsupportedError):
    """The term has no Lean typing at the sort tried (``-`` on ℕ, ``0.5 : ℤ``, ``%`` on ℝ, a coercion down):
    when a literal's sort is unknown, that sort is ruled out rather than the statement refused."""


class LeanSyntaxError(ParseError):
    """Text that is not a Lean statement or goal state in the bridge's grammar."""
