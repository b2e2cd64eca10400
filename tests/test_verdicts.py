"""The closed vocabulary: values round-trip, unknown values are refused, proved needs a checker."""

from __future__ import annotations

import pytest

from symbolic.verdicts import Checker, Claim, Outcome, Reason, VocabularyError


def test_claim_round_trips_through_json() -> None:
    c = Claim(Outcome.PROVED, Checker.SMT, detail="unsat (z3)")
    assert Claim.from_json(c.to_json()) == c


def test_unknown_checker_is_refused_with_the_field_named() -> None:
    with pytest.raises(VocabularyError, match="checker: unknown value 'oracle'"):
        Claim.from_json({"outcome": "proved", "checker": "oracle"})


def test_proved_without_checker_is_refused() -> None:
    with pytest.raises(VocabularyError, match="must name its checker"):
        Claim(Outcome.PROVED)
    with pytest.raises(VocabularyError):
        Claim(Outcome.DISPROVED, Checker.NONE)


def test_unknown_with_reason_needs_no_checker() -> None:
    c = Claim("unknown", reason="timeout")
    assert c.outcome is Outcome.UNKNOWN and c.reason is Reason.TIMEOUT and not c.outcome.definite


def test_engines_report_in_the_one_vocabulary() -> None:
    from prover.lean.results import ProofFinished
    from prover.lean.verdicts import Verdict, guard_only
    from symbolic.gl.grid import Theorem
    from symbolic.verdicts import LeanVerdict

    assert Verdict is LeanVerdict
    rejected = guard_only("theorem t : 1 = 1 := by sorry")
    assert rejected is not None and rejected.checker is Checker.GUARD
    assert rejected.to_json()["checker"] == "guard" and rejected.to_json()["verdict"] == "rejected_unsafe"
    assert Theorem.__dataclass_fields__["checker"].default is Checker.GL_REPLAY
    assert ProofFinished.__dataclass_fields__["checker"].default is Checker.LEAN
