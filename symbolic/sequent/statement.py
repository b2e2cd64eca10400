"""Lean statement → :class:`Goal`: the bridge's translation, with ``∑`` over a non-literal range abstracted.

The bridge unrolls sums over literal ranges and refuses the others. Here each ``∑ i ∈ Finset.range E, body``
whose bound ``E`` is not a literal becomes ``sumK E`` for a fresh function symbol ``sumK : ℕ → T`` (``T`` the
sort Lean gives the body on its own), recorded as a :class:`SumAbbrev`, so induction can work on it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from symbolic.bridge.elaborate import elaborate
from symbolic.bridge.lean_text import lean_sort
from symbolic.bridge.syntax import App, BigOp, Binary, Binder, Ident, Num, Statement
from symbolic.bridge.translate import parse_any
from symbolic.sequent.goal import Goal, SumAbbrev

__all__ = ["goal_from_statement"]

_SORTS = {"ℕ", "ℤ", "ℚ", "ℝ", "Nat", "Int", "Rat", "Real"}


def goal_from_statement(text: str, *, source: str = "<input>") -> tuple[Goal, str]:
    """The initial goal of a theorem statement (or goal state) and its name; raises the bridge's InputError."""
    stmt, _header = parse_any(text, source=source)
    found: list[tuple[str, BigOp]] = []
    goal_expr = _abstract(stmt.goal, found)
    binders = tuple(dataclasses.replace(b, type=_abstract(b.type, found)) if b.type is not None else b
                    for b in stmt.binders)
    abbrevs: list[tuple[str, Any]] = []
    extra: list[Binder] = []
    for sym, op in found:
        index, body = _elaborate_body(stmt, op)
        extra.append(Binder((sym,), Binary("→", Ident("ℕ"), Ident(lean_sort(body.sort)))))
        abbrevs.append((sym, (index, body)))
    seq = elaborate(dataclasses.replace(stmt, binders=(*extra, *binders), goal=goal_expr))
    sums = tuple(SumAbbrev(seq.variables[sym], index, body) for sym, (index, body) in abbrevs)
    sym_names = {s.symbol.name for s in sums}
    variables = tuple(v for n, v in seq.variables.items() if n not in sym_names)
    return Goal(variables, tuple(seq.hypotheses), seq.goal, sums, frozenset(seq.abstracted)), stmt.name


def _is_range_sum(e: Any) -> bool:
    if not (isinstance(e, BigOp) and e.kind == "∑" and isinstance(e.domain, App)):
        return False
    fn, args = e.domain.fn, e.domain.args
    return (isinstance(fn, Ident) and fn.name in ("Finset.range", "range") and len(args) == 1
            and not isinstance(args[0], Num))


def _abstract(e: Any, found: list[tuple[str, BigOp]]) -> Any:
    """``e`` with every ∑ over a non-literal ``Finset.range`` replaced by an application of a fresh symbol."""
    if _is_range_sum(e):
        for sym, op in found:
            if op == e or (op.body == e.body and op.var == e.var and op.var_type == e.var_type):
                return App(Ident(sym), (_abstract(e.domain.args[0], found),))
        sym = f"sum{len(found) + 1}"
        found.append((sym, e))
        return App(Ident(sym), (_abstract(e.domain.args[0], found),))
    if not dataclasses.is_dataclass(e) or isinstance(e, type):
        return e
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(e):
        v = getattr(e, f.name)
        if isinstance(v, tuple):
            nv: Any = tuple(_abstract(x, found) for x in v)
        else:
            nv = _abstract(v, found)
        if nv is not v:
            changes[f.name] = nv
    return dataclasses.replace(e, **changes) if changes else e


def _elaborate_body(stmt: Statement, op: BigOp) -> tuple[Any, Any]:
    """The sum's index variable and body as terms, the body elaborated on its own (as Lean elaborates it)."""
    typed = tuple(b for b in stmt.binders if _is_type(b.type))
    index_type = op.var_type if op.var_type is not None else Ident("ℕ")
    probe = Statement(stmt.name, (*typed, Binder((op.var,), index_type)), Binary("=", op.body, op.body),
                      stmt.source)
    seq = elaborate(probe)
    return seq.variables[op.var], seq.goal.args[0]


def _is_type(e: Any) -> bool:
    if isinstance(e, Ident):
        return e.name in _SORTS
    return isinstance(e, Binary) and e.op == "→" and _is_type(e.left) and _is_type(e.right)
