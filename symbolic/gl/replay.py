"""Independent replay checker for GL proofs.

Re-checks every step of a proof from its cited sources alone, without the engine's tables, joins or
union-find: each step builds a fresh equivalence relation from the equality facts it cites and instantiates the
cited clause by direct substitution. Steps:

- ``hyp``: the atom is a premise of the (case-instantiated) conjecture on the proof's elements;
- ``induction``: ``succ(x) = x'`` for the step case's own ``x, x'``;
- ``witness``: ``f(ins) = w`` with ``w`` a new element (mentioned by no earlier step, not a premise element);
- ``congruence``: two cited facts of ``f`` with pairwise equal inputs give equal outputs;
- ``rule``: every premise and definition of the cited clause (an axiom, an earlier theorem, or the induction
  hypothesis at ``x``), instantiated by the recorded binding, holds among the sources; the fact is one of the
  instantiated conclusions;
- the goal: the conjecture's definitions hold and its conclusions hold modulo the cited equalities (its premises
  are the case's hypotheses), or a cited
  step derived ``⊥`` from the case's premises (ex falso).

A proof that fails here is an engine bug; the grid refuses to emit it.
"""

from __future__ import annotations

from symbolic.gl.clauses import FALSE_PRED, Atom, Clause, clause_from_statement
from symbolic.gl.facts import BlockProof, Fact, Tag
from symbolic.gl.theory import Theory

__all__ = ["ReplayChecker", "ReplayError"]


class ReplayError(Exception):
    """Internal signal: one step failed (the message says which and why)."""


class _Classes:
    """A throwaway union-find over the equalities one step cites."""

    def __init__(self, eqs: list[Fact]) -> None:
        self.parent: dict[int, int] = {}
        for f in eqs:
            a, b = self.root(f.args[0]), self.root(f.args[1])
            if a != b:
                self.parent[a] = b

    def root(self, x: int) -> int:
        while x in self.parent:
            x = self.parent[x]
        return x

    def same(self, x: int, y: int) -> bool:
        return self.root(x) == self.root(y)


class ReplayChecker:
    """Checks :class:`~symbolic.gl.grid.Theorem` proofs against a theory's axioms and earlier theorems."""

    def __init__(self, theory: Theory) -> None:
        self.theory = theory
        syms = (set(theory.functions), set(theory.relations), set(theory.constants))
        self.axioms = {a.name: clause_from_statement(a.name, a.formula, syms, "axiom", theory.source, a.line)
                       for a in theory.axioms}

    def check(self, theorem: object, prior: dict[str, Clause]) -> tuple[bool, str]:
        """``(True, "")`` when every step replays, else ``(False, reason)``."""
        try:
            self._check(theorem, prior)
        except ReplayError as exc:
            return False, str(exc)
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            return False, f"malformed proof: {exc!r}"
        return True, ""

    def _check(self, th: object, prior: dict[str, Clause]) -> None:
        clause: Clause = th.clause  # type: ignore[attr-defined]
        proof = th.proof  # type: ignore[attr-defined]
        if th.name in prior:  # type: ignore[attr-defined]
            raise ReplayError("a theorem cannot cite itself")
        if proof.kind == "direct":
            if len(proof.cases) != 1 or proof.cases[0].case != "direct":
                raise ReplayError("a direct proof has exactly one direct case")
            self._case(proof.cases[0], clause, prior, None, (0, 0))
            return
        if proof.kind != "induction":
            raise ReplayError(f"unknown proof kind {proof.kind!r}")
        var = proof.var
        sort = clause.sorts.get(var)
        ind = self.theory.induction.get(sort or "")
        if ind is None or var not in {u for u, _s in clause.universals}:
            raise ReplayError(f"no induction over {var!r}")
        zero, step = proof.cases
        if zero.case != f"zero:{var}" or step.case != f"step:{var}":
            raise ReplayError("an induction proof has a zero case and a step case on its variable")
        x, xs = proof.step_elems
        if x == xs or x in step.constants.values() or xs in step.constants.values():
            raise ReplayError("the step elements must be fresh")
        self._case(zero, clause.instantiate(var, f"${ind.zero}"), prior, None, (0, 0))
        ih = clause.instantiate(var, f"#{x}")
        self._case(step, clause.instantiate(var, f"#{xs}"), prior, ih, (x, xs), ind.succ)

    def _case(self, bp: BlockProof, goal: Clause, prior: dict[str, Clause], ih: Clause | None,
              step: tuple[int, int], succ: str = "") -> None:
        consts = bp.constants
        if {n: consts.get(n) for n in self.theory.constants} != consts:
            raise ReplayError("the proof's constants do not match the theory")
        base = dict(bp.binding)
        if len(set(base.values())) != len(base) or set(base.values()) & set(consts.values()):
            raise ReplayError("the case's variables must be distinct elements, none of them a constant")
        if succ and (step[0] in base.values() or step[1] in base.values()):
            raise ReplayError("the induction elements must be distinct from the case's variables")
        base_elems = set(base.values()) | set(step)
        known: dict[int, Fact] = {}
        mentioned: set[int] = set(consts.values()) | base_elems
        witnessed: set[int] = set()

        def resolve(slot: str, binding: dict[str, int]) -> int:
            if slot[0] == "$":
                return consts[slot[1:]]
            if slot[0] == "#":
                return int(slot[1:])
            if slot not in binding:
                raise ReplayError(f"variable {slot} is not bound")
            return binding[slot]

        def inst(atom: Atom, binding: dict[str, int]) -> tuple[str, tuple[int, ...]]:
            return atom[0], tuple(resolve(s, binding) for s in atom[1])

        def holds(atom: tuple[str, tuple[int, ...]], srcs: list[Fact], cls: _Classes) -> bool:
            pred, args = atom
            return any(f.pred == pred and len(f.args) == len(args)
                       and all(cls.same(a, b) for a, b in zip(f.args, args, strict=True)) for f in srcs)

        for f in bp.facts:
            if f.id in known:
                raise ReplayError(f"step {f.id} appears twice")
            srcs = []
            for s in f.sources:
                if s not in known:
                    raise ReplayError(f"step {f.id} cites {s}, which is not an earlier step")
                srcs.append(known[s])
            cls = _Classes([s for s in srcs if s.pred == "="])
            if f.tag == Tag.HYP:
                if (f.pred, f.args) not in [inst(a, base) for a in goal.premises]:
                    raise ReplayError(f"step {f.id} is not a premise of the conjecture")
            elif f.tag == Tag.INDUCTION:
                if f.pred != succ or f.args != step:
                    raise ReplayError(f"step {f.id} is not the induction step {succ}(x) = x'")
            elif f.tag == Tag.WITNESS:
                w = f.args[-1]
                if f.pred not in self.theory.functions or w in mentioned or w in witnessed or w in f.args[:-1]:
                    raise ReplayError(f"step {f.id}: witness {w} is not a fresh output of a function")
                if len(f.args) != self.theory.functions[f.pred].arity + 1:
                    raise ReplayError(f"step {f.id}: wrong arity")
                witnessed.add(w)
            elif f.tag == Tag.CONGRUENCE:
                a, b = srcs[0], srcs[1]
                if a.pred != b.pred or a.pred not in self.theory.functions or f.pred != "=":
                    raise ReplayError(f"step {f.id}: congruence needs two facts of one function")
                cls = _Classes([s for s in srcs[2:] if s.pred == "="])
                if not all(cls.same(p, q) for p, q in zip(a.args[:-1], b.args[:-1], strict=True)):
                    raise ReplayError(f"step {f.id}: inputs are not shown equal")
                if f.args != (a.args[-1], b.args[-1]):
                    raise ReplayError(f"step {f.id}: congruence concludes something else")
            elif f.tag == Tag.RULE:
                if f.rule.startswith("ih:"):
                    if ih is None or f.rule != f"ih:{goal.name}":
                        raise ReplayError(f"step {f.id} uses an induction hypothesis outside its step case")
                    clause = ih
                else:
                    clause = self.axioms.get(f.rule) or prior.get(f.rule)  # type: ignore[assignment]
                    if clause is None:
                        raise ReplayError(f"step {f.id} cites unknown or later clause {f.rule!r}")
                binding = dict(f.binding)
                for atom in (*clause.premises, *clause.defs):
                    if not holds(inst(atom, binding), srcs, cls):
                        raise ReplayError(f"step {f.id}: {atom[0]}{atom[1]} of {f.rule} does not hold")
                concl = [inst(c, binding) for c in clause.concls]
                ok = (f.pred, f.args) in concl or (f.pred == "=" and ("=", f.args[::-1]) in concl)
                if not ok:
                    raise ReplayError(f"step {f.id}: not a conclusion of {f.rule}")
            else:
                raise ReplayError(f"step {f.id}: unknown tag {f.tag!r}")
            known[f.id] = f
            mentioned.update(f.args)
        g = bp.goal
        srcs = []
        for s in g.sources:
            if s not in known:
                raise ReplayError(f"the goal cites {s}, which is not a step")
            srcs.append(known[s])
        cls = _Classes([s for s in srcs if s.pred == "="])
        binding = dict(g.binding)
        if any(binding.get(k) != v for k, v in base.items()):
            raise ReplayError("the goal's binding disagrees with the case's elements")
        if any(s.pred == FALSE_PRED for s in srcs):
            return  # the case's premises are contradictory: anything follows
        for atom in goal.defs:  # the premises are the case's hypotheses; the definitions must be shown
            if not holds(inst(atom, binding), srcs, cls):
                raise ReplayError(f"goal: {atom[0]}{atom[1]} does not hold")
        for pred, slots in goal.concls:
            vals = tuple(resolve(s, binding) for s in slots)
            if pred == "=":
                if not cls.same(vals[0], vals[1]):
                    raise ReplayError("goal: the conclusion's equality is not shown")
            elif pred == FALSE_PRED:
                if not any(s.pred == FALSE_PRED for s in srcs):
                    raise ReplayError("goal: no contradiction cited")
            elif not holds((pred, vals), srcs, cls):
                raise ReplayError(f"goal: {pred}{vals} does not hold")
