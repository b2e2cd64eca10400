"""Verdicts of checking a proof, and the static-guard-only check (needs no Lean and no Lean client).

Kept apart from :mod:`prover.lean.verify` so ``prover lean check`` can reject unsafe text on a machine
where neither Lean nor the REPL client extra is installed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from prover.lean.guard import GuardViolation, check_proof_text
from symbolic.verdicts import Checker, LeanVerdict

__all__ = ["Verdict", "VerificationResult", "guard_only"]


#: The closed set of answers of checking one proof: the project's one vocabulary, under its Lean-layer name.
Verdict = LeanVerdict


@dataclass(frozen=True)
class VerificationResult:
    """The verdict with its evidence: Lean's messages, guard findings, axioms per theorem, timing."""

    verdict: Verdict
    checker: Checker = Checker.LEAN
    theorems: tuple[str, ...] = ()
    messages: tuple[dict[str, Any], ...] = ()
    violations: tuple[GuardViolation, ...] = ()
    axioms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    detail: str = ""
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.VALID

    def to_json(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["verdict"] = self.verdict.value
        doc["checker"] = self.checker.value
        doc["violations"] = [asdict(v) for v in self.violations]
        doc["axioms"] = {k: list(v) for k, v in self.axioms.items()}
        return doc


def guard_only(text: str, *, original: str | None = None, theorem: str | None = None) -> VerificationResult | None:
    """``rejected_unsafe`` with the findings, or ``None`` when the text may be run."""
    findings = check_proof_text(text, original=original, theorem=theorem)
    if findings:
        first = findings[0]
        return VerificationResult(
            Verdict.REJECTED_UNSAFE, checker=Checker.GUARD, violations=tuple(findings),
            detail=f"{first.construct} at line {first.line}:{first.column}",
        )
    return None
