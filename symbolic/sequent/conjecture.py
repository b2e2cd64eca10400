"""Conjectures as cuts: ``have h : C`` opens ``C`` as a goal of its own, then the goal continues with ``h : C``.

The cut is sound whatever ``C`` is (the search must still close the goal ``C``); what makes it useful is a good
``C``. :func:`function_candidates` finds candidate closed forms for a function variable ``f : ℕ → T`` that the
hypotheses pin down by a recurrence (``f 0 = 1``, ``∀ n, f (n + 1) = 2 * f n``), AquaForte-style: the
∀-hypotheses are instantiated at the points ``0..N`` (:func:`symbolic.aquaforte.instances.instantiate`), the values
they force are computed, and closed-form templates (affine, quadratic, ``a * b ^ n + c``) are fitted to them and
checked on every computed point. A candidate is only a conjecture: it becomes ``∀ n, f n = body`` and must be
proved (by induction and the hammer) before it is offered as a step.
"""

from __future__ import annotations

from fractions import Fraction

from symbolic.aquaforte.instances import instantiate, strip_forall
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


# -- candidates --------------------------------------------------------------------------------------------
def function_candidates(goal: Goal, limit: int = 3) -> list[Term]:
    """Conjectures ``∀ n, f n = body`` for the unary ℕ-indexed function variables the hypotheses determine."""
    out: list[Term] = []
    for f in goal.variables:
        s = f.sort
        if not (isinstance(s, FunSort) and s.args == (NAT,) and s.result in (NAT, INT, REAL)):
            continue
        values = _forced_values(goal, f)
        if len(values) < 5:
            continue
        n = var("n", NAT)
        for form in _fits(values):
            equation = _equation(f, n, form, s.result)
            if equation is not None:
                out.append(forall([n], equation))
    return out[:limit]


def _forced_values(goal: Goal, f: Term) -> dict[int, Fraction]:
    """Values ``f k`` the hypotheses force for ``k`` in ``0.._POINTS`` (ground equations solved one by one)."""
    ground: list[Term] = []
    for h in goal.hyps:
        if not any(t.kind == APP and t.head is f for t in h.formula.subterms()):
            continue
        binders, _ = strip_forall(h.formula)
        if h.formula.kind != QUANT:
            ground.append(h.formula)
        elif len(binders) == 1 and binders[0].sort is NAT:
            ground += [instantiate(h.formula, {binders[0]: const(k, NAT)}) for k in range(_POINTS)]
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


def _value(form: _Form, x: int) -> Fraction:
    basis = {"1": 1, "n": x, "n2": x * x}
    return sum((c * (basis[k] if isinstance(k, str) else Fraction(k) ** x) for k, c in form.items()), Fraction(0))


def _fits(values: dict[int, Fraction]) -> list[_Form]:
    """Closed forms agreeing with every known value: affine, quadratic, ``a * r ^ n + b * n + c``."""
    pts = sorted(values.items())
    (x0, y0), (x1, y1), (x2, y2) = pts[:3]
    slope = (y1 - y0) / (x1 - x0)
    c2 = ((y2 - y0) / (x2 - x0) - slope) / (x2 - x1)
    c1 = slope - c2 * (x0 + x1)
    forms: list[_Form] = [{"1": y0 - slope * x0, "n": slope}, {"1": y0 - c1 * x0 - c2 * x0 * x0, "n": c1, "n2": c2}]
    ys = [values.get(k) for k in range(5)]
    if all(y is not None for y in ys):  # second differences of a r^n + b n + c are a (r-1)^2 r^n
        d1 = [ys[k + 1] - ys[k] for k in range(4)]  # type: ignore[operator]
        d2 = [d1[k + 1] - d1[k] for k in range(3)]
        if d2[0] != 0:
            r = d2[1] / d2[0]
            if r.denominator == 1 and r > 1:
                amp = d2[0] / (r - 1) ** 2
                b = d1[0] - amp * (r - 1)
                forms.append({int(r): amp, "n": b, "1": ys[0] - amp})  # type: ignore[operator]
    out: list[_Form] = []
    for form in forms:
        form = {k: c for k, c in form.items() if c != 0}
        if form and all(_value(form, x) == y for x, y in pts) and form not in out:
            out.append(form)
    return out[:1]  # the simplest form that fits: the later ones only repeat it


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
