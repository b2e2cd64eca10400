"""Exceptions raised by :mod:`prover.lean`.

Tree::

    prover.errors.ProverError
    ├── prover.errors.UserError
    │   └── LeanInputError            bad user input for Lean: a missing file, a theorem name not in the
    │                                 file, a statement that cannot be located
    └── prover.errors.InfrastructureError
        └── LeanError                 base of every Lean infrastructure failure; carries ``detail``
            ├── LeanUnavailableError  no toolchain / project / REPL binary; ``str()`` says how to install
            ├── ReplProcessError      the REPL process died, or could not be started (crash, OOM kill)
            ├── ReplTimeoutError      a request exceeded its time limit (the process is killed)
            ├── HeaderError           the import header does not elaborate (e.g. an unknown module)
            ├── ReplProtocolError     the REPL answered something that is not the protocol (bad JSON)
            ├── ReplayMismatchError   a replay transport received a request it has not recorded
            └── UnknownHandleError    a proof-state / environment handle from another session or pool

Lean's own verdicts (an error in the user's proof, a ``sorry``, a timeout of a proof check) are values
(:class:`prover.lean.verify.Verdict`, :mod:`prover.lean.results`), never exceptions: the session layer
raises ``ReplTimeoutError`` and the API layers above turn it into a ``timeout`` outcome.
"""

from __future__ import annotations

from prover.errors import InfrastructureError, UserError

__all__ = [
    "INSTALL_HINT",
    "HeaderError",
    "LeanError",
    "LeanInputError",
    "LeanUnavailableError",
    "ReplProcessError",
    "ReplProtocolError",
    "ReplTimeoutError",
    "ReplayMismatchError",
    "UnknownHandleError",
]

INSTALL_HINT = (
    "install elan (curl https://raw.githubusercontent.com/leanprover/elan/master/elan-init.sh -sSf | sh), "
    "then run `prover lean setup` (fetches the Mathlib cache and builds the REPL in lean_project/)"
)


class LeanInputError(UserError):
    """Bad user input for the Lean layer; ``str()`` is one line naming the input and the problem."""


class LeanError(InfrastructureError):
    """Base class of Lean infrastructure failures (the toolchain or the REPL process, not the proof)."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        self.detail = detail
        super().__init__(message)


class LeanUnavailableError(LeanError):
    """No usable Lean toolchain / project / REPL; the message ends with the install hint."""

    def __init__(self, message: str, *, hint: str = INSTALL_HINT) -> None:
        self.hint = hint
        super().__init__(f"{message}; {hint}", detail=message)


class ReplProcessError(LeanError):
    """The REPL process died (crash, memory cap) or could not be started."""


class ReplTimeoutError(LeanError):
    """A request ran past its time limit; the process was killed and will be restarted on next use."""

    def __init__(self, message: str, *, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        super().__init__(message)


class HeaderError(LeanError):
    """The import header did not elaborate; Lean's messages are in ``detail``. Not retried."""


class ReplProtocolError(LeanError):
    """The REPL wrote something that is not a JSON response."""


class ReplayMismatchError(LeanError):
    """A replay transport got a request that differs from the recorded one (the client diverged)."""


class UnknownHandleError(LeanError):
    """A handle (environment or proof state) that this session never issued."""
