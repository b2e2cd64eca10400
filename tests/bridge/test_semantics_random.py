"""Random ground ℕ/ℤ expressions: the hammer proves `e = v` for Lean's value v and disproves `e = v + 1`.

Lean's value is computed here independently (truncated ℕ subtraction, `x / 0 = 0`, `x % 0 = x`, Euclidean
`Int.ediv`/`Int.emod`), then the statement goes through the whole pipeline: parser, elaborator, lowering, SMT.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symbolic.bridge import HammerConfig, Outcome, hammer
from tests.bridge.conftest import backends


def lean_nat(op: str, a: int, b: int) -> int:
    if op == "-":
        return max(a - b, 0)
    if op == "/":
        return 0 if b == 0 else a // b
    if op == "%":
        return a if b == 0 else a % b
    return a + b if op == "+" else a * b


def lean_int(op: str, a: int, b: int) -> int:
    if op == "/":
        if b == 0:
            return 0
        r = a % abs(b)
        return (a - r) // b
    if op == "%":
        return a if b == 0 else a % abs(b)
    return a + b if op == "+" else a - b if op == "-" else a * b


@st.composite
def expressions(draw: st.DrawFn, sort: str, depth: int = 2) -> tuple[str, int]:
    if depth == 0 or draw(st.booleans()):
        lo = -9 if sort == "ℤ" else 0
        v = draw(st.integers(lo, 9))
        return (f"({v} : {sort})", v)
    op = draw(st.sampled_from(["+", "-", "*", "/", "%"]))
    left, a = draw(expressions(sort, depth - 1))
    right, b = draw(expressions(sort, depth - 1))
    value = lean_nat(op, a, b) if sort == "ℕ" else lean_int(op, a, b)
    return (f"({left} {op} {right})", value)


@pytest.mark.skipif("z3" not in backends(), reason="z3 backend not available through symbolic.smt")
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(sort=st.sampled_from(["ℕ", "ℤ"]), data=st.data())
def test_ground_arithmetic_matches_lean(sort: str, data: st.DataObject) -> None:
    text, value = data.draw(expressions(sort))
    lit = f"({value} : {sort})"
    cfg = HammerConfig(solver="z3", timeout=10)
    good = hammer(f"theorem t : {text} = {lit} := by sorry", config=cfg)
    assert good.outcome is Outcome.PROVED, (text, value, good.detail)
    bad = hammer(f"theorem t : {text} = ({value + 1} : {sort}) := by sorry", config=cfg)
    assert bad.outcome is Outcome.DISPROVED, (text, value + 1, bad.detail)
