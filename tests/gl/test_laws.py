"""Exponent and sum laws derived by GL from the recursive definitions in pow_sum.mpl, and their payloads."""

from __future__ import annotations

import copy

from symbolic.gl.laws import THEORY_DIR, check_law_payload, derive, derived_laws, law_payload
from symbolic.gl.parser import parse_targets, parse_theory

LAWS = ("pow_add", "pow_mul", "mul_pow", "one_pow", "sum_add_distrib", "mul_sum")


def test_gl_derives_every_law_from_the_axioms_by_induction() -> None:
    laws = derived_laws()
    assert not laws.unproved
    for name in LAWS:
        th = laws.get(name)
        assert th is not None, name
        assert th.proof.kind == "induction" and th.proof.steps() > 0
        ok, why = check_law_payload(law_payload(laws, name))
        assert ok, (name, why)


def test_a_wrong_recursion_axiom_derives_no_exponent_law() -> None:
    text = (THEORY_DIR / "pow_sum.mpl").read_text(encoding="utf-8")
    wrong = text.replace("a ^ s(n) = a ^ n * a", "a ^ s(n) = a ^ n + a")
    assert wrong != text
    theory = parse_theory(wrong.replace("pow(x, y) = x ^ y", "pow(x, y) = x * y"), source="wrong.mpl")
    targets = parse_targets((THEORY_DIR / "pow_sum.targets").read_text(encoding="utf-8"), theory)
    laws = derive(theory, [t for t in targets if not t.name.startswith(("pow_", "one_pow", "mul_pow"))] +
                  [t for t in targets if t.name in ("pow_add", "mul_pow")])
    assert {"pow_add", "mul_pow"} <= set(laws.unproved)
    assert laws.get("mul_comm") is not None  # the ring laws do not depend on pow


def test_payload_carries_only_the_cited_theorems_and_replays_alone() -> None:
    laws = derived_laws()
    p = law_payload(laws, "pow_mul")
    names = [c["name"] for c in p["chain"]]
    assert names[-1] == "pow_mul" and "pow_add" in names and "sum_add_distrib" not in names


def test_tampered_payloads_are_rejected() -> None:
    p = law_payload(derived_laws(), "pow_add")
    bad = copy.deepcopy(p)
    bad["chain"][-1]["statement"] = "forall a m n : N. a ^ (m + n) = (a ^ m) + (a ^ n)"
    assert not check_law_payload(bad)[0]
    bad = copy.deepcopy(p)
    bad["chain"] = [c for c in bad["chain"] if c["name"] != "mul_assoc"]  # a cited lemma left out
    assert not check_law_payload(bad)[0]
    bad = copy.deepcopy(p)
    bad["theory"] = bad["theory"].replace("a ^ s(n) = a ^ n * a", "a ^ s(n) = a ^ n * a * a")
    assert not check_law_payload(bad)[0]
    bad = copy.deepcopy(p)
    bad["law"] = "mul_pow"
    ok, why = check_law_payload(bad)
    assert not ok and "not its law" in why


def test_the_model_evaluates_powers_and_refutes_a_false_law() -> None:
    import pytest

    from symbolic.errors import InputError
    from symbolic.gl.model import Evaluator, check_model

    text = (THEORY_DIR / "pow_sum.mpl").read_text(encoding="utf-8")
    theory = parse_theory(text, source="pow_sum.mpl")
    ev = check_model(theory)  # every axiom, sums included, holds on 0..6
    (false_law,) = parse_targets("bad: forall a m n : N. a ^ (m + n) = (a ^ m) + (a ^ n)", theory)
    (true_law,) = parse_targets("good: forall a m n : N. a ^ (m + n) = (a ^ m) * (a ^ n)", theory)
    assert ev.formula(false_law.formula, {}) is False and ev.formula(true_law.formula, {}) is not False
    wrong = parse_theory(text.replace("pow(x, y) = x ^ y", "pow(x, y) = x * y"), source="wrong.mpl")
    with pytest.raises(InputError, match="axiom pow_zero"):
        check_model(wrong, Evaluator(wrong))
