"""SMT-LIB reading is linear, counts against the solve's time limit, and bounds nesting and numerals."""

from __future__ import annotations

import time

import pytest

from symbolic.errors import InputError
from symbolic.smt import Status, check_smtlib
from symbolic.smt.sexpr import ReadDeadline, parse_sexprs, render
from symbolic.smt.smtlib_reader import read_script, solver_text
from tests.smt.conftest import needs


def script(n_asserts: int) -> str:
    lines = ["(set-logic QF_LIA)"] + [f"(declare-const x{i} Int)" for i in range(200)]
    lines += [f"(assert (<= (+ x{i % 200} {i}) (* 2 x{(i + 1) % 200})))  ; row {i}" for i in range(n_asserts)]
    return "\n".join(lines) + "\n(check-sat)\n"


def test_reading_is_linear() -> None:
    small, large = script(4_000), script(16_000)  # ~200 KB and ~800 KB
    t0 = time.perf_counter()
    parse_sexprs(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    exprs = parse_sexprs(large)
    t_large = time.perf_counter() - t0
    assert exprs[-1].line == large.count("\n")  # line numbers still right at the end
    assert t_large < 8 * max(t_small, 0.01), (t_small, t_large)  # 4x the input: not 16x the time
    assert t_large < 5.0


def test_reading_stops_at_the_deadline() -> None:
    with pytest.raises(ReadDeadline):
        parse_sexprs(script(20_000), deadline=time.monotonic())


@needs("z3")
def test_timeout_covers_reading_and_seconds_report_it() -> None:
    text = script(40_000)  # ~2 MB: reading alone takes longer than the limit below
    t0 = time.monotonic()
    res = check_smtlib(text, solver="z3", timeout=0.05)
    wall = time.monotonic() - t0
    assert res.status is Status.UNKNOWN and res.reason == "timeout"
    assert wall < 3.0 and res.seconds >= 0.05 and abs(res.seconds - wall) < 0.5


def test_deep_nesting_reads_and_prints() -> None:
    deep = "(declare-const p Bool)(assert " + "(not " * 496 + "p" + ")" * 496 + ")(check-sat)"
    body, _, _ = solver_text(deep)
    assert body.count("(not ") == 496
    deeper = "(declare-const p Bool)(assert " + "(not " * 5000 + "p" + ")" * 5000 + ")(check-sat)"
    assert render(parse_sexprs(deeper)[1]).count("(not ") == 5000
    with pytest.raises(InputError, match="nested too deeply"):
        read_script(deeper)


def test_huge_numerals_are_input_errors() -> None:
    text = "(declare-const x Int)\n(assert (> x " + "9" * 4301 + "))\n(check-sat)"
    with pytest.raises(InputError, match=r"<input>:2:14: numeral with 4301 digits"):
        solver_text(text)
    with pytest.raises(InputError, match="4302 digits"):
        read_script(text.replace("9" * 4301, "1." + "9" * 4301))
    assert solver_text(text.replace("9" * 4301, "9" * 4300))[0]  # the limit itself is fine
