"""The grid: conjectures become logic blocks; bursts step them; proved theorems are emitted and broadcast.

Each conjecture gets a direct block; when that saturates unproved, it gets, for every variable used only as an
input and whose sort has a declared induction, a zero block and a step block (the hypothesis loaded as a rule).
Blocks are keyed by (conjecture, case), except that direct cases with premises are keyed by the canonical
renaming of their premises, so conjectures with the same premises share a block. One burst steps every active block on its mailbox (serially or in a
process pool, see :mod:`symbolic.gl.executors`); then the grid collects closed goals, assembles proofs,
applies the level gate (the proof must use every premise), replays each proof with the independent checker, and
broadcasts each new inductive theorem to every block with open goals as rules. Runs stop cleanly on a time or
memory budget, keeping what was proved.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from symbolic.errors import SymbolicError
from symbolic.gl.block import Block, BlockLimits, BlockSummary, Goal, Mail
from symbolic.gl.clauses import Clause, canonical_trigger, clause_from_statement, make_rules
from symbolic.gl.executors import BlockExecutor, SerialExecutor
from symbolic.gl.facts import BlockProof, Proof, Tag
from symbolic.gl.theory import Statement, Theory
from symbolic.verdicts import Checker

if TYPE_CHECKING:
    from symbolic.gl.replay import ReplayChecker

__all__ = ["GLConfig", "Grid", "RunResult", "Theorem", "compile_axioms", "symbols_of"]


class ReplayFailure(SymbolicError):
    """A proof the engine produced did not replay: an engine bug, never a result."""


@dataclass(frozen=True)
class GLConfig:
    """Engine settings (inert)."""

    max_depth: int = 3
    max_elems: int = 60
    rounds_per_burst: int = 4
    max_bursts: int = 200
    time_budget: float | None = None
    memory_budget_mb: float | None = None
    induction: bool = True
    inductions_per_burst: int = 8  # idle targets that open induction cases per burst (smallest first)

    def limits(self) -> BlockLimits:
        return BlockLimits(self.max_depth, self.max_elems, rounds_per_burst=self.rounds_per_burst)


@dataclass
class Theorem:
    """A proved and replayed target."""

    name: str
    statement: Statement
    clause: Clause
    proof: Proof
    checker: Checker = Checker.GL_REPLAY


@dataclass
class RunResult:
    theorems: list[Theorem]
    unproved: list[str]
    rejected: dict[str, str]
    stopped: str  # "done", "saturated", "time budget", "memory budget", "burst limit"
    stats: dict[str, float] = field(default_factory=dict)


def symbols_of(theory: Theory) -> tuple[set[str], set[str], set[str]]:
    return set(theory.functions), set(theory.relations), set(theory.constants)


def compile_axioms(theory: Theory) -> list[Clause]:
    syms = symbols_of(theory)
    return [clause_from_statement(a.name, a.formula, syms, "axiom", theory.source, a.line) for a in theory.axioms]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@dataclass
class _Case:
    target: str
    case: str
    block: int
    var: str = ""
    x: int = 0
    xs: int = 0
    hyps: tuple[int, ...] = ()
    proof: BlockProof | None = None


class Grid:
    """Owns blocks, mailboxes and the theorem list of one run."""

    def __init__(self, theory: Theory, config: GLConfig | None = None) -> None:
        self.theory = theory
        self.config = config or GLConfig()
        self.axioms = compile_axioms(theory)
        self.const_ids = {name: i + 1 for i, name in enumerate(sorted(theory.constants))}
        self.const_sorts = {n: c.sort for n, c in theory.constants.items()}
        self.functions = frozenset(theory.functions)
        self.blocks: dict[int, Block | BlockSummary] = {}
        self.keys: dict[tuple, int] = {}
        self.active: set[int] = set()
        self.mail: dict[int, Mail] = {}
        self.cases: dict[str, list[_Case]] = {}
        self.clauses: dict[str, Clause] = {}
        self.statements: dict[str, Statement] = {}
        self.theorems: list[Theorem] = []
        self.rejected: dict[str, str] = {}
        self.messages = 0
        self.bursts = 0
        self.stepped: set[int] = set()  # blocks dispatched at least once (they may now live in a worker)
        self.shared: dict[int, tuple[dict[str, int], list[int]]] = {}  # premise block -> (elements, hyp facts)

    # -- building blocks -----------------------------------------------------------------------------------
    def _block(self, key: tuple) -> tuple[Block, bool]:
        bid = self.keys.get(key)
        if bid is not None:
            found = self.blocks[bid]
            if isinstance(found, Block):
                return found, False
            raise SymbolicError(f"block {key!r} already lives in a worker")
        bid = len(self.blocks)
        b = Block(bid, key, self.functions, self.const_ids, self.const_sorts, self.config.limits())
        for c in self.axioms:
            b.add_clause(c)
        for th in self.theorems:
            if th.proof.kind != "direct":
                b.add_clause(th.clause)
        self.blocks[bid] = b
        self.keys[key] = bid
        self.active.add(bid)
        return b, True

    def _setup(self, target: str, case: str, clause: Clause, var: str = "") -> _Case:
        """Make the block of one case: its elements, premise facts, induction scaffolding and goal.

        Direct cases with premises are keyed by the canonical renaming of those premises, so conjectures with the
        same premises (up to renaming) share one block and its facts — as long as that block has not been
        stepped yet (after that it may live in a worker process), which keeps serial and parallel runs equal.
        """
        defined = {d[1][-1] for d in clause.defs}
        label = f"{case}:{var}" if var else case
        binding: dict[str, int] = {}
        shared_key: tuple | None = None
        ren: dict[str, str] = {}
        if case == "direct" and clause.premises:
            canon, ren = canonical_trigger(clause.premises)
            sorts = tuple(sorted((v, clause.sorts.get(k, "?")) for k, v in ren.items()))
            shared_key = ("premises", canon, sorts)
            bid = self.keys.get(shared_key)
            if bid is not None and bid in self.stepped:
                shared_key = None
        if shared_key is not None:
            block, new = self._block(shared_key)
            if new:
                self.shared[block.bid] = ({}, [])
                elems, hyps_ = self.shared[block.bid]
                for v, sort in sorts:
                    elems[v] = block.new_elem(sort, 0, next(k for k, c in ren.items() if c == v))
                for pred, slots in canon:
                    vals = tuple(self._slot_value(s, elems) for s in slots)
                    hyps_.append(block.add_fact(pred, vals, Tag.HYP).id)
            elems, hyps_ = self.shared[block.bid]
            for k, v in ren.items():
                binding[k] = elems[v]
            for u, sort in clause.universals:
                if u not in defined and u not in binding:
                    binding[u] = block.new_elem(sort, 0, u)
            block.add_goal(Goal(target, label, clause, binding))
            self.active.add(block.bid)
            return _Case(target, label, block.bid, var, 0, 0, tuple(hyps_))
        block, _new = self._block((target, label))
        x = xs = 0
        if case == "step":
            ind = self.theory.induction[clause.sorts[var]]
            x = block.new_elem(clause.sorts[var], 0, var)
            xs = block.new_elem(clause.sorts[var], 1, f"{ind.succ}({var})")
            block.add_fact(ind.succ, (x, xs), Tag.INDUCTION)
            ih = clause.instantiate(var, f"#{x}")
            ih = Clause(f"ih:{target}", "ih", ih.universals, ih.premises, ih.defs, ih.concls, ih.sorts, ih.text)
            for r in make_rules(ih):
                block.add_rule(r)
            clause = clause.instantiate(var, f"#{xs}")
        for u, sort in clause.universals:
            if u not in defined:
                binding[u] = block.new_elem(sort, 0, u)
        hyps = []
        for pred, slots in clause.premises:
            vals = []
            for s in slots:
                if s[0] in "$#":
                    vals.append(self._slot_value(s, {}))
                else:
                    if s not in binding:
                        binding[s] = block.new_elem(clause.sorts.get(s, "?"), 0)
                    vals.append(binding[s])
            hyps.append(block.add_fact(pred, tuple(vals), Tag.HYP).id)
        block.add_goal(Goal(target, label, clause, binding))
        self.active.add(block.bid)
        return _Case(target, label, block.bid, var, x, xs, tuple(hyps))

    def _slot_value(self, slot: str, elems: dict[str, int]) -> int:
        if slot[0] == "$":
            return self.const_ids[slot[1:]]
        if slot[0] == "#":
            return int(slot[1:])
        return elems[slot]

    def _induction_vars(self, clause: Clause) -> list[str]:
        outs = {args[-1] for pred, args in (*clause.premises, *clause.defs) if pred in self.functions}
        return [u for u, s in clause.universals
                if s in self.theory.induction and u not in outs
                and any(u in args for _p, args in (*clause.premises, *clause.defs))]

    def add_target(self, st: Statement) -> None:
        """Set up the direct case; induction cases follow only if the direct block saturates unproved."""
        clause = clause_from_statement(st.name, st.formula, symbols_of(self.theory), "theorem",
                                       st.source or self.theory.source, st.line)
        if st.name in self.clauses:
            raise SymbolicError(f"duplicate target name {st.name!r}")
        self.clauses[st.name] = clause
        self.statements[st.name] = st
        self.cases[st.name] = [self._setup(st.name, "direct", clause)]

    def _add_induction(self, name: str) -> bool:
        clause = self.clauses[name]
        cases = self.cases[name]
        if not self.config.induction or len(cases) > 1:
            return False
        for v in self._induction_vars(clause):
            ind = self.theory.induction[clause.sorts[v]]
            cases.append(self._setup(name, "zero", clause.instantiate(v, f"${ind.zero}"), v))
            cases.append(self._setup(name, "step", clause, v))
        return len(cases) > 1

    def _idle(self, name: str) -> bool:
        return all(c.block not in self.active and c.block not in self.mail for c in self.cases[name])

    # -- running -------------------------------------------------------------------------------------------
    def run(self, targets: list[Statement], executor: BlockExecutor | None = None,
            progress: Callable[[dict], None] | None = None, levels: list[int] | None = None) -> RunResult:
        """Prove ``targets`` level by level (``levels[i]`` is target i's level; default all 0)."""
        from symbolic.gl.replay import ReplayChecker

        start = time.perf_counter()
        lv = levels if levels is not None else [0] * len(targets)
        waves: dict[int, list[Statement]] = {}
        for st, level in zip(targets, lv, strict=True):
            waves.setdefault(level, []).append(st)
        order = sorted(waves)
        checker = ReplayChecker(self.theory)
        executor = executor or SerialExecutor()
        stopped = "saturated"
        pending: set[str] = set()
        total = len(targets)
        wave = 0
        try:
            while pending or wave < len(order):
                if not (self.active or self.mail) and wave < len(order):
                    for st in waves[order[wave]]:
                        self.add_target(st)
                        pending.add(st.name)
                    wave += 1
                    continue
                if self.bursts >= self.config.max_bursts:
                    stopped = "burst limit"
                    break
                if self.config.time_budget is not None and time.perf_counter() - start > self.config.time_budget:
                    stopped = "time budget"
                    break
                if self.config.memory_budget_mb is not None and _peak_mb() > self.config.memory_budget_mb:
                    stopped = "memory budget"
                    break
                work_ids = sorted(self.active | set(self.mail))
                if not work_ids:
                    if wave < len(order):
                        continue
                    break
                deadline = None
                if self.config.time_budget is not None:
                    deadline = time.time() + max(0.0, self.config.time_budget - (time.perf_counter() - start))
                work = []
                for i in work_ids:
                    m = self.mail.pop(i, Mail())
                    m.deadline = deadline
                    work.append((self.blocks[i], m))
                self.bursts += 1
                self.stepped.update(work_ids)
                results = executor.map_steps(work)
                self.active = set()
                for bid, (blk, active) in zip(work_ids, results, strict=True):
                    self.blocks[bid] = blk
                    if active:
                        self.active.add(bid)
                new = self._collect(pending, checker)
                opened = 0
                for name in self.cases:  # insertion order = level, then target order
                    if opened >= self.config.inductions_per_burst:
                        break
                    if name in pending and self._idle(name) and self._add_induction(name):
                        opened += 1
                for th in new:
                    if th.proof.kind == "direct":
                        continue  # a direct consequence of the rules every block already has
                    rules = make_rules(th.clause)
                    for bid, blk in self.blocks.items():
                        if any(not g.done for g in blk.goals):
                            self.mail.setdefault(bid, Mail()).rules.extend(rules)
                            self.messages += len(rules)
                if progress is not None:
                    progress({"burst": self.bursts, "proved": len(self.theorems), "targets": total,
                              "active": len(self.active), "new": [t.name for t in new]})
            else:
                stopped = "done"
        finally:
            executor.close()
        stats = self.stats()
        stats["seconds"] = time.perf_counter() - start
        unproved = [n for n in self.cases if n not in {t.name for t in self.theorems}]
        return RunResult(list(self.theorems), unproved, dict(self.rejected), stopped, stats)

    def _collect(self, pending: set[str], checker: ReplayChecker) -> list[Theorem]:
        new: list[Theorem] = []
        for name in list(self.cases):
            if name not in pending:
                continue
            cases = self.cases[name]
            for c in cases:
                if c.proof is None:
                    blk = self.blocks[c.block]
                    for p in blk.proofs:
                        if p.target == name and p.case == c.case:
                            c.proof = p
            proof = self._assemble(cases)
            if proof is None:
                continue
            pending.discard(name)
            gate = self._level_gate(cases, proof)
            if gate:
                self.rejected[name] = gate
                self._retire(name)
                continue
            th = Theorem(name, self.statements[name], self.clauses[name], proof)
            ok, why = checker.check(th, {t.name: t.statement for t in self.theorems})
            if not ok:
                raise ReplayFailure(f"proof of {name} does not replay: {why}")
            self.theorems.append(th)
            new.append(th)
            self._retire(name)
        return new

    def _assemble(self, cases: list[_Case]) -> Proof | None:
        direct = next((c for c in cases if c.case == "direct" and c.proof is not None), None)
        if direct is not None:
            return Proof("direct", [direct.proof])  # type: ignore[list-item]
        zeros = {c.var: c for c in cases if c.case.startswith("zero") and c.proof is not None}
        for c in cases:
            if c.case.startswith("step") and c.proof is not None and c.var in zeros:
                return Proof("induction", [zeros[c.var].proof, c.proof], c.var, (c.x, c.xs))  # type: ignore[list-item]
        return None

    def _level_gate(self, cases: list[_Case], proof: Proof) -> str:
        """Reject a proof that does not use every premise of its conjecture (it proves something stronger)."""
        used = {f.id for p in proof.cases for f in p.facts}
        for p in proof.cases:
            case = next(c for c in cases if c.proof is p)
            if any(h not in used for h in case.hyps):
                return f"premise unused in the {p.case} case (level gate)"
        return ""

    def _retire(self, name: str) -> None:
        for c in self.cases[name]:
            blk = self.blocks[c.block]
            for g in blk.goals:
                if g.target == name:
                    g.done = True
            if all(g.done for g in blk.goals):
                self.active.discard(c.block)
                self.mail.pop(c.block, None)

    def stats(self) -> dict[str, float]:
        out: dict[str, float] = {"blocks": len(self.blocks), "bursts": self.bursts, "messages": self.messages,
                                 "facts": 0, "rules": 0, "elements": 0}
        for b in self.blocks.values():
            for k, v in b.counts().items():
                out[k] = out.get(k, 0) + v
        out["peak_mb"] = _peak_mb()
        return out
