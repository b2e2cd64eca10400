"""SMT-LIB2 reading and writing: translation, round trips, errors with positions, raw scripts."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbolic.errors import InputError, ParseError
from symbolic.logic import INT, REAL, Op, to_text
from symbolic.smt import Status, check_sat, check_smtlib, read_script, write_script
from symbolic.smt.sexpr import parse_sexprs, render
from symbolic.smt.smtlib_reader import solver_text
from tests.smt.conftest import DATA, needs_data

SCRIPT = """
(set-info :status unsat)
(set-logic UFNIRA)
(declare-fun f (Real) Real)
(declare-const n Int)
(define-fun sq ((z Real)) Real (* z z))
(assert (! (forall ((x Real)) (>= (f x) (sq x))) :named lower))
(assert (let ((y (to_real n))) (and (< (f y) 0) (= n 3))))
(check-sat)
(get-model)
(exit)
"""


def test_reads_declarations_macros_lets_and_names() -> None:
    s = read_script(SCRIPT, source="demo.smt2")
    assert s.logic == "UFNIRA" and s.status == "unsat" and s.check_sats == 1
    assert set(s.symbols) == {"f", "n"}
    assert s.names == ["lower", None]
    text = to_text(s.assertions[0])
    assert "x * x" in text  # the define-fun was expanded
    # the Int literal 0 compared with a Real is lifted to Real
    assert s.assertions[1].args[0].args[1].sort is REAL


def test_written_script_is_equisatisfiable() -> None:
    s = read_script(SCRIPT)
    again = read_script(write_script(s.assertions))
    assert [to_text(a) for a in again.assertions] == [to_text(a) for a in s.assertions]
    assert check_sat(s.assertions, timeout=5).status is Status.UNSAT
    assert check_smtlib(SCRIPT, timeout=5).status is Status.UNSAT


def test_mixed_int_real_and_chains() -> None:
    s = read_script("(declare-const a Int)(declare-const b Real)(assert (< 0 a 2))"
                    "(assert (= b (/ a 2)))(assert (distinct a 0 5))")
    res = check_sat(s.assertions, timeout=5)
    assert res.status is Status.SAT
    assert res.model == {"a": 1, "b": Fraction(1, 2)}
    assert s.assertions[1].args[1].head is Op.DIV


@pytest.mark.parametrize(("text", "line", "column", "fragment"), [
    ("(assert (> x 0))", 1, 12, "unknown symbol 'x'"),
    ("(declare-const x Int)\n(assert (> x 0)", 2, 1, "unbalanced '('"),
    ("(declare-const x Int))", 1, 22, "unbalanced ')'"),
    ("(set-logic QF_BV)", 1, 1, "unsupported logic"),
    ("(push 1)", 1, 1, "unsupported command 'push'"),
    ("(declare-fun a () (Array Int Int))", 1, 19, "arrays are not supported"),
    ("(declare-const x Int)\n(assert (+ x 1))", 2, 9, "not Bool"),
    ("(declare-fun f (Int) Int)\n\n(assert (= (f 1 2) 0))", 3, 12, "f takes 1 arguments"),
    ("(assert #b0101)", 1, 9, "bit-vector"),
])
def test_malformed_input_names_line_and_column(text: str, line: int, column: int, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        read_script(text, source="bad.smt2")
    err = info.value
    assert (err.line, err.column) == (line, column), str(err)
    assert fragment in str(err)
    assert str(err).startswith(f"bad.smt2:{line}:{column}: ")
    assert "\n" not in str(err)


def test_sexpr_round_trip_and_quoting() -> None:
    text = '(assert (! (= |a b| 1.5) :named |x y|)) (echo "say ""hi""")'
    items = parse_sexprs(text)
    assert [render(i) for i in items] == ['(assert (! (= |a b| 1.5) :named |x y|))', '(echo "say ""hi""")']
    with pytest.raises(ParseError):
        parse_sexprs('(echo "unterminated)')


def test_raw_path_keeps_solver_commands_only() -> None:
    body, names, status = solver_text(SCRIPT)
    assert status == "unsat" and names == ["f", "n"]
    assert "check-sat" not in body and "get-model" not in body and "set-info" not in body


def test_raw_script_with_arrays_goes_to_the_solver() -> None:
    text = ("(declare-const a (Array Int Int))(assert (= (select (store a 1 5) 1) 6))(check-sat)")
    assert check_smtlib(text, solver="z3", timeout=5).status is Status.UNSAT


@needs_data()
def test_all_shared_instances_parse_or_fail_cleanly() -> None:
    ok = failed = 0
    for p in sorted(DATA.rglob("*.smt2")):
        try:
            read_script(p.read_text(), source=str(p))
            ok += 1
        except InputError as exc:
            assert str(exc).startswith(str(p)), str(exc)
            failed += 1
    assert ok >= 280 and failed <= 5


def test_nat_encoding_keeps_values_non_negative() -> None:
    from symbolic.logic import NAT, FunSort, const, eq, lt, var

    n = var("n", NAT)
    g = var("g", FunSort((NAT,), NAT))
    res = check_sat([lt(n, const(1, NAT))], timeout=5)
    assert res.status is Status.SAT and res.model == {"n": 0}
    # truncated subtraction: 2 - 5 = 0 on Nat
    two, five = const(2, NAT), const(5, NAT)
    assert check_sat([eq(two - five, const(0, NAT))], timeout=5).status is Status.SAT
    assert check_sat([lt(g(n), const(0, NAT) + const(0, NAT))], timeout=5).status is Status.UNSAT
    assert INT is not NAT
