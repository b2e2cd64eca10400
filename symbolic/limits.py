"""Bounds on what one input may ask of a parser, shared by every reader of the project.

Text from users and from LLMs reaches recursive-descent parsers, term printers and ``int()``. Without a
bound, 300 nested parentheses end in ``RecursionError`` and a 5,000-digit numeral in CPython's
``ValueError: Exceeds the limit (4300 digits)``: tracebacks instead of one line naming the input. The
readers call :func:`check_numeral` on every numeral and wrap their public entry points in
:func:`bounded_depth`, so both become :class:`~symbolic.errors.InputError`.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from symbolic.errors import InputError

__all__ = ["MAX_DIGITS", "bounded_depth", "check_numeral", "iter_json_lines", "json_problem"]

#: Longest numeral accepted (CPython's own int/str conversion limit; larger numbers make conversion slow).
MAX_DIGITS = sys.get_int_max_str_digits() or 4300

F = TypeVar("F", bound=Callable[..., Any])


def check_numeral(text: str, *, source: str = "<input>", line: int | None = None,
                  column: int | None = None) -> str:
    """``text`` unchanged, or :class:`InputError` when it has more than :data:`MAX_DIGITS` digits."""
    if len(text) > MAX_DIGITS and sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise InputError(f"numeral with {sum(c.isdigit() for c in text)} digits (at most {MAX_DIGITS})",
                         source=source, line=line, column=column)
    return text


def bounded_depth(fn: F) -> F:
    """Turn ``RecursionError`` from nesting deeper than Python's stack into an :class:`InputError`.

    The wrapped function's ``source`` keyword (or second positional argument, when a string) names the input.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RecursionError:
            source = kwargs.get("source")
            if source is None and len(args) > 1 and isinstance(args[1], str) and len(args[1]) < 300:
                source = args[1]
            raise InputError(f"nested too deeply (more than {sys.getrecursionlimit() // 4} levels "
                             "of brackets, operators or binders)", source=source or "<input>") from None

    return wrapper  # type: ignore[return-value]


def json_problem(exc: BaseException) -> str:
    """What a failed ``json.loads`` says, in one line (also for the limits it does not report as
    ``JSONDecodeError``: nesting deeper than the stack, numerals over :data:`MAX_DIGITS` digits)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    msg = getattr(exc, "msg", None) or str(exc)
    if "Exceeds the limit" in msg:
        return f"numeral with more than {MAX_DIGITS} digits"
    return msg.split("\n")[0]


def iter_json_lines(lines: Iterable[str], *, source: str = "<input>") -> Iterator[tuple[int, Any]]:
    """``(line number, value)`` for each non-blank line of a JSONL text; a line that does not decode raises
    :class:`InputError` with ``line`` and a one-line ``message`` (see :func:`json_problem`)."""
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, a numeral over the limit, deep nesting
            raise InputError(f"invalid JSON ({json_problem(exc)})", source=source, line=lineno) from None
        yield lineno, value
