"""Re-running a recorded SMT query: the replayer of ``smt``/``z3``/``cvc5`` nodes in provenance graphs.

The payload (see :mod:`symbolic.provenance.schema`) holds the standalone SMT-LIB script and the answer it got.
Whatever solver answered first time, the replay re-runs the script on both z3 and cvc5: at least one must give
the recorded answer and neither the opposite one (the replay's checker is then ``smt``). A solver that is not
installed, or no answer in time, makes the node ``unknown`` with the reason, never ``proved``.
"""

from __future__ import annotations

from typing import Any

from symbolic.errors import InputError
from symbolic.smt.api import check_smtlib
from symbolic.smt.backends import SolverUnavailable, available_backends
from symbolic.smt.result import Status
from symbolic.verdicts import Checker, Claim, Outcome, Reason

__all__ = ["replay_graph_node", "replay_query"]


def replay_query(payload: dict[str, Any], *, timeout: float = 10.0, source: str = "<query>") -> Claim:
    """Re-run ``payload["smtlib"]`` and compare with ``payload["expect"]``."""
    Checker(payload.get("checker"))  # refuses a checker outside the vocabulary
    checker = Checker.SMT
    text, expect = payload.get("smtlib"), payload.get("expect")
    if not isinstance(text, str) or expect not in (Status.SAT.value, Status.UNSAT.value):
        return Claim(Outcome.REJECTED, checker, detail="malformed smt payload (needs 'smtlib' and 'expect')")
    solvers = ["z3", "cvc5"]
    missing = [s for s in solvers if s not in available_backends()]
    if missing:
        return Claim(Outcome.UNKNOWN, checker, Reason.UNAVAILABLE, f"{', '.join(missing)} not installed here")
    try:
        res = check_smtlib(text, solver="crosscheck", solvers=solvers, timeout=timeout, want_model=False,
                           source=source, strict=False)
    except InputError as exc:
        return Claim(Outcome.REJECTED, checker, detail=f"the recorded query does not parse: {exc}")
    except SolverUnavailable as exc:
        return Claim(Outcome.UNKNOWN, checker, Reason.UNAVAILABLE, str(exc))
    answers = ", ".join(f"{s} {res.details.get(s, '?')}" for s in solvers)
    if res.status.value == expect:
        return Claim(Outcome.PROVED, checker, detail=f"{expect} again ({answers})")
    if res.status.definite:
        return Claim(Outcome.REJECTED, checker, detail=f"recorded {expect}, re-run gives {res.status.value} "
                                                       f"({answers})")
    if res.reason is Reason.DISAGREEMENT:
        return Claim(Outcome.REJECTED, checker, detail=f"the solvers disagree on the recorded query ({answers})")
    return Claim(Outcome.UNKNOWN, checker, res.reason or Reason.INCOMPLETE, f"no answer on re-run ({answers})")


def replay_graph_node(graph: Any, node_id: str, timeout: float) -> list[tuple[str, Claim]]:
    """The replayer of SMT nodes for :func:`symbolic.provenance.replay.replay_graph`. A payload with a
    ``lean`` statement (the hammer's) is first re-translated (:mod:`symbolic.bridge.hammer_provenance`)."""
    node = graph.node(node_id)
    payload = dict(node.replay or {})
    if "lean" in payload:
        from symbolic.bridge.hammer_provenance import retranslation_problem

        problem = retranslation_problem(graph, node_id)
        if problem:
            return [(node_id, Claim(Outcome.REJECTED, Checker.SMT, detail=problem))]
    return [(node_id, replay_query(payload, timeout=timeout, source=f"node {node_id}"))]
