"""Conjectures as cuts: ``have h : C`` opens ``C`` as a goal of its own, then the goal continues with ``h : C``.

The cut is sound whatever ``C`` is (the search must still close the goal ``C``); what makes it useful is a good
``C``. :func:`function_candidates` finds candidate closed forms for a function variable ``f : ℕ → T`` that the
hypotheses pin down by a recurrence (``f 0 = 1``, ``∀ n, f (n + 1) = 2 * f n``) with AquaForte: the
∀-hypotheses are instantiated at the points ``0..N`` (:func:`symbolic.aquaforte.instances.instantiate`) and
AquaForte solves those ground instances for a definition of ``f`` — its proposer (an LLM when one is given, its
templates otherwise: affine, quadratic, ``a * r ^ n + b * n + c``) proposes, a solver fits the coefficients and
checks. A candidate is only a conjecture: it becomes ``∀ n, f n = body`` and must be proved (by induction and
the hammer) before it is offered as a step.
"""

from __future__ import annotations

import time
from fractions import Fraction

from symbolic.aquaforte.instances import instantiate, strip_forall
from symbolic.aquaforte.proposer import ProposalRequest, Proposer
from symbolic.bridge.elaborate import Hypothesis
from symbolic.errors import InputError
from symbolic.logic import INT, NAT, REAL, Op, Term, const, forall, pow_, var
from symbolic.logic.builders import eq
from symbolic.logic.sorts import FunSort
from symbolic.logic.terms import APP, QUANT
from symbolic.sequent.goal import Goal
from symbolic.sequent.tactics import Step, TacticError

__all__ = ["cut", "function_candidates", "parse_in_context"]

_POINTS = 8  # instances of the recurrence at 0..7: enough to fit and cross-check every template


def cut(goal: Goal, name: str, formula: Term) -> Step:
    """``have name : formula``: the goal ``formula`` first, then the goal with ``name : formula`` added."""
    if name in goal.names():
        raise TacticError(f"have: name {name} is already taken")
    if not formula.free_vars <= set(goal.variables):
        raise TacticError("have: the conjecture mentions names outside the goal's context")
    first = goal.with_hyps(goal.hyps, formula)
    rest = goal.with_hyps([*goal.hyps, Hypothesis(name, formula)])
    return Step((first, rest), f"have {name} : {goal.show(formula)}")


def parse_in_context(goal: Goal, text: str) -> Term:
    """The Lean formula ``text`` elaborated over the goal's variables (raises TacticError when it cannot be)."""
    from symbolic.sequent.goal import _sort_text
    from symbolic.sequent.statement import goal_from_statement

    if goal.sums:
        raise TacticError("have: a conjecture in a context with a ∑ over a variable range is not read")
    binders = " ".join(f"({v.name} : {_sort_text(v)})" for v in goal.variables)
    try:
        parsed, _ = goal_from_statement(f"theorem conjecture {binders} : {text} := by sorry")
    except InputError as exc:
        raise TacticError(f"have: the conjecture is not read: {exc}") from None
    if parsed.hyps or parsed.sums:
        raise TacticError("have: the conjecture is not a plain formula")
    return parsed.target


# -- candidates ---------------------------------------------------------------------------------------------
def function_candidates(goal: Goal, limit: int = 3, *, proposer: Proposer | None = None,
                        timeout: float = 3.0) -> list[Term]:
    """Conjectures ``∀ n, f n = body`` for the unary ℕ-indexed function variables the hypotheses determine.

    The ∀-hypotheses about ``f`` are instantiated at ``0.._POINTS - 1``; when they force at least five values
    (a recurrence pins ``f`` down), AquaForte solves the ground instances for a definition of ``f``:
    ``proposer`` (an LLM proposer, say) when given, else its templates (affine, quadratic, ``a·rⁿ + b·n + c``).
    Its answer is a definition that satisfies every instance, checked by a solver; here it becomes the
    equation, on ℕ with the subtracted part moved to the left."""
    out: list[Term] = []
    deadline = time.monotonic() + timeout
    for f in goal.variables:
        s = f.sort
        if not (isinstance(s, FunSort) and s.args == (NAT,) and s.result in (NAT, INT, REAL)):
            continue
        ground = _ground_instances(goal, f)
        if len(_forced_values(ground, f)) < 5 or time.monotonic() >= deadline:
            continue
        n = var("n", NAT)
        for body, x in _aquaforte_definitions(f, ground, proposer, deadline - time.monotonic()):
            form = _form(body, x)
            equation = _equation(f, n, form, s.result) if form else None
            if equation is not None:
                out.append(forall([n], equation))
    return out[:limit]


def _aquaforte_definitions(f: Term, ground: list[Term], proposer: Proposer | None,
                           timeout: float) -> list[tuple[Term, Term]]:
    """AquaForte's definition of ``f`` satisfying the ground instances: ``(body, parameter)`` or nothing.
    Answers are kept per (f, instances, proposer): a search meets the same hypotheses in many goals."""
    key = (f, tuple(ground), id(proposer))
    if key not in _SOLVED:
        if len(_SOLVED) >= 256:
            _SOLVED.clear()
        _SOLVED[key] = _solve_definition(f, ground, proposer, timeout)
    return _SOLVED[key]


_SOLVED: dict[tuple[object, ...], list[tuple[Term, Term]]] = {}


def _solve_definition(f: Term, ground: list[Term], proposer: Proposer | None,
                      timeout: float) -> list[tuple[Term, Term]]:
    from symbolic.aquaforte import (
        AquaForte,
        AquaForteConfig,
        CandidateError,
        TemplateProposer,
        parse_candidate,
    )
    from symbolic.smt.result import Status

    cfg = AquaForteConfig(timeout=max(0.5, timeout), race_plain=False, fallback=False)
    chosen = TemplateProposer() if proposer is None else _ThenTemplates(proposer)
    result = AquaForte(chosen, cfg).solve(ground, title=f"closed form of {f.head}")
    text = (result.definitions or {}).get(f.head) if result.status is Status.SAT else None
    if text is None:
        return []
    try:
        (d,) = parse_candidate(text, [f]).definitions
    except CandidateError:  # AquaForte prints what it parses: this would be a bug there, not a candidate
        return []
    return [(d.body, d.params[0])]


class _ThenTemplates:
    """A proposer's candidates, then the templates' (a model's garbage or silence never hides them)."""

    def __init__(self, first: Proposer) -> None:
        from symbolic.aquaforte import TemplateProposer

        self.first, self.templates = first, TemplateProposer()
        self.name = f"{getattr(first, 'name', 'proposer')}+templates"

    def __call__(self, request: ProposalRequest) -> list[str]:
        texts = [t for t in self.first(request) if isinstance(t, str)]
        return texts + [t for t in self.templates(request) if t not in texts]


def _ground_instances(goal: Goal, f: Term) -> list[Term]:
    """The hypotheses about ``f``: ground ones as they are, ``∀ n : ℕ`` ones at ``0.._POINTS - 1``."""
    ground: list[Term] = []
    for h in goal.hyps:
        if not any(t.kind == APP and t.head is f for t in h.formula.subterms()):
            continue
        binders, _ = strip_forall(h.formula)
        if h.formula.kind != QUANT:
            ground.append(h.formula)
        elif len(binders) == 1 and binders[0].sort is NAT:
            ground += [instantiate(h.formula, {binders[0]: const(k, NAT)}) for k in range(_POINTS)]
    return ground


def _forced_values(ground: list[Term], f: Term) -> dict[int, Fraction]:
    """Values ``f k`` the ground instances force for ``k`` in ``0.._POINTS`` (equations solved one by one)."""
    values: dict[int, Fraction] = {}
    changed = True
    while changed:
        changed = False
        for g in ground:
            if g.op is not Op.EQ:
                continue
            for lhs, rhs in (g.args, g.args[::-1]):
                k = _evaluate(lhs.args[0], f, values) if lhs.kind == APP and lhs.head is f else None
                if k is None or k.denominator != 1 or int(k) in values or int(k) > _POINTS:
                    continue
                v = _evaluate(rhs, f, values)
                if v is not None:
                    values[int(k)] = v
                    changed = True
    return values


def _evaluate(t: Term, f: Term, values: dict[int, Fraction]) -> Fraction | None:
    """``t`` as a number, reading ``f k`` from ``values``; None when something is unknown or not arithmetic."""
    if t.is_const and isinstance(t.value, int | Fraction) and not isinstance(t.value, bool):
        return Fraction(t.value)
    if t.kind == APP and t.head is f:
        k = _evaluate(t.args[0], f, values)
        return values.get(int(k)) if k is not None and k.denominator == 1 else None
    args = [_evaluate(a, f, values) for a in t.args]
    if t.kind == QUANT or not args or any(a is None for a in args):
        return None
    xs: list[Fraction] = args  # type: ignore[assignment]
    if t.op is Op.ADD:
        return sum(xs, Fraction(0))
    if t.op is Op.MUL:
        r = Fraction(1)
        for a in xs:
            r *= a
        return r
    if t.op is Op.SUB and len(xs) == 2:
        d = xs[0] - xs[1]
        return max(d, Fraction(0)) if t.sort is NAT else d
    if t.op is Op.NEG and len(xs) == 1:
        return -xs[0]
    if t.op is Op.CAST and len(xs) == 1 and (xs[0].denominator == 1 or t.sort is REAL):  # ℕ/ℤ → ℝ keeps the value
        return xs[0]
    if t.op is Op.POW and len(xs) == 2 and xs[1].denominator == 1 and 0 <= xs[1] <= 64:
        return xs[0] ** int(xs[1])
    return None


# A closed form: coefficient per basis function of n ("1", "n", "n2", or the base r of r ^ n).
_Form = dict[object, Fraction]


def _form(t: Term, x: Term) -> _Form | None:
    """A definition body in the parameter ``x`` as a closed form (None outside constants, ``n``, ``n²``,
    ``rⁿ`` and their sums, differences and constant multiples). A ``P - N`` body reads as ``P`` minus ``N``."""
    def num(u: Term) -> Fraction | None:
        ok = u.is_const and isinstance(u.value, int | Fraction) and not isinstance(u.value, bool)
        return Fraction(u.value) if ok else None

    def is_n(u: Term) -> bool:
        return u is x or (u.op is Op.CAST and u.args[0] is x)

    def add(a: _Form, b: _Form, k: int = 1) -> _Form:
        out = dict(a)
        for basis, c in b.items():
            out[basis] = out.get(basis, Fraction(0)) + k * c
        return out

    def go(u: Term) -> _Form | None:
        if (c := num(u)) is not None:
            return {"1": c}
        if is_n(u):
            return {"n": Fraction(1)}
        if u.op is Op.POW and len(u.args) == 2:
            base, e = u.args
            if is_n(base) and num(e) == 2:
                return {"n2": Fraction(1)}
            r = num(base)
            if e is x and r is not None and r.denominator == 1 and r > 1:
                return {int(r): Fraction(1)}
            return None
        parts = [go(a) for a in u.args]
        if not parts or any(p is None for p in parts):
            return None
        if u.op is Op.ADD:
            out: _Form = {}
            for p in parts:
                out = add(out, p)  # type: ignore[arg-type]
            return out
        if u.op is Op.SUB and len(parts) == 2:
            return add(parts[0], parts[1], -1)  # type: ignore[arg-type]
        if u.op is Op.NEG and len(parts) == 1:
            return add({}, parts[0], -1)  # type: ignore[arg-type]
        if u.op is Op.MUL and len(parts) == 2:
            for a, b in (parts, parts[::-1]):
                if set(a) == {"1"}:  # type: ignore[arg-type]
                    return {k: a["1"] * c for k, c in b.items()}  # type: ignore[index, union-attr]
        return None

    form = go(t)
    return {k: c for k, c in form.items() if c != 0} if form else None


def _equation(f: Term, n: Term, form: _Form, sort: object) -> Term | None:
    """``f n = Σ c·basis``; on ℕ (no negative numbers, truncated ``-``) negative parts move to the left side."""
    x = n if sort is NAT else _cast(n, sort)
    left: list[Term] = []
    right: list[Term] = []
    for k, c in sorted(form.items(), key=lambda kc: ({"n2": 1, "n": 2, "1": 3}.get(kc[0], 0) if isinstance(kc[0], str)
                                                       else 0)):
        side = left if c < 0 and sort is NAT else right
        c = -c if side is left else c
        basis = None if k == "1" else (x if k == "n" else x * x if k == "n2" else pow_(const(k, sort), n))
        lit = _lit(c, sort)
        if lit is None:
            return None
        side.append(lit if basis is None else basis if c == 1 else lit * basis)
    return eq(_plus([f(n), *left]), _plus(right) if right else const(0, sort))  # type: ignore[arg-type]


def _plus(terms: list[Term]) -> Term:
    out = terms[0]
    for t in terms[1:]:
        out = out + t
    return out


def _lit(q: Fraction, sort: object) -> Term | None:
    if q.denominator != 1 and sort is not REAL:
        return None
    return const(q if sort is REAL else int(q), sort)  # type: ignore[arg-type]


def _cast(n: Term, sort: object) -> Term:
    from symbolic.logic import cast

    return cast(n, sort)  # type: ignore[arg-type]
