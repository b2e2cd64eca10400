"""Closed forms of recurrence-defined sequences: AquaForte's templates (affine, quadratic, a·rⁿ + b·n + c, on ℕ
with the negative part subtracted) and the conjecture step taking its candidates from AquaForte."""

from __future__ import annotations

from symbolic.aquaforte import FunctionSignature, ProposalRequest, TemplateProposer
from symbolic.aquaforte.templates import RATES
from symbolic.sequent import goal_from_statement
from symbolic.sequent.conjecture import function_candidates


def _candidates(statement: str, **kw) -> list[str]:
    g, _ = goal_from_statement(f"theorem t {statement} : True := by sorry")
    return [g.show(c) for c in function_candidates(g, **kw)]


def test_sequence_templates_are_offered_after_the_general_ones() -> None:
    texts = TemplateProposer()(ProposalRequest("c0", (FunctionSignature("u", ("Nat",), "Nat"),), (), n=50))
    assert any("2^x0" in t and " - (" in t for t in texts) and any("10^x0" in t for t in texts)
    assert texts.index(next(t for t in texts if "^x0" in t and "* 2^x0" in t)) > 3
    real = TemplateProposer()(ProposalRequest("c0", (FunctionSignature("u", ("Nat",), "Real"),), (), n=50))
    assert any("3^x0" in t and "to_real(x0)" in t for t in real)
    ints = TemplateProposer()(ProposalRequest("c0", (FunctionSignature("u", ("Int",), "Int"),), (), n=50))
    assert not any(f"{r}^x0" in t for r in RATES for t in ints)  # only sequences (a Nat argument) get rⁿ


def test_closed_forms_from_aquaforte() -> None:
    assert _candidates("(u : ℕ → ℕ) (h₀ : u 0 = 0) (h₁ : ∀ n, u (n + 1) = 2 * u n + (n + 1))") == \
        ["∀ (n : ℕ), u n + n + (2 : ℕ) = (2 : ℕ) * (2 : ℕ) ^ n"]
    assert _candidates("(u : ℕ → ℝ) (h₀ : u 0 = 1) (h₁ : ∀ n, u (n + 1) = 3 * u n - 1)") == \
        ["∀ (n : ℕ), u n = (1 / 2 : ℝ) * (3 : ℝ) ^ n + (1 / 2 : ℝ)"]
    assert _candidates("(u : ℕ → ℕ) (h₀ : u 0 = 1) (h₁ : ∀ n, u (n + 1) = u n + 2 * n + 3)") == \
        ["∀ (n : ℕ), u n = n * n + (2 : ℕ) * n + (1 : ℕ)"]


def test_no_closed_form_when_no_template_fits_or_nothing_pins_f_down() -> None:
    assert _candidates("(u : ℕ → ℕ) (h₀ : u 0 = 1) (h₁ : ∀ n, u (n + 1) = u n * u n + 1)") == []
    assert _candidates("(u : ℕ → ℕ) (h₀ : u 0 = 1)") == []


class _Proposer:
    """Plumbing only: stands for an LLM; records the requests and answers fixed texts."""

    def __init__(self, texts: list[str]) -> None:
        self.texts, self.requests = texts, []

    def __call__(self, request: ProposalRequest) -> list[str]:
        self.requests.append(request)
        return list(self.texts)


def test_a_configured_proposer_is_asked_first_and_its_wrong_answers_are_rejected() -> None:
    doubling = "(f : ℕ → ℕ) (h₀ : f 0 = 1) (h₁ : ∀ n, f (n + 1) = 2 * f n)"
    right = _Proposer(["f(x0) = 2^x0"])
    assert _candidates(doubling, proposer=right) == ["∀ (n : ℕ), f n = (2 : ℕ) ^ n"]
    assert right.requests and right.requests[0].functions == (FunctionSignature("f", ("Nat",), "Nat"),)
    assert any("f(" in c for c in right.requests[0].constraints)
    wrong = _Proposer(["f(x0) = x0 + 1", "f(x0) = 3^x0"])  # both fail the instances: the templates still answer
    assert _candidates(doubling, proposer=wrong) == ["∀ (n : ℕ), f n = (2 : ℕ) ^ n"]
    garbage = _Proposer(["import os", "f(x0) = "])
    assert _candidates(doubling, proposer=garbage) == ["∀ (n : ℕ), f n = (2 : ℕ) ^ n"]
