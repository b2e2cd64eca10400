"""Statement audit: vacuous theorems, false statements with counter-models, and their true twins; the
classification of statements outside the bridge's fragment."""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.batch.audit import audit_statement
from prover.batch.fragment import diagnose
from prover.benchmarks import load_benchmark
from symbolic.bridge.errors import LeanSyntaxError, UnsupportedError
from symbolic.bridge.translate import translate
from symbolic.verdicts import Checker, Outcome

pytest.importorskip("z3")


def test_mathd_algebra_289_is_vacuous_under_truncated_subtraction(shared_data: Path) -> None:
    p = next(p for p in load_benchmark("minif2f", "test", data=shared_data).problems if p.name == "mathd_algebra_289")
    res = audit_statement(p.statement, name=p.name)
    assert res.claim.outcome is Outcome.VACUOUS
    assert res.claim.checker in (Checker.Z3, Checker.CVC5, Checker.SMT)
    # the core: a prime n ≠ 0 against (k² - m·k) + n = 0 in ℕ
    assert "h₀" in (res.core or []) and ({"h₂", "h₃"} & set(res.core or []))


def test_same_hypotheses_without_primality_are_not_vacuous() -> None:
    text = ("theorem t (k t m n : ℕ) (h₁ : t < k) (h₂ : k^2 - m * k + n = 0) (h₃ : t^2 - m * t + n = 0) :"
            " m^n + n^m + k^t + t^k = 20 := by sorry")
    res = audit_statement(text)
    assert res.claim.outcome is not Outcome.VACUOUS


def test_false_statement_comes_with_a_counter_model_and_its_true_twin_does_not() -> None:
    false = audit_statement("theorem f (x : ℕ) (h : x - 3 = 0) : x = 0 := by sorry")
    assert false.claim.outcome is Outcome.FALSE_STATEMENT
    x = int(false.model["x"])
    assert 1 <= x <= 3  # a real counter-model: x - 3 truncates to 0 but x ≠ 0
    true = audit_statement("theorem f (x : ℕ) (h : x - 3 = 0) : x ≤ 3 := by sorry")
    assert true.claim.outcome is Outcome.UNKNOWN and not true.finding


def test_sat_on_an_inexact_encoding_is_no_finding() -> None:
    # Real.log is uninterpreted in the encoding: a model of the abstraction is not a counter-model
    res = audit_statement("theorem g (x : ℝ) (h : 0 < x) : Real.log (x * x) = 2 * Real.log x := by sorry")
    assert res.claim.outcome not in (Outcome.FALSE_STATEMENT, Outcome.VACUOUS)


def test_contradictory_hypotheses_are_vacuous_and_consistent_ones_are_not() -> None:
    assert audit_statement("theorem v (x : ℤ) (h₀ : x > 2) (h₁ : x < 1) : x = 7 := by sorry").claim.outcome \
        is Outcome.VACUOUS
    assert audit_statement("theorem v (x : ℤ) (h₀ : x > 2) (h₁ : x < 4) : x = 3 := by sorry").claim.outcome \
        is not Outcome.VACUOUS


def test_valid_lean_outside_the_fragment_is_unsupported_with_the_construct() -> None:
    cases = {
        "theorem a {G : Type*} [Group G] (x : G) : x * 1 = x := by sorry": "Type*",
        "theorem b (G : Type) [Group G] (x : G) : x = x := by sorry": "Type*",
        "theorem c : ∫ x in (0 : ℝ)..1, x = 1 / 2 := by sorry": "integral",
        "def d {G : Type*} [Group G] : CommGroup G := sorry": "definition",
        "theorem e (a : ℤ) (f := λ n : ℕ => a ^ n) : f 0 = 1 := by sorry": "default value",
    }
    for text, construct in cases.items():
        res = audit_statement(text)
        assert res.claim.outcome is Outcome.UNSUPPORTED, text
        assert construct in res.claim.detail, (text, res.claim.detail)


def test_malformed_text_stays_a_parse_error() -> None:
    for text in ("theorem t (x : ℕ : x = x := by sorry", "x + = 1 ) (", "theorem : ] x"):
        assert audit_statement(text).claim.outcome is Outcome.PARSE_ERROR, text


def test_no_proofnet_statement_is_a_parse_error(shared_data: Path) -> None:
    """All 371 ProofNet statements are valid Lean: those the parser refuses are classified by construct."""
    refused = 0
    for split in ("valid", "test"):
        for p in load_benchmark("proofnet", split, data=shared_data).problems:
            try:
                translate(p.statement)
            except UnsupportedError:
                continue
            except LeanSyntaxError as exc:
                refused += 1
                diag = diagnose(p.statement, str(exc))
                assert diag.well_formed, (p.key, diag.construct)
                assert "outside the bridge's grammar" not in diag.construct, (p.key, diag.construct)
    assert refused > 200  # the parser alone calls most of them syntax errors
