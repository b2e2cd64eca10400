"""A literal or cast whose type a printed goal state does not show is of unknown sort, not ℕ.

``proved`` only when the goal holds at every sort the literals may have; ``disproved`` only when every sort is
known. The unannotated goals are real states of published proofs (closed by Lean over ℝ or ℤ); the annotated
twins are the same goals as Lean prints them with ``pp.numericTypes``/``pp.coercions.types``.
"""

from __future__ import annotations

import pytest

from symbolic.bridge.hammer import HammerConfig, Outcome, hammer
from symbolic.bridge.translate import translate
from tests.bridge.conftest import backends

UNANNOTATED_TRUE_OVER_R_OR_Z = [
    "⊢ 1 / 3 * (30 * (13 / 2)) = 65",
    "⊢ (100 ^ 2 - 7 ^ 2) / (70 ^ 2 - 11 ^ 2) * ((70 - 11) * (70 + 11) / ((100 - 7) * (100 + 7))) = 1",
    "⊢ |(3491 - 60) * (3491 + 60) - 3491 ^ 2| = 3600",
    "x : ℕ\nh₀ : ↑x + 4 / 100 * ↑x = 598\n⊢ x = 575",
]
ANNOTATED = [  # (goal state, expected)
    ("⊢ (1 : ℝ) / (3 : ℝ) * ((30 : ℝ) * ((13 : ℝ) / (2 : ℝ))) = (65 : ℝ)", Outcome.PROVED),
    ("⊢ ((100 : ℝ) ^ 2 - 7 ^ 2) / (70 ^ 2 - 11 ^ 2) * ((70 - 11) * (70 + 11) / ((100 - 7) * (100 + 7))) = 1",
     Outcome.PROVED),
    ("⊢ |((3491 : ℤ) - 60) * (3491 + 60) - 3491 ^ 2| = 3600", Outcome.PROVED),
    ("x : ℕ\nh₀ : (↑x : ℝ) + (4 : ℝ) / (100 : ℝ) * (↑x : ℝ) = (598 : ℝ)\n⊢ x = 575", Outcome.PROVED),
    ("⊢ (7 : ℝ) / (2 : ℝ) = (3 : ℝ)", Outcome.DISPROVED),
    ("⊢ (7 : ℕ) / (2 : ℕ) = (3 : ℕ)", Outcome.PROVED),
    ("⊢ (1 : ℕ) / (3 : ℕ) * ((30 : ℕ) * ((13 : ℕ) / (2 : ℕ))) = (65 : ℕ)", Outcome.DISPROVED),
    ("x : ℕ\nh₀ : (↑x : ℤ) + (4 : ℤ) / (100 : ℤ) * (↑x : ℤ) = (598 : ℤ)\n⊢ x = 575", Outcome.DISPROVED),
]


@pytest.fixture(autouse=True)
def _solvers() -> None:
    if not backends():
        pytest.skip("no SMT backend available through symbolic.smt")


@pytest.mark.parametrize("state", UNANNOTATED_TRUE_OVER_R_OR_Z)
def test_unannotated_true_goal_is_not_disproved(state: str) -> None:
    r = hammer(state, config=HammerConfig(timeout=10))
    assert r.outcome is Outcome.UNKNOWN, (r.outcome, r.detail)
    assert "pp.numericTypes" in r.detail


def test_unannotated_false_over_r_is_not_proved() -> None:
    r = hammer("⊢ 7 / 2 = 3", config=HammerConfig(timeout=10))
    assert r.outcome is Outcome.UNKNOWN and "ℝ" in r.detail, (r.outcome, r.detail)


def test_statement_numerals_stay_nat() -> None:
    # in a theorem Lean itself elaborates unannotated numerals at ℕ: the statement's sorts are known
    assert hammer("theorem t : 7 / 2 = 3 := by sorry").outcome is Outcome.PROVED
    assert hammer("theorem t : (7 : ℝ) / 2 = 3 := by sorry").outcome is Outcome.DISPROVED


def test_goal_true_at_every_sort_is_proved() -> None:
    r = hammer("⊢ 2 + 3 = 5", config=HammerConfig(timeout=10))
    assert r.outcome is Outcome.PROVED and "3 readings" in r.detail, r.detail


@pytest.mark.parametrize(("state", "expected"), ANNOTATED, ids=[a for a, _ in ANNOTATED])
def test_annotated_goal_is_decided(state: str, expected: Outcome) -> None:
    r = hammer(state, config=HammerConfig(timeout=10))
    assert r.outcome is expected, (r.outcome, r.detail)


def test_readings_rule_out_ill_typed_sorts() -> None:
    # ↑x with x : ℕ cannot target ℕ; `-3` is not a natural number; `0.5` is neither ℕ nor ℤ
    assert [str(s) for s in translate("x : ℕ\n⊢ ↑x + 1 = 2").sequent.literal_units[0]] == ["Real", "Int"]
    assert [str(s) for s in translate("⊢ -3 + 1 < 0").sequent.literal_units[0]] == ["Real", "Int"]
    assert [str(s) for s in translate("⊢ 0.5 + 1 < 2").sequent.literal_units[0]] == ["Real"]
    assert len(translate("⊢ (2 : ℝ) + 3 = 5").readings) == 1


def test_hammer_translation_itself_weighs_every_reading() -> None:
    # callers that translate first (the batch audit, the search) get the same guarantee as `hammer`
    from symbolic.bridge.hammer import hammer_translation

    tr = translate("⊢ 1 / 3 * (30 * (13 / 2)) = 65")
    assert len(tr.readings) == 3
    assert hammer_translation(tr, config=HammerConfig(timeout=10)).outcome is Outcome.UNKNOWN
