"""Re-running a recorded SMT query: the replayer of ``smt``/``z3``/``cvc5`` nodes in provenance graphs.

The payload (see :mod:`symbolic.provenance.schema`) holds the standalone SMT-LIB script and the answer it got.
Whatever solver answered first time, the replay re-runs the script on both z3 and cvc5: at least one must give
the recorded answer and neither the opposite one (the replay's checker is then ``smt``). Once one has answered,
the other gets ``GRACE`` seconds more to agree or object (cvc5 often cannot decide nonlinear real arithmetic and
would otherwise hold every replay to the full timeout); the detail says which solver answered what. A solver
that is not installed, or no answer in time, makes the node ``unknown`` with the reason, never ``proved``.
"""

from __future__ import annotations

from typing import Any

from symbolic.smt.api import check_job
from symbolic.smt.backends import Job, SolverUnavailable, available_backends
from symbolic.smt.result import Status
from symbolic.verdicts import Checker, Claim, Outcome, Reason

__all__ = ["replay_graph_node", "replay_query"]


#: Once one solver gave the recorded answer, how long the other may still object (seconds; None: wait for it).
GRACE = 1.0


def replay_query(payload: dict[str, Any], *, timeout: float = 10.0, grace: float | None = GRACE) -> Claim:
    """Re-run ``payload["smtlib"]`` and compare with ``payload["expect"]``. The script is handed to the solvers
    as it is (they parse it; a malformed one is their ``unknown(error)``)."""
    Checker(payload.get("checker"))  # refuses a checker outside the vocabulary
    checker = Checker.SMT
    text, expect = payload.get("smtlib"), payload.get("expect")
    if not isinstance(text, str) or expect not in (Status.SAT.value, Status.UNSAT.value):
        return Claim(Outcome.REJECTED, checker, detail="malformed smt payload (needs 'smtlib' and 'expect')")
    solvers = ["z3", "cvc5"]
    missing = [s for s in solvers if s not in available_backends()]
    if missing:
        return Claim(Outcome.UNKNOWN, checker, Reason.UNAVAILABLE, f"{', '.join(missing)} not installed here")
    body = text[: text.rfind("(check-sat)")] if "(check-sat)" in text else text
    job = Job(script=body, timeout_ms=int(timeout * 1000), want_model=False)
    try:
        res = check_job(job, solver="crosscheck", solvers=solvers, timeout=timeout, strict=False, grace=grace)
    except SolverUnavailable as exc:
        return Claim(Outcome.UNKNOWN, checker, Reason.UNAVAILABLE, str(exc))
    answers = ", ".join(f"{s} {_answer(res.details.get(s))}" for s in solvers)
    if res.status.value == expect:
        return Claim(Outcome.PROVED, checker, detail=f"{expect} again ({answers})")
    if res.status.definite:
        return Claim(Outcome.REJECTED, checker, detail=f"recorded {expect}, re-run gives {res.status.value} "
                                                       f"({answers})")
    if res.reason is Reason.DISAGREEMENT:
        return Claim(Outcome.REJECTED, checker, detail=f"the solvers disagree on the recorded query ({answers})")
    return Claim(Outcome.UNKNOWN, checker, res.reason or Reason.INCOMPLETE, f"no answer on re-run ({answers})")


def _answer(status: object) -> str:
    return "no answer in time" if status in (None, "unknown") else str(status)


def replay_graph_node(graph: Any, node_id: str, timeout: float) -> list[tuple[str, Claim]]:
    """The replayer of SMT nodes for :func:`symbolic.provenance.replay.replay_graph`. A hammer query (a
    payload with a ``lean`` statement, or a node derived from a translation) is first tied to its statement:
    re-translated and its query rebuilt (:mod:`symbolic.bridge.hammer_provenance`)."""
    node = graph.node(node_id)
    payload = dict(node.replay or {})
    from symbolic.bridge.hammer_provenance import from_translation, retranslation_problem

    if "lean" in payload or from_translation(graph, node_id):
        problem = retranslation_problem(graph, node_id)
        if problem:
            return [(node_id, Claim(Outcome.REJECTED, Checker.SMT, detail=problem))]
    problem = _step_problem(graph, node_id, payload)
    if problem:
        return [(node_id, Claim(Outcome.REJECTED, Checker.SMT, detail=problem))]
    claim = replay_query(payload, timeout=timeout)
    cases = payload.get("cases") or []
    if claim.outcome is not Outcome.PROVED or not cases:
        return [(node_id, claim)]
    if not isinstance(cases, list) or not all(isinstance(c, dict) for c in cases):
        return [(node_id, Claim(Outcome.REJECTED, Checker.SMT, detail="malformed case queries (needs a list)"))]
    for k, case in enumerate(cases, start=1):  # a step that closed every case of its split: each is a claim
        c = replay_query(case, timeout=timeout)
        if c.outcome is not Outcome.PROVED:
            return [(node_id, Claim(c.outcome, c.checker, c.reason, f"case {k} of {len(cases)}: {c.detail}"))]
    return [(node_id, Claim(Outcome.PROVED, Checker.SMT, detail=f"{claim.detail}; each of {len(cases)} cases "
                                                                  "unsat again"))]


def _step_problem(graph: Any, node_id: str, payload: dict[str, Any]) -> str:
    """A symbolic search step (a tactic node under a goal state) closed by SMT: its recorded query must be the
    one rebuilt from the goal state it was applied to (:mod:`symbolic.sequent.rebuild`)."""
    from symbolic.provenance import NodeKind
    from symbolic.sequent.rebuild import step_query_problem

    if graph.node(node_id).kind is not NodeKind.TACTIC:
        return ""
    for p in graph.g.predecessors(node_id):
        state = graph.node(p)
        if state.kind is NodeKind.GOAL:
            problem = step_query_problem(state.statement, payload, source=f"node {p}")
            if problem:
                return problem
    return ""
