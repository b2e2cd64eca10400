"""The self-check hook: every Lean text the search emits is read back by the project before it is offered.

:func:`self_check` parses the assembled proof with the project's own Lean reader: the statement must be the
theorem's, and the text must hold no hole and nothing the soundness guard refuses. It returns ``None`` when
the text passes, else a ``rejected`` claim naming the problem. (The bridge's elaboration-level self-check
plugs in here when it is available.)
"""

from __future__ import annotations

from prover.lean.guard import check_proof_text
from prover.search.assembly import strip_proof
from prover.search.environment import Theorem
from symbolic.verdicts import Checker, Claim, Outcome

__all__ = ["fidelity", "self_check"]


def self_check(theorem: Theorem, proof: str) -> Claim | None:
    """``None`` when ``proof`` passes the project's own reading, else the rejection."""
    original, name = fidelity(theorem)
    findings = check_proof_text(proof, original=original, theorem=name)
    if findings:
        first = findings[0]
        return Claim(Outcome.REJECTED, Checker.SELF_CHECK, None,
                     f"self-check: {first.construct} at line {first.line}:{first.column} ({first.reason})")
    return None


def fidelity(theorem: Theorem) -> tuple[str | None, str | None]:
    """(original source, theorem name) for the guard's statement-fidelity check; (None, None) for an
    ``example`` or a statement whose declared name differs (nothing to check it by)."""
    from prover.lean.statements import declarations

    stmt = strip_proof(theorem.statement)
    decls = declarations(stmt + " := by sorry")
    if not decls or decls[0].name != theorem.name:
        return None, None
    return f"{theorem.header.rstrip()}\n\n{stmt} := by sorry\n", theorem.name
