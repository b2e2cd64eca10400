"""Model-guided instances of ∀-hypotheses over ℕ/ℤ: the instances the solver would find, found by us.

E-matching instantiates ``∀ m ∈ S, u ≤ m`` only at terms the problem mentions; a proof may need it at a
literal nobody wrote (``IsLeast S u`` with ``S = {n | 14 * n % 100 = 46}`` needs ``m := 39``). When the
ground query is sat, each such hypothesis is asked for a value at which it could still fail: the ground
assertions plus "the instance at fresh constants is false" (with the E-matching instances of every
∀-hypothesis on those constants). A model gives literal values; the hypothesis instantiated there is a
sound instance with a Lean citation like any other (``h₁ 39 (by …)``). Rounds repeat while the ground query
stays sat, a few values per hypothesis per round, within a time budget.
"""

from __future__ import annotations

import time
from typing import Any

from symbolic.bridge.instances import Instance, instance_at, instantiate, peel
from symbolic.logic import INT, NAT, Op, Term, app, const, not_, var

__all__ = ["model_instances"]

DESCENT = 8  # models asked per hypothesis per round, each for a smaller value
ROUNDS = 6


def model_instances(quant: list[tuple[str, Term]], ground: list[Term], known: list[Instance], *,
                    timeout: float, lower: Any) -> list[Instance]:
    """New instances of the ℕ/ℤ ∀-hypotheses ``quant`` (name, formula) found from models of ``ground`` (the
    ground query's Lean-level formulas, ¬goal included) and the ``known`` instances; stops when those make
    the ground query unsat, after ``ROUNDS`` rounds, or at ``timeout`` seconds. ``lower``: a fresh
    Lowering factory (the hammer's), so the queries mean what the hammer's queries mean."""
    from symbolic.smt import Status, check_sat

    deadline = time.monotonic() + timeout
    # a definition ``∀ n, n ∈ S ↔ …`` fails wherever the model's S is arbitrary: E-matching serves it instead
    hyps = [(q, name) for name, f in quant if (q := peel(name, f)) is not None and q.matrix.op is not Op.IFF
            and all(b.sort in (NAT, INT) for b in q.binders)]
    if not hyps:
        return []
    guarded = {name for _, name in hyps}
    definitions = [(name, f) for name, f in quant if name not in guarded]
    found: list[Instance] = []
    seen = {(i.hypothesis, i.values) for i in known}

    def solve(formulas: list[Term]) -> Any:
        low = lower()
        assertions = [low.lower(f) for f in formulas] + low.side_conditions()
        left = deadline - time.monotonic()
        return check_sat(assertions, solver="z3", timeout=max(0.2, min(2.0, left)), want_model=True)

    base = [*ground, *(i.formula for i in known)]
    for _ in range(ROUNDS):
        new: list[Instance] = []
        for q, name in hyps:
            consts = tuple(var(f"mbqi_{k}", b.sort) for k, b in enumerate(q.binders))
            at_c = instance_at(q, consts)
            violation = not_(at_c.formula)
            # what the constants' terms mean by the definitions (``S c ↔ …``); the other guarded hypotheses at
            # c would rule out every violation a model of the ground query still has
            related = [i.formula for i in instantiate(definitions, [violation], max_rounds=1)]
            values = _smallest(solve, [*base, *(i.formula for i in found + new), violation, *related], consts)
            if values is None or (name, values) in seen or time.monotonic() >= deadline:
                continue
            seen.add((name, values))
            new.append(instance_at(q, values, prove_guard=False))
        if not new:
            break
        # the instances' own terms (``S 39``) bring in the other hypotheses' instances (``h₀ 39``)
        found += new
        for inst in instantiate(quant, [i.formula for i in new], max_rounds=1):
            if (inst.hypothesis, inst.values) not in seen:
                seen.add((inst.hypothesis, inst.values))
                q = peel(inst.hypothesis, dict(quant)[inst.hypothesis])
                found.append(instance_at(q, inst.values, prove_guard=False) if inst.guarded and q else inst)
        if time.monotonic() >= deadline or solve([*base, *(i.formula for i in found)]).status is Status.UNSAT:
            break
    return found


def _smallest(solve: Any, formulas: list[Term], consts: tuple[Term, ...]) -> tuple[Term, ...] | None:
    """Values of ``consts`` in a model of ``formulas``, pushed down (``c < k`` again and again, for one ℕ/ℤ
    constant) towards the smallest: the instance a proof by minimality needs is usually the least one."""
    from symbolic.smt import Status

    best: tuple[Term, ...] | None = None
    extra: list[Term] = []
    for _ in range(DESCENT):
        res = solve([*formulas, *extra])
        if res.status is not Status.SAT or not res.model:
            break
        values = tuple(_literal(res.model.get(c.name), c) for c in consts)
        if any(v is None for v in values):
            break
        best = values  # type: ignore[assignment]
        if len(consts) != 1:
            break
        extra = [app(Op.LT, consts[0], values[0])]  # type: ignore[arg-type]
    return best


def _literal(value: object, like: Term) -> Term | None:
    try:
        n = int(str(value))
    except ValueError:
        return None
    if like.sort is NAT and n < 0:
        return None
    return const(n, like.sort)
