"""Exceptions raised by :mod:`symbolic`.

Tree::

    SymbolicError                 base of everything raised here
    ├── InputError (ValueError)   bad user input: text that does not parse, a malformed file, a wrong
    │   │                         sort; carries the input's name and, where known, line and column
    │   └── ParseError            text that does not parse, with what was expected
    └── SortError (TypeError)     a term built with arguments of the wrong sort (a programming error
                                  when it comes from code, an InputError when it comes from text)

Outcomes of reasoning (sat / unsat / unknown, proved / not proved) are values, never exceptions.
"""

from __future__ import annotations

__all__ = ["InputError", "ParseError", "SortError", "SymbolicError"]


class SymbolicError(Exception):
    """Base class of all exceptions raised by :mod:`symbolic`."""


class InputError(SymbolicError, ValueError):
    """Bad user input; ``str()`` is one line naming the input, the place and the problem."""

    def __init__(self, message: str, *, source: str = "<input>", line: int | None = None,
                 column: int | None = None) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        where = source
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class ParseError(InputError):
    """Text that does not parse; ``expected`` says what the parser wanted at that place."""

    def __init__(self, message: str, *, source: str = "<input>", line: int | None = None,
                 column: int | None = None, expected: str | None = None) -> None:
        self.expected = expected
        if expected:
            message = f"{message} (expected {expected})"
        super().__init__(message, source=source, line=line, column=column)


class SortError(SymbolicError, TypeError):
    """A term was built from arguments of the wrong sort."""
