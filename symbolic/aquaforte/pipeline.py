"""The AquaForte pipeline: preprocess, separate, propose candidate definitions, validate them soundly,
learn from failures, and fall back to the plain solvers.

Soundness argument, step by step:
- preprocessing and separation keep the formula equisatisfiable (see their modules);
- a candidate turns each uninterpreted function into a definition; if the component with the definitions
  expanded is satisfiable, so is the component (the definitions are a model for the functions); the answer
  sat is only given after the whole *original* formula, with every definition expanded and every constant
  replaced by its model value, is proved valid by at least one solver and refuted by none;
- ground instances of asserted ``∀`` formulas (from sample points and counterexamples) are implied by the
  formula, so unsat of a component plus instances is unsat of the component;
- a template whose coefficients cannot satisfy the sampled instances is excluded (only that template).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from symbolic.aquaforte.candidates import Candidate, CandidateError, parse_candidate
from symbolic.aquaforte.instances import initial_points, instantiate, strip_forall, value_term
from symbolic.aquaforte.preprocess import Definition, preprocess, simplify
from symbolic.aquaforte.proposer import FunctionSignature, ProposalRequest, Proposer
from symbolic.aquaforte.result import AquaForteConfig
from symbolic.aquaforte.separation import Component, separate
from symbolic.aquaforte.templates import TemplateProposer
from symbolic.errors import InputError
from symbolic.logic.builders import and_, cast, not_, or_
from symbolic.logic.builders import eq as eq_
from symbolic.logic.printer import to_text
from symbolic.logic.sorts import INT, REAL
from symbolic.logic.subst import expand_function, substitute, symbols
from symbolic.logic.terms import FALSE, TRUE, Op, Term
from symbolic.smt.api import Race, check_sat, prepare_job
from symbolic.smt.backends import Job, available_backends, get_backend
from symbolic.smt.result import SmtResult, Status
from symbolic.smt.smtlib_reader import read_script, solver_text
from symbolic.verdicts import Reason

__all__ = ["AquaForte", "solve_smtlib"]

_MAX_TEXT = 400
#: After one solver proved a verification query, how long the others may still object (seconds).
VERIFY_GRACE = 0.5


class _Decided(Exception):
    """Raised inside a run when the plain solvers racing alongside have answered."""

    def __init__(self, result: SmtResult) -> None:
        self.result = result


@dataclass
class _Outcome:
    status: Status  # SAT: candidate works; UNSAT: candidate refuted; UNKNOWN: undecided
    reason: str = ""
    definitions: tuple[Definition, ...] = ()
    model: dict[str, object] = field(default_factory=dict)
    verified_by: list[str] = field(default_factory=list)
    points: list[tuple[Term, dict[Term, Term]]] = field(default_factory=list)
    node: str | None = None


def _short(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 3] + "..."


def expand_all(t: Term, defs: Sequence[Definition]) -> Term:
    """``t`` with every definition expanded (in order), simplified."""
    for d in defs:
        t = expand_function(t, d.symbol, d.params, d.body)
    return simplify(t)


class _Run:
    """State of one solve: deadline, provenance graph, background race, counters."""

    def __init__(self, config: AquaForteConfig, title: str) -> None:
        self.cfg = config
        self.started = time.monotonic()
        self.deadline = self.started + config.timeout
        self.background: Race | None = None
        self.stats: dict[str, int] = {"components": 0, "proposals": 0, "candidates": 0, "rejected_parse": 0,
                                      "duplicates": 0, "checks": 0, "exclusions": 0, "instances": 0}
        self.graph = _new_graph(title)
        self.verify_each = True  # independent check per component model (off with a single component)
        self.decisive: str | None = None  # the query node whose answer is the run's answer, where one is

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def node(self, kind: str, statement: str, parents: Sequence[str | None] = (), edge: str = "derived-from",
             **fields: Any) -> str | None:
        if self.graph is None:
            return None
        from symbolic.provenance import EdgeKind, NodeKind

        nid = self.graph.add_node(kind=NodeKind(kind), statement=_short(statement), **fields)
        for p in parents:
            if p is not None:
                if edge == "checked-by":
                    self.graph.add_edge(nid, p, EdgeKind.CHECKED_BY)
                else:
                    self.graph.add_edge(p, nid, EdgeKind(edge))
        return nid

    def start_background(self, job: Job) -> None:
        backends = [get_backend(n) for n in available_backends() if n in ("z3", "cvc5")]
        if backends:
            self.background = Race(job, backends, timeout=self.cfg.timeout, memory_mb=self.cfg.memory_mb).start()

    def poll_background(self) -> None:
        r = self.background.poll() if self.background is not None else None
        if r is not None:
            raise _Decided(r)

    def stop_background(self) -> None:
        if self.background is not None:
            self.background.stop()

    def wait_background(self) -> SmtResult | None:
        """Wait (until the deadline) for a definite answer of the plain solvers."""
        if self.background is None:
            return None
        r = self.background.wait(self.deadline + 1.0)
        return r if r.status.definite else None

    def check(self, assertions: Sequence[Term], *, label: str, parents: Sequence[str | None] = (),
              solver: str | None = None, timeout: float | None = None, want_model: bool = True,
              strict_verify: bool = False) -> tuple[SmtResult, str | None]:
        self.poll_background()
        budget = min(timeout if timeout is not None else self.cfg.check_timeout, self.remaining())
        name = solver or self.cfg.solver
        if budget < 0.05:
            res = SmtResult(status=Status.UNKNOWN, solver=name, seconds=0.0, reason="timeout")
        elif name == "verify":
            res = self._verify(assertions, budget)
        else:
            res = check_sat(list(assertions), solver=name, timeout=budget, want_model=want_model,
                            memory_mb=self.cfg.memory_mb)
        self.stats["checks"] += 1
        payload = res.replay_payload()
        nid = self.node("smt-query", label, parents, edge="checked-by", solver=res.solver,
                        result=res.status.value, seconds=round(res.seconds, 4),
                        checker=payload["checker"] if payload else None, replay=payload,
                        **({"reason": res.reason.value} if res.reason else {}))
        self.poll_background()
        return res, nid

    def _verify(self, assertions: Sequence[Term], budget: float) -> SmtResult:
        """Ask every verifying solver in parallel (the SMT layer's cross-check). Once one proves the query
        unsat, the others get a short grace period to object (a sat answer is a disagreement and refutes)."""
        solvers = [s for s in self.cfg.verify_solvers if s in available_backends()] or [self.cfg.solver]
        res = check_sat(list(assertions), solver="crosscheck", solvers=solvers, timeout=budget, want_model=False,
                        memory_mb=self.cfg.memory_mb, strict=False, grace=VERIFY_GRACE)
        return replace(res, solver="+".join(solvers))


def _new_graph(title: str) -> Any:
    try:
        from symbolic.provenance import ProvenanceGraph
    except ImportError:  # pragma: no cover - provenance is part of the package
        return None
    return ProvenanceGraph(title=title)


class AquaForte:
    """LLM-guided (or template-guided) quantified SMT solving over uninterpreted functions.

    ``proposer`` is any :class:`~symbolic.aquaforte.proposer.Proposer`; the default is the deterministic
    :class:`~symbolic.aquaforte.templates.TemplateProposer`. Construction does no work.
    """

    def __init__(self, proposer: Proposer | None = None, config: AquaForteConfig | None = None) -> None:
        self.proposer: Proposer = proposer or TemplateProposer()
        self.config = config or AquaForteConfig()

    @property
    def proposer_name(self) -> str:
        return str(getattr(self.proposer, "name", type(self.proposer).__name__))

    # -- entry points ---------------------------------------------------------------------------------------
    def solve_file(self, path: str | Path) -> SmtResult:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read file: {exc}", source=str(p)) from None
        return self.solve_text(text, source=str(p))

    def solve_text(self, text: str, *, source: str = "<input>") -> SmtResult:
        """Solve an SMT-LIB2 script. Scripts the term reader does not cover (arrays, unknown commands)
        still get the plain solvers; malformed S-expressions raise :class:`ParseError`."""
        raw_job = self._raw_job(text, source)
        try:
            script = read_script(text, source=source)
        except InputError as exc:
            run = _Run(self.config, source)
            run.node("goal", f"{source} (not translatable: {exc.message})", status="open")
            run.start_background(raw_job)
            r = run.wait_background()
            run.stop_background()
            if r is not None:
                return self._plain_result(run, r)
            return _answer(Status.UNKNOWN, time.monotonic() - run.started, reason=Reason.TIMEOUT,
                           decided_by="plain", stats=dict(run.stats), graph=run.graph)
        return self.solve(script.assertions, raw_job=raw_job, title=source)

    def _raw_job(self, text: str, source: str) -> Job:
        body, names, _ = solver_text(text, source=source)
        return Job(script=body, timeout_ms=int(self.config.timeout * 1000), model_names=tuple(names))

    def solve(self, assertions: Sequence[Term], *, raw_job: Job | None = None,
              title: str = "aquaforte") -> SmtResult:
        """Decide the conjunction of ``assertions`` (see the module docstring for why answers are sound)."""
        run = _Run(self.config, title)
        root = run.node("goal", " /\\ ".join(to_text(a) for a in assertions[:6]) or "true", status="open",
                        assertions=len(assertions))
        if self.config.race_plain:
            job = raw_job
            if job is None:
                job, _ = prepare_job(list(assertions), timeout=self.config.timeout)
            run.start_background(job)
        try:
            result = self._solve(run, list(assertions), root)
        except _Decided as d:
            result = self._plain_result(run, d.result)
        finally:
            run.stop_background()
        result = replace(result, seconds=time.monotonic() - run.started, stats=dict(run.stats), graph=run.graph)
        end = run.node("proof", f"result: {result.status.value}", [root, run.decisive], status=result.status.value,
                       decided_by=result.decided_by or "", reason=result.reason.value if result.reason else "")
        if run.graph is not None and end is not None:
            run.graph.conclude(end)
        return result

    def _plain_result(self, run: _Run, r: SmtResult) -> SmtResult:
        model = {k: (v if isinstance(v, int | Fraction | bool) else str(v)) for k, v in (r.model or {}).items()}
        payload = r.replay_payload()
        run.decisive = run.node("smt-query", "plain solver on the whole problem", solver=r.solver, result=r.status.value,
                 seconds=round(r.seconds, 4), checker=payload["checker"] if payload else None, replay=payload)
        return _answer(r.status, time.monotonic() - run.started, reason=r.reason, query=r.query,
                       decided_by=f"plain-{r.solver}", model=model)

    # -- the pipeline ---------------------------------------------------------------------------------------
    def _solve(self, run: _Run, assertions: list[Term], root: str | None) -> SmtResult:
        pre = preprocess(assertions)
        pnode = run.node("fact", f"preprocessed: {len(pre.assertions)} assertions, {pre.removed} removed, "
                         f"{len(pre.definitions)} definitions expanded", [root],
                         definitions=[d.text() for d in pre.definitions])
        if pre.trivially_unsat:
            return _answer(Status.UNSAT, decided_by="preprocess")
        comps = separate(pre.assertions)
        run.stats["components"] = len(comps)
        solved_defs: list[Definition] = []
        model: dict[str, object] = {}
        unresolved: list[tuple[Component, list[Term], str | None]] = []
        for comp in sorted(comps, key=lambda c: (bool(c.functions), sum(a.size for a in c.assertions))):
            cnode = run.node("goal", f"component {comp.id}: " + " /\\ ".join(to_text(a) for a in comp.assertions),
                             [pnode], functions=[f.head for f in comp.functions],
                             constants=[c.head for c in comp.constants])
            if not comp.functions:
                share = run.remaining() / max(1, len(comps))
                res, _ = run.check(comp.assertions, label=f"ground component {comp.id}", parents=[cnode],
                                   solver="z3", timeout=share)
                if res.status is Status.UNSAT:
                    return _answer(Status.UNSAT, decided_by=f"component-{res.solver}")
                if res.status is Status.SAT:
                    model.update(res.model or {})
                    continue
                unresolved.append((comp, [], cnode))
                continue
            out, learned = self._component(run, comp, cnode, verify_each=len(comps) > 1)
            if out.status is Status.SAT:
                solved_defs.extend(out.definitions)
                model.update(out.model)
            else:
                unresolved.append((comp, learned, cnode))
        if not unresolved:
            return self._finish_sat(run, assertions, pre.definitions, solved_defs, model, root)
        # fallback: the plain solvers on each open component with what was learned
        if self.config.fallback:
            for comp, learned, cnode in unresolved:
                if not learned and run.background is not None and len(comps) == 1:
                    continue  # the background race already runs exactly this query
                res, _ = run.check([*comp.assertions, *learned], label=f"fallback on {comp.id} with "
                                   f"{len(learned)} learned instances", parents=[cnode], solver="portfolio",
                                   timeout=run.remaining())
                if res.status is Status.UNSAT:
                    return _answer(Status.UNSAT, decided_by=f"fallback-{res.solver}")
                if res.status is Status.SAT and len(unresolved) == 1 and len(comps) == 1:
                    m = {k: v for k, v in (res.model or {}).items()}
                    return _answer(Status.SAT, decided_by=f"fallback-{res.solver}", model=m)
        r = run.wait_background()
        if r is not None:
            raise _Decided(r)
        return _answer(Status.UNKNOWN, reason=Reason.TIMEOUT if run.remaining() <= 0.1 else Reason.INCOMPLETE)

    def _finish_sat(self, run: _Run, assertions: list[Term], pre_defs: list[Definition],
                    defs: list[Definition], model: dict[str, object], root: str | None) -> SmtResult:
        """Check the whole original formula under all definitions and constant values."""
        all_defs = [*pre_defs, *defs]
        closed, complete = _close(assertions, all_defs, model)
        if not complete:
            return _answer(Status.UNKNOWN, reason=Reason.INCOMPLETE, decided_by="candidate",
                           message="model values are not rational")
        res, run.decisive = run.check([not_(and_(closed))], label="final check of the original formula under "
                                      "the model", parents=[root], solver="verify",
                                      timeout=max(self.config.check_timeout, 1.0))
        if res.status is not Status.UNSAT:
            return _answer(Status.UNKNOWN, reason=Reason.INCOMPLETE, decided_by="candidate",
                           message=f"the candidate model was not confirmed ({res.status.value})")
        verified = [s for s, v in res.details.items() if v == "unsat"]
        return _answer(Status.SAT, decided_by="candidate",
                       definitions={d.symbol.head: d.text() for d in all_defs}, model=model,
                       verified_by=verified)

    # -- one component --------------------------------------------------------------------------------------
    def _component(self, run: _Run, comp: Component, cnode: str | None,
                   verify_each: bool = True) -> tuple[_Outcome, list[Term]]:
        """Propose, validate and refine candidates for one component. ``verify_each`` asks for an
        independent check of each component model (with one component, the final check does it)."""
        run.verify_each = verify_each
        cfg = self.config
        sigs = tuple(FunctionSignature(f.head, tuple(str(s) for s in f.sort.args),  # type: ignore[attr-defined]
                                       str(f.sort.result)) for f in comp.functions)  # type: ignore[attr-defined]
        constraints = tuple(_short(to_text(a)) for a in comp.assertions)
        consts = {c.head: c for c in comp.constants}
        feedback: list[str] = []
        tried: set[tuple[tuple[str, str], ...]] = set()
        excluded: list[tuple[Definition, ...]] = []
        learned: list[Term] = []
        for rnd in range(cfg.rounds):
            if run.remaining() < 0.2:
                break
            request = ProposalRequest(comp.id, sigs, constraints, tuple(feedback[-24:]),
                                      n=cfg.candidates_per_round)
            run.stats["proposals"] += 1
            texts, failure = _call_proposer(self.proposer, request, run.remaining())
            if failure:
                run.node("proposal", f"proposer failed: {failure}", [cnode], model=self.proposer_name, round=rnd)
            if not isinstance(texts, list):
                texts = []
            pnode = run.node("proposal", f"round {rnd}: {len(texts)} candidates for "
                             f"{', '.join(s.name for s in sigs)}", [cnode], model=self.proposer_name,
                             round=rnd, feedback=len(request.feedback))
            if not texts:
                break
            for text in texts:
                if run.remaining() < 0.2:
                    break
                try:
                    cand = parse_candidate(text, comp.functions, consts)
                except CandidateError as exc:
                    run.stats["rejected_parse"] += 1
                    feedback.append(f"{str(text)[:200]}: rejected: {exc.message}")
                    run.node("fact", f"rejected candidate {str(text)[:200]!r}: {exc.message}", [pnode],
                             edge="proposed-by", status="rejected")
                    continue
                key = cand.key()
                same = key in tried or self._equivalent_to_excluded(run, cand, excluded)
                if same:
                    run.stats["duplicates"] += 1
                    feedback.append(f"{cand.text}: already tried (same as an excluded candidate)")
                    continue
                tried.add(key)
                run.stats["candidates"] += 1
                knode = run.node("fact", f"candidate {cand.describe()}", [pnode], edge="proposed-by",
                                 status="candidate")
                out = self._try(run, comp, cand, knode, tried)
                for a, pt in out.points:
                    if len(learned) < cfg.max_instances:
                        inst = simplify(instantiate(a, pt))
                        if inst is not TRUE and inst not in learned:
                            learned.append(inst)
                            run.stats["instances"] += 1
                if out.status is Status.SAT:
                    return out, learned
                if out.status is Status.UNSAT and cand.concrete:
                    excluded.append(cand.definitions)
                feedback.append(f"{cand.text}: {out.reason}")
        return _Outcome(Status.UNKNOWN, "no candidate worked"), learned

    def _equivalent_to_excluded(self, run: _Run, cand: Candidate,
                                excluded: list[tuple[Definition, ...]]) -> bool:
        """Is a concrete candidate equal, as a function, to one already excluded? Cheap fingerprints at
        sample points pick the suspects; one solver query per suspect decides."""
        if not cand.concrete or not excluded:
            return False
        mine = _fingerprint(cand.definitions)
        for old in excluded:
            if mine is None or _fingerprint(old) != mine:
                continue
            diffs = []
            for d in cand.definitions:
                e = next((o for o in old if o.symbol is d.symbol), None)
                if e is None:
                    break
                body_e = substitute(e.body, dict(zip(e.params, d.params, strict=True)))
                diffs.append(not_(eq_(d.body, body_e)))
            else:
                res, _ = run.check([or_(diffs)], label="is the candidate equivalent to an excluded one?",
                                   timeout=min(1.0, self.config.check_timeout), want_model=False)
                if res.status is Status.UNSAT:
                    return True
        return False

    def _try(self, run: _Run, comp: Component, cand: Candidate, knode: str | None,
             tried: set[tuple[tuple[str, str], ...]]) -> _Outcome:
        if cand.concrete:
            return self._concrete(run, comp, cand.definitions, knode)
        return self._cegis(run, comp, cand, knode, tried)

    def _concrete(self, run: _Run, comp: Component, defs: Sequence[Definition], knode: str | None) -> _Outcome:
        expanded = [expand_all(a, defs) for a in comp.assertions]
        if FALSE in expanded:
            bad = comp.assertions[expanded.index(FALSE)]
            self._exclude(run, defs, knode)
            return _Outcome(Status.UNSAT, f"violates {_short(to_text(bad))}")
        res, qnode = run.check(expanded, label="candidate substituted into the component", parents=[knode])
        if res.status is Status.SAT:
            model = dict(res.model or {})
            closed, complete = _close(list(comp.assertions), defs, model)
            if not complete:
                return _Outcome(Status.UNKNOWN, "model values are not rational")
            if not run.verify_each:
                return _Outcome(Status.SAT, "", tuple(defs), {c.head: model.get(c.head, 0) for c in comp.constants},
                                [], node=qnode)
            vres, _ = run.check([not_(and_(closed))], label="independent check of the candidate model",
                                parents=[knode], solver="verify")
            if vres.status is Status.UNSAT:
                return _Outcome(Status.SAT, "", tuple(defs), {c.head: model.get(c.head, 0) for c in comp.constants},
                                [s for s, v in vres.details.items() if v == "unsat"], node=qnode)
            return _Outcome(Status.UNKNOWN, f"model not confirmed ({vres.status.value})")
        if res.status is Status.UNSAT:
            self._exclude(run, defs, qnode)
            reason, points = self._explain(run, comp, defs, knode)
            return _Outcome(Status.UNSAT, reason, points=points)
        return _Outcome(Status.UNKNOWN, f"solver {res.reason or 'unknown'}")

    def _exclude(self, run: _Run, defs: Sequence[Definition], parent: str | None) -> None:
        run.stats["exclusions"] += 1
        text = " \\/ ".join(
            f"exists {', '.join(p.head for p in d.params)}. {d.symbol.head}({', '.join(p.head for p in d.params)})"
            f" != {to_text(d.body)}" for d in defs)
        run.node("fact", f"exclusion: {text}", [parent], status="excluded")

    def _explain(self, run: _Run, comp: Component, defs: Sequence[Definition],
                 knode: str | None) -> tuple[str, list[tuple[Term, dict[Term, Term]]]]:
        """Which constraint the candidate violates, and where (a counterexample point per quantified one)."""
        points: list[tuple[Term, dict[Term, Term]]] = []
        reason = "contradicts the constraints taken together"
        for a in comp.assertions:
            binders, body = strip_forall(a)
            if not binders:
                continue
            if run.remaining() < 0.3:
                break
            neg = not_(expand_all(body, defs))
            res, _ = run.check([neg], label=f"counterexample search for {_short(to_text(a))}", parents=[knode],
                               timeout=min(1.0, self.config.check_timeout))
            if res.status is Status.SAT and res.model is not None:
                pt: dict[Term, Term] = {}
                for b in binders:
                    v = value_term(res.model.get(b.head, 0), b.sort)
                    if v is None:
                        break
                    pt[b] = v
                else:
                    points.append((a, pt))
                    where = ", ".join(f"{b.head}={to_text(v)}" for b, v in pt.items())
                    reason = f"violates {_short(to_text(a))} at {where}"
                    break  # one counterexample per failed candidate keeps the loop fast
        return reason, points

    def _fit(self, run: _Run, ground: list[Term], cand: Candidate, knode: str | None) -> SmtResult:
        """Coefficients satisfying the ground instances; integer values are tried first, because simple
        coefficients generalise (CEGIS otherwise creeps towards a boundary: 1.99, 1.999, ...)."""
        real_holes = [h for h in cand.holes if h.sort is REAL]
        if real_holes:
            integral = [eq_(cast(cast(h, INT), REAL), h) for h in real_holes]
            res, _ = run.check([*ground, *integral], label="fit integer coefficients to ground instances",
                               parents=[knode], timeout=self.config.fit_timeout / 2)
            if res.status is Status.SAT:
                return res
        res, _ = run.check(ground, label="fit coefficients to ground instances", parents=[knode],
                           timeout=self.config.fit_timeout)
        return res

    def _cegis(self, run: _Run, comp: Component, cand: Candidate, knode: str | None,
               tried: set[tuple[tuple[str, str], ...]]) -> _Outcome:
        """Fit the candidate's free coefficients to instances of the constraints, check, refine."""
        cfg = self.config
        expanded = [expand_all(a, cand.definitions) for a in comp.assertions]
        pts: dict[int, list[dict[Term, Term]]] = {}
        for i, a in enumerate(expanded):
            binders, body = strip_forall(a)
            if binders:
                pts[i] = []
                if not _equational(body):
                    continue  # inequalities join through counterexamples; they make fitting slow
                # points where the instance says something (a false guard makes it trivially true)
                useful = [p for p in initial_points(binders, 8 * cfg.initial_points)
                          if simplify(instantiate(a, p)) is not TRUE]
                pts[i] = useful[: cfg.initial_points]
        learned_points: list[tuple[Term, dict[Term, Term]]] = []
        last = "no coefficients fit"
        for _ in range(cfg.cegis_rounds):
            if run.remaining() < 0.2:
                return _Outcome(Status.UNKNOWN, "out of time", points=learned_points)
            ground: list[Term] = []
            for i, a in enumerate(expanded):
                if i in pts:
                    ground.extend(simplify(instantiate(a, p)) for p in pts[i])
                else:
                    ground.append(a)
            if FALSE in ground:
                return _Outcome(Status.UNSAT, "no coefficients fit the constraints at the sampled points",
                                points=learned_points)
            ground = [g for g in ground if g is not TRUE] or [TRUE]
            res = self._fit(run, ground, cand, knode)
            if res.status is Status.UNSAT:
                return _Outcome(Status.UNSAT, "no coefficients fit the constraints at the sampled points",
                                points=learned_points)
            if res.status is Status.UNKNOWN:
                return _Outcome(Status.UNKNOWN, f"coefficient fitting: {res.reason}", points=learned_points)
            values: dict[Term, Term] = {}
            for h in cand.holes:
                v = value_term((res.model or {}).get(h.head, 0), h.sort)
                if v is None:
                    return _Outcome(Status.UNKNOWN, "irrational coefficients", points=learned_points)
                values[h] = v
            defs = tuple(Definition(d.symbol, d.params, simplify(substitute(d.body, values)))
                         for d in cand.definitions)
            concrete = Candidate("; ".join(d.text() for d in defs), defs, ())
            tried.add(concrete.key())
            cnode = run.node("fact", f"fitted candidate {concrete.describe()}", [knode], status="candidate")
            out = self._concrete(run, comp, defs, cnode)
            learned_points.extend(out.points)
            if out.status is Status.SAT:
                out.points = learned_points
                return out
            last = out.reason
            if out.status is Status.UNKNOWN or not out.points:
                return _Outcome(out.status, f"fitted {concrete.describe()}: {last}", points=learned_points)
            for a, pt in out.points:
                i = comp.assertions.index(a)
                # the counterexample is a point of the original binders; map onto the expanded formula's binders
                eb, _ = strip_forall(expanded[i])
                ob, _ = strip_forall(a)
                ren = {e: pt[o] for e, o in zip(eb, ob, strict=False) if o in pt}
                pts.setdefault(i, []).append(ren)
        return _Outcome(Status.UNSAT, f"no fit after {cfg.cegis_rounds} refinements ({last})",
                        points=learned_points)


def _answer(status: Status, seconds: float = 0.0, **fields: Any) -> SmtResult:
    """An AquaForte answer (``solve`` fills in the time, stats and graph of the whole run)."""
    return SmtResult(status=status, solver="aquaforte", seconds=seconds, **fields)


def _call_proposer(proposer: Proposer, request: ProposalRequest, budget: float) -> tuple[object, str | None]:
    """Call the proposer in a daemon thread so a slow model cannot hold the run past its deadline.

    Returns the reply (anything; the caller validates it) and a one-line failure reason or None.
    """
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["reply"] = proposer(request)
        except Exception as exc:  # a proposer failure is feedback, not a crash of the solve
            box["error"] = f"{type(exc).__name__}: {exc}"

    worker = threading.Thread(target=target, name="aquaforte-proposer", daemon=True)
    worker.start()
    worker.join(max(0.0, budget))
    if worker.is_alive():
        return [], f"no reply within {budget:.1f} s"
    if "error" in box:
        return [], str(box["error"])[:300]
    return box.get("reply", []), None


def _equational(body: Term) -> bool:
    """Is ``body`` (under implication guards) an equation or a conjunction of equations?"""
    while body.op is Op.IMPLIES:
        body = body.args[1]
    if body.op is Op.AND:
        return all(_equational(b) for b in body.args)
    return body.op in (Op.EQ, Op.IFF)


def _fingerprint(defs: Sequence[Definition]) -> tuple[object, ...] | None:
    """Values of each definition at a few sample points (None when they do not fold to constants)."""
    out: list[object] = []
    for d in sorted(defs, key=lambda d: d.symbol.head):
        for point in initial_points(d.params, 4):
            v = simplify(substitute(d.body, point))
            if not v.is_const:
                return None
            out.append((d.symbol.head, v.head))
    return tuple(out)


def _close(assertions: Sequence[Term], defs: Sequence[Definition],
           model: dict[str, object]) -> tuple[list[Term], bool]:
    """Assertions with definitions expanded and free constants replaced by model values (0 when the model
    does not mention them); ``complete`` is False when a value is not rational or a function is left."""
    out: list[Term] = []
    for a in assertions:
        t = expand_all(a, defs)
        sub: dict[Term, Term] = {}
        for v in t.free_vars:
            val = value_term(model.get(v.head, False if v.sort.name == "Bool" else 0), v.sort)  # type: ignore[attr-defined]
            if val is None:
                return out, False
            sub[v] = val
        t = simplify(substitute(t, sub)) if sub else t
        if symbols(t):
            return out, False
        out.append(t)
    return out, True


def solve_smtlib(text: str, *, proposer: Proposer | None = None, config: AquaForteConfig | None = None,
                 source: str = "<input>") -> SmtResult:
    """Run AquaForte on an SMT-LIB2 script."""
    return AquaForte(proposer, config).solve_text(text, source=source)

