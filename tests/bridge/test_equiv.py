"""``Equiv`` as two functions with both inverse laws (cited as the structure's fields ``σ.left_inv``/``right_inv``)."""

from __future__ import annotations

import pytest

from symbolic.bridge.errors import UnsupportedError
from symbolic.bridge.hammer import HammerConfig, hammer
from symbolic.bridge.selfcheck import self_check
from symbolic.bridge.translate import translate
from symbolic.verdicts import Outcome
from tests.bridge.conftest import backends

needs_solver = pytest.mark.skipif(not backends(), reason="no SMT backend installed")
CFG = HammerConfig(timeout=5)

TRUE = "theorem t (σ : Equiv ℝ ℝ) (h₀ : ∀ x, σ.1 x = 5 * x - 12) : σ.2 3 = 3 := by sorry"
FALSE = "theorem t (σ : Equiv ℝ ℝ) (h₀ : ∀ x, σ.1 x = 5 * x - 12) : σ.2 3 = 4 := by sorry"


def test_an_equivalence_is_its_two_functions_and_both_laws() -> None:
    seq = translate(TRUE).sequent
    assert {"σ.1", "σ.2"} <= set(seq.variables)
    laws = {h.name: str(h.formula) for h in seq.hypotheses}
    assert set(laws) == {"σ.left_inv", "σ.right_inv", "h₀"}
    # .toFun / .invFun are the same fields as .1 / .2
    same = translate(TRUE.replace("σ.1 x", "σ.toFun x").replace("σ.2 3", "σ.invFun 3")).sequent
    assert same.goal is seq.goal and same.hypotheses[-1].formula is seq.hypotheses[-1].formula


def test_coercion_and_symm_are_refused() -> None:
    for text in (TRUE.replace("σ.2 3", "σ.symm 3"), TRUE.replace("σ.1 x", "σ x")):
        with pytest.raises(UnsupportedError):
            translate(text)


@needs_solver
def test_true_is_proved_with_a_script_that_reads_back_and_the_twin_is_not() -> None:
    res = hammer(TRUE, config=CFG)
    assert res.outcome is Outcome.PROVED and res.scripts
    lines = res.scripts[0].tactics
    assert "have i1 := σ.left_inv (3 : ℝ)" in lines  # σ.2 (σ.1 3) = 3: the law, cited by its Mathlib name
    assert self_check(TRUE, lines).complete
    assert hammer(FALSE, config=CFG).outcome is not Outcome.PROVED
    # without the inverse law the statement does not follow: the laws are what proves it
    weaker = TRUE.replace("(σ : Equiv ℝ ℝ)", "(f g : ℝ → ℝ)").replace("σ.1", "f").replace("σ.2", "g")
    assert hammer(weaker, config=CFG).outcome is not Outcome.PROVED
