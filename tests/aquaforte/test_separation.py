"""Constraint separation and preprocessing keep satisfiability (property tests) and split what is independent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symbolic.aquaforte import preprocess, reassemble, separate, simplify
from symbolic.logic import (
    FALSE,
    INT,
    TRUE,
    FunSort,
    Term,
    and_,
    const,
    eq,
    forall,
    gt,
    implies,
    le,
    lt,
    not_,
    or_,
    to_text,
    var,
)
from symbolic.smt import Status, check_sat

F = var("f", FunSort((INT,), INT))
G = var("g", FunSort((INT,), INT))
H = var("h", FunSort((INT, INT), INT))
A, B, C = var("a", INT), var("b", INT), var("c", INT)
X = var("x", INT)


def _atoms() -> st.SearchStrategy[Term]:
    base = st.sampled_from([A, B, C, const(0), const(1), const(-2)])
    return st.one_of(
        base,
        base.map(F), base.map(G),
        st.tuples(base, base).map(lambda p: H(*p)),
    )


def _literal() -> st.SearchStrategy[Term]:
    return st.tuples(st.sampled_from([eq, le, lt, gt]), _atoms(), _atoms(), st.booleans()).map(
        lambda t: not_(t[0](t[1], t[2])) if t[3] else t[0](t[1], t[2]))


def _assertion() -> st.SearchStrategy[Term]:
    return st.one_of(
        _literal(),
        st.tuples(_literal(), _literal()).map(lambda p: or_(*p)),
        st.tuples(_literal(), _literal()).map(lambda p: implies(*p)),
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_assertion(), min_size=1, max_size=6))
def test_separation_preserves_satisfiability(assertions: list[Term]) -> None:
    comps = separate(assertions)
    # a partition: every assertion in exactly one component, reassembly restores the input
    assert reassemble(comps) == assertions
    # components share no symbol
    seen: set[str] = set()
    for comp in comps:
        names = {f.head for f in comp.functions} | {c.head for c in comp.constants}
        assert not names & seen
        seen |= names
    whole = check_sat(assertions, timeout=5, want_model=False).status
    parts = [check_sat(list(comp.assertions), timeout=5, want_model=False).status for comp in comps]
    assert whole is not Status.UNKNOWN and Status.UNKNOWN not in parts
    assert (whole is Status.SAT) == all(p is Status.SAT for p in parts)


@settings(max_examples=15, deadline=None)
@given(st.lists(_assertion(), min_size=1, max_size=5))
def test_preprocessing_preserves_satisfiability(assertions: list[Term]) -> None:
    pre = preprocess(assertions)
    whole = check_sat(assertions, timeout=5, want_model=False).status
    if pre.trivially_unsat:
        assert whole is Status.UNSAT
        return
    after = check_sat(pre.assertions or [TRUE], timeout=5, want_model=False).status
    assert whole is after


def test_independent_functions_are_split() -> None:
    a1 = forall([X], eq(F(X + 1), F(X) + 3))
    a2 = gt(F(const(7)), A)
    a3 = forall([X], gt(G(X), X))
    a4 = lt(B, const(3))
    comps = separate([a1, a2, a3, a4])
    groups = sorted(sorted(to_text(t) for t in c.assertions) for c in comps)
    assert len(comps) == 3
    assert sorted([to_text(a1), to_text(a2)]) in groups
    assert {f.head for c in comps for f in c.functions} == {"f", "g"}


def test_simplify_folds_constants_and_tautologies() -> None:
    assert simplify(eq(const(2) + const(3), const(5))) is TRUE
    assert simplify(and_(gt(A, const(0)), TRUE)) is gt(A, const(0))
    assert simplify(or_(FALSE, eq(A * const(1), A + const(0)))) is TRUE
    assert simplify(not_(not_(lt(A, B)))) is lt(A, B)
    assert simplify(forall([X], eq(F(X), F(X)))) is TRUE


def test_definitions_are_expanded_and_kept() -> None:
    d = forall([X], eq(G(X), X * X + const(1)))
    use = lt(G(A), const(1))
    pre = preprocess([d, use, eq(A, A)])
    assert [dd.symbol for dd in pre.definitions] == [G]
    assert pre.removed == 1
    assert [to_text(t) for t in pre.assertions] == ["a * a + 1 < 1"]
    assert preprocess([lt(A, A)]).trivially_unsat
