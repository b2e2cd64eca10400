"""GL-derived laws as ``have`` steps: exponent laws the SMT solvers cannot use on their own.

With a variable exponent, ``a ^ n`` is an uninterpreted symbol to z3/cvc5, so ``2 ^ (m + n) = 2 ^ m * 2 ^ n`` or
``(x * y) ^ n = x ^ n * y ^ n`` is out of their reach. GL derives these laws from the recursive definition of
exponentiation (``data/theories/pow_sum.mpl``: ``a ^ 0 = 1``, ``a ^ (n + 1) = a ^ n * a`` over the Peano axioms)
by its own forward deduction and induction (:func:`symbolic.gl.laws.derived_laws`). A law's two sides become
patterns over the goal's terms (exponents ℕ, the base in the power's sort); each match is a ground instance,
offered as ``have hg : 2 ^ (m + n) = 2 ^ m * 2 ^ n := pow_add _ _ _`` — the Mathlib lemma a user would cite.

The fact enters as a hypothesis only when GL derived the law and the statement is an instance of it; the step's
checker is ``gl-replay`` and its payload (the law's GL proofs, the theory, the fact and its context) is
re-checked by :func:`replay_fact` with nothing from the run that found it. GL's derivation is over ℕ; for a base
in ℤ or ℝ the same statement is the cited Mathlib lemma (``pow_add`` and the others hold in every monoid).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from symbolic.bridge.elaborate import Hypothesis
from symbolic.errors import InputError, SymbolicError
from symbolic.logic import NAT, Op, Term, app, const, substitute, var
from symbolic.logic.builders import eq
from symbolic.logic.terms import APP, QUANT, VAR
from symbolic.logic.unify import match
from symbolic.sequent.goal import Goal
from symbolic.sequent.tactics import Step
from symbolic.verdicts import Checker

__all__ = ["LEMMAS", "fact_instances", "gl_fact_step", "gl_fact_suggestions", "law_sides", "replay_fact"]

#: GL law → the Mathlib lemma that states it (its explicit arguments left to unification)
LEMMAS: dict[str, str] = {
    "pow_add": "pow_add _ _ _",  # a ^ (m + n) = a ^ m * a ^ n
    "pow_mul": "pow_mul _ _ _",  # a ^ (m * n) = (a ^ m) ^ n
    "mul_pow": "mul_pow _ _ _",  # (a * b) ^ n = a ^ n * b ^ n
    "one_pow": "one_pow _",  # 1 ^ n = 1
}
MAX_FACTS = 4
_HAVE = re.compile(r"^have ([^\s:]+) : (.+) := (.+)$")


# -- laws as patterns --------------------------------------------------------------------------------------
def law_sides(formula: Term, base: Any) -> tuple[Term, Term] | None:
    """The GL law ``∀ x̄. l = r`` as two patterns over ``?x`` variables: an exponent (a variable in the second
    argument of ``pow``) is ℕ, every other variable and the arithmetic are in the sort ``base``. None when the
    law uses a symbol outside ``zero``, ``one``, ``s``, ``add``, ``mul``, ``pow``."""
    binders = formula.binders if formula.kind == QUANT else ()
    body = formula.body if formula.kind == QUANT else formula
    if body.op is not Op.EQ:
        return None
    exponents = {v for a in body.subterms() if a.kind == APP and a.head.name == "pow" for v in a.args[1].free_vars}
    pv = {b: var(f"?{b.name}", NAT if b in exponents else base) for b in binders}

    def tr(t: Term, sort: Any) -> Term | None:
        if t in pv:
            return pv[t] if pv[t].sort is sort else None
        if t.kind == VAR and t.name in ("zero", "one"):
            return const(0 if t.name == "zero" else 1, sort)
        if t.kind != APP or t.head.kind != VAR:
            return None
        name = t.head.name
        if name == "pow":
            b, e = tr(t.args[0], sort), tr(t.args[1], NAT)
            return None if b is None or e is None else app(Op.POW, b, e, sort=sort)
        args = [tr(a, sort) for a in t.args]
        if any(a is None for a in args):
            return None
        if name == "s":
            return args[0] + const(1, sort)  # type: ignore[operator]
        if name in ("add", "mul"):
            return args[0] + args[1] if name == "add" else args[0] * args[1]  # type: ignore[operator]
        return None

    lhs, rhs = tr(body.args[0], base), tr(body.args[1], base)
    return None if lhs is None or rhs is None else (lhs, rhs)


def _laws() -> list[tuple[str, Term]]:
    """The exported laws GL derived this process (name, GL formula)."""
    from symbolic.gl.laws import derived_laws

    laws = derived_laws()
    return [(n, th.statement.formula) for n in LEMMAS if (th := laws.get(n)) is not None]


def _bound(f: Term) -> frozenset[Term]:
    return frozenset(b for s in f.subterms() if s.kind == QUANT for b in s.binders)


def fact_instances(formulas: Iterable[Term], limit: int = MAX_FACTS) -> list[tuple[str, Term]]:
    """Ground instances ``(law, l = r)`` of GL's exponent laws at the powers with a variable exponent (and the
    products of powers) in ``formulas``, first formulas first. An instance that only restates ``pow_succ`` (a
    literal exponent summand, which the closer already adds) or is trivial is skipped."""
    formulas = list(formulas)
    if not any(s.op is Op.POW and not s.args[1].is_const for f in formulas for s in f.subterms()):
        return []  # no power with a variable exponent: no law applies (and GL need not run)
    laws = _laws()
    out: list[tuple[str, Term]] = []
    known = set()
    for f in formulas:
        known.add(f)
        bound = _bound(f)
        for s in f.subterms():
            if s.kind == QUANT or s.free_vars & bound or s.op not in (Op.POW, Op.MUL):
                continue
            if s.op is Op.POW and s.args[1].is_const:
                continue
            for name, formula in laws:
                sides = law_sides(formula, s.sort)
                if sides is None:
                    continue
                for side in sides:
                    sigma = match(side, s)
                    if sigma is None or len(sigma) < len(sides[0].free_vars | sides[1].free_vars):
                        continue
                    if name == "pow_add" and any(t.is_const for v, t in sigma.items() if v in _exponent_vars(sides)):
                        continue
                    fact = eq(substitute(sides[0], sigma), substitute(sides[1], sigma))
                    if fact.args[0] is fact.args[1] or fact in known or any(fact is g for _, g in out):
                        continue
                    out.append((name, fact))
                    if len(out) >= limit:
                        return out
    return out


def _exponent_vars(sides: tuple[Term, Term]) -> set[Term]:
    return {v for side in sides for s in side.subterms() if s.op is Op.POW for v in s.args[1].free_vars}


# -- the step ----------------------------------------------------------------------------------------------
def gl_fact_suggestions(goal: Goal) -> list[str]:
    """``have hg : <instance> := <lemma>`` for the goal's GL-law instances (none in a context with a ∑, whose
    statements the step cannot read back)."""
    if goal.sums:
        return []
    out = []
    taken: set[str] = set()
    for law, fact in fact_instances([goal.target, *(h.formula for h in goal.hyps)]):
        name = goal.fresh("hg", taken)
        taken.add(name)
        out.append(f"have {name} : {goal.show(fact)} := {LEMMAS[law]}")
    return out


def gl_fact_step(goal: Goal, text: str) -> Step | None:
    """The step ``have h : F := lemma`` when ``lemma`` is the Mathlib name of a law GL derived and ``F`` an
    instance of it; None when the text cites no such lemma (raises TacticError when it does but ``F`` is
    not an instance)."""
    from symbolic.sequent.conjecture import parse_in_context
    from symbolic.sequent.goal import _sort_text
    from symbolic.sequent.tactics import TacticError

    m = _HAVE.match(" ".join(text.split()))
    if m is None:
        return None
    name, statement, lemma = m.groups()
    law = next((n for n, lem in LEMMAS.items() if lem == lemma.strip()), None)
    if law is None:
        return None
    if name in goal.names():
        raise TacticError(f"have: name {name} is already taken")
    fact = parse_in_context(goal, statement)
    from symbolic.gl.laws import derived_laws, law_payload

    laws = derived_laws()
    th = laws.get(law)
    if th is None or not _instance_of(th.statement.formula, fact):
        raise TacticError(f"have: {statement[:60]} is not an instance of the GL law {law}")
    context = " ".join(f"({v.name} : {_sort_text(v)})" for v in goal.variables)
    evidence = {"checker": Checker.GL_REPLAY.value, "theorem": law,
                "gl_fact": {"fact": statement, "context": context, "lemma": LEMMAS[law],
                            "law": json.dumps(law_payload(laws, law), ensure_ascii=False)}}
    return Step((goal.with_hyps([*goal.hyps, Hypothesis(name, fact)]),), f"have {name} : {statement} := {lemma}",
                Checker.GL_REPLAY, evidence)


def _instance_of(law: Term, fact: Term) -> bool:
    if fact.op is not Op.EQ:
        return False
    sides = law_sides(law, fact.args[0].sort)
    return sides is not None and match(eq(*sides), fact) is not None


def replay_fact(payload: Mapping[str, Any]) -> tuple[bool, str]:
    """Re-check a GL-fact step from its payload alone: the law's GL proofs replay from the axioms, the cited
    lemma is the law's, and the fact (read in its recorded context) is an instance of the replayed statement."""
    from symbolic.gl.laws import check_law_payload
    from symbolic.gl.parser import parse_targets, parse_theory
    from symbolic.sequent.statement import goal_from_statement

    try:
        p = payload["gl_fact"]
        law = json.loads(p["law"])  # JSON text: the search graph keeps nested lists of records as text
        ok, why = check_law_payload(law)
        if not ok:
            return False, why
        name = str(law["law"])
        if payload.get("theorem") != name or LEMMAS.get(name) != p["lemma"]:
            return False, f"the step cites {p['lemma']!r}, which is not the lemma of the GL law {name!r}"
        theory = parse_theory(str(law["theory"]), source="gl law payload")
        (st,) = parse_targets(f"{name}: {law['chain'][-1]['statement']}", theory, source="gl law payload")
        goal, _ = goal_from_statement(f"theorem gl_fact {p['context']} : {p['fact']} := by sorry")
    except (KeyError, TypeError, IndexError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
        return False, f"malformed GL fact payload: {exc}"
    except (InputError, SymbolicError) as exc:
        return False, f"the fact is not read back: {exc}"
    if goal.hyps or not _instance_of(st.formula, goal.target):
        return False, f"{p['fact']!r} is not an instance of the GL law {name}"
    return True, f"{why}; the fact is an instance of {name}"
