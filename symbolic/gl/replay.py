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

Clauses are rebuilt here from the theorem's statement and the cited theorems' statements (never taken from the
engine's own clause objects), so the same checker re-checks a proof read back from a provenance graph
(:func:`replay_graph_proof`). A proof that fails here is an engine bug; the grid refuses to emit it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from symbolic.gl.clauses import FALSE_PRED, Atom, Clause, clause_from_statement
from symbolic.gl.facts import BlockProof, Fact, Tag
from symbolic.gl.theory import Statement, Theory
from symbolic.verdicts import Checker, Claim, Outcome, Reason

__all__ = ["ReplayChecker", "ReplayError", "replay_graph_node", "replay_graph_proof"]


class ReplayError(Exception):
    """Internal signal: one step failed (the message says which and why; ``case``/``step`` say where)."""

    def __init__(self, message: str, step: int | None = None) -> None:
        super().__init__(message)
        self.step = step
        self.case: str | None = None


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
        self.symbols = syms
        self.axioms = {a.name: clause_from_statement(a.name, a.formula, syms, "axiom", theory.source, a.line)
                       for a in theory.axioms}
        self._clauses: dict[tuple[str, object], Clause] = {}

    def clause(self, st: Statement) -> Clause:
        """The clause of a theorem statement, rebuilt from its formula (cached per name and formula)."""
        key = (st.name, st.formula)
        c = self._clauses.get(key)
        if c is None:
            c = clause_from_statement(st.name, st.formula, self.symbols, "theorem", st.source or self.theory.source,
                                      st.line)
            self._clauses[key] = c
        return c

    def check(self, theorem: object, prior: Mapping[str, Statement]) -> tuple[bool, str]:
        """``(True, "")`` when every step replays, else ``(False, reason)``. ``theorem`` has ``name``,
        ``statement`` and ``proof``; ``prior`` maps each earlier theorem's name to its statement."""
        try:
            self.check_or_raise(theorem, prior)
        except ReplayError as exc:
            return False, str(exc)
        return True, ""

    def check_or_raise(self, theorem: object, prior: Mapping[str, Statement]) -> None:
        """Like :meth:`check`, raising :class:`ReplayError` (with the failing case and step) instead."""
        try:
            self._check(theorem, prior)
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise ReplayError(f"malformed proof: {exc!r}") from None

    def _check(self, th: object, prior: Mapping[str, Statement]) -> None:
        clause = self.clause(th.statement)  # type: ignore[attr-defined]
        proof = th.proof  # type: ignore[attr-defined]
        if th.name in prior:  # type: ignore[attr-defined]
            raise ReplayError("a theorem cannot cite itself")
        if th.statement.name != th.name:  # type: ignore[attr-defined]
            raise ReplayError("the statement belongs to another theorem")
        if proof.kind == "direct":
            if len(proof.cases) != 1 or proof.cases[0].case != "direct":
                raise ReplayError("a direct proof has exactly one direct case")
            self._case_at(proof.cases[0], clause, prior, None, (0, 0))
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
        self._case_at(zero, clause.instantiate(var, f"${ind.zero}"), prior, None, (0, 0))
        ih = clause.instantiate(var, f"#{x}")
        self._case_at(step, clause.instantiate(var, f"#{xs}"), prior, ih, (x, xs), ind.succ)

    def _case_at(self, bp: BlockProof, goal: Clause, prior: Mapping[str, Statement], ih: Clause | None,
                 step: tuple[int, int], succ: str = "") -> None:
        try:
            self._case(bp, goal, prior, ih, step, succ)
        except ReplayError as exc:
            exc.case = bp.case
            raise

    def _case(self, bp: BlockProof, goal: Clause, prior: Mapping[str, Statement], ih: Clause | None,
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
                raise ReplayError(f"step {f.id} appears twice", f.id)
            srcs = []
            for s in f.sources:
                if s not in known:
                    raise ReplayError(f"step {f.id} cites {s}, which is not an earlier step", f.id)
                srcs.append(known[s])
            cls = _Classes([s for s in srcs if s.pred == "="])
            if f.tag == Tag.HYP:
                if (f.pred, f.args) not in [inst(a, base) for a in goal.premises]:
                    raise ReplayError(f"step {f.id} is not a premise of the conjecture", f.id)
            elif f.tag == Tag.INDUCTION:
                if f.pred != succ or f.args != step:
                    raise ReplayError(f"step {f.id} is not the induction step {succ}(x) = x'", f.id)
            elif f.tag == Tag.WITNESS:
                w = f.args[-1]
                if f.pred not in self.theory.functions or w in mentioned or w in witnessed or w in f.args[:-1]:
                    raise ReplayError(f"step {f.id}: witness {w} is not a fresh output of a function", f.id)
                if len(f.args) != self.theory.functions[f.pred].arity + 1:
                    raise ReplayError(f"step {f.id}: wrong arity", f.id)
                witnessed.add(w)
            elif f.tag == Tag.CONGRUENCE:
                a, b = srcs[0], srcs[1]
                if a.pred != b.pred or a.pred not in self.theory.functions or f.pred != "=":
                    raise ReplayError(f"step {f.id}: congruence needs two facts of one function", f.id)
                cls = _Classes([s for s in srcs[2:] if s.pred == "="])
                if not all(cls.same(p, q) for p, q in zip(a.args[:-1], b.args[:-1], strict=True)):
                    raise ReplayError(f"step {f.id}: inputs are not shown equal", f.id)
                if f.args != (a.args[-1], b.args[-1]):
                    raise ReplayError(f"step {f.id}: congruence concludes something else", f.id)
            elif f.tag == Tag.RULE:
                if f.rule.startswith("ih:"):
                    if ih is None or f.rule != f"ih:{goal.name}":
                        raise ReplayError(f"step {f.id} uses an induction hypothesis outside its step case", f.id)
                    clause = ih
                else:
                    cited = prior.get(f.rule)
                    clause = self.axioms.get(f.rule) or (self.clause(cited) if cited is not None else None)  # type: ignore[assignment]
                    if clause is None:
                        raise ReplayError(f"step {f.id} cites unknown or later clause {f.rule!r}", f.id)
                binding = dict(f.binding)
                for atom in (*clause.premises, *clause.defs):
                    if not holds(inst(atom, binding), srcs, cls):
                        raise ReplayError(f"step {f.id}: {atom[0]}{atom[1]} of {f.rule} does not hold", f.id)
                concl = [inst(c, binding) for c in clause.concls]
                ok = (f.pred, f.args) in concl or (f.pred == "=" and ("=", f.args[::-1]) in concl)
                if not ok:
                    raise ReplayError(f"step {f.id}: not a conclusion of {f.rule}", f.id)
            else:
                raise ReplayError(f"step {f.id}: unknown tag {f.tag!r}", f.id)
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


def replay_graph_proof(graph: Any, proof_id: str) -> list[tuple[str, bool | None, str]]:
    """Re-check the GL proof whose ``proof`` node is ``proof_id`` from the graph's content alone.

    The theory is parsed from ``graph.meta["gl_theory"]``, the theorem's and the cited theorems' clauses are
    rebuilt from their statements, the steps from the nodes' payloads; every step node's text must be the
    text of its step, and the goal node's text the theorem's statement. Returns ``(node id, ok, detail)`` for
    the proof node and each node it covers: ``ok`` is None for the nodes left unchecked after a failure.
    """
    from symbolic.gl.parser import parse_targets, parse_theory
    from symbolic.gl.provenance_export import fact_text
    from symbolic.gl.render import element_terms, formula_text
    from symbolic.provenance import EdgeKind

    node = graph.node(proof_id)
    p = node.replay or {}
    covered: list[str] = [proof_id]
    for case in p.get("cases", ()):
        covered.extend([*case.get("steps", ()), case.get("close")])
    covered = [c for c in covered if isinstance(c, str)]

    def verdict(bad: str | None, why: str) -> list[tuple[str, bool | None, str]]:
        if bad is None:
            return [(c, True, "") for c in covered]
        others = [(c, None, f"not re-checked: the proof fails at node {bad}") for c in covered
                  if c not in (bad, proof_id)]
        if bad == proof_id:
            return [(bad, False, why), *others]
        return [(bad, False, why), (proof_id, False, f"the proof does not replay (node {bad})"), *others]

    try:
        text = graph.meta.get("gl_theory")
        if not isinstance(text, str) or not text.strip():
            return verdict(proof_id, "the graph carries no GL theory (meta.gl_theory)")
        theory = parse_theory(text, source=f"{graph.title or 'graph'} (meta.gl_theory)")
        name = str(p["theorem"])
        (st,) = parse_targets(f"{name}: {p['statement']}", theory, source=f"node {proof_id}")
        cites = {k: parse_targets(f"{k}: {v}", theory, source=f"node {proof_id}")[0]
                 for k, v in dict(p.get("cites", {})).items()}
        closes = [v for v in graph.g.successors(proof_id) if graph.g.edges[proof_id, v]["kind"] is EdgeKind.CLOSES]
        want = f"{name}: {formula_text(st.formula, theory)}"
        for goal in closes:
            if graph.node(goal).statement != want:
                return verdict(goal, f"the goal reads {graph.node(goal).statement!r}, the proof is of {want!r}")
        axioms = {a.name: formula_text(a.formula, theory) for a in theory.axioms}
        for u in graph.g.nodes:
            n = graph.node(u)
            if n.kind.value in ("axiom", "theorem") and n.label:
                table = axioms if n.kind.value == "axiom" else {k: formula_text(s.formula, theory)
                                                                for k, s in cites.items()}
                if n.label in table and n.statement != f"{n.label}: {table[n.label]}":
                    return verdict(u, f"{n.kind.value} {n.label} does not read as in the theory or the proof")
        cases: list[BlockProof] = []
        step_nodes: dict[tuple[str, int], str] = {}
        for case in p["cases"]:
            facts = []
            for sid in case["steps"]:
                facts.append(_fact(graph.node(sid).replay or {}))
                step_nodes[(case["case"], facts[-1].id)] = sid
            bp = BlockProof(target=name, case=case["case"], binding={k: int(v) for k, v in case["binding"].items()},
                            facts=facts, goal=_fact(case["goal"]),
                            constants={k: int(v) for k, v in case["constants"].items()},
                            elem_sorts={int(k): v for k, v in case.get("elem_sorts", {}).items()},
                            elem_names={int(k): v for k, v in case.get("elem_names", {}).items()})
            names = element_terms(bp, theory)
            for f, sid in zip(facts, case["steps"], strict=True):
                if graph.node(sid).statement != fact_text(f, names, theory):
                    return verdict(sid, f"the node reads {graph.node(sid).statement!r}, its step derives "
                                        f"{fact_text(f, names, theory)!r}")
            cases.append(bp)
        from symbolic.gl.facts import Proof

        proof = Proof(kind=str(p["kind"]), cases=cases, var=str(p.get("var", "")),
                      step_elems=tuple(int(x) for x in p.get("step_elems", (0, 0))))  # type: ignore[arg-type]
        theorem = _Replayed(name, st, proof)
        try:
            ReplayChecker(theory).check_or_raise(theorem, cites)
        except ReplayError as exc:
            where = step_nodes.get((exc.case or "", exc.step)) if exc.step is not None else None
            if where is None and exc.case is not None:
                where = next((c["close"] for c in p["cases"] if c["case"] == exc.case), None)
            return verdict(where or proof_id, str(exc))
    except (KeyError, TypeError, ValueError) as exc:
        return verdict(proof_id, f"malformed gl-replay payload: {exc}")
    return verdict(None, "")


class _Replayed:
    """A theorem read back from a graph: the name, the statement, the proof (nothing else)."""

    def __init__(self, name: str, statement: Statement, proof: object) -> None:
        self.name, self.statement, self.proof = name, statement, proof


def _fact(d: Mapping[str, Any]) -> Fact:
    return Fact(id=int(d["id"]), pred=str(d["pred"]), args=tuple(int(a) for a in d["args"]), tag=str(d["tag"]),
                sources=tuple(int(s) for s in d.get("sources", ())), rule=str(d.get("rule", "")),
                binding=tuple((str(k), int(v)) for k, v in d.get("binding", ())))


def replay_graph_node(graph: Any, node_id: str, timeout: float) -> list[tuple[str, Claim]]:
    """The replayer of ``gl-replay`` nodes for :func:`symbolic.provenance.replay.replay_graph`: a GL proof, or a
    search step that added a GL-derived law's instance as a hypothesis (payload ``gl_fact``)."""
    payload = graph.node(node_id).replay or {}
    if "gl_fact" in payload:
        from symbolic.sequent.gl_facts import replay_fact

        ok, detail = replay_fact(payload)
        return [(node_id, Claim(Outcome.PROVED if ok else Outcome.REJECTED, Checker.GL_REPLAY, detail=detail))]
    out = []
    for nid, ok, detail in replay_graph_proof(graph, node_id):
        if ok is None:
            out.append((nid, Claim(Outcome.UNKNOWN, Checker.GL_REPLAY, Reason.CANCELED, detail)))
        else:
            out.append((nid, Claim(Outcome.PROVED if ok else Outcome.REJECTED, Checker.GL_REPLAY, detail=detail)))
    return out
