"""Benchmark-scale checks (``slow``): soundness on every funcprobs unsat instance, coverage of find/."""

from __future__ import annotations

import pytest

from symbolic.aquaforte import AquaForte, AquaForteConfig
from symbolic.smt import Status
from tests.aquaforte.conftest import OWN, SHARED, independently_valid

pytestmark = [pytest.mark.slow, pytest.mark.benchmark,
              pytest.mark.skipif(not SHARED.is_dir(), reason="shared benchmark data not found")]


# Labelled unsat, but satisfiable as written: the claimed solution set misses a solution (U56: f(x) = -x;
# U65: f(x) = 0; U14: f(x) = 1/x, i.e. c = 0 where the file demands c > 0), the "finitely many roots" axiom
# is an ∃ where a ∀ was meant (U53: f = 0, roots = 0), or the checked "solution" is not one
# (check U33_sol1: f(x) = x/(x-2) is negative on (0, 2), so the negated conditions hold; prove U33: the
# true solution f(x) = 2/(2-x) on [0, 2), 0 beyond, differs from the file's x/(x-2)).
# z3 answers sat on the file with f replaced by that define-fun (cvc5 too, except unknown on prove U33).
MISLABELLED = {"prove/problem_U53.smt2", "prove/problem_U56.smt2", "prove/problem_U65.smt2",
               "prove/problem_U14.smt2", "prove/problem_U33.smt2", "check/problem_U33_sol1.smt2"}


@pytest.mark.parametrize("sub", ["check", "prove"])
def test_unsat_families_are_never_answered_sat(sub: str) -> None:
    for path in sorted((SHARED / "funcprobs" / sub).glob("*.smt2")):
        res = AquaForte(config=AquaForteConfig(timeout=3, check_timeout=1.0)).solve_file(path)
        if f"{sub}/{path.name}" in MISLABELLED:
            assert res.status is not Status.UNSAT, path  # unsat would be a wrong answer here
            if res.status is Status.SAT and res.decided_by == "candidate":
                assert independently_valid(path, res), path
        else:
            assert res.status is not Status.SAT, path


def test_find_family_mostly_solved_with_checked_models() -> None:
    files = sorted((SHARED / "funcprobs" / "find").glob("*.smt2"))
    solved = 0
    for path in files:
        res = AquaForte(config=AquaForteConfig(timeout=10)).solve_file(path)
        assert res.status is not Status.UNSAT, path
        if res.status is Status.SAT:
            solved += 1
            if res.decided_by == "candidate":
                assert independently_valid(path, res), path
    assert solved >= 0.75 * len(files)


def test_own_sat_instances_all_solved() -> None:
    for path in sorted(OWN.glob("*.smt2")):
        res = AquaForte(config=AquaForteConfig(timeout=10)).solve_file(path)
        if "(set-info :status sat)" in path.read_text():
            assert res.status is Status.SAT, path
            if res.decided_by == "candidate":
                assert independently_valid(path, res), path
        else:
            assert res.status is not Status.SAT, path
