"""Statement audit: before proving, is the theorem vacuous, or is its formal statement false?

1. The statement is translated by the bridge. Text outside the bridge's fragment is ``unsupported`` with the
   construct named (:mod:`prover.batch.fragment`); only text that is not a well-formed declaration is
   ``parse_error``.
2. Vacuity: the theorem's own hypotheses (its binders, not the goal's premises) are checked alone. Unsat →
   ``vacuous``: the theorem holds for no input (the unsat core names the hypotheses that contradict). An
   unsat answer is sound on any encoding here: an abstracted function only adds models.
3. Falsity: the hammer's query hypotheses ∧ ¬goal. Sat on an exact encoding (no abstracted function, no ℚ,
   no dropped quantifier) → ``false_statement`` with the counter-model; a sat answer on an inexact encoding
   is no finding. Unsat means the hammer proved it: the result is kept for the ``hammer`` strategy.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from prover.batch.fragment import diagnose
from symbolic.bridge import HammerConfig
from symbolic.bridge.errors import LeanSyntaxError, UnsupportedError
from symbolic.bridge.facts import ground_facts
from symbolic.bridge.hammer import HammerResult, hammer_translation
from symbolic.bridge.hammer import Outcome as HammerOutcome
from symbolic.bridge.lower import Lowering
from symbolic.bridge.translate import Translation, translate
from symbolic.errors import InputError
from symbolic.verdicts import Checker, Claim, Outcome, Reason

__all__ = ["AuditResult", "audit_statement", "solver_checker"]


@dataclass
class AuditResult:
    """``claim``: ``vacuous`` / ``false_statement`` (a finding), ``unsupported`` / ``parse_error`` (not
    auditable), or ``unknown`` with no reason (audited, nothing found). ``hammer``: the hammer's run when it
    happened (its proof is reused by the ``hammer`` strategy)."""

    claim: Claim
    model: dict[str, str] | None = None
    core: list[str] | None = None
    seconds: float = 0.0
    hammer: HammerResult | None = field(default=None, repr=False)
    translation: Translation | None = field(default=None, repr=False)

    @property
    def finding(self) -> bool:
        return self.claim.outcome in (Outcome.VACUOUS, Outcome.FALSE_STATEMENT)

    @property
    def auditable(self) -> bool:
        return self.claim.outcome not in (Outcome.UNSUPPORTED, Outcome.PARSE_ERROR)

    def to_json(self) -> dict[str, Any]:
        return {**self.claim.to_json(), "model": self.model, "core": self.core, "seconds": round(self.seconds, 3)}


def solver_checker(solver: str) -> Checker:
    """The checker that backs an SMT answer: one named solver, else ``smt``."""
    name = solver.split("/")[-1]
    return {"z3": Checker.Z3, "cvc5": Checker.CVC5}.get(name, Checker.SMT)


def audit_statement(statement: str, *, name: str = "<statement>", timeout_s: float = 5.0,
                    solver: str = "portfolio", graph: Any = None) -> AuditResult:
    """Audit one Lean statement; never raises for a property of the statement."""
    started = time.monotonic()
    try:
        tr = translate(statement, source=name)
    except UnsupportedError as exc:
        return AuditResult(Claim(Outcome.UNSUPPORTED, reason=Reason.UNSUPPORTED, detail=exc.construct),
                           seconds=time.monotonic() - started)
    except LeanSyntaxError as exc:
        diag = diagnose(statement, str(exc))
        outcome = Outcome.UNSUPPORTED if diag.well_formed else Outcome.PARSE_ERROR
        return AuditResult(Claim(outcome, reason=Reason.UNSUPPORTED if diag.well_formed else None,
                                 detail=diag.construct), seconds=time.monotonic() - started)
    except InputError as exc:
        return AuditResult(Claim(Outcome.PARSE_ERROR, detail=str(exc)), seconds=time.monotonic() - started)
    vacuity = _vacuity(tr, timeout_s, solver)
    if vacuity is not None:
        vacuity.seconds = time.monotonic() - started
        vacuity.translation = tr
        return vacuity
    res = hammer_translation(tr, config=HammerConfig(solver=solver, timeout=timeout_s), graph=graph)
    seconds = time.monotonic() - started
    if res.outcome is HammerOutcome.DISPROVED:
        detail = f"negated goal satisfiable on an exact encoding: {_show(res.model)}"
        return AuditResult(Claim(Outcome.FALSE_STATEMENT, _solver_of(res), detail=detail), model=res.model,
                           seconds=seconds, hammer=res, translation=tr)
    if res.outcome is HammerOutcome.ERROR:
        return AuditResult(Claim(Outcome.ERROR, reason=Reason.ERROR, detail=res.detail), seconds=seconds,
                           hammer=res, translation=tr)
    return AuditResult(Claim(Outcome.UNKNOWN, detail="no finding"), seconds=seconds, hammer=res, translation=tr)


def _vacuity(tr: Translation, timeout_s: float, solver: str) -> AuditResult | None:
    from symbolic.smt import Status, check_sat

    hyps = tr.sequent.hypotheses
    if not hyps:
        return None
    low = Lowering()
    named = [(h.name, low.lower(h.formula)) for h in hyps]
    # Mathlib facts on the hypotheses' ground terms (Nat.Prime p → 2 ≤ p, √ facts, …): sound additions
    named += [(f"fact{k}", low.lower(f)) for k, (_, f) in enumerate(ground_facts([h.formula for h in hyps]),
                                                                       start=1)]
    named += [(f"side{k}", s) for k, s in enumerate(low.side_conditions(), start=1)]
    res = check_sat([t for _, t in named], solver=solver, timeout=timeout_s, want_model=False, want_core=True,
                    names=[n for n, _ in named])
    if res.status is not Status.UNSAT:
        return None
    core = sorted(n for n in (res.core or [n for n, _ in named]) if not n.startswith(("side", "fact")))
    detail = f"hypotheses contradict each other: {', '.join(core) or 'all'} ({res.solver})"
    return AuditResult(Claim(Outcome.VACUOUS, solver_checker(res.solver), detail=detail), core=core)


def _solver_of(res: HammerResult) -> Checker:
    solver = next((q.get("solver") for q in reversed(res.queries) if q.get("status") == "sat"), None)
    return solver_checker(str(solver or "smt"))


def _show(model: dict[str, str] | None) -> str:
    if not model:
        return "(empty model)"
    return ", ".join(f"{k} = {v}" for k, v in list(model.items())[:12])
