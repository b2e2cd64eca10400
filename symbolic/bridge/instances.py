"""Ground instantiation of universally quantified hypotheses (our own, recorded instantiation trace).

Quantified hypotheses such as ``∀ x, f x = 2*x + 3`` are instantiated on the ground terms of the problem by
matching their function applications (triggers) against ground applications of the same function: a bound
variable matches anything of its sort, ``x + c`` matches a literal ``k`` with ``x := k - c``. Rounds repeat
on the terms the new instances bring in (recurrences ``u (n+2) = u n + u (n+1)`` unfold backwards), up to a
cap. Every instance remembers the hypothesis and the arguments, so that a proof can cite it as ``h₀ 3``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from fractions import Fraction

from symbolic.bridge.lean_text import lean_arg
from symbolic.logic import BOOL, NAT, RAT, REAL, Op, Term, app, const, substitute
from symbolic.logic.terms import APP, CONST, QUANT, VAR

__all__ = ["Instance", "QuantifiedHypothesis", "instance_at", "instantiate", "peel"]

MAX_INSTANCES = 300
MAX_ROUNDS = 12


@dataclass(frozen=True)
class QuantifiedHypothesis:
    """``∀ b1, g1 → ∀ b2, g2 → … → matrix`` split into its binder groups (each with an optional guard)."""

    name: str
    formula: Term
    groups: tuple[tuple[tuple[Term, ...], Term | None], ...]
    matrix: Term

    @property
    def binders(self) -> tuple[Term, ...]:
        return tuple(b for bs, _ in self.groups for b in bs)


@dataclass(frozen=True)
class Instance:
    """``hypothesis`` instantiated with ``values`` (in binder order); ``formula`` is the ground result."""

    hypothesis: str
    values: tuple[Term, ...]
    formula: Term
    guarded: bool
    lean_args: tuple[str, ...] = ()


_GUARD_TACTIC = "(by first | assumption | linarith | (constructor <;> linarith) | positivity | norm_num)"


def _has_symbols(t: Term) -> bool:
    return any(s.kind == VAR and s.name == "π" for s in t.subterms()) or any(
        s.kind == APP and isinstance(s.head, Term) for s in t.subterms())


def peel(name: str, formula: Term) -> QuantifiedHypothesis | None:
    """Split a universally quantified hypothesis; None when ``formula`` is not a ∀."""
    if not (formula.kind == QUANT and formula.head == "forall"):
        return None
    groups: list[tuple[tuple[Term, ...], Term | None]] = []
    t = formula
    while t.kind == QUANT and t.head == "forall":
        bs = t.binders
        body = t.body
        guard = None
        if body.op is Op.IMPLIES and body.args[1].kind == QUANT and body.args[1].head == "forall":
            guard, body = body.args[0], body.args[1]
        elif body.op is Op.IMPLIES:
            guard, body = body.args[0], body.args[1]
            groups.append((bs, guard))
            t = body
            break
        groups.append((bs, guard))
        t = body
    return QuantifiedHypothesis(name, formula, tuple(groups), t)


def ground_terms(t: Term, out: dict[Term, None], bound: frozenset[Term] = frozenset()) -> None:
    """Collect ground (binder-free) non-Boolean subterms of ``t``."""
    if t.kind == QUANT:
        ground_terms(t.body, out, bound | frozenset(t.binders))
        return
    if t.sort is not BOOL and not (t.free_vars & bound):
        out[t] = None
    for a in t.args:
        ground_terms(a, out, bound)


def _triggers(matrix: Term, binders: frozenset[Term]) -> list[Term]:
    seen: dict[Term, None] = {}

    def walk(t: Term) -> None:
        if t.kind == APP and isinstance(t.head, Term) and t.free_vars & binders:
            seen[t] = None
        if t.kind == QUANT:
            return
        for a in t.args:
            walk(a)

    walk(matrix)
    return list(seen)


def _match_arg(p: Term, g: Term, binders: frozenset[Term], sub: dict[Term, Term]) -> bool:
    if not (p.free_vars & binders):
        return p is g
    if p.kind == VAR and p in binders:
        if p.sort is not g.sort:
            return False
        prev = sub.get(p)
        if prev is not None:
            return prev is g
        sub[p] = g
        return True
    if p.op is Op.ADD and g.kind == CONST:
        x, c = p.args
        if c.kind != CONST:
            x, c = c, x
        if c.kind == CONST and x.kind == VAR and x in binders:
            value = Fraction(g.value) - Fraction(c.value)
            if x.sort is NAT and value < 0:
                return False
            return _match_arg(x, const(value, x.sort), binders, sub)
    if p.kind == APP and g.kind == APP and p.head is g.head and len(p.args) == len(g.args):
        return all(_match_arg(a, b, binders, sub) for a, b in zip(p.args, g.args, strict=True))
    return False


def instantiate(hyps: list[tuple[str, Term]], ground: list[Term], *, max_instances: int = MAX_INSTANCES,
                max_rounds: int = MAX_ROUNDS) -> list[Instance]:
    """Instances of the ∀-hypotheses among ``hyps`` on the ground terms of ``ground`` (formulas)."""
    pool: dict[Term, None] = {}
    for f in ground:
        ground_terms(f, pool)
    qhyps = [q for name, f in hyps if (q := peel(name, f)) is not None]
    out: list[Instance] = []
    done: set[tuple[str, tuple[Term, ...]]] = set()
    for _ in range(max_rounds):
        new: list[Instance] = []
        for q in qhyps:
            for values in _candidates(q, list(pool)):
                key = (q.name, values)
                if key in done:
                    continue
                done.add(key)
                inst = _instance(q, values)
                if inst is not None:
                    new.append(inst)
                if len(out) + len(new) >= max_instances:
                    break
        if not new:
            break
        out.extend(new)
        for inst in new:
            ground_terms(inst.formula, pool)
        if len(out) >= max_instances:
            break
    return out


def _candidates(q: QuantifiedHypothesis, pool: list[Term]) -> list[tuple[Term, ...]]:
    binders = q.binders
    bset = frozenset(binders)
    subs: list[dict[Term, Term]] = []
    consts = [t for t in pool if t.kind == CONST and t.sort is not BOOL and t.value != 0][:8]
    for trig in _triggers(q.matrix, bset):
        for g in pool:
            if g.kind == APP and g.head is trig.head:
                sub: dict[Term, Term] = {}
                if _match_arg(trig, g, bset, sub):
                    subs.append(sub)
                else:
                    subs.extend(_product_matches(trig, g, bset, consts))
    # combine partial substitutions (a trigger may bind only some binders)
    full: dict[tuple[Term, ...], None] = {}
    for sub in subs:
        if all(b in sub for b in binders):
            full[tuple(sub[b] for b in binders)] = None
    partial = [s for s in subs if not all(b in s for b in binders)]
    for s1, s2 in itertools.islice(itertools.product(partial, partial), 2000):
        merged = dict(s1)
        if all(merged.setdefault(k, v) is v for k, v in s2.items()) and all(b in merged for b in binders):
            full[tuple(merged[b] for b in binders)] = None
    if not full and not subs:
        # no trigger: try the atoms (variables and literals) of each binder's sort
        atoms = [t for t in pool if t.kind in (VAR, CONST)]
        choices = [[a for a in atoms if a.sort is b.sort][:8] for b in binders]
        for combo in itertools.islice(itertools.product(*choices), 64):
            full[tuple(combo)] = None
    return list(full)


def _product_matches(trig: Term, g: Term, binders: frozenset[Term], consts: list[Term]) -> list[dict[Term, Term]]:
    """``f (x * y)`` against ``f k`` (k a literal): ``x := c, y := k / c`` for the problem's literals c.

    Only for a single-argument trigger over a field sort, where the division is exact."""
    if len(trig.args) != 1 or len(g.args) != 1:
        return []
    p, k = trig.args[0], g.args[0]
    if p.op is not Op.MUL or k.kind != CONST or p.sort not in (RAT, REAL):
        return []
    x, y = p.args
    if not (x in binders and y in binders and x is not y):
        return []
    out = []
    for c in consts:
        if c.sort is not p.sort:
            continue
        other = const(Fraction(k.value) / Fraction(c.value), p.sort)
        out.append({x: c, y: other})
        out.append({y: c, x: other})
    return out


def instance_at(q: QuantifiedHypothesis, values: tuple[Term, ...], *, prove_guard: bool = True) -> Instance:
    """``q`` instantiated at ``values`` (one per binder, in order), with its Lean arguments. With
    ``prove_guard=False`` and the guard last (``∀ m, P m → Q m``), the guard is left unproved: ``h 39`` is
    then Lean's ``P 39 → Q 39``, exactly the instance's formula (for guards no tactic could prove up front)."""
    inst = _instance(q, values)
    if prove_guard or any(g is not None for _, g in q.groups[:-1]) or q.groups[-1][1] is None:
        return inst
    return replace(inst, lean_args=inst.lean_args[:-1])


def _instance(q: QuantifiedHypothesis, values: tuple[Term, ...]) -> Instance:
    mapping = dict(zip(q.binders, values, strict=True))
    body = substitute(q.matrix, mapping)
    guards = [substitute(g, mapping) for _, g in q.groups if g is not None]
    formula = body
    for g in reversed(guards):
        formula = app(Op.IMPLIES, g, formula)
    args: list[str] = []
    for bs, g in q.groups:
        args.extend(lean_arg(mapping[b]) for b in bs)
        if g is not None:
            sg = substitute(g, mapping)
            args.append("(by norm_num)" if not sg.free_vars and not _has_symbols(sg) else _GUARD_TACTIC)
    return Instance(q.name, values, formula, bool(guards), tuple(args))
