"""What every CLI command shares: the one JSON emitter and the checks of user-given paths and numbers.

Each check raises :class:`~prover.errors.UserError` with one line naming the option and the problem, so
``prover.cli.main`` prints it (or, with ``--json``, one JSON error document) and exits with status 2.
Output paths are checked *before* the work starts, so a finished run is never lost to an unwritable path.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from prover.errors import UserError

__all__ = ["MAX_SECONDS", "check_count", "check_seconds", "emit_json", "error_document", "output_dir",
           "output_file", "read_text"]

#: Longest time budget accepted (a week): larger values overflow timers and are always a typo.
MAX_SECONDS = 7 * 24 * 3600.0


def emit_json(document: object) -> None:
    """Print one machine-readable JSON document on stdout (the only thing a command writes there)."""
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True, default=str) + "\n")
    sys.stdout.flush()


def error_document(message: str, exit_code: int) -> dict[str, object]:
    """The JSON document a ``--json`` command prints when it fails."""
    return {"error": message, "exit_code": exit_code}


def check_seconds(value: float | None, option: str, *, allow_zero: bool = False) -> float | None:
    """A finite, positive number of seconds (``None`` passes: no limit asked)."""
    if value is None:
        return None
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero) or value > MAX_SECONDS:
        raise UserError(f"{option} {value:g}: expected a positive number of seconds up to {MAX_SECONDS:g}")
    return value


def check_count(value: float | None, option: str, *, minimum: float = 1) -> float | None:
    """A finite number at least ``minimum`` (sizes, megabytes); ``None`` passes."""
    if value is None:
        return None
    if not math.isfinite(value) or value < minimum:
        raise UserError(f"{option} {value:g}: expected a number of at least {minimum:g}")
    return value


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of an input file; missing, a directory, unreadable or not UTF-8: one line."""
    if path.is_dir():
        raise UserError(f"{path}: is a directory, expected a {what}")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: {what} not found") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read {what} ({exc.strerror})") from None


def output_file(path: Path, option: str) -> Path:
    """A path a file can be written to: not a directory, its directory exists, and opening it for writing
    works (tried for real: permission bits say nothing for root or for ``/proc``); nothing is left behind."""
    if path.is_dir():
        raise UserError(f"{option} {path}: is a directory, expected a file name")
    if not path.parent.is_dir():
        raise UserError(f"{option} {path}: directory {path.parent} does not exist")
    existed = path.exists()
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise UserError(f"{option} {path}: cannot write ({exc.strerror})") from None
    if not existed:
        path.unlink(missing_ok=True)
    return path


def output_dir(path: Path, option: str) -> Path:
    """A directory outputs can be written to (created if missing, with its parents)."""
    if path.exists() and not path.is_dir():
        raise UserError(f"{option} {path}: exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise UserError(f"{option} {path}: cannot write there ({exc.strerror})") from None
    return path
