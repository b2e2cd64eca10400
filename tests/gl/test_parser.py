from __future__ import annotations

import pytest

from symbolic.errors import InputError, ParseError
from symbolic.gl import CounterexampleFilter, parse_targets, parse_theory

HEADER = """theory T
sort N, S
const zero : N
function s : N -> N
function add : N, N -> N infix + 65
relation member : N, S
"""


def test_peano_file_declares_signature(peano):
    assert peano.name == "Peano"
    assert peano.sorts == ["N"]
    assert set(peano.functions) == {"s", "add", "mul"}
    assert peano.functions["add"].infix == "+"
    assert peano.induction["N"].succ == "s"
    assert [a.name for a in peano.axioms][:2] == ["one_def", "s_injective"]


def test_quick_targets_parse(quick_targets):
    assert len(quick_targets) == 13
    assert quick_targets[4].name == "add_comm"


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("axiom a1 : forall x : N s(x) = x", 7, 25, "unexpected 's' (expected '.')"),
        ("axiom a1 : forall x : N. t(x) = x", 7, 26, "unknown function 't'"),
        ("axiom a1 : forall x : N. elem[x, x]", 7, 26, "unknown relation 'elem'"),
        ("axiom a1 : forall x : N. add(x) = x", 7, 26, "add takes 2 argument(s), got 1"),
        ("axiom a1 : forall x : N, y : S. member[y, y]", 7, 33, "argument 1 has sort S, expected N"),
        ("axiom a1 : forall x : N. s(y) = x", 7, 28, "unbound variable 'y'"),
        ("axiom a1 : forall x : N, y : S. x = y", 7, 35, "cannot compare N with S"),
        ("axiom a1 : forall x : Q. x = x", 7, 23, "unknown sort 'Q'"),
        ("bogus", 7, 1, "expected a declaration"),
        ("axiom a1 : forall x : N. x = x ?", 7, 32, "unexpected character '?'"),
    ],
)
def test_theory_errors_have_positions(text, line, column, fragment):
    with pytest.raises(InputError) as info:
        parse_theory(HEADER + text, "t.mpl")
    err = info.value
    assert (err.line, err.column) == (line, column), str(err)
    assert fragment in str(err)
    assert str(err).startswith(f"t.mpl:{line}:{column}: ")
    assert "\n" not in str(err)


def test_parse_error_names_expected_token():
    with pytest.raises(ParseError) as info:
        parse_theory("sort N\nconst zero N", "t.mpl")
    assert info.value.expected == "':'"
    assert (info.value.line, info.value.column) == (2, 12)


def test_unexpected_character_is_reported():
    with pytest.raises(ParseError) as info:
        parse_theory("sort N\naxiom a : forall x : N. x = x \u00a7", "t.mpl")
    assert info.value.line == 2


def test_target_errors_have_positions(peano):
    with pytest.raises(InputError) as info:
        parse_targets("good: forall a : N. a + zero = a\nbad: forall a : N. a + b = a", peano, "q.targets")
    assert (info.value.line, info.value.column) == (2, 24)
    assert "unbound variable 'b'" in str(info.value)


def test_theory_without_model_in_range_is_an_input_error():
    text = """sort N
const zero : N
function s : N -> N
axiom fixed : forall a : N. s(a) = a
model 0..6 { zero = 0; s(x) = x + 1 }
"""
    th = parse_theory(text, "bad.mpl")
    with pytest.raises(InputError) as info:
        CounterexampleFilter(th)
    assert "no model in the filter's range 0..6" in str(info.value)
    assert "axiom fixed" in str(info.value)
    assert info.value.line == 4


def test_model_must_interpret_every_symbol():
    th = parse_theory("sort N\nconst zero : N\nfunction s : N -> N\nmodel 0..3 { zero = 0 }", "m.mpl")
    with pytest.raises(InputError, match="does not interpret s"):
        CounterexampleFilter(th)


def test_public_api_is_importable():
    import symbolic.gl as gl

    assert sorted(gl.__all__) == sorted(set(gl.__all__))
    for name in gl.__all__:
        assert getattr(gl, name) is not None
