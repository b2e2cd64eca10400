"""Hypothesis strategies that generate well-sorted terms."""

from __future__ import annotations

from fractions import Fraction
from functools import cache

from hypothesis import strategies as st

from symbolic.logic import BOOL, INT, NAT, RAT, REAL, FunSort, Op, Sort, Term, app, const, exists, forall, var

ENV: dict[str, Sort] = {
    "x": INT, "y": INT, "n": NAT, "m": NAT, "a": REAL, "b": REAL, "q": RAT, "p": BOOL,
    "f": FunSort((INT,), INT), "g": FunSort((REAL, REAL), REAL), "P": FunSort((NAT,), BOOL),
}
VARS = {s: [var(k, v) for k, v in ENV.items() if v is s] for s in (INT, NAT, REAL, RAT, BOOL)}
BINDERS = {INT: ["i", "j", "x"], NAT: ["k", "n"], REAL: ["r", "a"], RAT: ["u"], BOOL: []}


def literal(sort: Sort) -> st.SearchStrategy[Term]:
    if sort is BOOL:
        return st.sampled_from([const(True), const(False)])
    if sort is NAT:
        return st.integers(0, 50).map(lambda v: const(v, NAT))
    if sort is INT:
        return st.integers(-50, 50).map(lambda v: const(v, INT))
    return st.fractions(min_value=-20, max_value=20, max_denominator=12).map(lambda v: const(Fraction(v), sort))


@cache
def terms(sort: Sort, depth: int = 3) -> st.SearchStrategy[Term]:
    leaves = literal(sort) | st.sampled_from(VARS[sort]) if VARS[sort] else literal(sort)
    if depth <= 0:
        return leaves
    sub = lambda s: terms(s, depth - 1)  # noqa: E731
    options: list[st.SearchStrategy[Term]] = [leaves]
    if sort is BOOL:
        for s in (INT, REAL, NAT):
            options.append(st.tuples(st.sampled_from([Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE]), sub(s), sub(s))
                           .map(lambda t: app(t[0], t[1], t[2])))
        options.append(st.tuples(st.sampled_from([Op.AND, Op.OR, Op.IMPLIES, Op.IFF]), sub(BOOL), sub(BOOL))
                       .map(lambda t: app(t[0], t[1], t[2])))
        options.append(st.lists(sub(BOOL), min_size=3, max_size=4).map(lambda xs: app(Op.AND, *xs)))
        options.append(sub(BOOL).map(lambda t: app(Op.NOT, t)))
        options.append(sub(NAT).map(lambda t: app(var("P", ENV["P"]), t)))
        for s in (INT, REAL):
            bs = [var(n, s) for n in BINDERS[s]]
            options.append(st.tuples(st.sampled_from(["forall", "exists"]), st.sampled_from(bs),
                                     terms(BOOL, depth - 1))
                           .map(lambda t: (forall if t[0] == "forall" else exists)([t[1]], t[2])))
    else:
        ops = [Op.ADD, Op.SUB, Op.MUL]
        if sort in (INT, NAT):
            ops += [Op.IDIV, Op.MOD]
        else:
            ops += [Op.DIV]
        options.append(st.tuples(st.sampled_from(ops), sub(sort), sub(sort)).map(lambda t: app(t[0], t[1], t[2])))
        options.append(st.tuples(sub(sort), st.integers(0, 3).map(lambda v: const(v, NAT)))
                       .map(lambda t: app(Op.POW, t[0], t[1])))
        if sort is not NAT:
            options.append(sub(sort).map(lambda t: app(Op.NEG, t)))
        options.append(sub(sort).map(lambda t: app(Op.ABS, t)))
        options.append(st.tuples(sub(BOOL), sub(sort), sub(sort)).map(lambda t: app(Op.ITE, *t)))
        if sort is INT:
            options.append(sub(INT).map(lambda t: app(var("f", ENV["f"]), t)))
            options.append(sub(REAL).map(lambda t: app(Op.CAST, t, sort=INT)))
        if sort is REAL:
            options.append(st.tuples(sub(REAL), sub(REAL)).map(lambda t: app(var("g", ENV["g"]), *t)))
            options.append(sub(INT).map(lambda t: app(Op.CAST, t, sort=REAL)))
    return st.one_of(*options)


formulas = terms(BOOL, 3)
any_terms = st.sampled_from([BOOL, INT, NAT, REAL, RAT]).flatmap(lambda s: terms(s, 3))
