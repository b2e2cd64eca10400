"""Parser and printer: round trips on generated terms, and errors with line, column and what was expected."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from symbolic.errors import ParseError
from symbolic.logic import INT, NAT, REAL, FunSort, Op, app, const, parse_sort, parse_term, to_text, var
from tests.logic.strategies import ENV, any_terms


@settings(max_examples=300, deadline=None)
@given(any_terms)
def test_print_then_parse_gives_back_the_same_term(t) -> None:
    text = to_text(t)
    assert parse_term(text, ENV) is t, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x + 1 * y", "x + 1 * y"),
        ("(x + 1) * y", "(x + 1) * y"),
        ("x - (y - 1)", "x - (y - 1)"),
        ("∀ i : ℤ, r : ℝ. i ≤ x ∧ ¬ (r = a) → a ≥ 0", "forall i : Int, r : Real. i <= x /\\ ~r = a -> a >= 0"),
        ("a = 0.25", "a = 0.25"),
        ("a = 1/3", "a = 1 / 3"),
        ("a = rat(1, 3)", "a = rat(1, 3)"),
        ("-3^2 = x", "-3^2 = x"),
        ("(-3)^2 = x", "(-3)^2 = x"),
        ("n = (2 : Nat)", "n = 2"),
        ("p <-> (p -> p)", "p <-> (p -> p)"),
    ],
)
def test_parse_and_print_examples(text: str, expected: str) -> None:
    assert to_text(parse_term(text, ENV)) == expected


def test_literals_take_their_sort_from_context() -> None:
    t = parse_term("a + 1 = 2", ENV)
    assert t.args[0].args[1] is const(1, REAL)
    assert t.args[1] is const(2, REAL)
    g = var("g", FunSort((REAL, REAL), REAL))
    assert parse_term("g(1, a) = a", ENV).args[0] is app(g, const(1, REAL), var("a", REAL))
    assert parse_term("(3 : Nat) = 3", ENV).args[1] is const(3, NAT)
    assert parse_term("x ^ 2 = 4", ENV).args[0].args[1] is const(2, NAT)
    assert parse_term("x div 2 = 1", ENV).args[0].op is Op.IDIV


@pytest.mark.parametrize(
    ("text", "line", "column", "expected"),
    [
        ("x + ", 1, 5, "a term"),
        ("x +\n  * y", 2, 3, "a term"),
        ("(x = 1", 1, 7, "')'"),
        ("x = 1)", 1, 6, "end of input"),
        ("forall : Int. x = 1", 1, 8, "a bound variable name"),
        ("forall z : 3. z = 1", 1, 12, "a sort"),
        ("zz = 1", 1, 1, "a declared variable"),
        ("f(1, 2) = 3", 1, 1, "1 arguments"),
        ("x + a = 1", 1, 3, "well-sorted arguments"),
        ("x = 1 # 2", 1, 7, "a term"),
        ("n = 1.5", 1, 5, "an Nat literal"),
    ],
)
def test_parse_errors_give_line_column_and_expectation(text: str, line: int, column: int, expected: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_term(text, ENV, source="t.txt")
    err = info.value
    assert (err.line, err.column) == (line, column), str(err)
    assert expected in str(err)
    assert str(err).startswith(f"t.txt:{line}:{column}:")
    assert "\n" not in str(err)


def test_parse_sort() -> None:
    assert parse_sort("Int") is INT
    assert parse_sort("Real -> Real -> Bool") is FunSort((REAL, REAL), parse_sort("Bool"))
    with pytest.raises(ParseError):
        parse_sort("Int ->")


def test_unusual_names_are_quoted_and_read_back() -> None:
    v = var("a b", INT)
    t = app(Op.EQ, v, var("and", INT))
    text = to_text(t)
    assert text == "|a b| = |and|"
    assert parse_term(text, {"a b": INT, "and": INT}) is t
