"""The self-check: every Lean text the search emits is read back by the project before it is offered.

Two readings, both rejection-only (checker ``self-check``):
1. the soundness guard over the whole file: no hole, nothing unsafe, and (for a named theorem) the statement
   and opens exactly the theorem's;
2. the bridge's read-back (:func:`symbolic.bridge.selfcheck.self_check`): each tactic line elaborated in the
   theorem's context (arities and sorts of instantiations, stated facts, cited lemmas). Statements outside the
   bridge's fragment cannot be read this way; they pass this step (Lean or the environment's replay still
   checks them).
"""

from __future__ import annotations

from prover.lean.guard import check_proof_text
from prover.search.assembly import strip_proof
from prover.search.environment import Theorem
from symbolic.verdicts import Checker, Claim, Outcome

__all__ = ["fidelity", "self_check"]


def self_check(theorem: Theorem, proof: str) -> Claim | None:
    """``None`` when ``proof`` passes the project's own reading, else the rejection."""
    from symbolic.bridge.selfcheck import self_check as read_back

    original, name = fidelity(theorem)
    findings = check_proof_text(proof, original=original, theorem=name)
    if findings:
        first = findings[0]
        return Claim(Outcome.REJECTED, Checker.SELF_CHECK, None,
                     f"self-check: {first.construct} at line {first.line}:{first.column} ({first.reason})")
    statement = strip_proof(theorem.statement)
    at = proof.find(statement)
    body = proof[at + len(statement):] if at >= 0 else proof
    report = read_back(statement, body.split(":= by", 1)[-1])
    if report.context_known and report.problems:
        return Claim(Outcome.REJECTED, Checker.SELF_CHECK, None, f"self-check: {report.problems[0]}")
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
