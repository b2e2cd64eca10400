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
from symbolic.bridge.lean_names import EXPONENT_THRESHOLD, largest_exponent, raises_threshold
from symbolic.bridge.lower import Lowering
from symbolic.bridge.syntax import Statement
from symbolic.bridge.translate import Translation
from symbolic.logic import INT, NAT, REAL, Op, Term, app, const, not_, substitute
from symbolic.logic.builders import eq, lt
from symbolic.logic.subst import fresh_name
from symbolic.logic.terms import APP, QUANT, VAR
from symbolic.sequent.goal import Goal
from symbolic.sequent.smt import payload
from symbolic.sequent.tactics import Step, TacticError
from symbolic.verdicts import Checker

__all__ = ["ClosingFacts", "Refuted", "close", "close_query", "closing_facts"]

_MAX_FACTS = 40


class Refuted(TacticError):
    """The hammer found a counter-model of the goal on an exact encoding (``model``: the values it gives)."""

    def __init__(self, message: str, model: dict[str, str], detail: str) -> None:
        super().__init__(message)
        self.model, self.detail = model, detail


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
        name = fresh_name("hf", names)
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
                v = ground_value(e) if not e.free_vars else None
                if v is not None and 0 <= v <= 64:  # a ground exponent: evaluate it
                    add(eq(s, _pow(base, const(v, e.sort), s)), "by norm_num")
                    continue
                if v is not None and v > 64 and (b := ground_value(base)) is not None and b >= 0:
                    for m in _moduli(f) if _evaluable(b, v) else ():  # too large to expand: its residues
                        add(eq(app(Op.MOD, s, const(m, s.sort), sort=s.sort), const(pow(b, v, m), s.sort)),
                            _pow_mod_proof(v))
                    continue
                if (p := _pred(e)) is not None:
                    add(eq(s, _pow(base, p, s) * base), "pow_succ _ _")
                if base.is_const and base.value > 0:
                    add(lt(const(0, s.sort), s), "by positivity")
    _pow_ratios(goal, add)
    _pow_mods(goal, add)
    _logs_of_equations(goal, add)
    return ClosingFacts(tuple(hyps), tuple(lean))


def _logs_of_equations(goal: Goal, add: Any) -> None:
    """``Real.log a = Real.log b`` for a hypothesis ``h : a = b`` between reals with a power of a variable
    exponent (``10 ^ x * 100 ^ (2 * x) = 1000 ^ 5``): taking logs makes the exponent linear (the log facts of
    :mod:`symbolic.bridge.facts_real` then expand both sides)."""
    from symbolic.bridge.facts_real import LOG

    for h in goal.hyps:
        f = h.formula
        if f.op is Op.EQ and f.args[0].sort is REAL and any(
                s.kind == APP and getattr(s.head, "name", None) == "Real.rpow" and s.args[1].free_vars
                for s in f.subterms()):
            add(eq(app(LOG, f.args[0]), app(LOG, f.args[1])), f"congrArg Real.log {h.name}")


_MAX_BITS = 1 << 16


def ground_value(t: Term) -> int | None:
    """The value of a closed ℕ/ℤ term built from literals, ``+ - * / % ^``, ``if`` and comparisons (Lean's
    semantics: ℕ ``-`` truncates, ``/`` and ``%`` by 0 give 0 and the dividend); None when it is not one or is
    too large to compute."""
    if t.is_const:
        return t.value if isinstance(t.value, int) else None
    if t.op is Op.ITE:
        c = _ground_truth(t.args[0])
        return None if c is None else ground_value(t.args[1] if c else t.args[2])
    if t.op not in (Op.ADD, Op.SUB, Op.MUL, Op.POW, Op.MOD, Op.IDIV, Op.DIV, Op.NEG) or t.sort not in (NAT, INT):
        return None
    vals = [ground_value(a) for a in t.args]
    if any(v is None for v in vals):
        return None
    if t.op is Op.NEG:
        return -vals[0]  # type: ignore[operator]
    a, b = vals[0], vals[1]
    assert a is not None and b is not None
    if t.op is Op.POW:
        if b < 0 or abs(a).bit_length() * b > _MAX_BITS:
            return None
        return a ** b
    if t.op is Op.ADD:
        return a + b
    if t.op is Op.MUL:
        return a * b
    if t.op is Op.SUB:
        return max(a - b, 0) if t.sort is NAT else a - b
    if b == 0:
        return 0 if t.op in (Op.IDIV, Op.DIV) else a
    q = a // b if b > 0 else -(a // -b)  # Euclidean (Lean's Int.ediv/emod; ℕ the same)
    return q if t.op in (Op.IDIV, Op.DIV) else a - b * q


def _ground_truth(t: Term) -> bool | None:
    if t.op in (Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE):
        a, b = (ground_value(x) for x in t.args)
        if a is None or b is None:
            return None
        return {Op.EQ: a == b, Op.NE: a != b, Op.LT: a < b, Op.LE: a <= b, Op.GT: a > b, Op.GE: a >= b}[t.op]
    return None


def _moduli(f: Term) -> list[int]:
    """The positive literal moduli ``% m`` of ``f``."""
    out = {s.args[1].value for s in f.subterms() if s.op is Op.MOD and s.args[1].is_const}
    return sorted(m for m in out if isinstance(m, int) and m > 0)


def _pow_mods(goal: Goal, add: Any) -> None:
    """``b ^ e % m = r`` for literals whose power is too large to expand (computed exactly by modular power)."""
    for f in (goal.target, *(h.formula for h in goal.hyps)):
        for s in f.subterms():
            if s.op is not Op.MOD or not s.args[1].is_const or s.args[0].op is not Op.POW:
                continue
            (b, e), m = s.args[0].args, s.args[1].value
            if b.is_const and e.is_const and isinstance(b.value, int) and isinstance(m, int) and m > 0 \
                    and b.value >= 0 and e.value > 64 and s.sort is NAT and _evaluable(b.value, e.value):
                add(eq(s, const(pow(b.value, e.value, m), s.sort)), _pow_mod_proof(e.value))


#: ``b ^ e % m = r`` for literals: norm_num's ``Nat.pow``/``Int.pow`` evaluator (Mathlib/Tactic/NormNum/Pow.lean,
#: binary exponentiation) computes ``b ^ e`` and its ``%`` extension (NormNum/DivMod.lean) the residue.
#: ``norm_num [Nat.pow_mod]`` is not used: for a literal base below the modulus ``(a % n) ^ b % n`` is the same
#: power, and Mathlib's fast modular power (NormNum/PowMod.lean) is not wired into ``norm_num`` (its TODO), so
#: the power is evaluated in full either way — hence the size bound of :func:`_evaluable`; and
#: norm_num refuses an exponent above Lean's ``exponentiation.threshold`` (256 by default) unless it is raised.
def _pow_mod_proof(exponent: int) -> str:
    raise_bound = f"set_option exponentiation.threshold {exponent} in " if exponent > EXPONENT_THRESHOLD else ""
    return f"by {raise_bound}norm_num"


def _evaluable(base: int, exponent: int) -> bool:
    """Whether ``base ^ exponent`` is small enough (``_MAX_BITS``) for norm_num to evaluate in full."""
    return base.bit_length() * exponent <= _MAX_BITS


def _pow_ratios(goal: Goal, add: Any) -> None:
    """``b ^ e₁ = b ^ e₂ * b ^ d`` for powers of one base whose exponents differ by a literal ``d`` (pow_add)."""
    powers: dict[Term, list[Term]] = {}
    for f in (goal.target, *(h.formula for h in goal.hyps)):
        bound = _bound(f)
        for s in f.subterms():
            if s.op is Op.POW and not s.args[1].is_const and not (s.free_vars & bound):
                powers.setdefault(s.args[0], [])
                if s not in powers[s.args[0]]:
                    powers[s.args[0]].append(s)
    for base, ps in powers.items():
        for p1 in ps:
            for p2 in ps:
                l1, l2 = _linear(p1.args[1]), _linear(p2.args[1])
                if p1 is p2 or l1 is None or l2 is None or l1[0] != l2[0]:
                    continue
                d = l1[1] - l2[1]
                if 0 < d <= 12:
                    add(eq(p1, p2 * _pow(base, const(d, p1.args[1].sort), p1)), "by rw [← pow_add]; ring_nf")


def _linear(t: Term) -> tuple[tuple[tuple[str, int], ...], int] | None:
    """``t`` as (sorted variable coefficients, constant) when it is linear with literal coefficients (no ``-``,
    which truncates on ℕ); None otherwise."""
    coef: dict[str, int] = {}
    const_part = 0

    def go(u: Term, k: int) -> bool:
        nonlocal const_part
        if u.is_const and isinstance(u.value, int):
            const_part += k * u.value
            return True
        if u.kind == VAR:
            coef[u.name] = coef.get(u.name, 0) + k
            return True
        if u.op is Op.ADD:
            return all(go(a, k) for a in u.args)
        if u.op is Op.MUL and len(u.args) == 2:
            a, b = u.args
            if a.is_const and isinstance(a.value, int):
                return go(b, k * a.value)
            if b.is_const and isinstance(b.value, int):
                return go(a, k * b.value)
        return False

    if not go(t, 1):
        return None
    return tuple(sorted((n, c) for n, c in coef.items() if c)), const_part


def _bound(f: Term) -> frozenset[Term]:
    return frozenset(b for s in f.subterms() if s.kind == QUANT for b in s.binders)


def _pow(base: Term, e: Term, like: Term) -> Term:
    return app(Op.POW, base, e, sort=like.sort)


def close(goal: Goal, *, timeout: float = 5.0, name: str = "goal", lean: str | None = None) -> Step:
    """Close ``goal`` by the hammer; ``lean``: the tactic text to record instead of the reconstructed script
    (when an automation tactic proposed elsewhere is decided here)."""
    if clash := _shadowed(goal):  # the hammer introduces the goal's binders by name: a clash would capture
        raise TacticError(f"hammer: the goal's bound {clash} shadows a name of the context (intro it first)")
    facts = closing_facts(goal)
    seq = goal.to_sequent(name, list(facts.hyps))
    tr = Translation(Statement(name, (), None), seq, None)  # type: ignore[arg-type]
    cfg = HammerConfig(timeout=timeout, budget=2 * timeout, use_aquaforte=False)
    res = hammer_translation(tr, config=cfg)
    if res.outcome is Outcome.DISPROVED and not goal.sums:  # sum symbols are abstractions: no counter-model then
        raise Refuted(f"hammer: disproved: {res.detail}", res.model or {}, res.detail)
    if res.outcome is not Outcome.PROVED or not res.scripts:
        why = res.detail or res.outcome.value
        raise TacticError(f"hammer: {res.outcome.value}: {why}")
    script = [ln.strip() for ln in res.scripts[0].tactics.splitlines() if ln.strip()]
    used = set(res.core) if res.core else {h.name for h in facts.hyps}  # the facts the unsat answer rested on
    if lean is not None:
        _check_given_closer([*goal.hyps, *facts.hyps], lean, used, res.instances_used)
        needed = largest_exponent([goal.target, *(h.formula for h in goal.hyps)])
        if not raises_threshold(lean, needed):
            # Mathlib's norm_num (and decide, ring) evaluate no literal power past Lean's threshold by default
            raise TacticError(f"{lean[:40]}: a literal power above exponentiation.threshold "
                              f"({EXPONENT_THRESHOLD}); the closer must raise it to {needed}")
    fact_lines = [ln for h, ln in zip(facts.hyps, facts.lean, strict=True) if h.name in used]
    text = "\n".join([*fact_lines, *(script if lean is None else [lean])])
    evidence = payload(_query(goal, list(facts.hyps)), "hypotheses ∧ facts ∧ instances ∧ ¬goal is unsat",
                       solver=res.detail, closer=res.scripts[0].closer)
    return Step((), text, Checker.SMT, evidence)


def _check_given_closer(hyps: list[Hypothesis], lean: str, used: set[str], instances: list[str]) -> None:
    """A given closing text stands for the hammer's proof only if it can reach what that proof used: every
    instance of a ∀-hypothesis stated in the text, and every local hypothesis readable by its closing line."""
    from symbolic.bridge.selfcheck import reads_hypothesis

    flat = " ".join(lean.split())
    missing = [i for i in instances if " ".join(i.split()) not in flat]
    if missing:
        raise TacticError(f"{lean.splitlines()[-1][:40]}: the proof needs the instance {missing[0]} "
                          "(state it with have)")
    last = lean.strip().splitlines()[-1]
    blind = [h.name for h in hyps if h.name in used and not reads_hypothesis(last, h.name)]
    if blind:
        raise TacticError(f"{last[:40]}: reads no local hypothesis, but the proof needs {', '.join(blind)}")


def _shadowed(goal: Goal) -> str | None:
    """A binder of the goal's leading ∀/→ chain named like a variable or hypothesis of the context."""
    names = goal.names()
    t = goal.target
    while True:
        if t.kind == QUANT and t.head == "forall":
            clash = next((b.name for b in t.binders if b.name in names), None)
            if clash:
                return clash
            t = t.body
        elif t.op is Op.IMPLIES:
            t = t.args[1]
        else:
            return None


def close_query(goal: Goal) -> str:
    """The query :func:`close` records for ``goal`` (a function of the goal alone: replay rebuilds it)."""
    return _query(goal, list(closing_facts(goal).hyps))


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

