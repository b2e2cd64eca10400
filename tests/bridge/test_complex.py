"""ℂ as pairs of reals: Lean's semantics (``Complex.I``, ``z / 0 = 0``, casts), the ``ring``/``linear_combination``
closers and their read-back by the self-check. Each true statement is proved, its false twin is not."""

from __future__ import annotations

import pytest

from symbolic.bridge.hammer import HammerConfig, hammer
from symbolic.bridge.ring_cert import certificate, complex_closers
from symbolic.bridge.selfcheck import self_check
from symbolic.bridge.translate import translate
from symbolic.verdicts import Checker, Outcome
from tests.bridge.conftest import backends

needs_solver = pytest.mark.skipif(not backends(), reason="no SMT backend installed")
CFG = HammerConfig(timeout=10)

# (true statement, its minimal false twin)
PAIRS = [
    ("theorem t : Complex.I ^ 2 = -1 := by sorry", "theorem t : Complex.I ^ 2 = 1 := by sorry"),
    ("theorem t (x : ℂ) : x ^ 2 + 49 = (x + 7 * Complex.I) * (x + -7 * Complex.I) := by sorry",
     "theorem t (x : ℂ) : x ^ 2 + 50 = (x + 7 * Complex.I) * (x + -7 * Complex.I) := by sorry"),
    ("theorem t (z : ℂ) : z / 0 = 0 := by sorry", "theorem t (z : ℂ) : z / 0 = 1 := by sorry"),
    ("theorem t (z : ℂ) (h : z ≠ 0) : z / z = 1 := by sorry", "theorem t (z : ℂ) : z / z = 1 := by sorry"),
    ("theorem t : (1 : ℂ) / Complex.I = -Complex.I := by sorry",
     "theorem t : (1 : ℂ) / Complex.I = Complex.I := by sorry"),
    ("theorem t (x : ℝ) (h : x = 2) : (x : ℂ) * Complex.I = 2 * Complex.I := by sorry",
     "theorem t (x : ℝ) (h : x = 2) : (x : ℂ) * Complex.I = 2 := by sorry"),
    ("theorem t (q e : ℂ) (h₀ : q = 2 - 2 * Complex.I) (h₁ : e = 5 + 5 * Complex.I) : q * e = 20 := by sorry",
     "theorem t (q e : ℂ) (h₀ : q = 2 - 2 * Complex.I) (h₁ : e = 5 + 5 * Complex.I) : q * e = 21 := by sorry"),
    ("theorem t (x e : ℂ) (h₀ : x + e = 7) (h₁ : 2 * x + e = 3) : e = 11 ∧ x = -4 := by sorry",
     "theorem t (x e : ℂ) (h₀ : x + e = 7) (h₁ : 2 * x + e = 3) : e = 11 ∧ x = -5 := by sorry"),
    ("theorem t (z : ℂ) (h : z = 3 + 4 * Complex.I) : Complex.normSq z = 25 := by sorry",
     "theorem t (z : ℂ) (h : z = 3 + 4 * Complex.I) : Complex.normSq z = 24 := by sorry"),
    ("theorem t (z w : ℂ) : (z * w).re = z.re * w.re - z.im * w.im := by sorry",
     "theorem t (z w : ℂ) : (z * w).re = z.re * w.re + z.im * w.im := by sorry"),
    ("theorem t (z : ℂ) (h₀ : z.im = 0) (h₁ : z.re = 2) : z = 2 := by sorry",
     "theorem t (z : ℂ) (h₀ : z.im = 0) (h₁ : z.re = 2) : z = 3 := by sorry"),
]


@needs_solver
@pytest.mark.parametrize(("true", "false"), PAIRS)
def test_true_is_proved_and_the_twin_is_disproved(true: str, false: str) -> None:
    res = hammer(true, config=CFG)
    assert res.outcome is Outcome.PROVED and res.checker is Checker.SMT, res.detail
    twin = hammer(false, config=CFG)
    assert twin.outcome is Outcome.DISPROVED, twin.detail  # the pair encoding is exact: a real counter-model


@needs_solver
def test_a_function_on_complex_numbers_is_two_real_functions() -> None:
    text = "theorem t (f : ℂ → ℂ) (h : ∀ z, f z = z * Complex.I) : f Complex.I = -1 := by sorry"
    res = hammer(text, config=CFG)
    assert res.outcome is Outcome.PROVED and res.scripts
    assert res.scripts[0].tactics.splitlines()[0].strip() == "have i1 := h Complex.I"  # the instance, stated
    twin = hammer(text.replace("= -1", "= 1"), config=HammerConfig(timeout=2))
    assert twin.outcome is not Outcome.PROVED  # ∀ over ℂ: a sat answer is not trusted, so unknown here


@needs_solver
def test_scripts_are_ring_certificates_that_read_back() -> None:
    res = hammer(PAIRS[6][0], config=CFG)
    assert res.scripts and res.scripts[0].closer.startswith("linear_combination")
    assert "Complex.I_sq" in res.scripts[0].closer  # I ^ 2 = -1 is a generator of the certificate
    assert self_check(PAIRS[6][0], res.scripts[0].tactics).complete
    conj = hammer(PAIRS[7][0], config=CFG)
    assert conj.scripts[0].closer.startswith("exact ⟨by linear_combination")
    assert hammer("theorem t (a b : ℂ) : (a + b) ^ 2 = a ^ 2 + 2 * a * b + b ^ 2 := by sorry",
                  config=CFG).scripts[0].closer == "ring"


@needs_solver
def test_cancellation_of_a_non_zero_factor() -> None:
    text = ("theorem t (p q r x : ℂ) (h₀ : (x - p) * (x - q) = (r - p) * (r - q)) (h₁ : x ≠ r) : "
            "x = p + q - r := by sorry")
    res = hammer(text, config=CFG)
    assert res.outcome is Outcome.PROVED
    assert res.scripts[0].tactics.split("\n") == ["  apply mul_left_cancel₀ (sub_ne_zero.mpr h₁)",
                                                  "  linear_combination h₀"]
    assert hammer(text.replace("x = p + q - r", "x = p + q + r"), config=CFG).outcome is not Outcome.PROVED


def test_the_self_check_recomputes_the_certificate() -> None:
    text = PAIRS[6][0]
    good = "linear_combination ((5 : ℂ) + (5 : ℂ) * Complex.I) * h₀ + q * h₁ + (-10 : ℂ) * Complex.I_sq"
    assert self_check(text, good).complete
    for bad in (good.replace("(-10 : ℂ)", "(-9 : ℂ)"), good.replace(" + q * h₁", ""), "ring",
                "linear_combination h₀ + h₁"):
        report = self_check(text, bad)
        assert not report.ok and "not 0 by ring normalisation" in report.problems[0], bad
    # a cancellation on a hypothesis that is not `u ≠ v` is refused
    assert not self_check(text, "apply mul_left_cancel₀ (sub_ne_zero.mpr h₀)\nring").ok
    # the conjunction: each part is checked against its own conjunct
    conj = PAIRS[7][0]
    assert self_check(conj, "exact ⟨by linear_combination 2 * h₀ - h₁, by linear_combination h₁ - h₀⟩").complete
    assert not self_check(conj, "exact ⟨by linear_combination h₁ - h₀, by linear_combination 2 * h₀ - h₁⟩").ok


def test_certificates_are_exact_or_absent() -> None:
    seq = translate(PAIRS[7][0]).sequent
    hyps = [(h.name, h.formula) for h in seq.hypotheses]
    assert complex_closers(seq.goal, hyps) == [
        "exact ⟨by linear_combination (2 : ℂ) * h₀ + (-1 : ℂ) * h₁, by linear_combination (-1 : ℂ) * h₀ + h₁⟩"]
    false = translate(PAIRS[7][1]).sequent  # x = -5 does not follow: no certificate, no closer
    assert complex_closers(false.goal, hyps) == []
    assert certificate(false.goal.args[1], hyps) is None


def test_order_on_complex_numbers_is_refused() -> None:
    res = hammer("theorem t (z : ℂ) (h : z = 1) : z < 2 := by sorry", config=CFG)
    assert res.outcome is Outcome.UNSUPPORTED


def test_natural_subtraction_is_not_a_ring_operation() -> None:
    # (a - b) + b = a is false on ℕ (a < b); `ring` must not be read as closing it
    text = "theorem t (a b : ℕ) : a - b + b = a := by sorry"
    assert not self_check(text, "ring").complete  # outside the normal form: not read as a closing step
    seq = translate(text).sequent
    assert certificate(seq.goal, []) is None
