"""From formulas to GL clauses and rules.

A formula ``∀x̄. P ⇒ C`` is flattened into relational atoms: every application ``f(t…)`` becomes the atom
``f[t…, o]`` (``f(t…) = o``) with a new variable ``o``. The result is a :class:`Clause`:

- ``premises``: atoms that must hold (function atoms ``f[ins…, out]`` and relation atoms ``p[args…]``),
- ``defs``: function atoms whose output is an existential variable, in dependency order (``∃o. f(ins) = o``,
  which by totality and single-valuedness names exactly one element: GL's witness, made only on demand),
- ``concls``: equalities ``=[x, y]``, relation atoms, or ``⊥`` (from a negated conclusion).

Slots are strings: a variable name, ``$c`` for the constant ``c``, ``#n`` for element ``n`` of a block (used for
the fixed variable of an induction hypothesis). Premise atoms whose output is used nowhere else are moved to
``defs`` (they are definitions, not constraints); this is what lets ``s(a) = b ⇒ a + 1 = b`` fire from either side.

A :class:`Rule` is one orientation of a clause: a ``trigger`` (atoms matched against facts), ``witness`` atoms
(computed in order: looked up, or a fresh element made), and the conclusions. All orientations of a clause are
sound because the replay checker checks each firing against the clause itself: every premise and definition
holds among the firing's sources, modulo the equalities among them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from symbolic.errors import InputError
from symbolic.logic import Op, Term, substitute

__all__ = ["FALSE_PRED", "Atom", "Clause", "Rule", "clause_from_statement", "make_rules", "rule_key"]

Atom = tuple[str, tuple[str, ...]]  # (predicate, slots); "=" for equality, "⊥" for falsity
FALSE_PRED = "⊥"


def is_var(slot: str) -> bool:
    return slot[0] not in "$#"


@dataclass(frozen=True)
class Clause:
    """A universally quantified Horn clause over relational atoms (see the module docstring)."""

    name: str
    kind: str  # "axiom", "theorem", "ih"
    universals: tuple[tuple[str, str], ...]
    premises: tuple[Atom, ...]
    defs: tuple[Atom, ...]
    concls: tuple[Atom, ...]
    sorts: dict[str, str] = field(compare=False, hash=False)
    text: str = ""

    def all_vars(self) -> list[str]:
        seen: dict[str, None] = {}
        for _p, args in (*self.premises, *self.defs, *self.concls):
            for a in args:
                if is_var(a):
                    seen.setdefault(a, None)
        for v, _s in self.universals:
            seen.setdefault(v, None)
        return list(seen)

    def instantiate(self, var: str, slot: str) -> Clause:
        """The clause with variable ``var`` replaced by ``slot`` (a constant or an element)."""

        def sub(atoms: tuple[Atom, ...]) -> tuple[Atom, ...]:
            return tuple((p, tuple(slot if a == var else a for a in args)) for p, args in atoms)

        return Clause(self.name, self.kind, tuple(u for u in self.universals if u[0] != var),
                      sub(self.premises), sub(self.defs), sub(self.concls), self.sorts, self.text)


class _Flattener:
    def __init__(self, name: str, functions: set[str], relations: set[str], constants: set[str],
                 source: str, line: int) -> None:
        self.name = name
        self.functions, self.relations, self.constants = functions, relations, constants
        self.memo: dict[Term, str] = {}
        self.sorts: dict[str, str] = {}
        self.counter = 0
        self.source, self.line = source, line
        self.premises: list[Atom] = []
        self.defs: list[Atom] = []

    def error(self, message: str) -> InputError:
        return InputError(f"{self.name}: {message}", source=self.source, line=self.line or None)

    def fresh(self, sort: str) -> str:
        self.counter += 1
        v = f"%{self.counter}"
        self.sorts[v] = sort
        return v

    def slot(self, t: Term, into: list[Atom], out: str | None = None) -> str:
        """The slot naming term ``t``; applications become atoms appended to ``into``."""
        if t.is_var and not t.sort.is_function:
            s = f"${t.name}" if t.name in self.constants else t.name
            if out is not None and out != s:
                raise self.error("internal: cannot force the output of a variable")
            return s
        if not t.is_app or not isinstance(t.head, Term) or t.head.name not in self.functions:
            raise self.error(f"unsupported term {t}")
        if out is None and t in self.memo:
            return self.memo[t]
        args = tuple(self.slot(a, into) for a in t.args)
        o = out if out is not None else self.fresh(str(t.sort))
        into.append((t.head.name, (*args, o)))
        if out is None:
            self.memo[t] = o
        return o

    def premise(self, f: Term) -> None:
        if f.op is Op.EQ:
            left, right = f.args
            if left.is_app and not right.is_app:
                left, right = right, left
            if right.is_app:
                o = self.slot(left, self.premises)
                self.slot(right, self.premises, out=o)
                return
            raise self.error("a premise equating two variables should have been substituted")
        if f.is_app and isinstance(f.head, Term) and f.head.name in self.relations:
            self.premises.append((f.head.name, tuple(self.slot(a, self.premises) for a in f.args)))
            return
        raise self.error(f"unsupported premise {f} (premises are atoms and equations)")

    def conclusion(self, f: Term, concls: list[Atom]) -> None:
        if f.op is Op.EQ:
            x = self.slot(f.args[0], self.defs)
            y = self.slot(f.args[1], self.defs)
            concls.append(("=", (x, y)))
            return
        if f.op is Op.NOT:
            self.premise(f.args[0])
            concls.append((FALSE_PRED, ()))
            return
        if f.is_app and isinstance(f.head, Term) and f.head.name in self.relations:
            concls.append((f.head.name, tuple(self.slot(a, self.defs) for a in f.args)))
            return
        raise self.error(f"unsupported conclusion {f} (conclusions are atoms, equations and negations)")


def _conjuncts(f: Term) -> list[Term]:
    return [c for a in f.args for c in _conjuncts(a)] if f.op is Op.AND else [f]


def clause_from_statement(name: str, formula: Term, theory_symbols: tuple[set[str], set[str], set[str]],
                          kind: str = "axiom", source: str = "<theory>", line: int = 0) -> Clause:
    """Flatten ``∀x̄. P ⇒ C`` (or ``∀x̄. C``) into a :class:`Clause`; raise InputError for other shapes."""
    functions, relations, constants = theory_symbols
    fl = _Flattener(name, functions, relations, constants, source, line)
    body = formula
    universals: list[Term] = []
    while body.is_quant and body.head == "forall":
        universals.extend(body.binders)
        body = body.body
    if body.op is Op.IMPLIES:
        prem_f, concl_f = body.args
    else:
        prem_f, concl_f = None, body
    if concl_f.is_quant or (concl_f.op is Op.NOT and concl_f.args[0].is_quant):
        raise fl.error("nested quantifiers are not supported in a conclusion")
    prem_parts = _conjuncts(prem_f) if prem_f is not None else []
    # premises that equate a variable with a variable or a constant are substitutions
    ren: dict[Term, Term] = {}
    keep: list[Term] = []
    for p in prem_parts:
        if p.op is Op.EQ and not p.args[0].is_app and not p.args[1].is_app:
            a, b = p.args
            a, b = ren.get(a, a), ren.get(b, b)
            if a is b:
                continue
            if a in universals:
                ren = {k: (b if v is a else v) for k, v in ren.items()}
                ren[a] = b
            elif b in universals:
                ren = {k: (a if v is b else v) for k, v in ren.items()}
                ren[b] = a
            else:
                raise fl.error("a premise equates two constants")
            continue
        keep.append(p)
    keep = [substitute(p, ren) if ren else p for p in keep]
    concl_f = substitute(concl_f, ren) if ren else concl_f
    for v in universals:
        fl.sorts[v.name] = str(v.sort)
    for p in keep:
        if p.is_quant:
            raise fl.error("nested quantifiers are not supported in a premise")
        fl.premise(p)
    concls: list[Atom] = []
    for c in _conjuncts(concl_f):
        fl.conclusion(c, concls)
    kept_univ = tuple((v.name, str(v.sort)) for v in universals if v not in ren)
    premises, defs = _normalize(fl.premises, fl.defs, functions)
    return Clause(name, kind, kept_univ, tuple(premises), tuple(defs), tuple(concls), fl.sorts, str(formula))


def _normalize(premises: list[Atom], defs: list[Atom], functions: set[str]) -> tuple[list[Atom], list[Atom]]:
    """Move premise function atoms whose output is used by no other premise into the definitions."""
    prem = list(premises)
    moved: list[Atom] = []
    changed = True
    while changed:
        changed = False
        for atom in list(reversed(prem)):
            pred, args = atom
            if pred not in functions:
                continue
            out = args[-1]
            if not is_var(out) or out in args[:-1]:
                continue
            others = [a for a in prem if a is not atom]
            if any(out in oargs for _p, oargs in others):
                continue
            if any(oargs[-1] == out for _p, oargs in moved):
                continue
            prem.remove(atom)
            moved.append(atom)
            changed = True
    return prem, [*reversed(moved), *defs]


@dataclass(frozen=True)
class Rule:
    """One orientation of a clause: match ``trigger``, compute ``witness`` in order, assert ``concls``."""

    clause: Clause
    trigger: tuple[Atom, ...]
    witness: tuple[Atom, ...]
    concls: tuple[Atom, ...]
    key: tuple = ()  # the canonical trigger (atoms over v0, v1, …): the rule's hash-memory key
    renaming: tuple[tuple[str, str], ...] = ()  # rule variable -> variable of the key

    @property
    def name(self) -> str:
        return self.clause.name


def _closure(slot: str, defs: tuple[Atom, ...]) -> list[Atom]:
    by_out = {args[-1]: (p, args) for p, args in defs}
    out: list[Atom] = []
    stack = [slot]
    seen: set[str] = set()
    while stack:
        s = stack.pop()
        if s in seen or s not in by_out:
            continue
        seen.add(s)
        atom = by_out[s]
        out.append(atom)
        stack.extend(atom[1][:-1])
    return [a for a in defs if a in out]


def _plan(trigger: list[Atom], clause: Clause) -> tuple[Atom, ...] | None:
    """Order the remaining definitions so each one's inputs are bound; None when impossible."""
    bound = {a for _p, args in trigger for a in args if is_var(a)}
    rest = [d for d in clause.defs if d not in trigger]
    order: list[Atom] = []
    while rest:
        ready = [d for d in rest if all(not is_var(a) or a in bound for a in d[1][:-1])]
        if not ready:
            return None
        d = ready[0]
        if d[1][-1] in bound:
            return None  # would assert a definition instead of computing it
        order.append(d)
        bound.add(d[1][-1])
        rest.remove(d)
    for _p, args in clause.concls:
        if any(is_var(a) and a not in bound for a in args):
            return None
    for v, _s in clause.universals:
        if v not in bound and any(v in args for _p, args in (*clause.premises, *clause.defs, *clause.concls)):
            return None
    return tuple(order)


def rule_key(trigger: tuple[Atom, ...]) -> tuple:
    """Canonical renaming of a trigger over all premise orders: the hash-memory key of a rule."""
    return canonical_trigger(trigger)[0]


def canonical_trigger(trigger: tuple[Atom, ...]) -> tuple[tuple, dict[str, str]]:
    """The smallest first-occurrence renaming of ``trigger`` over its premise orders, and the renaming."""
    best: tuple | None = None
    best_ren: dict[str, str] = {}
    for perm in itertools.permutations(trigger) if len(trigger) <= 4 else [tuple(sorted(trigger))]:
        ren: dict[str, str] = {}
        form = []
        for p, args in perm:
            form.append((p, tuple(a if not is_var(a) else ren.setdefault(a, f"v{len(ren)}") for a in args)))
        t = tuple(form)
        if best is None or t < best:
            best, best_ren = t, ren
    return best or (), best_ren


def make_rules(clause: Clause) -> list[Rule]:
    """All sound orientations of ``clause`` (forward from the premises; each side of each equation)."""
    triggers: list[list[Atom]] = []
    if clause.premises:
        triggers.append(list(clause.premises))
    for pred, args in clause.concls:
        if pred != "=":
            continue
        for side in args:
            cl = _closure(side, clause.defs)
            if cl:
                triggers.append([*clause.premises, *cl])
    if not clause.universals and not clause.premises:
        triggers.append([])  # a ground clause (such as s(zero) = one) fires once in every block
    out: list[Rule] = []
    seen: set[tuple] = set()
    for trig in triggers:
        plan = _plan(trig, clause)
        if plan is None:
            continue
        canon, ren = canonical_trigger(tuple(trig))
        key = (canon, tuple(sorted(plan)))
        if key in seen:
            continue
        seen.add(key)
        out.append(Rule(clause, tuple(trig), plan, clause.concls, canon, tuple(sorted(ren.items()))))
    return out
