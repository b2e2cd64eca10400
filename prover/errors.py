"""Exceptions raised by :mod:`prover`.

Tree::

    ProverError                    base of everything raised here
    ├── UserError (ValueError)     bad input from a user: a missing file, malformed JSON, an unknown option
    │                              value; the CLI prints ``str()`` on one line and exits with status 2
    └── InfrastructureError        something outside failed: a process died, a server is unreachable
        ├── LeanError …            (prover.lean.errors)
        └── LLMError …             (prover.llm.errors)

Verdicts (valid, sorry, lean_error, timeout, …) are values, never exceptions.
"""

from __future__ import annotations

__all__ = ["InfrastructureError", "ProverError", "UserError"]


class ProverError(Exception):
    """Base class of all exceptions raised by :mod:`prover`."""


class UserError(ProverError, ValueError):
    """Bad input from a user; ``str()`` is one line that names the input and the problem."""


class InfrastructureError(ProverError, RuntimeError):
    """An external process or service failed (Lean REPL, solver process, LLM endpoint)."""
