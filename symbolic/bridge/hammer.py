"""The SMT hammer: Lean statement → sequent → (instances) → SMT → unsat core → Lean tactic scripts.

Steps, each recorded in the provenance graph when one is given (goal → translation → SMT query → instances
→ script → Lean verdict):

1. translate (parse + elaborate); the goal's leading ``∀``/``→`` are introduced (``intro``);
2. instantiate the ∀-hypotheses on the problem's ground terms (our own instantiation trace);
3. ground query: ground hypotheses + instances + ¬goal, lowered to Lean-faithful SMT terms, with an unsat core;
4. if that is not unsat: the quantified query (hypotheses as they are) so the solver instantiates itself;
5. unsat → PROVED (checker ``smt``), with scripts built from the core: the used instances become ``have``
   steps, then the closers of :func:`symbolic.bridge.reconstruct.closers` in their fixed order;
   sat on an exact encoding (no abstracted function, no ℚ, no dropped quantifier) → DISPROVED with the model;
   anything else → UNKNOWN. Lean is never run here: scripts are ``not checked`` unless a checker is injected.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from symbolic.bridge.elaborate import Sequent
from symbolic.bridge.errors import LeanSyntaxError, UnsupportedError
from symbolic.bridge.hammer_provenance import HammerRecorder as _Recorder
from symbolic.bridge.hammer_query import hammer_queries
from symbolic.bridge.instances import Instance
from symbolic.bridge.reconstruct import Candidate, reconstruct
from symbolic.bridge.translate import Translation, translate
from symbolic.errors import InputError
from symbolic.logic import Op, Term, not_, symbols
from symbolic.verdicts import Checker, Claim, LeanVerdict, Outcome, Reason

__all__ = ["HammerConfig", "HammerResult", "LeanChecker", "Outcome", "hammer", "hammer_translation",
           "propose_tactics"]

#: A Lean checker injected by the caller: Lean source → Lean's verdict (a :class:`LeanVerdict` or its value).
#: The hammer's outcomes are the shared :class:`Outcome` values ``proved`` (checker ``smt``, or ``lean`` when an
#: injected checker accepted a script), ``disproved`` (checker ``smt``: a counter-model on an exact encoding),
#: ``unknown``, ``unsupported``, ``parse_error`` and ``error``; never an exception.
LeanChecker = Callable[[str], "LeanVerdict | str"]


@dataclass(frozen=True)
class HammerConfig:
    """Inert settings of one hammer run."""

    solver: str = "portfolio"
    timeout: float = 10.0
    max_instances: int = 300
    try_quantified: bool = True
    use_aquaforte: bool = True  # functional hypotheses left unknown: candidate definitions (counter-models)
    model_instances: bool = True  # ℕ/ℤ ∀-hypotheses: instances at the values models point to
    budget: float | None = None  # seconds for the whole problem; default 2 × timeout


@dataclass
class HammerResult:
    """Outcome and evidence of one hammer run (``to_json`` gives the stable report form)."""

    name: str
    outcome: Outcome
    detail: str = ""
    seconds: float = 0.0
    checker: Checker | None = None
    scripts: list[Candidate] = field(default_factory=list)
    verdicts: list[LeanVerdict] = field(default_factory=list)  # Lean's answer per script, in order
    model: dict[str, str] | None = None
    core: list[str] | None = None
    instances_used: list[str] = field(default_factory=list)
    queries: list[dict[str, Any]] = field(default_factory=list)
    parsed: bool = False
    translated: bool = False
    rejected: list[dict[str, Any]] = field(default_factory=list)  # scripts the self-check refused, with why
    reason: Reason | None = None  # why there is no definite answer (unknown, unsupported, error)

    @property
    def claim(self) -> Claim:
        """The outcome in the shared vocabulary, with what backs it."""
        return Claim(self.outcome, self.checker, self.reason or _REASONS.get(self.outcome), self.detail)

    @property
    def script(self) -> str | None:
        """The primary reconstruction (the first candidate), or None."""
        if not self.scripts:
            return None
        c = self.scripts[0]
        return c.lean or c.tactics

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "outcome": self.outcome.value, "detail": self.detail,
            "seconds": round(self.seconds, 3), "checker": self.checker.value if self.checker else None,
            "reason": self.claim.reason.value if self.claim.reason else None, "parsed": self.parsed,
            "translated": self.translated, "model": self.model, "core": self.core,
            "instances_used": self.instances_used, "queries": self.queries,
            "scripts": [{"closer": c.closer, "tactics": c.tactics, "lean": c.lean, "verdict": v.value}
                        for c, v in zip(self.scripts, self.verdicts, strict=True)],
            "rejected": self.rejected,
        }


_REASONS = {Outcome.UNSUPPORTED: Reason.UNSUPPORTED, Outcome.PARSE_ERROR: None, Outcome.ERROR: Reason.ERROR,
            Outcome.UNKNOWN: Reason.INCOMPLETE}


def _conjunction_parts(t: Term) -> int:
    return sum(_conjunction_parts(a) for a in t.args) if t.op is Op.AND else 1


def hammer(text: str, *, name: str | None = None, config: HammerConfig | None = None,
           checker: LeanChecker | None = None, graph: Any = None, source: str = "<input>") -> HammerResult:
    """Run the hammer on Lean text (theorem, goal state or proposition); always returns a result."""
    started = time.monotonic()
    try:
        tr = translate(text, source=source)
    except UnsupportedError as exc:
        return HammerResult(name or source, Outcome.UNSUPPORTED, exc.construct, time.monotonic() - started,
                            parsed=_parses(text, source))
    except LeanSyntaxError as exc:
        return HammerResult(name or source, Outcome.PARSE_ERROR, str(exc), time.monotonic() - started)
    except InputError as exc:
        return HammerResult(name or source, Outcome.PARSE_ERROR, str(exc), time.monotonic() - started)
    try:
        res = hammer_translation(tr, config=config, checker=checker, graph=graph)
    except Exception as exc:  # a defect here must still give this problem a typed outcome, not end a batch
        return HammerResult(name or source, Outcome.ERROR, f"internal error: {type(exc).__name__}: {exc}",
                            time.monotonic() - started, parsed=True, translated=True)
    if name:
        res.name = name
    res.seconds = time.monotonic() - started
    return res


_LEAN_SORT = {"Nat": "ℕ", "Int": "ℤ", "Rat": "ℚ", "Real": "ℝ"}


def _reading(seq: Sequent) -> str:
    return ", ".join(_LEAN_SORT.get(str(s), str(s)) for s in seq.literal_choice)


def _hammer_readings(tr: Translation, *, config: HammerConfig | None, checker: LeanChecker | None,
                     graph: Any) -> HammerResult:
    """A goal state whose literals' sorts are not printed: ``proved`` only when every reading is proved,
    never ``disproved`` (a counter-model under one reading says nothing about the sort Lean had)."""
    first: HammerResult | None = None
    for k, seq in enumerate(tr.readings):
        one = Translation(tr.statement, seq, tr.header, text=tr.text)
        res = _hammer_one(one, config=config, checker=checker if k == 0 else None,
                          graph=graph if k == 0 else None)
        first = first or res
        if res.outcome is not Outcome.PROVED:
            what = {Outcome.DISPROVED: "a counter-model"}.get(res.outcome, res.outcome.value)
            first.outcome, first.checker, first.scripts, first.verdicts = Outcome.UNKNOWN, None, [], []
            first.reason = Reason.INEXACT
            first.model = res.model
            first.detail = (f"literal sorts not shown: {what} when the literals are ({_reading(seq)}) "
                            f"[{res.detail}]; request the state with pp.numericTypes")
            return first
    assert first is not None
    first.detail += f"; proved under all {len(tr.readings)} readings of the literals' unshown sorts"
    return first


def _parses(text: str, source: str) -> bool:
    from symbolic.bridge.translate import parse_any

    try:
        parse_any(text, source=source)
    except InputError:
        return False
    return True


def hammer_translation(tr: Translation, *, config: HammerConfig | None = None,
                       checker: LeanChecker | None = None, graph: Any = None) -> HammerResult:
    """Run the hammer on an already translated statement (every reading of a goal state's literal sorts)."""
    if len(tr.readings) > 1:
        return _hammer_readings(tr, config=config, checker=checker, graph=graph)
    return _hammer_one(tr, config=config, checker=checker, graph=graph)


def _hammer_one(tr: Translation, *, config: HammerConfig | None, checker: LeanChecker | None,
                graph: Any) -> HammerResult:
    """The hammer on one sequent (all sorts known)."""
    from symbolic.smt import Status, check_sat

    cfg = config or HammerConfig()
    started = time.monotonic()
    seq = tr.sequent
    result = HammerResult(seq.name, Outcome.UNKNOWN, parsed=True, translated=True)
    rec = _Recorder(graph, tr, max_instances=cfg.max_instances)
    q = hammer_queries(tr, max_instances=cfg.max_instances)
    seq.abstracted |= q.abstracted
    hyps, goal, intros, witnesses = q.hyps, q.goal, q.intros, q.witnesses
    ground_hyps, quant_hyps, instances, facts = q.ground_hyps, q.quant_hyps, q.instances, q.facts
    # 1. ground query with an unsat core
    low, named = q.lowering, q.ground
    abstracted = set(seq.abstracted) | low.abstracted
    exact_ground = not abstracted and not low.has_rat and not quant_hyps
    try:
        res = check_sat([t for _, t in named], solver=cfg.solver, timeout=cfg.timeout, want_model=True,
                        want_core=True, names=[n for n, _ in named])
    except Exception as exc:  # the solver seam failed (not an answer): a typed outcome, never a crash
        result.outcome, result.detail = Outcome.ERROR, f"solver failure: {type(exc).__name__}: {exc}"
        result.seconds = time.monotonic() - started
        return result
    qid = rec.query("ground", res, len(named))
    result.queries.append({"kind": "ground", "status": res.status.value, "solver": res.solver,
                           "seconds": round(res.seconds, 3), "reason": res.reason, "assertions": len(named)})
    if res.status is Status.SAT and not exact_ground and cfg.model_instances and quant_hyps:
        # E-matching found too few instances: look for the values a model says are still missing
        from symbolic.bridge.lower import Lowering
        from symbolic.bridge.model_instances import model_instances

        budget = cfg.budget if cfg.budget is not None else 2 * cfg.timeout
        left = min(cfg.timeout, budget - (time.monotonic() - started)) / 2
        extra = model_instances([(h.name, h.formula) for h in quant_hyps],
                                [h.formula for h in ground_hyps] + [not_(goal)], instances,
                                timeout=left, lower=Lowering) if left > 0.5 else []
        if extra:
            q2 = hammer_queries(tr, max_instances=cfg.max_instances, extra=extra)
            res2 = check_sat([t for _, t in q2.ground], solver=cfg.solver, timeout=cfg.timeout, want_model=True,
                             want_core=True, names=[n for n, _ in q2.ground])
            result.queries.append({"kind": "ground+model-instances", "status": res2.status.value,
                                   "solver": res2.solver, "seconds": round(res2.seconds, 3),
                                   "reason": res2.reason, "assertions": len(q2.ground)})
            if res2.status is Status.UNSAT:
                q, res, named = q2, res2, q2.ground
                instances, facts = q.instances, q.facts
                qid = rec.query("ground", res, len(named))
    used_instances: list[Instance] = []
    final = res
    if res.status is Status.UNSAT:
        core = set(res.core or [n for n, _ in named])
        used_instances = [i for k, i in enumerate(instances, start=1) if f"inst{k}" in core]
        result.core = sorted(core)
    elif res.status is Status.SAT and exact_ground:
        result.outcome, result.model = Outcome.DISPROVED, _model(res.model)
        result.checker, result.detail = Checker.SMT, "counter-model (exact encoding)"
    elif cfg.try_quantified and quant_hyps:
        # 2. quantified query: the solver instantiates by itself
        qnamed, lowq = q.quantified()
        budget = cfg.budget if cfg.budget is not None else 2 * cfg.timeout
        remaining = max(1.0, min(cfg.timeout, budget - (time.monotonic() - started)))
        try:
            res2 = check_sat([t for _, t in qnamed], solver=cfg.solver, timeout=remaining, want_model=True,
                             want_core=True, names=[n for n, _ in qnamed])
        except Exception as exc:
            result.outcome, result.detail = Outcome.ERROR, f"solver failure: {type(exc).__name__}: {exc}"
            result.seconds = time.monotonic() - started
            return result
        qid = rec.query("quantified", res2, len(qnamed))
        result.queries.append({"kind": "quantified", "status": res2.status.value, "solver": res2.solver,
                               "seconds": round(res2.seconds, 3), "reason": res2.reason,
                               "assertions": len(qnamed)})
        final = res2
        left = budget - (time.monotonic() - started) - 0.5  # margin for process start and teardown
        if res2.status is Status.UNKNOWN and cfg.use_aquaforte and left >= 2.0 and any(
                symbols(h.formula) for h in quant_hyps):
            # 3. AquaForte: candidate definitions for the uninterpreted functions (a sat answer is verified)
            res3 = _aquaforte([t for _, t in qnamed], left)
            if res3 is not None:
                qid = rec.query("aquaforte", res3, len(qnamed))
                result.queries.append({"kind": "aquaforte", "status": res3.status.value, "solver": res3.solver,
                                       "seconds": round(res3.seconds, 3), "reason": res3.reason,
                                       "assertions": len(qnamed)})
                final = res2 = res3
        if res2.status is Status.UNSAT:
            result.core = sorted(res2.core or [n for n, _ in qnamed])
        elif res2.status is Status.SAT and not (abstracted | lowq.abstracted) and not lowq.has_rat:
            result.outcome, result.model = Outcome.DISPROVED, _model(res2.model)
            result.checker, result.detail = Checker.SMT, f"counter-model (quantified query, {res2.solver})"
    if final.status is Status.UNSAT:
        result.outcome = Outcome.PROVED
        result.checker = Checker.SMT
        result.instances_used = [f"{i.hypothesis} {' '.join(i.lean_args)}" for i in used_instances]
        core = set(result.core or [])
        # a hypothesis shadowed by a later one of the same name cannot be named in the script (Lean's `h₀`
        # is the last); its conjunction is left to the closers, which see inaccessible hypotheses too
        last = {h.name: h for h in hyps}
        split = {h.name: _conjunction_parts(h.formula) for h in ground_hyps
                 if h.formula.op is Op.AND and h.name in core and not h.name.startswith("hi")
                 and last[h.name] is h}
        formulas = [h.formula for h in ground_hyps if h.name in core] + [i.formula for i in used_instances]
        used_facts = [lean for k, (lean, _) in enumerate(facts, start=1) if f"fact{k}" in core]
        # the local hypotheses the proof rests on, by the names the script leaves them under
        used_hyps = [n for h in ground_hyps if h.name in core and last[h.name] is h
                     for n in ([f"{h.name}_{i + 1}" for i in range(split[h.name])] if h.name in split else [h.name])]
        scripts = reconstruct(header=tr.header, intros=intros, split_hyps=split,
                              instances=used_instances, formulas=formulas, goal=goal,
                               facts=used_facts, witnesses=witnesses, hyps=used_hyps,
                               named=[(h.name, h.formula) for h in ground_hyps
                                      if h.name in core and h.name not in split and last[h.name] is h])
        result.detail = f"unsat ({final.solver})"
        if final is not res:
            # the solver instantiated the quantifiers itself: no script can show those instances
            result.rejected = [{"closer": c.closer, "checker": Checker.SELF_CHECK.value,
                                "problems": ["the SMT proof's quantifier instances are not traced into the script"]}
                               for c in scripts]
            scripts = []
            result.detail += ", quantified query: no script (the solver's own instances are not traced)"
        needs = [*used_hyps, *(f"i{k}" for k in range(1, len(used_instances) + 1)),
                 *(f"f{k}" for k in range(1, len(used_facts) + 1))]
        result.scripts = _self_checked(tr, scripts, used_instances, result, needs)
        result.verdicts = _check(result.scripts, checker)
        if checker is not None:
            _lean_outcome(result)
        rec.proof(qid, used_instances, result)
    elif result.outcome is Outcome.UNKNOWN:
        why = final.reason or ("sat on an inexact encoding: " + ", ".join(sorted(abstracted) or ["quantifiers"])
                               if final.status is Status.SAT else "unknown")
        result.detail = why
        result.reason = (Reason.INEXACT if final.status is Status.SAT else
                         Reason.TIMEOUT if "timeout" in why else Reason.INCOMPLETE)
        if final.status is Status.SAT:
            result.model = _model(final.model)
    result.seconds = time.monotonic() - started
    return result


def _self_checked(tr: Translation, scripts: list[Candidate], instances: list[Instance],
                  result: HammerResult, needs: list[str]) -> list[Candidate]:
    """Only scripts that read back in the theorem's context are offered (the others go to ``rejected``)."""
    from symbolic.bridge.selfcheck import self_check

    context: str | Translation = tr.header if tr.header is not None else tr
    kept = []
    for c in scripts:
        report = self_check(context, c.lean or c.tactics, instances=instances, needs=needs)
        if report.complete:  # our own text: every step must read back, not only raise no problem
            kept.append(c)
        else:
            result.rejected.append({"closer": c.closer, "checker": Checker.SELF_CHECK.value,
                                    "problems": report.problems + report.unaudited + report.unread})
    return kept


def _aquaforte(assertions: list[Term], timeout: float) -> Any:
    """Run AquaForte on the quantified query; an SmtResult-shaped answer, or None when it is unavailable."""
    try:
        from symbolic.aquaforte import AquaForte, AquaForteConfig
        from symbolic.smt import SmtResult, write_script
    except ImportError:
        return None
    try:
        out = AquaForte(config=AquaForteConfig(timeout=timeout)).solve_text(write_script(assertions),
                                                                            source="hammer")
    except Exception:  # an optional stage: its failure leaves the outcome unknown
        return None
    model: dict[str, object] = {**out.model, **out.definitions} if out.definitions or out.model else {}
    return SmtResult(status=out.status, solver=f"aquaforte/{out.decided_by or '-'}", seconds=out.seconds,
                     reason=out.reason, model=model)


def _check(scripts: list[Candidate], checker: LeanChecker | None) -> list[LeanVerdict]:
    """Lean's verdict per script, in the fixed order; with a checker, stop at the first accepted script."""
    verdicts = [LeanVerdict.NOT_CHECKED] * len(scripts)
    if checker is None:
        return verdicts
    for k, c in enumerate(scripts):
        if c.lean is None:
            continue
        try:
            verdicts[k] = LeanVerdict(checker(c.lean))
        except Exception:  # a checker that fails or answers outside the vocabulary: recorded, not raised
            verdicts[k] = LeanVerdict.REPL_ERROR
        if verdicts[k] is LeanVerdict.VALID:
            break
    return verdicts


def _lean_outcome(result: HammerResult) -> None:
    """With Lean asked, ``proved`` is backed by Lean when it accepted a script; when it accepted none, the
    SMT answer alone does not make a proof the caller can use: ``unknown``, with Lean's verdicts."""
    if LeanVerdict.VALID in result.verdicts:
        result.checker = Checker.LEAN
        result.detail += "; Lean accepted script " + str(result.verdicts.index(LeanVerdict.VALID) + 1)
        return
    counts = collections.Counter(v.value for v in result.verdicts)
    tally = ", ".join(f"{v}×{n}" for v, n in sorted(counts.items())) or "no script to check"
    result.outcome, result.checker, result.reason = Outcome.UNKNOWN, None, Reason.EXHAUSTED
    result.detail += f"; SMT unsat but Lean accepted none of the {len(result.verdicts)} scripts ({tally})"


def _model(model: dict[str, object] | None) -> dict[str, str] | None:
    return None if model is None else {k: str(v) for k, v in sorted(model.items()) if not k.startswith("_")}


def propose_tactics(goal_state: str, *, config: HammerConfig | None = None) -> list[str]:
    """For proof search: tactic blocks that close ``goal_state`` per the SMT proof, best first; [] if none.

    The blocks passed the self-check (they read back in the goal's context) but Lean has not seen them; the
    caller checks them with Lean like any other proposal.
    """
    res = hammer(goal_state, config=config)
    if res.outcome is not Outcome.PROVED:
        return []
    return [c.tactics for c in res.scripts]
