"""The worker function: one attempt at one problem, run in a worker process (or a Ray task/actor).

``run_task(task)`` is pure with respect to the batch: it reads nothing but the task, writes nothing but its
return value (the driver is the single writer of the store and of the graph files). Strategies:

- ``hammer``: the statement audit, then the SMT hammer's reconstructed script (no search, no LLM);
- ``audit``: the statement audit alone (``unknown`` with detail ``no finding`` when it finds nothing);
- ``best-first`` / ``whole-proof`` / ``sketch`` / ``hammer-first``: :func:`prover.search.prove` over the
  environment of ``--env`` with the LLM of ``--llm`` (the audit runs first on attempt 0);
- ``module:function``: a callable taking the :class:`Task` and returning an :class:`AttemptResult` (a plug-in
  point for new strategies).

Every proof text is read back by the soundness guard against the original statement before it is offered;
a text the guard refuses becomes ``rejected`` (checker ``guard``).
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from typing import Any

from prover.batch.audit import AuditResult, audit_statement, translate_or_classify
from prover.benchmarks import Problem
from symbolic.verdicts import Checker, Claim, Outcome, Reason

__all__ = ["SEARCH_STRATEGIES", "AttemptResult", "Task", "run_task"]

SEARCH_STRATEGIES = ("best-first", "whole-proof", "sketch", "hammer-first")


@dataclass(frozen=True)
class Task:
    """One attempt: what to prove and how (picklable; sent to worker processes and Ray)."""

    problem: Problem
    attempt: int
    seed: int
    strategy: str = "hammer"
    env: str = "symbolic"
    llm: str = "none"
    time_s: float = 60.0
    audit: bool = True
    audit_timeout_s: float = 5.0
    predictor: bool | None = None  # the search's progress predictor; None: ``SearchConfig``'s default

    @property
    def key(self) -> tuple[str, int]:
        return self.problem.key, self.attempt


@dataclass
class AttemptResult:
    """What one attempt concluded; ``graph`` is the provenance graph (JSON text)."""

    claim: Claim
    proof: str | None = None
    lean_checked: bool = False
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)
    audit: dict[str, Any] | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    graph: str | None = None  # the provenance graph as JSON text


def run_task(task: Task) -> AttemptResult:
    """Run one attempt; the outcome of the statement is a value, infrastructure failures propagate."""
    started = time.monotonic()
    if ":" in task.strategy and task.strategy not in SEARCH_STRATEGIES:
        result = _plugin(task.strategy)(task)
    elif task.strategy in ("hammer", "audit"):
        result = _hammer(task, prove=task.strategy == "hammer")
    elif task.strategy in SEARCH_STRATEGIES:
        result = _search(task)
    else:
        raise ValueError(f"unknown strategy {task.strategy!r}")
    result.seconds = time.monotonic() - started
    return result


def _plugin(spec: str) -> Any:
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def _graph(task: Task) -> Any:
    from symbolic.provenance import ProvenanceGraph

    return ProvenanceGraph(title=f"{task.problem.name} (attempt {task.attempt}, {task.strategy})")


def _audit(task: Task, graph: Any = None) -> AuditResult:
    return audit_statement(task.problem.statement, name=task.problem.name,
                           timeout_s=min(task.audit_timeout_s, task.time_s), graph=graph)


def _hammer(task: Task, *, prove: bool = True) -> AttemptResult:
    """Audit + hammer in one pass: the audit's falsity query is the hammer's own query."""
    graph = _graph(task)
    # the vacuity query (≤ t) and the hammer (≤ 2 t) fit in the attempt's time with t = time / 3
    aud = audit_statement(task.problem.statement, name=task.problem.name, timeout_s=max(1.0, task.time_s / 3),
                          graph=graph)
    audit_doc = aud.to_json()
    if aud.finding or not aud.auditable or aud.claim.outcome is Outcome.ERROR or not prove:
        record_audit(graph, task.problem, aud)
        return AttemptResult(aud.claim, audit=audit_doc, graph=graph.to_json(), stats={"audit_s": aud.seconds})
    res = aud.hammer
    assert res is not None
    stats = {"queries": res.queries, "audit_s": aud.seconds}
    if res.outcome.value != "proved" or not res.scripts:
        reason = Reason.TIMEOUT if "timeout" in res.detail else Reason.INCOMPLETE
        return AttemptResult(Claim(Outcome.UNKNOWN, reason=reason, detail=res.detail), audit=audit_doc,
                             graph=graph.to_json(), stats=stats)
    candidate = res.scripts[0]
    proof = task.problem.header + (candidate.lean or "")
    claim = read_back(task.problem, proof, Claim(Outcome.PROVED, Checker.SMT, detail=res.detail))
    return AttemptResult(claim, proof if claim.outcome is Outcome.PROVED else None, audit=audit_doc,
                         graph=graph.to_json(), stats=stats, messages=[f"closer: {candidate.closer}"])


def record_audit(graph: Any, problem: Problem, aud: AuditResult) -> None:
    """The audit's conclusion in the graph: the statement, and what the audit found (checked by its solver)."""
    from symbolic.provenance import EdgeKind, NodeKind

    goal = next((n for n, d in graph.g.nodes(data=True) if d.get("kind") == NodeKind.GOAL), None)
    if goal is None:
        goal = graph.add_node(NodeKind.GOAL, problem.statement, lean=problem.header + problem.statement,
                              status=aud.claim.outcome.value)
    checker = aud.claim.checker.value if aud.claim.checker else "none"
    node = graph.add_node(NodeKind.SMT_QUERY if aud.claim.checker else NodeKind.FACT,
                          f"audit: {aud.claim.outcome.value}: {aud.claim.detail}", label="audit",
                          status=aud.claim.outcome.value, checker=checker, counter_model=aud.model, core=aud.core,
                          **({"solver": checker, "result": "unsat" if aud.claim.outcome is Outcome.VACUOUS
                              else "sat"} if aud.claim.checker else {}))
    graph.add_edge(node, goal, EdgeKind.CHECKED_BY)


def read_back(problem: Problem, proof: str, claim: Claim) -> Claim:
    """The soundness guard over the emitted Lean text with the original statement: same statement, no holes."""
    from prover.lean.guard import check_proof_text

    violations = check_proof_text(proof, original=problem.header + problem.statement, theorem=problem.name)
    if violations:
        v = violations[0]
        return Claim(Outcome.REJECTED, Checker.GUARD, detail=f"{v.construct} at {v.line}:{v.column}: {v.reason}")
    return claim


#: What a worker process keeps open between attempts: the search environment (its Lean session pool or
#: symbolic state) and the progress predictor, keyed by what selects them. Opened on first use.
_WARM: dict[tuple[str, str], Any] = {}


def _warm(config: Any) -> tuple[Any, Any]:
    """The worker's open environment and predictor for ``config`` (None where opening failed: then
    :func:`prover.search.prove` opens its own and reports why it could not)."""
    from prover.lean.errors import LeanUnavailableError
    from prover.search.api import open_environment
    from prover.search.scoring import load_predictor

    env_key = ("env", config.env)
    if env_key not in _WARM:
        try:
            _WARM[env_key] = open_environment(config)
        except (LeanUnavailableError, ImportError):
            return None, _predictor(config, load_predictor)
    return _WARM[env_key], _predictor(config, load_predictor)


def _predictor(config: Any, load: Any) -> Any:
    if not config.use_predictor:
        return None
    key = ("predictor", str(config.predictor_checkpoint))
    if key not in _WARM:
        _WARM[key] = load(config.predictor_checkpoint)[0]
    return _WARM[key]


def _cool(config: Any) -> None:
    env = _WARM.pop(("env", config.env), None)
    if env is not None:
        env.close()


def _search(task: Task) -> AttemptResult:
    try:
        from prover.search import SearchConfig, Theorem, prove
    except ImportError as exc:  # the search is an optional part of this build
        return AttemptResult(Claim(Outcome.ERROR, reason=Reason.UNAVAILABLE,
                                   detail=f"strategy {task.strategy!r} needs prover.search.prove ({exc})"))
    audit_doc = None
    budget_s = task.time_s
    if task.audit and task.attempt == 0:
        graph = _graph(task)
        aud = _audit(task, graph)
        audit_doc = aud.to_json()
        if aud.finding:
            record_audit(graph, task.problem, aud)
            return AttemptResult(aud.claim, audit=audit_doc, graph=graph.to_json())
        # the audit is part of the attempt: the search gets what is left of the time per problem
        budget_s = max(1.0, task.time_s - aud.seconds)
    config = SearchConfig(env=task.env, strategy=task.strategy, llm=task.llm, budget_s=budget_s,
                          seed=task.seed,
                          **({"use_predictor": task.predictor} if task.predictor is not None else {}))
    env, predictor = _warm(config)
    theorem = Theorem(task.problem.name, task.problem.statement, task.problem.header)
    try:
        result = prove(theorem, config, **({"env": env} if env is not None else {}),
                       **({"predictor": predictor} if predictor is not None else {}))
    except BaseException:
        _cool(config)  # an environment that saw a failure is not reused
        raise
    claim, proof = result.claim, result.proof
    if claim.outcome in (Outcome.UNSUPPORTED, Outcome.PARSE_ERROR) and getattr(env, "name", task.env) == "symbolic":
        # the symbolic environment reads statements through the bridge: name the construct it stopped at
        why = translate_or_classify(task.problem.statement, task.problem.name)
        if isinstance(why, Claim):
            claim = why
    if claim.outcome is Outcome.PROVED and proof:
        claim = read_back(task.problem, proof, claim)
    messages = []
    unproved = proof or result.candidate
    if claim.outcome is not Outcome.PROVED and unproved:
        # only a proof is stored as one (the index links it as the problem's Lean proof); keep the text to read
        messages.append(f"{claim.outcome.value} proof text:\n{unproved[:4000]}")
        proof = None
    return AttemptResult(claim, proof, bool(result.lean_checked), audit=audit_doc, stats=dict(result.stats),
                         graph=result.graph.to_json() if result.graph is not None else None, messages=messages)
