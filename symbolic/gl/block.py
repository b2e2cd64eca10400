"""A logic block: facts over elements, equality classes with explanations, hash-keyed rules, goals.

One block holds the premises of a conjecture (or an induction case) instantiated on fresh elements, receives
rules (axioms, the induction hypothesis, theorems broadcast by the grid) through its mailbox, and saturates:

- facts are kept in canonical tables keyed by equivalence-class representatives; two function facts with equal
  inputs and different outputs merge the outputs (single-valuedness, tag ``congruence``);
- equalities are kept in a union-find for speed and in a proof forest that explains any equality by the chain
  of equality facts that established it (used to write each step's sources);
- rules live in a hash memory keyed by the canonical renaming of their triggers (``rule_key``); a round joins
  each rule's trigger with the facts that are new this round (a request must contain a new fact);
- witnesses are made only when a firing needs ``f(ins)`` and no fact gives it, within a depth bound.

``step()`` is one bulk-synchronous step on the block's own state and mailbox; it is a plain function of picklable
data so that a process pool can run blocks side by side.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from symbolic.gl.clauses import FALSE_PRED, Atom, Clause, Rule, is_var, make_rules
from symbolic.gl.facts import BlockProof, Fact, Tag

__all__ = ["Block", "BlockLimits", "BlockSummary", "Goal", "Mail"]


@dataclass(frozen=True)
class BlockLimits:
    """Bounds that keep saturation finite: witness depth, elements, facts, rounds per burst."""

    max_depth: int = 3
    max_elems: int = 400
    max_facts: int = 20000
    rounds_per_burst: int = 4


@dataclass
class Goal:
    """A conjecture's conclusion to establish in a block (``clause`` already instantiated for the case)."""

    target: str
    case: str
    clause: Clause
    binding: dict[str, int]
    done: bool = False


@dataclass
class Mail:
    """Messages for a block: new rules (axioms, theorems) and facts from its parent."""

    rules: list[Rule] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    elems: dict[int, tuple[str, int]] = field(default_factory=dict)
    deadline: float | None = None  # wall-clock time (time.time()) after which the step stops early


@dataclass
class BlockSummary:
    """The grid's view of a block resident in a worker process: goals, proofs found so far, sizes."""

    bid: int
    goals: list[Goal]
    proofs: list[BlockProof]
    sizes: dict[str, int]

    def counts(self) -> dict[str, int]:
        return dict(self.sizes)


class Block:
    """One logic block of the grid (see the module docstring)."""

    def __init__(self, bid: int, key: tuple, functions: frozenset[str], constants: dict[str, int],
                 const_sorts: dict[str, str], limits: BlockLimits) -> None:
        self.bid = bid
        self.key = key
        self.functions = functions
        self.limits = limits
        self.next_id = (bid + 1) << 24
        self.consts = dict(constants)
        self.elem_sort: dict[int, str] = {e: const_sorts[n] for n, e in constants.items()}
        self.elem_depth: dict[int, int] = {e: 0 for e in constants.values()}
        self.elem_name: dict[int, str] = {e: n for n, e in constants.items()}
        self.facts: dict[int, Fact] = {}
        self.uf: dict[int, int] = {}
        self.pf: dict[int, tuple[int, int]] = {}
        self.fun: dict[tuple, tuple[int, int]] = {}
        self.rel: dict[tuple, int] = {}
        self.raw_fun: list[int] = []
        self.raw_rel: list[int] = []
        self.rules: list[Rule] = []
        self.memory: dict[tuple, list[int]] = {}  # canonical trigger -> rules sharing it (one join serves all)
        self.rule_ids: set[tuple] = set()
        self.new_rules: list[int] = []
        self.seen: set[tuple] = set()
        self.goals: list[Goal] = []
        self.proofs: list[BlockProof] = []
        self.contradiction: int | None = None
        self.dirty = True
        self.epoch = 0  # bumped by every union: tells a firing whether its matched values are still canonical
        self.canon_epoch = -1
        self.fired: set[tuple] = set()
        self.stats = {"firings": 0, "witnesses": 0, "merges": 0, "rounds": 0, "requests": 0}

    # -- elements, union-find, explanations ---------------------------------------------------------------
    def new_elem(self, sort: str, depth: int, name: str = "") -> int:
        e = self.next_id
        self.next_id += 1
        self.elem_sort[e] = sort
        self.elem_depth[e] = depth
        if name:
            self.elem_name[e] = name
        return e

    def find(self, a: int) -> int:
        uf = self.uf
        root = a
        while root in uf:
            root = uf[root]
        while a != root:
            nxt = uf[a]
            uf[a] = root
            a = nxt
        return root

    def _union(self, a: int, b: int, fid: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        # the representative is the shallower element (constants are depth 0), so classes keep their depth
        if (self.elem_depth[ra], ra) < (self.elem_depth[rb], rb):
            ra, rb = rb, ra
        self.uf[ra] = rb
        self.epoch += 1
        # proof forest: re-root a's tree at a, then hang a under b with the justifying fact
        path = []
        cur = a
        while cur in self.pf:
            par, f = self.pf[cur]
            path.append((cur, par, f))
            cur = par
        for child, par, f in path:
            self.pf[par] = (child, f)
        self.pf.pop(a, None)
        self.pf[a] = (b, fid)
        self.stats["merges"] += 1
        self.dirty = True
        return True

    def explain(self, a: int, b: int) -> list[int]:
        """Ids of the equality facts on the proof-forest path from ``a`` to ``b`` (which must be equal)."""
        if a == b:
            return []
        anc: dict[int, int] = {a: 0}
        chain_a: list[int] = []
        cur = a
        while cur in self.pf:
            par, f = self.pf[cur]
            chain_a.append(f)
            cur = par
            anc[cur] = len(chain_a)
        out: list[int] = []
        cur = b
        while cur not in anc:
            par, f = self.pf[cur]
            out.append(f)
            cur = par
        return chain_a[: anc[cur]] + out

    # -- facts ----------------------------------------------------------------------------------------------
    def add_fact(self, pred: str, args: tuple[int, ...], tag: str, sources: tuple[int, ...] = (),
                 rule: str = "", binding: tuple[tuple[str, int], ...] = ()) -> Fact:
        fid = self.next_id
        self.next_id += 1
        f = Fact(fid, pred, args, tag, sources, rule, binding)
        self._register(f)
        return f

    def _register(self, f: Fact) -> None:
        self.facts[f.id] = f
        if f.pred == "=":
            self._union(f.args[0], f.args[1], f.id)
        elif f.pred == FALSE_PRED:
            if self.contradiction is None:
                self.contradiction = f.id
        elif f.pred in self.functions:
            self.raw_fun.append(f.id)
            k = (f.pred, *(self.find(a) for a in f.args[:-1]))
            if k not in self.fun:
                self.fun[k] = (f.args[-1], f.id)
            self.dirty = True
        else:
            self.raw_rel.append(f.id)
            k = (f.pred, *(self.find(a) for a in f.args))
            self.rel.setdefault(k, f.id)
            self.dirty = True

    def _align(self, fid: int, values: tuple[int, ...], out: list[int]) -> None:
        """Append ``fid`` and the equalities that turn its raw arguments into ``values``."""
        out.append(fid)
        for raw, v in zip(self.facts[fid].args, values, strict=True):
            if raw != v:
                out.extend(self.explain(raw, v))

    def rebuild(self) -> None:
        """Re-canonicalise the tables; merge outputs of function facts whose inputs became equal."""
        if not self.dirty:
            return
        while True:
            merged = False
            fun: dict[tuple, tuple[int, int]] = {}
            facts = self.facts
            find = self.find
            for fid in self.raw_fun:
                f = facts[fid]
                args = f.args
                k = (f.pred, *(find(a) for a in args[:-1]))
                cur = fun.get(k)
                if cur is None:
                    fun[k] = (args[-1], fid)
                elif find(cur[0]) != find(args[-1]):
                    g = facts[cur[1]]
                    srcs: list[int] = [g.id, fid]
                    for x, y in zip(g.args[:-1], args[:-1], strict=True):
                        if x != y:
                            srcs.extend(self.explain(x, y))
                    eq = Fact(self.next_id, "=", (g.args[-1], args[-1]), Tag.CONGRUENCE, tuple(dict.fromkeys(srcs)))
                    self.next_id += 1
                    self.facts[eq.id] = eq
                    self._union(eq.args[0], eq.args[1], eq.id)
                    merged = True
            self.fun = fun
            if not merged:
                break
        rel: dict[tuple, int] = {}
        for fid in self.raw_rel:
            f = self.facts[fid]
            rel.setdefault((f.pred, *(self.find(a) for a in f.args)), fid)
        self.rel = rel
        self.dirty = False

    def canonical_facts(self) -> dict[tuple, int]:
        """Every canonical atom ``(pred, args…)`` (function facts include the output) → a raw fact id."""
        find = self.find
        out: dict[tuple, int] = {}
        for k, (o, fid) in self.fun.items():
            out[(*k, find(o))] = fid
        out.update(self.rel)
        return out

    # -- rules ----------------------------------------------------------------------------------------------
    def add_rule(self, rule: Rule) -> None:
        ident = (rule.key, rule.clause.name, rule.witness, rule.renaming)
        if ident in self.rule_ids:
            return
        self.rule_ids.add(ident)
        self.memory.setdefault(rule.key, []).append(len(self.rules))
        self.new_rules.append(len(self.rules))
        self.rules.append(rule)

    def add_clause(self, clause: Clause) -> None:
        for r in make_rules(clause):
            self.add_rule(r)

    # -- matching ------------------------------------------------------------------------------------------
    def _resolve(self, slot: str, binding: dict[str, int]) -> int | None:
        c = slot[0]
        if c == "$":
            return self.find(self.consts[slot[1:]])
        if c == "#":
            return self.find(int(slot[1:]))
        return binding.get(slot)

    def _bind(self, atom: Atom, tup: tuple, binding: dict[str, int]) -> dict[str, int] | None:
        slots = atom[1]
        if len(slots) != len(tup) - 1:
            return None
        b = binding
        copied = False
        for s, v in zip(slots, tup[1:], strict=True):
            c = s[0]
            if c == "$" or c == "#":
                if self._resolve(s, b) != v:
                    return None
                continue
            cur = b.get(s)
            if cur is None:
                if not copied:
                    b = dict(b)
                    copied = True
                b[s] = v
            elif cur != v:
                return None
        return b

    def _join(self, atoms: list[Atom], binding: dict[str, int], index: dict, by_pred: dict,
              matched: list[tuple], out: list[tuple[dict[str, int], list[tuple]]]) -> None:
        if not atoms:
            out.append((binding, list(matched)))
            return
        # pick the atom with a bound slot (smallest candidate list) to keep the join selective
        best_i, best_c = 0, None
        for i, (pred, slots) in enumerate(atoms):
            cands = None
            for pos, s in enumerate(slots):
                v = self._resolve(s, binding) if not is_var(s) or s in binding else None
                if v is not None:
                    lst = index.get((pred, pos, v), ())
                    if cands is None or len(lst) < len(cands):
                        cands = lst
            if cands is None:
                cands = by_pred.get(pred, ())
            if best_c is None or len(cands) < len(best_c):
                best_i, best_c = i, cands
                if not cands:
                    return
        atom = atoms[best_i]
        rest = atoms[:best_i] + atoms[best_i + 1:]
        for tup in best_c or ():
            b = self._bind(atom, tup, binding)
            if b is not None:
                matched.append((atom, tup))
                self._join(rest, b, index, by_pred, matched, out)
                matched.pop()

    # -- firing --------------------------------------------------------------------------------------------
    def _fire(self, rule: Rule, binding: dict[str, int], matched: list[tuple], canon: dict[tuple, int]) -> bool:
        self.stats["requests"] += 1
        find = self.find
        # unions earlier in this round may have moved representatives: re-canonicalise before citing
        stale = self.epoch != self.canon_epoch
        b = {k: find(v) for k, v in binding.items()} if stale else dict(binding)
        support: list[tuple[int, tuple[int, ...]]] = []
        for pred, slots in rule.witness:
            ins = []
            for s in slots[:-1]:
                v = self._resolve(s, b)
                if v is None:
                    return False
                ins.append(find(v))
            k = (pred, *ins)
            hit = self.fun.get(k)
            if hit is not None:
                o = find(hit[0])
                support.append((hit[1], (*ins, o)))
            else:
                depth = 1 + max((self.elem_depth[find(x)] for x in ins), default=0)
                if depth > self.limits.max_depth or len(self.elem_sort) >= self.limits.max_elems:
                    return False
                o = self.new_elem(rule.clause.sorts.get(slots[-1], "?"), depth)
                w = self.add_fact(pred, (*ins, o), Tag.WITNESS)
                self.stats["witnesses"] += 1
                support.append((w.id, (*ins, o)))
            out_slot = slots[-1]
            if is_var(out_slot):
                b[out_slot] = o
            elif self._resolve(out_slot, b) != o:
                return False
        progress = False
        cited = False
        for pred, slots in rule.concls:
            vals = tuple(self._resolve(s, b) for s in slots)
            if any(v is None for v in vals):
                continue
            if pred == "=":
                if find(vals[0]) == find(vals[1]):
                    continue
            elif pred == FALSE_PRED:
                if self.contradiction is not None:
                    continue
            elif (pred, *(find(v) for v in vals)) in self.rel:
                continue
            if not cited:
                # cite the matched facts only now that the firing derives something (most do not); no union
                # has happened since ``b`` was canonicalised, so the values agree with the binding
                cited = True
                support[:0] = [(canon[tup], tuple(find(x) for x in tup[1:]) if stale else tup[1:])
                               for _atom, tup in matched]
            srcs: list[int] = []
            for fid, values in support:
                self._align(fid, values, srcs)
            binding_t = tuple(sorted((k2, v) for k2, v in b.items()))
            self.add_fact(pred, vals, Tag.RULE, tuple(dict.fromkeys(srcs)), rule.clause.name, binding_t)
            self.stats["firings"] += 1
            progress = True
        return progress

    # -- goals ---------------------------------------------------------------------------------------------
    def add_goal(self, goal: Goal) -> None:
        self.goals.append(goal)
        self.dirty = True

    def _check_goal(self, goal: Goal) -> bool:
        find = self.find
        if self.contradiction is not None:  # the premises are inconsistent: the goal holds ex falso
            goal_fact = Fact(-1, "goal", (), Tag.GOAL, (self.contradiction,), goal.clause.name,
                             tuple(sorted(goal.binding.items())))
            self.proofs.append(self.extract(goal, goal_fact))
            goal.done = True
            return True
        # support facts are aligned to the binding's own elements (not to class representatives), because the
        # replay checker instantiates the conjecture with exactly that binding
        b = dict(goal.binding)
        support: list[tuple[int, tuple[int, ...]]] = []
        # the premises hold by hypothesis (they are the case's hyp facts); citing them here would make every
        # premise look used to the level gate, so only the definitions and conclusions are cited
        for pred, slots in goal.clause.defs:
            raw_ins = tuple(self._resolve(s, b) for s in slots[:-1])
            ins = tuple(find(v) for v in raw_ins)  # type: ignore[arg-type]
            hit = self.fun.get((pred, *ins))
            if hit is None:
                depth = 1 + max((self.elem_depth[x] for x in ins), default=0)
                o = self.new_elem(goal.clause.sorts.get(slots[-1], "?"), depth)
                w = self.add_fact(pred, (*ins, o), Tag.WITNESS)
                hit = (o, w.id)
            o = find(hit[0])
            out_slot = slots[-1]
            if is_var(out_slot):
                if out_slot in b:
                    if find(b[out_slot]) != o:
                        return False
                    o = b[out_slot]
                else:
                    b[out_slot] = o
            elif find(self._resolve(out_slot, b)) != o:  # type: ignore[arg-type]
                return False
            else:
                o = self._resolve(out_slot, b)  # type: ignore[assignment]
            support.append((hit[1], (*raw_ins, o)))  # type: ignore[arg-type]
        srcs: list[int] = []
        for pred, slots in goal.clause.concls:
            vals = tuple(find(self._resolve(s, b)) for s in slots)  # type: ignore[arg-type]
            if pred == "=":
                if vals[0] != vals[1]:
                    return False
                srcs.extend(self.explain(self._resolve(slots[0], b), self._resolve(slots[1], b)))  # type: ignore[arg-type]
            elif pred == FALSE_PRED:
                if self.contradiction is None:
                    return False
                srcs.append(self.contradiction)
            else:
                fid = self.rel.get((pred, *vals))
                if fid is None:
                    return False
                self._align(fid, vals, srcs)
        for fid, values in support:
            self._align(fid, values, srcs)
        goal_fact = Fact(-1, "goal", (), Tag.GOAL, tuple(dict.fromkeys(srcs)), goal.clause.name,
                         tuple(sorted(b.items())))
        self.proofs.append(self.extract(goal, goal_fact))
        goal.done = True
        return True

    def extract(self, goal: Goal, goal_fact: Fact) -> BlockProof:
        """The cone of facts behind ``goal_fact``, sources first."""
        order: list[Fact] = []
        seen: set[int] = set()
        stack: list[tuple[int, bool]] = [(s, False) for s in reversed(goal_fact.sources)]
        while stack:
            fid, done = stack.pop()
            if done:
                order.append(self.facts[fid])
                continue
            if fid in seen:
                continue
            seen.add(fid)
            stack.append((fid, True))
            stack.extend((s, False) for s in reversed(self.facts[fid].sources) if s not in seen)
        order.sort(key=lambda f: f.id)  # ids grow monotonically: every element and source precedes its uses
        elems = {e for f in order for e in f.args} | {v for _k, v in goal_fact.binding}
        return BlockProof(goal.target, goal.case, dict(goal.binding), order, goal_fact, dict(self.consts),
                          {e: self.elem_sort[e] for e in elems},
                          {e: self.elem_name[e] for e in elems if e in self.elem_name})

    def counts(self) -> dict[str, int]:
        """Sizes for run statistics."""
        return {"facts": len(self.facts), "rules": len(self.rules), "elements": len(self.elem_sort), **self.stats}

    def summary(self, proofs_from: int = 0) -> BlockSummary:
        """What the grid needs to see of a block that lives in another process."""
        return BlockSummary(self.bid, self.goals, self.proofs[proofs_from:], self.counts())

    # -- one bulk-synchronous step -------------------------------------------------------------------------
    def step(self, mail: Mail) -> bool:
        """Consume ``mail`` and saturate for up to ``rounds_per_burst`` rounds; True when work remains."""
        for e, (sort, depth) in mail.elems.items():
            self.elem_sort.setdefault(e, sort)
            self.elem_depth.setdefault(e, depth)
        for f in mail.facts:
            if f.id not in self.facts:
                self._register(f)
        for r in mail.rules:
            self.add_rule(r)
        if all(g.done for g in self.goals) and self.goals:
            return False
        for _ in range(self.limits.rounds_per_burst):
            if mail.deadline is not None and time.time() > mail.deadline:
                return True
            self.stats["rounds"] += 1
            self.rebuild()
            for g in self.goals:
                if not g.done:
                    self._check_goal(g)
            self.rebuild()
            if self.goals and all(g.done for g in self.goals):
                return False
            if len(self.facts) > self.limits.max_facts:
                return False
            canon = self.canonical_facts()
            self.canon_epoch = self.epoch
            delta = [t for t in canon if t not in self.seen]
            fresh_rules = self.new_rules
            self.new_rules = []
            if not delta and not fresh_rules:
                return False
            index: dict[tuple, list[tuple]] = {}
            by_pred: dict[str, list[tuple]] = {}
            for t in canon:
                by_pred.setdefault(t[0], []).append(t)
                for pos, v in enumerate(t[1:]):
                    index.setdefault((t[0], pos, v), []).append(t)
            delta_by_pred: dict[str, list[tuple]] = {}
            for t in delta:
                delta_by_pred.setdefault(t[0], []).append(t)
            self.seen.update(delta)
            fresh = set(fresh_rules)
            for key, bucket in self.memory.items():
                trig = list(key)
                if not trig:
                    for ri in bucket:
                        if ri in fresh:
                            self._fire(self.rules[ri], {}, [], canon)
                    continue
                # one join per canonical trigger serves every rule in the bucket; a bucket with a new rule
                # joins over all facts, otherwise only requests that contain a fact new this round
                results: list[tuple[dict[str, int], list[tuple]]] = []
                if any(ri in fresh for ri in bucket):
                    self._join(trig, {}, index, by_pred, [], results)
                else:
                    for i, atom in enumerate(trig):
                        for tup in delta_by_pred.get(atom[0], ()):
                            b = self._bind(atom, tup, {})
                            if b is not None:
                                self._join(trig[:i] + trig[i + 1:], b, index, by_pred, [(atom, tup)], results)
                for b, matched in results:
                    for ri in bucket:
                        rule = self.rules[ri]
                        rb = {rv: b[cv] for rv, cv in rule.renaming}
                        sig = (ri, tuple(sorted(rb.items())))
                        if sig in self.fired:
                            continue
                        self.fired.add(sig)
                        self._fire(rule, rb, matched, canon)
        return True
