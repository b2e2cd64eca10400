"""Every computation before the solvers is bounded: primality of literals, big-operator ranges, blank lines,
nesting and numerals in Lean statements."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from symbolic.bridge import translate
from symbolic.bridge.errors import UnsupportedError
from symbolic.bridge.library import MAX_UNROLL, _is_prime
from symbolic.errors import InputError


def trial_division(n: int) -> bool:
    return n >= 2 and all(n % d for d in range(2, int(n ** 0.5) + 1))


def test_primality_is_exact_and_fast() -> None:
    assert [n for n in range(200) if _is_prime(n)] == [n for n in range(200) if trial_division(n)]
    assert all(_is_prime(n) == trial_division(n) for n in range(10**6, 10**6 + 2000))
    t0 = time.perf_counter()
    assert _is_prime(2305843009213693951) is True  # 2^61 - 1
    assert _is_prime(2305843009213693953) is False
    assert _is_prime(3215031751) is False  # a strong pseudoprime to bases 2, 3, 5, 7
    assert _is_prime(2**127 - 1) is None  # beyond the exact range: left to the solver as a symbol
    assert time.perf_counter() - t0 < 0.5


def test_prime_literal_statement_is_decided_in_bounded_time() -> None:
    t0 = time.perf_counter()
    tr = translate("theorem q : Nat.Prime 2305843009213693951 := by sorry")
    assert time.perf_counter() - t0 < 3
    assert str(tr.sequent.goal) in ("true", "True", "⊤") or tr.sequent.goal.is_const


def test_huge_range_is_refused_before_it_is_listed() -> None:
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(UnsupportedError, match=f"more than {MAX_UNROLL} terms"):
        translate("theorem s : ∑ i in Finset.range 100000000, i = 0 := by sorry")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.perf_counter() - t0 < 3 and peak < 50 * 2**20
    with pytest.raises(UnsupportedError, match=f"more than {MAX_UNROLL} terms"):
        translate("theorem s : ∑ i in Finset.Icc 1 100000000, i = 0 := by sorry")


def test_blank_lines_nesting_and_numerals() -> None:
    t0 = time.perf_counter()
    translate("\n" * 100_000 + "theorem t : (2:ℕ) + 2 = 4 := by sorry")
    assert time.perf_counter() - t0 < 5
    with pytest.raises(InputError):
        translate("theorem t : " + "(" * 198 + "1" + ")" * 198 + " = 1 := by sorry")
    with pytest.raises(InputError, match="nested too deeply"):
        translate("theorem t : " + "(" * 2000 + "1" + ")" * 2000 + " = 1 := by sorry")
    with pytest.raises(InputError, match="5000 digits"):
        translate("theorem t : (" + "9" * 5000 + " : ℕ) = 1 := by sorry")
