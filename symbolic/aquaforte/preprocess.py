"""Semantics-preserving rewriting before AquaForte looks at a formula.

- normalisation and constant folding (``x + 0``, ``2 * 3``, ``not not p``, ``a = a``, and/or with constants,
  flattening nested conjunctions into separate assertions);
- tautology removal (assertions that fold to ``true`` disappear; one that folds to ``false`` decides unsat);
- expansion of defined functions: an assertion ``∀xs. f(xs) = body`` with distinct variables ``xs`` and ``f``
  not in ``body`` is a definition; ``f`` is expanded everywhere and the definition is kept aside so a model
  can be completed.

Every rewrite keeps the conjunction equisatisfiable (and equivalent, apart from removing defined symbols).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from symbolic.logic.sorts import BOOL, INT, NAT
from symbolic.logic.subst import expand_function, symbols
from symbolic.logic.terms import APP, CONST, FALSE, QUANT, TRUE, Op, Term, _make, const

__all__ = ["Definition", "Preprocessed", "preprocess", "simplify"]


@dataclass(frozen=True)
class Definition:
    """``symbol(params) = body``: a function given by the formula itself (or by a candidate)."""

    symbol: Term
    params: tuple[Term, ...]
    body: Term

    def text(self) -> str:
        from symbolic.logic.printer import format_name, to_text

        ps = ", ".join(format_name(p.head) for p in self.params)
        return f"{format_name(self.symbol.head)}({ps}) = {to_text(self.body)}"


@dataclass
class Preprocessed:
    """The rewritten assertions, the definitions taken out, and whether rewriting alone decided unsat."""

    assertions: list[Term]
    definitions: list[Definition] = field(default_factory=list)
    trivially_unsat: bool = False
    removed: int = 0


def _is_num(t: Term) -> bool:
    return t.kind == CONST and t.sort is not BOOL


def _fold_arith(op: Op, args: tuple[Term, ...], t: Term) -> Term:
    if all(_is_num(a) for a in args):
        vals = [a.head for a in args]
        try:
            if op is Op.ADD:
                return const(vals[0] + vals[1], t.sort)
            if op is Op.SUB and t.sort is not NAT:
                return const(vals[0] - vals[1], t.sort)
            if op is Op.MUL:
                return const(vals[0] * vals[1], t.sort)
            if op is Op.NEG:
                return const(-vals[0], t.sort)
            if op is Op.DIV and vals[1] != 0:
                return const(Fraction(vals[0]) / Fraction(vals[1]), t.sort)
            if op is Op.POW and Fraction(vals[1]).denominator == 1 and 0 <= vals[1] <= 64:
                return const(Fraction(vals[0]) ** int(vals[1]), t.sort)
            if op is Op.ABS:
                return const(abs(vals[0]), t.sort)
            if op in (Op.IDIV, Op.MOD) and vals[1] != 0 and t.sort in (INT, NAT):
                a, b = int(vals[0]), int(vals[1])
                r = a % abs(b)  # Euclidean: 0 <= r < |b|
                return const(r if op is Op.MOD else (a - r) // b, t.sort)
        except (ValueError, TypeError):
            return t
        return t
    if op is Op.ADD:
        if _is_num(args[0]) and args[0].head == 0:
            return args[1]
        if _is_num(args[1]) and args[1].head == 0:
            return args[0]
    if op is Op.SUB and _is_num(args[1]) and args[1].head == 0:
        return args[0]
    if op is Op.MUL:
        for i in (0, 1):
            if _is_num(args[i]) and args[i].head == 1:
                return args[1 - i]
            if _is_num(args[i]) and args[i].head == 0:
                return const(0, t.sort)
    if op is Op.NEG and args[0].kind == APP and args[0].head is Op.NEG:
        return args[0].args[0]
    return t


def _cmp_const(op: Op, a: object, b: object) -> bool:
    return {Op.EQ: a == b, Op.NE: a != b, Op.LT: a < b, Op.LE: a <= b, Op.GT: a > b,  # type: ignore[operator]
            Op.GE: a >= b}[op]  # type: ignore[operator]


def _fold_bool(op: Op, args: tuple[Term, ...], t: Term) -> Term:
    if op is Op.NOT:
        a = args[0]
        if a is TRUE:
            return FALSE
        if a is FALSE:
            return TRUE
        if a.kind == APP and a.head is Op.NOT:
            return a.args[0]
        return t
    if op is Op.AND or op is Op.OR:
        unit, zero = (TRUE, FALSE) if op is Op.AND else (FALSE, TRUE)
        items: list[Term] = []
        for a in args:
            if a is zero:
                return zero
            if a is unit:
                continue
            if a.kind == APP and a.head is op:
                items.extend(a.args)
            elif a not in items:
                items.append(a)
        if not items:
            return unit
        if len(items) == 1:
            return items[0]
        return _make(APP, op, tuple(items), BOOL, ()) if tuple(items) != t.args else t
    if op is Op.IMPLIES:
        a, b = args
        if a is FALSE or b is TRUE or a is b:
            return TRUE
        if a is TRUE:
            return b
        if b is FALSE:
            return _fold_bool(Op.NOT, (a,), _make(APP, Op.NOT, (a,), BOOL, ()))
        return t
    if op is Op.IFF:
        a, b = args
        if a is b:
            return TRUE
        if a is TRUE:
            return b
        if b is TRUE:
            return a
        return t
    if op is Op.ITE:
        c, a, b = args
        if c is TRUE:
            return a
        if c is FALSE:
            return b
        if a is b:
            return a
        return t
    if op in (Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE):
        a, b = args
        if a.kind == CONST and b.kind == CONST:
            return TRUE if _cmp_const(op, a.head, b.head) else FALSE
        if a is b:
            return TRUE if op in (Op.EQ, Op.LE, Op.GE) else FALSE
    return t


def simplify(t: Term) -> Term:
    """Fold constants and Boolean structure bottom-up; the result is equivalent to ``t``."""
    memo: dict[Term, Term] = {}

    def go(u: Term) -> Term:
        r = memo.get(u)
        if r is not None:
            return r
        if u.kind == APP:
            args = tuple(go(a) for a in u.args)
            v = u if args == u.args else _make(APP, u.head, args, u.sort, ())
            op = v.head if isinstance(v.head, Op) else None
            if op in (Op.ADD, Op.SUB, Op.MUL, Op.NEG, Op.DIV, Op.POW, Op.ABS, Op.IDIV, Op.MOD):
                r = _fold_arith(op, args, v)
            elif op is not None:
                r = _fold_bool(op, args, v)
            else:
                r = v
        elif u.kind == QUANT:
            body = go(u.args[0])
            if body.kind == CONST:
                r = body  # domains are non-empty
            else:
                used = tuple(b for b in u.binders if b in body.free_vars)
                r = body if not used else _make(QUANT, u.head, (body,), BOOL, used)
        else:
            r = u
        memo[u] = r
        return r

    return go(t)


def _split(t: Term) -> list[Term]:
    if t.kind == APP and t.head is Op.AND:
        out: list[Term] = []
        for a in t.args:
            out.extend(_split(a))
        return out
    return [t]


def _as_definition(t: Term) -> Definition | None:
    """``∀xs. f(xs) = body`` (either side) with distinct bound ``xs`` exactly f's arguments, f not in body."""
    if t.kind != QUANT or t.head != "forall":
        return None
    body = t.args[0]
    if body.kind != APP or body.head not in (Op.EQ, Op.IFF):
        return None
    for lhs, rhs in ((body.args[0], body.args[1]), (body.args[1], body.args[0])):
        if lhs.kind == APP and isinstance(lhs.head, Term):
            ps = lhs.args
            if (all(p.kind == 0 for p in ps) and len(set(ps)) == len(ps) and set(ps) == set(t.binders)
                    and lhs.head not in symbols(rhs) and rhs.free_vars <= set(ps)):
                return Definition(lhs.head, tuple(ps), rhs)
    return None


def preprocess(assertions: Sequence[Term], *, expand_definitions: bool = True) -> Preprocessed:
    """Rewrite ``assertions`` (see the module docstring)."""
    out: list[Term] = []
    removed = 0
    for a in assertions:
        for part in _split(simplify(a)):
            if part is TRUE:
                removed += 1
                continue
            if part is FALSE:
                return Preprocessed([FALSE], trivially_unsat=True, removed=removed)
            if part not in out:
                out.append(part)
            else:
                removed += 1
    defs: list[Definition] = []
    if expand_definitions:
        changed = True
        while changed:
            changed = False
            for i, a in enumerate(out):
                d = _as_definition(a)
                if d is None or any(d.symbol is e.symbol for e in defs):
                    continue
                others = out[:i] + out[i + 1:]
                if any(_as_definition(o) is not None and _as_definition(o).symbol is d.symbol  # type: ignore[union-attr]
                       for o in others):
                    continue  # two definitions of one symbol: keep both as constraints
                rest = [simplify(expand_function(o, d.symbol, d.params, d.body)) for o in others]
                defs.append(d)
                out = []
                for r in rest:
                    for part in _split(r):
                        if part is FALSE:
                            return Preprocessed([FALSE], defs, trivially_unsat=True, removed=removed)
                        if part is not TRUE and part not in out:
                            out.append(part)
                changed = True
                break
    return Preprocessed(out, defs, removed=removed)
