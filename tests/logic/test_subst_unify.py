"""Substitution avoids capture; unification finds most general unifiers; canonical renaming."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from symbolic.logic import (
    INT,
    REAL,
    FunSort,
    alpha_equivalent,
    alpha_normalize,
    app,
    canonical_free,
    const,
    eq,
    exists,
    expand_function,
    forall,
    match,
    parse_term,
    substitute,
    to_text,
    unify,
    var,
)
from tests.logic.strategies import ENV, formulas

x, y, z = var("x", INT), var("y", INT), var("z", INT)
f = var("f", FunSort((INT,), INT))
g = var("g", FunSort((INT, INT), INT))


def test_substitution_renames_a_binder_that_would_capture() -> None:
    t = forall([y], eq(x, y))  # ∀y. x = y, x free
    s = substitute(t, {x: y})  # inserting y must not be captured
    assert s.is_quant
    (b,) = s.binders
    assert b is not y
    assert s.body is eq(y, b)
    assert y in s.free_vars


def test_substitution_leaves_bound_occurrences_alone() -> None:
    t = forall([x], eq(x, y))
    assert substitute(t, {x: const(3, INT)}) is t
    assert substitute(t, {y: const(3, INT)}) is forall([x], eq(x, const(3, INT)))


def test_expand_function_is_macro_expansion() -> None:
    t = parse_term("forall x : Int. f(x + 1) = f(x) + 3", ENV)
    p = var("p", INT)
    e = expand_function(t, var("f", ENV["f"]), [p], p * 3 + 2)
    assert to_text(e) == "forall x : Int. (x + 1) * 3 + 2 = x * 3 + 2 + 3"


def test_unify_finds_the_most_general_unifier() -> None:
    a = app(g, x, app(f, y))
    b = app(g, app(f, z), x)
    mgu = unify(a, b)
    assert mgu is not None
    assert substitute(a, mgu) is substitute(b, mgu)
    # most general: x ↦ f(z), y ↦ z (or z ↦ y) and nothing more specific
    inst = substitute(a, mgu)
    assert inst in (app(g, app(f, z), app(f, z)), app(g, app(f, y), app(f, y)))


def test_unify_fails_on_occurs_check_and_clash() -> None:
    assert unify(x, app(f, x)) is None
    assert unify(app(f, x), app(g, x, x)) is None
    assert unify(const(1, INT), const(2, INT)) is None


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_unifier_makes_both_sides_equal(data) -> None:
    from tests.logic.strategies import terms

    a = data.draw(terms(INT, 2))
    b = data.draw(terms(INT, 2))
    if any(s.is_quant for s in a.subterms()) or any(s.is_quant for s in b.subterms()):
        return
    mgu = unify(a, b)
    if mgu is not None:
        assert substitute(a, mgu) is substitute(b, mgu)


def test_match_is_one_way() -> None:
    pat = app(g, x, x)
    assert match(pat, app(g, const(1, INT), const(1, INT))) == {x: const(1, INT)}
    assert match(pat, app(g, const(1, INT), const(2, INT))) is None
    assert match(app(f, const(1, INT)), app(f, x)) is None


def test_match_under_binders_respects_bound_variables() -> None:
    i, j = var("i", INT), var("j", INT)
    pat = forall([i], eq(app(f, i), x))
    assert match(pat, forall([j], eq(app(f, j), const(5, INT))), [x]) == {x: const(5, INT)}
    assert match(pat, forall([j], eq(app(f, j), j)), [x]) is None  # x cannot capture the bound j


def test_alpha_equivalence() -> None:
    i, j = var("i", INT), var("j", INT)
    r = var("r", REAL)
    assert alpha_equivalent(forall([i], eq(i, x)), forall([j], eq(j, x)))
    assert not alpha_equivalent(forall([i], eq(i, x)), forall([j], eq(j, y)))
    assert not alpha_equivalent(forall([i], eq(i, x)), exists([j], eq(j, x)))
    assert alpha_normalize(forall([r], eq(r, r))) is not alpha_normalize(forall([i], eq(i, i)))


@settings(max_examples=200, deadline=None)
@given(formulas)
def test_renaming_bound_variables_preserves_alpha_normal_form(t) -> None:
    renamed = _rename_binders(t)
    assert alpha_normalize(renamed) is alpha_normalize(t)


def _rename_binders(t):
    from symbolic.logic.terms import APP, QUANT, _make

    if t.kind == QUANT:
        new = [var(b.head + "_r", b.sort) for b in t.binders]
        body = substitute(t.body, dict(zip(t.binders, new, strict=True)))
        return _make(QUANT, t.head, (_rename_binders(body),), t.sort, tuple(new))
    if t.kind == APP:
        return _make(APP, t.head, tuple(_rename_binders(a) for a in t.args), t.sort, ())
    return t


def test_canonical_free_identifies_premises_up_to_renaming() -> None:
    a, b = var("a", INT), var("b", INT)
    (p1, q1), _ = canonical_free(eq(app(f, x), y), eq(app(f, y), z))
    (p2, q2), _ = canonical_free(eq(app(f, a), b), eq(app(f, b), x))
    assert (p1, q1) == (p2, q2)
    (p3, _), _ = canonical_free(eq(app(f, a), a), eq(app(f, b), x))
    assert p3 is not p1
