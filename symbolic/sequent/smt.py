"""SMT checks of sequent steps: lower Lean-level formulas, ask for unsat, keep the SMT-LIB text for replay."""

from __future__ import annotations

from typing import Any

from symbolic.bridge.lower import Lowering
from symbolic.errors import SymbolicError
from symbolic.logic import Term
from symbolic.verdicts import Checker

__all__ = ["CASE_SPLIT", "SmtStepError", "payload", "replay", "smt_unsat", "unsat_query"]


class SmtStepError(SymbolicError):
    """SMT did not confirm a step (sat, unknown, timeout or no solver): one line saying which."""


def _lowered(formulas: list[Term]) -> list[Any]:
    low = Lowering()
    assertions = [low.lower(f) for f in formulas]
    return assertions + low.side_conditions()


def unsat_query(formulas: list[Term]) -> str:
    """The SMT-LIB text :func:`smt_unsat` records for ``formulas`` (replay rebuilds it to compare)."""
    from symbolic.smt import write_script

    return write_script(_lowered(formulas), status="unsat")


def smt_unsat(formulas: list[Term], *, timeout: float, purpose: str) -> dict[str, Any]:
    """Check that ``formulas`` (Lean-level) are jointly unsat; the payload an independent checker replays."""
    from symbolic.smt import Status, check_sat, write_script

    assertions = _lowered(formulas)
    res = check_sat(assertions, solver="portfolio", timeout=timeout, want_model=False)
    if res.status is not Status.UNSAT:
        raise SmtStepError(f"{purpose}: SMT answered {res.status.value} ({res.reason or res.solver})")
    return payload(write_script(assertions, status="unsat"), purpose, solver=res.solver,
                   seconds=round(res.seconds, 3))


def payload(smtlib: str, purpose: str, **extra: Any) -> dict[str, Any]:
    """The replay payload of an SMT-checked step (the provenance convention: checker, smtlib, expect)."""
    return {"checker": Checker.SMT.value, "smtlib": smtlib, "expect": "unsat", "purpose": purpose, **extra}


#: The purpose of a step whose query is hypotheses ∧ ¬cover (a case split), not hypotheses ∧ ¬goal.
CASE_SPLIT = "interval_cases"


def replay(evidence: dict[str, Any], *, timeout: float = 10.0) -> tuple[bool, str]:
    """Re-run a step's recorded SMT-LIB query (and its ``cases``' queries); (confirmed, one-line detail)."""
    from symbolic.smt import Status, check_smtlib

    text = evidence.get("smtlib")
    if not isinstance(text, str):
        return False, "no SMT-LIB query recorded"
    res = check_smtlib(text, solver="portfolio", timeout=timeout, want_model=False)
    if res.status is not Status.UNSAT:
        return False, f"{res.status.value} ({res.solver})"
    for k, case in enumerate(evidence.get("cases") or [], start=1):  # a step that also closed its cases
        ok, detail = replay(case, timeout=timeout)
        if not ok:
            return False, f"case {k}: {detail}"
    return True, f"unsat ({res.solver}), {len(evidence.get('cases') or [])} case(s)"
