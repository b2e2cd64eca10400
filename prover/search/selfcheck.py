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

__all__ = ["self_check"]


def self_check(theorem: Theorem, proof: str) -> Claim | None:
    """``None`` when ``proof`` passes the project's own reading, else the rejection."""
    original = f"{theorem.header.rstrip()}\n\n{strip_proof(theorem.statement)} := by sorry\n"
    name = theorem.name if _declares(theorem) else None
    findings = check_proof_text(proof, original=original, theorem=name)
    if findings:
        first = findings[0]
        return Claim(Outcome.REJECTED, Checker.SELF_CHECK, None,
                     f"self-check: {first.construct} at line {first.line}:{first.column} ({first.reason})")
    return None


def _declares(theorem: Theorem) -> bool:
    from prover.lean.statements import declarations

    decls = declarations(strip_proof(theorem.statement) + " := by sorry")
    return bool(decls) and decls[0].name == theorem.name
