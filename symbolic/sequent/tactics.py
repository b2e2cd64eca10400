"""Checked structural tactics on a :class:`Goal`, each with the Lean 4 tactic text it stands for.

A tactic replaces the first goal by zero or more goals. Steps that only rearrange the sequent (intro, splitting
∧/↔, cases on ∨/∃/∧ hypotheses, induction, instantiating a ∀-hypothesis, substituting an equation) are correct
by construction; ``interval_cases`` additionally asks SMT that the enumerated values cover every case the
hypotheses allow, and records the SMT-LIB query so the step can be replayed independently.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from symbolic.bridge.elaborate import Hypothesis
from symbolic.bridge.instances import instantiate
from symbolic.errors import SymbolicError
from symbolic.logic import FALSE, INT, NAT, Op, Term, and_, const, exists, implies, not_, or_, substitute, var
from symbolic.logic.builders import eq
from symbolic.logic.terms import QUANT, VAR, forall
from symbolic.sequent.goal import Goal
from symbolic.sequent.smt import CASE_SPLIT, SmtStepError, smt_unsat
from symbolic.verdicts import Checker

__all__ = [
    "MAX_CASES", "Step", "TacticError", "case_cover", "cases_or", "constructor", "induction", "instances", "instantiate_hyp",
    "interval_bounds", "interval_cases", "intro", "obtain", "revert", "subst",
]

MAX_CASES = 100  # interval_cases beyond this many values is left to other steps


class TacticError(SymbolicError):
    """The tactic does not apply to this goal (one line saying why)."""


@dataclass(frozen=True)
class Step:
    """The goals replacing the first goal, the Lean text, what checked the step and its replay evidence."""

    goals: tuple[Goal, ...]
    lean: str
    checker: Checker = Checker.CONSTRUCTION
    evidence: dict[str, Any] = field(default_factory=dict)


def _hyp(goal: Goal, name: str) -> Hypothesis:
    h = goal.hyp(name)
    if h is None:
        raise TacticError(f"no hypothesis named {name}")
    return h


def _replace_hyp(goal: Goal, name: str, new: list[Hypothesis]) -> list[Hypothesis]:
    out: list[Hypothesis] = []
    for h in goal.hyps:
        out.extend(new if h.name == name else [h])
    return out


def _split(t: Term, op: Op) -> tuple[Term, Term]:
    """``a op rest`` for an n-ary ∧/∨ (Lean's connectives associate to the right)."""
    rest = t.args[1:]
    return t.args[0], rest[0] if len(rest) == 1 else (and_(*rest) if op is Op.AND else or_(*rest))


def _conjuncts(t: Term, k: int) -> list[Term]:
    """At most ``k`` parts of a right-nested ∧, as the anonymous-constructor pattern ``⟨a, b, …⟩`` splits it."""
    if k <= 1 or t.op is not Op.AND:
        return [t]
    a, rest = _split(t, Op.AND)
    return [*_conjuncts(a, 1), *_conjuncts(rest, k - 1)]


# -- goal-directed ---------------------------------------------------------------------------------------------
def intro(goal: Goal, name: str | None = None) -> Step:
    """``intro x`` on ``∀ x, P`` (one binder) or ``intro h`` on ``P → Q``."""
    t = goal.target
    taken = goal.names()
    if name is not None and name in taken:  # Lean would shadow; here one name must be one variable
        raise TacticError(f"intro: {name} is already in the context")
    if t.kind == QUANT and t.head == "forall":
        b, rest = t.binders[0], t.binders[1:]
        body = forall(rest, t.body) if rest else t.body
        new_name = name or (b.name if b.name not in taken else goal.fresh(b.name))
        nv = var(new_name, b.sort)
        g = replace(goal, variables=(*goal.variables, nv), target=substitute(body, {b: nv}))
        return Step((g,), f"intro {new_name}")
    if t.op is Op.IMPLIES:
        new_name = name or goal.fresh("h")
        g = goal.with_hyps([*goal.hyps, Hypothesis(new_name, t.args[0])], t.args[1])
        return Step((g,), f"intro {new_name}")
    if t.op is Op.NOT:
        new_name = name or goal.fresh("h")
        g = goal.with_hyps([*goal.hyps, Hypothesis(new_name, t.args[0])], FALSE)
        return Step((g,), f"intro {new_name}")
    raise TacticError("intro: the goal is neither ∀, → nor ¬")


def constructor(goal: Goal) -> Step:
    """``constructor`` on ``A ∧ B`` (two goals) or ``A ↔ B`` (``A → B`` and ``B → A``)."""
    t = goal.target
    if t.op is Op.AND:
        a, b = _split(t, Op.AND)
        return Step((goal.with_hyps(goal.hyps, a), goal.with_hyps(goal.hyps, b)), "constructor")
    if t.op is Op.IFF:
        a, b = t.args
        return Step((goal.with_hyps(goal.hyps, implies(a, b)), goal.with_hyps(goal.hyps, implies(b, a))),
                    "constructor")
    raise TacticError("constructor: the goal is neither ∧ nor ↔")


# -- hypothesis-directed ---------------------------------------------------------------------------------------
def cases_or(goal: Goal, name: str) -> Step:
    """``rcases h with h | h``: one goal per side of a disjunction hypothesis."""
    h = _hyp(goal, name)
    if h.formula.op is not Op.OR:
        raise TacticError(f"rcases: {name} is not a disjunction")
    a, b = _split(h.formula, Op.OR)
    goals = tuple(goal.with_hyps(_replace_hyp(goal, name, [Hypothesis(name, side)])) for side in (a, b))
    return Step(goals, f"rcases {name} with {name} | {name}")


def obtain(goal: Goal, name: str, names: tuple[str, ...] = ()) -> Step:
    """``obtain ⟨x, hx⟩ := h`` on ``∃ x, P`` and ``obtain ⟨h1, h2, …⟩ := h`` on ``A ∧ B ∧ …`` (``names``: the
    pattern's names, else fresh ones)."""
    h = _hyp(goal, name)
    f = h.formula
    if f.kind == QUANT and f.head == "exists":
        b, rest = f.binders[0], f.binders[1:]
        body = exists(rest, f.body) if rest else f.body
        taken = goal.names() - {name}
        vname = names[0] if len(names) == 2 else (b.name if b.name not in taken else goal.fresh(b.name))
        hname = names[1] if len(names) == 2 else goal.fresh(f"h{vname}", {vname})
        if vname in taken or hname in taken - {name} or vname == hname:
            raise TacticError(f"obtain: names {vname}, {hname} clash with the context")
        nv = var(vname, b.sort)
        g = replace(goal, variables=(*goal.variables, nv))
        g = g.with_hyps(_replace_hyp(g, name, [Hypothesis(hname, substitute(body, {b: nv}))]))
        return Step((g,), f"obtain ⟨{vname}, {hname}⟩ := {name}")
    if f.op is Op.AND:
        parts = _conjuncts(f, len(names) or 10**6)
        if names and len(names) != len(parts):
            raise TacticError(f"obtain: {name} has {len(parts)} conjuncts, {len(names)} names given")
        taken = goal.names() - {name}
        chosen = list(names) or [goal.fresh(f"{name}_{i + 1}", taken) for i in range(len(parts))]
        if len(set(chosen)) != len(chosen) or set(chosen) & taken:
            raise TacticError(f"obtain: names {', '.join(chosen)} clash with the context")
        g = goal.with_hyps(_replace_hyp(goal, name, [Hypothesis(n, p) for n, p in zip(chosen, parts, strict=True)]))
        return Step((g,), f"obtain ⟨{', '.join(chosen)}⟩ := {name}")
    raise TacticError(f"obtain: {name} is neither ∃ nor ∧")


def revert(goal: Goal, names: tuple[str, ...]) -> Step:
    """``revert h₀ h₁``: the hypotheses move into the goal (``h₀ → h₁ → target``), e.g. before induction."""
    if not names or len(set(names)) != len(names):
        raise TacticError("revert: name each hypothesis once")
    target = goal.target
    for n in reversed(names):
        target = implies(_hyp(goal, n).formula, target)
    return Step((goal.with_hyps([h for h in goal.hyps if h.name not in names], target),),
                f"revert {' '.join(names)}")


def subst(goal: Goal, name: str) -> Step:
    """``subst h`` on ``h : e = x`` or ``h : x = e`` with ``x`` a variable not occurring in ``e``."""
    h = _hyp(goal, name)
    if h.formula.op is not Op.EQ:
        raise TacticError(f"subst: {name} is not an equation")
    lhs, rhs = h.formula.args
    for v, e in ((rhs, lhs), (lhs, rhs)):
        if v.kind == VAR and goal.variable(v.name) is v and v not in e.free_vars:
            return Step((goal.substituted(v, e, drop=name),), f"subst {name}")
    raise TacticError(f"subst: neither side of {name} is a variable free in the other")


def instances(goal: Goal, limit: int = 6) -> list[tuple[str, str, Term]]:
    """Instances of the ∀-hypotheses on the goal's ground terms: (hypothesis, Lean arguments, formula)."""
    quant = [(h.name, h.formula) for h in goal.hyps if h.formula.kind == QUANT]
    if not quant:
        return []
    ground = [h.formula for h in goal.hyps if h.formula.kind != QUANT] + [goal.target]
    have = {h.formula for h in goal.hyps}
    out = []
    for inst in instantiate(quant, ground, max_instances=4 * limit, max_rounds=1):
        if inst.formula not in have and inst.lean_args:
            out.append((inst.hypothesis, " ".join(inst.lean_args), inst.formula))
    return out[:limit]


def instantiate_hyp(goal: Goal, hyp: str, args: str) -> Step:
    """``have hK := h₀ args`` for an instance the instantiation engine derived (args as it prints them)."""
    for h, a, formula in instances(goal, limit=50):
        if h == hyp and " ".join(a.split()) == " ".join(args.split()):
            name = goal.fresh("hi")
            g = goal.with_hyps([*goal.hyps, Hypothesis(name, formula)])
            return Step((g,), f"have {name} := {hyp} {a}")
    raise TacticError(f"have: no instance {hyp} {args} of a ∀-hypothesis")


# -- induction and enumeration ---------------------------------------------------------------------------------
def induction(goal: Goal, name: str, k_name: str | None = None, ih_name: str | None = None) -> Step:
    """``induction' n with k ih`` on a ℕ variable the hypotheses do not mention (base 0, step k → k + 1)."""
    n = goal.variable(name)
    if n is None or n.sort is not NAT:
        raise TacticError(f"induction: {name} is not a ℕ variable")
    if n not in goal.target.free_vars:
        raise TacticError(f"induction: the goal does not mention {name}")
    if any(n in h.formula.free_vars for h in goal.hyps):
        raise TacticError(f"induction: a hypothesis mentions {name} (revert it first)")
    taken = goal.names()
    k_name = k_name or goal.fresh("k")
    ih_name = ih_name or goal.fresh("ih", {k_name})
    if k_name == ih_name or ({k_name, ih_name} & taken) - {name}:
        raise TacticError(f"induction: names {k_name}, {ih_name} clash with the context")
    k = var(k_name, NAT)
    base = goal.substituted(n, const(0, NAT))
    step_target = substitute(goal.target, {n: k + const(1, NAT)})
    ih = Hypothesis(ih_name, substitute(goal.target, {n: k}))
    variables = tuple(k if v is n else v for v in goal.variables)
    step = replace(goal, variables=variables, hyps=(*goal.hyps, ih), target=step_target)
    return Step((base, step), f"induction' {name} with {k_name} {ih_name}")


def interval_bounds(goal: Goal, name: str) -> tuple[int, int] | None:
    """Literal bounds ``lo ≤ x ≤ hi`` read off the hypotheses (as Lean's ``interval_cases`` finds them)."""
    x = goal.variable(name)
    if x is None or x.sort not in (NAT, INT):
        return None
    lo: int | None = 0 if x.sort is NAT else None
    hi: int | None = None
    for h in goal.hyps:
        f = h.formula
        if f.op not in (Op.LT, Op.LE, Op.GT, Op.GE) or len(f.args) != 2:
            continue
        a, b = f.args
        op = f.op
        if b is x and a.is_const:  # c < x  ~  x > c
            a, b = b, a
            op = {Op.LT: Op.GT, Op.LE: Op.GE, Op.GT: Op.LT, Op.GE: Op.LE}[op]
        if a is not x or not b.is_const:
            continue
        c = int(b.value)
        if op is Op.LT:
            hi = c - 1 if hi is None else min(hi, c - 1)
        elif op is Op.LE:
            hi = c if hi is None else min(hi, c)
        elif op is Op.GT:
            lo = c + 1 if lo is None else max(lo, c + 1)
        else:
            lo = c if lo is None else max(lo, c)
    if lo is None or hi is None:
        return None
    return lo, hi


def interval_cases(goal: Goal, name: str, *, timeout: float = 5.0) -> Step:
    """``interval_cases x``: one goal per value of ``x`` between its bounds; SMT checks the cover."""
    bounds = interval_bounds(goal, name)
    if bounds is None:
        raise TacticError(f"interval_cases: no literal bounds on {name} in the hypotheses")
    lo, hi = bounds
    if hi - lo + 1 > MAX_CASES:
        raise TacticError(f"interval_cases: {hi - lo + 1} cases for {name} (more than {MAX_CASES})")
    cover, goals = case_cover(goal, name, lo, hi)
    try:
        evidence = smt_unsat(cover, timeout=timeout, purpose=f"{CASE_SPLIT} {name}: {lo}..{hi} covers every case")
    except SmtStepError as exc:
        raise TacticError(f"interval_cases: {exc}") from None
    return Step(goals, f"interval_cases {name}", Checker.SMT, evidence)


def case_cover(goal: Goal, name: str, lo: int, hi: int) -> tuple[list[Term], tuple[Goal, ...]]:
    """The cover query of ``interval_cases name`` over ``lo..hi`` (hypotheses ∧ x ∉ {lo..hi}, which must be
    unsat) and the goal of each case."""
    x = goal.variable(name)
    assert x is not None
    values = [const(c, x.sort) for c in range(lo, hi + 1)]
    cover = not_(or_(*[eq(x, v) for v in values])) if len(values) > 1 else (
        not_(eq(x, values[0])) if values else not_(FALSE))
    return [h.formula for h in goal.hyps] + [cover], tuple(goal.substituted(x, v) for v in values)
