"""Closing a goal by the SMT hammer, with the Mathlib facts that relate sums and powers across induction.

The hammer sees the goal's sequent plus ground facts about the abbreviated sums and variable-exponent powers
it mentions (``Finset.sum_range_zero``/``sum_range_succ``, ``pow_zero``/``pow_succ``, positivity of a power of a
positive literal). Each fact is a Mathlib theorem, so adding it is sound; in the Lean script each is a ``have``
with its statement and the lemma that proves it. The step's evidence is the SMT-LIB text of a query that
contains every assertion the hammer's unsat answer rested on (hypotheses, facts, the instances of the
∀-hypotheses and ¬goal), so it can be replayed without the hammer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from symbolic.bridge.elaborate import Hypothesis
from symbolic.bridge.facts import ground_facts
from symbolic.bridge.hammer import HammerConfig, Outcome, hammer_translation
from symbolic.bridge.instances import instantiate
from symbolic.bridge.lower import Lowering
from symbolic.bridge.syntax import Statement
from symbolic.bridge.translate import Translation
from symbolic.logic import Op, Term, app, const, not_, substitute
from symbolic.logic.builders import eq, lt
from symbolic.logic.terms import APP, QUANT
from symbolic.sequent.goal import Goal
from symbolic.sequent.tactics import Step, TacticError
from symbolic.verdicts import Checker

__all__ = ["ClosingFacts", "close", "closing_facts"]

_MAX_FACTS = 40


@dataclass(frozen=True)
class ClosingFacts:
    """Facts to add before closing: the hypotheses for the hammer and their Lean ``have`` lines."""

    hyps: tuple[Hypothesis, ...]
    lean: tuple[str, ...]


def _pred(t: Term) -> Term | None:
    """``t - 1`` when ``t`` is ``s + c`` with a literal ``c ≥ 1`` or a literal ``c ≥ 1`` (else None)."""
    if t.is_const and isinstance(t.value, int) and t.value >= 1:
        return const(t.value - 1, t.sort)
    if t.op is Op.ADD and len(t.args) == 2 and t.args[1].is_const and t.args[1].value >= 1:
        c = t.args[1].value
        return t.args[0] if c == 1 else t.args[0] + const(c - 1, t.sort)
    return None


def closing_facts(goal: Goal) -> ClosingFacts:
    hyps: list[Hypothesis] = []
    lean: list[str] = []
    seen: set[Term] = set()
    todo = [goal.target, *(h.formula for h in goal.hyps)]
    names = goal.names()

    def add(formula: Term, proof: str) -> None:
        if formula in seen or len(hyps) >= _MAX_FACTS:
            return
        seen.add(formula)
        name = goal.fresh("hf", names)
        hyps.append(Hypothesis(name, formula))
        lean.append(f"have {name} : {goal.show(formula)} := {proof}")
        todo.append(formula)

    by_symbol = {s.symbol: s for s in goal.sums}
    while todo:
        f = todo.pop()
        for s in list(f.subterms()):
            if s.kind == QUANT:
                continue
            if s.kind == APP and s.head in by_symbol and not (s.args[0].free_vars & _bound(f)):
                ab = by_symbol[s.head]
                arg = s.args[0]
                if arg.is_const and arg.value == 0:
                    add(eq(s, const(0, s.sort)), "Finset.sum_range_zero _")
                elif (p := _pred(arg)) is not None:
                    add(eq(s, ab.symbol(p) + substitute(ab.body, {ab.index: p})), "Finset.sum_range_succ _ _")
            if s.op is Op.POW and not s.args[1].is_const and not (s.free_vars & _bound(f)):
                base, e = s.args
                if (p := _pred(e)) is not None:
                    add(eq(s, _pow(base, p, s) * base), "pow_succ _ _")
                if base.is_const and base.value > 0:
                    add(lt(const(0, s.sort), s), "by positivity")
    return ClosingFacts(tuple(hyps), tuple(lean))


def _bound(f: Term) -> frozenset[Term]:
    return frozenset(b for s in f.subterms() if s.kind == QUANT for b in s.binders)


def _pow(base: Term, e: Term, like: Term) -> Term:
    return app(Op.POW, base, e, sort=like.sort)


def close(goal: Goal, *, timeout: float = 5.0, name: str = "goal", lean: str | None = None) -> Step:
    """Close ``goal`` by the hammer; ``lean``: the tactic text to record instead of the reconstructed script
    (when an automation tactic proposed elsewhere is decided here)."""
    facts = closing_facts(goal)
    seq = goal.to_sequent(name, list(facts.hyps))
    tr = Translation(Statement(name, (), None), seq, None)  # type: ignore[arg-type]
    cfg = HammerConfig(timeout=timeout, budget=2 * timeout, use_aquaforte=False)
    res = hammer_translation(tr, config=cfg)
    if res.outcome is not Outcome.PROVED or not res.scripts:
        why = res.detail or res.outcome.value
        raise TacticError(f"hammer: {res.outcome.value}: {why}")
    script = [ln.strip() for ln in res.scripts[0].tactics.splitlines() if ln.strip()]
    text = "\n".join([*facts.lean, *(script if lean is None else [lean])])
    evidence = {"kind": "smt-unsat", "purpose": "hypotheses ∧ facts ∧ instances ∧ ¬goal is unsat",
                "solver": res.detail, "smtlib": _query(goal, list(facts.hyps)), "closer": res.scripts[0].closer}
    return Step((), text, Checker.SMT, evidence)


def _query(goal: Goal, facts: list[Hypothesis]) -> str:
    """The replayable query: every hypothesis (∀ ones as they are, and their traced instances), facts, ¬goal."""
    from symbolic.smt import write_script

    hyps = [*goal.hyps, *facts]
    target = goal.target
    intro_hyps: list[Term] = []
    while True:  # the hammer introduces the goal's ∀/→ the same way
        if target.kind == QUANT and target.head == "forall":
            target = target.body
        elif target.op is Op.IMPLIES:
            intro_hyps.append(target.args[0])
            target = target.args[1]
        else:
            break
    formulas = [h.formula for h in hyps] + intro_hyps
    quant = [(h.name, h.formula) for h in hyps if h.formula.kind == QUANT]
    ground = [f for f in formulas if f.kind != QUANT] + [target]
    insts = [i.formula for i in instantiate(quant, ground)] if quant else []
    extra = [f for _, f in ground_facts(ground + insts)]
    low = Lowering()
    assertions: list[Any] = [low.lower(f) for f in [*formulas, *insts, *extra, not_(target)]]
    assertions += low.side_conditions()
    return write_script(assertions, status="unsat")

