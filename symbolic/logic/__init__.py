"""The term language: sorts, hash-consed terms, substitution, matching, unification, printing, parsing."""

from symbolic.logic.builders import (
    abs_,
    and_,
    cast,
    div,
    eq,
    ge,
    gt,
    idiv,
    iff,
    implies,
    ite,
    le,
    lt,
    mod,
    ne,
    not_,
    or_,
    pow_,
)
from symbolic.logic.canonical import alpha_equivalent, alpha_normalize, canonical_free, free_vars_in_order
from symbolic.logic.parser import parse_sort, parse_term
from symbolic.logic.printer import to_text
from symbolic.logic.sorts import BOOL, COMPLEX, INT, NAT, RAT, REAL, BaseSort, FunSort, Sort, base_sort
from symbolic.logic.subst import expand_function, fresh_name, rename_free, substitute, symbols, used_names
from symbolic.logic.terms import FALSE, TRUE, Op, Term, app, const, exists, forall, var
from symbolic.logic.unify import match, unify

__all__ = [
    "BOOL", "COMPLEX", "FALSE", "INT", "NAT", "RAT", "REAL", "TRUE",
    "BaseSort", "FunSort", "Op", "Sort", "Term",
    "abs_", "alpha_equivalent", "alpha_normalize", "and_", "app", "base_sort", "canonical_free", "cast", "const",
    "div", "eq", "exists", "expand_function", "forall", "free_vars_in_order", "fresh_name", "ge", "gt", "idiv",
    "iff", "implies", "ite", "le", "lt", "match", "mod", "ne", "not_", "or_", "parse_sort", "parse_term",
    "pow_", "rename_free", "substitute", "symbols", "to_text", "unify", "used_names", "var",
]
