"""Statement fidelity for prover output: only a proof *body* is taken from a model, never its statement.

:func:`splice_proof` puts the body under the original statement and our own header. The body may not carry
any command (``elab``, ``set_option``, ``open … in``, ``#eval``, ``import``, attributes, declarations, …),
so nothing a model writes can run before, around or instead of the theorem we asked for. The spliced text
is read back by the guard against the original statement before it is returned.
"""

from __future__ import annotations

from prover.lean.errors import LeanInputError
from prover.lean.guard import GuardViolation, check_proof_body, check_proof_text
from symbolic.bridge.lean_source import LeanSourceError, statement_text

__all__ = ["ProofBodyRejected", "splice_proof"]


class ProofBodyRejected(LeanInputError):
    """A proof body the guard rejects; ``violations`` lists every finding (``str()`` names the first)."""

    def __init__(self, violations: list[GuardViolation]) -> None:
        self.violations = violations
        more = f" (+{len(violations) - 1} more)" if len(violations) > 1 else ""
        super().__init__(f"<proof body>: rejected: {violations[0]}{more}")


def splice_proof(header: str, statement: str, body: str) -> str:
    """``header`` + the original ``statement`` (its ``:= …`` dropped) + ``:=`` + ``body``.

    ``body`` is what follows ``:=`` (``by`` and tactics, or a term); a leading ``:=`` is tolerated.
    Raises :class:`ProofBodyRejected` when the body contains a command or anything the guard forbids,
    :class:`LeanInputError` when ``statement`` holds no theorem.
    """
    body = body.strip("\n")
    if body.lstrip().startswith(":="):
        body = body.lstrip()[2:]
    found = check_proof_body(body)
    if found:
        raise ProofBodyRejected(found)
    try:
        stmt = statement_text(statement).rstrip()
    except LeanSourceError as exc:
        raise LeanInputError(str(exc)) from exc
    sep = "" if body[:1] in (" ", "\n") else " "
    text = f"{header.rstrip()}\n\n{stmt} :={sep}{body}\n"
    after = check_proof_text(text, original=f"{header.rstrip()}\n\n{stmt}")
    if after:  # the header or statement itself trips the guard: nothing we may offer as a proof
        raise ProofBodyRejected(after)
    return text
