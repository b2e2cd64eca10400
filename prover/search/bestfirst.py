"""Best-first search over an :class:`~prover.search.environment.Environment` (ReProver-style).

The open list is a heap on priority (:mod:`prover.search.scoring`); expanding a node asks every proposer for
tactics, runs each on the node's state and scores the new states in one batch (one predictor call per
expansion). States are deduplicated by normalized goal text: a tactic that reaches a known state is recorded
as a revisit and not queued again. Budgets: wall time (checked before every tactic, so the search ends at
most one tactic timeout after its budget), expansions, depth; proposers run under their own timeout.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from prover.search.assembly import Step
from prover.search.config import SearchConfig
from prover.search.environment import Environment, State, StepKind, StepOutcome
from prover.search.proposers import Proposal, Proposer
from prover.search.recorder import SearchRecorder
from prover.search.scoring import Features, Scorer
from symbolic.verdicts import Checker, Claim, Outcome, Reason

__all__ = ["BestFirst", "Node", "SearchStats", "Stop"]


@dataclass
class Node:
    state: State
    gid: str
    parent: Node | None = None
    proposal: Proposal | None = None
    outcome: StepOutcome | None = None
    tactic_gid: str | None = None
    logprob: float = 0.0
    history: tuple[str, ...] = ()
    priority: float = 0.0
    estimate: float | None = None
    p_close: float | None = None
    expanded: bool = False
    tried: set[str] = field(default_factory=set)  # tactics already run on this state (across batches)
    # what "exhausted" needs (see :meth:`BestFirst.exhausted`): whether the counted expansion ran to its end,
    # whether anything in it was left undecided (a proposer failed or timed out, a tactic was skipped, timed out
    # or crashed), deferred proposer answers not yet tried, and the known states its tactics reached again
    finished: bool = False
    cut: bool = False
    pending: int = 0
    revisits: list[Node] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Expanded, and every proposal offered for it was run to a definite result."""
        return self.expanded and self.finished and not self.cut and self.pending == 0

    @property
    def depth(self) -> int:
        return len(self.history)

    def path(self) -> list[Node]:
        out, n = [], self
        while n is not None:
            out.append(n)
            n = n.parent
        return out[::-1]

    def steps(self) -> list[Step]:
        """The tactics from the root to this node, with goals before and after, for assembly."""
        out = []
        for n in self.path()[1:]:
            assert n.parent is not None and n.outcome is not None and n.proposal is not None
            out.append(Step(n.outcome.lean or n.proposal.tactic, n.parent.state.goals, n.state.goals))
        return out


@dataclass
class SearchStats:
    expansions: int = 0
    tactics: int = 0
    tactic_failures: int = 0
    duplicates: int = 0
    states: int = 0
    crashes: int = 0
    proposer_failures: int = 0
    env_seconds: float = 0.0
    proposer_seconds: float = 0.0
    predictor_seconds: float = 0.0
    max_open: int = 0
    best_priority: float | None = None
    by_proposer: dict[str, list[int]] = field(default_factory=dict)  # source -> [tried, succeeded]

    def to_json(self) -> dict[str, Any]:
        doc = dict(self.__dict__)
        doc["by_proposer"] = {k: {"tried": v[0], "ok": v[1]} for k, v in self.by_proposer.items()}
        for k in ("env_seconds", "proposer_seconds", "predictor_seconds"):
            doc[k] = round(doc[k], 4)
        return doc


@dataclass(frozen=True)
class Stop:
    """Why the search ended: a closing node, or a reason with one line of detail; ``claim``: a definite answer
    other than a proof (the root goal disproved)."""

    closed: Node | None
    reason: Reason | None
    detail: str = ""
    claim: Claim | None = None


class BestFirst:
    """One best-first search; build, then :meth:`run` once."""

    def __init__(self, env: Environment, proposers: Sequence[Proposer], scorer: Scorer, config: SearchConfig,
                 recorder: SearchRecorder, *, deadline: float,
                 on_progress: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.env = env
        self.proposers = list(proposers)
        self.scorer = scorer
        self.config = config
        self.recorder = recorder
        self.deadline = deadline
        self.on_progress = on_progress
        self.stats = SearchStats()
        self.seen: dict[str, Node] = {}
        self._heap: list[tuple[float, int, Node]] = []
        self._tie = itertools.count()
        self._crashes_in_a_row = 0
        self._waiting: list[_Pending] = []

    # -- public -------------------------------------------------------------------------------------------
    def root(self, state: State) -> Node:
        node = Node(state, self.recorder.state(state, depth=0))
        self.seen[state.key] = node
        self.stats.states += 1
        # alone in the queue, the root's priority orders nothing, but its estimate is its children's parent estimate
        self._score([node])
        self._push(node)
        return node

    def run(self, root: Node, *, first: Sequence[Proposer] | None = None) -> Stop:
        """Search from ``root``; ``first``: proposers that alone expand the root once before the search proper
        (hammer-first)."""
        if first:
            stop = self._expand(root, first, count=False)
            if stop is not None:
                return stop
        while self._heap or self._waiting:
            if time.monotonic() >= self.deadline:
                return Stop(None, Reason.BUDGET, f"time budget ({self.config.budget_s:g} s) spent")
            stop = self._collect(block=False)
            if stop is not None:
                return stop
            if self._heap and self.stats.expansions < self.config.max_expansions:
                _, _, node = heapq.heappop(self._heap)
                stop = self._expand(node, self.proposers)
            elif self._waiting:  # nothing else to do: wait for the oldest deferred proposer
                stop = self._collect(block=True)
            else:
                break
            if stop is not None:
                return stop
        if self._heap:
            return Stop(None, Reason.BUDGET, f"expansion budget ({self.config.max_expansions}) spent")
        return Stop(None, Reason.EXHAUSTED, "every reachable state was expanded without a proof")

    @property
    def open_states(self) -> int:
        return len(self._heap)

    def exhausted(self) -> set[int]:
        """``id`` of every explored node whose whole subtree was searched without a proof.

        A node is *exhausted* when it is :attr:`Node.complete` (expanded, every proposer answered, every
        proposal run to a definite failure or a new state; no tactic timed out, crashed or was skipped at the
        deadline, no deferred answer outstanding) and every state its tactics reached (its children, and the
        already explored states a tactic reached again) is exhausted too.  Taken as the greatest such set, so
        a cycle of complete states with no way out counts as exhausted.  A node left in the queue, one past
        ``max_depth`` (never queued) or one with an undecided proposal is not exhausted, nor is any ancestor of
        it.  Exhausted means "no proof through the proposals this search was offered", not "unprovable".
        """
        nodes = list(self.seen.values())
        succ: dict[int, list[Node]] = {id(n): list(n.revisits) for n in nodes}
        for n in nodes:
            if n.parent is not None and id(n.parent) in succ:
                succ[id(n.parent)].append(n)
        out = {id(n) for n in nodes if n.complete}
        changed = True
        while changed:
            changed = False
            for n in nodes:
                if id(n) in out and any(id(c) not in out for c in succ[id(n)]):
                    out.discard(id(n))
                    changed = True
        return out

    # -- internals ----------------------------------------------------------------------------------------
    def _push(self, node: Node) -> None:
        heapq.heappush(self._heap, (-node.priority, next(self._tie), node))
        self.stats.max_open = max(self.stats.max_open, len(self._heap))
        if self.stats.best_priority is None or node.priority > self.stats.best_priority:
            self.stats.best_priority = round(node.priority, 4)

    def _score(self, nodes: list[Node]) -> None:
        t0 = time.monotonic()
        try:
            estimates = self.scorer.estimates([n.state.text for n in nodes], [n.history for n in nodes],
                                              [n.parent.estimate if n.parent is not None else None for n in nodes])
        except (RuntimeError, ValueError) as exc:  # a predictor that breaks mid-search: carry on without it
            self.recorder.event(None, "predictor-error", f"progress predictor failed, disabled: {exc}")
            self.scorer.predictor = None
            estimates = [None] * len(nodes)
        try:
            closes = self.scorer.closing([n.state.text for n in nodes], [n.history for n in nodes])
        except (RuntimeError, ValueError) as exc:  # the close head likewise
            self.recorder.event(None, "predictor-error", f"close head failed, disabled: {exc}")
            self.scorer.close_head = None
            closes = [None] * len(nodes)
        self.stats.predictor_seconds += time.monotonic() - t0
        for n, est, pc in zip(nodes, estimates, closes, strict=True):
            n.estimate, n.p_close = est, pc
            n.priority = self.scorer.priority(Features.of(n.state.goals, n.history, n.logprob), est, pc)

    def _answer(self, node: Node, p: Proposer, call: _Call | None, timeout: float) -> list[Proposal]:
        """One proposer's proposals for ``node`` (inline: called here; threaded: its call's answer, waiting at
        most ``timeout``), new tactics only, best log-prob first. Failures are recorded and give []."""
        t0 = time.monotonic()
        try:
            got = p.propose(node.state, node.history, self.config.samples_per_expansion) if call is None \
                else call.result(timeout)
        except TimeoutError:
            node.cut = True
            self.stats.proposer_failures += 1
            self.recorder.event(node.gid, "proposer-timeout", f"{p.name}: no answer within {timeout:.1f} s")
            got = []
        except Exception as exc:  # a proposer is outside code (LLM, solvers): its failure is recorded, not fatal
            node.cut = True
            self.stats.proposer_failures += 1
            self.recorder.event(node.gid, "proposer-error", f"{p.name}: {type(exc).__name__}: {exc}")
            got = []
        finally:
            self.stats.proposer_seconds += time.monotonic() - t0  # time the search waited for proposers
        best: dict[str, Proposal] = {}
        for prop in got:
            if prop.tactic not in node.tried and (prop.tactic not in best or prop.logprob > best[prop.tactic].logprob):
                best[prop.tactic] = prop
        return sorted(best.values(), key=lambda q: -q.logprob)

    def _timeout(self, since: float) -> float:
        return max(0.0, min(since + self.config.proposer_timeout_s, self.deadline) - time.monotonic())

    def _collect(self, *, block: bool) -> Stop | None:
        """Try the proposals of deferred proposers that have answered (``block``: wait for the oldest one)."""
        for i, pend in enumerate(list(self._waiting)):
            if not (pend.call.done() or (block and i == 0)):
                continue
            self._waiting.remove(pend)
            pend.node.pending -= 1
            stop = self._try(pend.node, self._answer(pend.node, pend.proposer, pend.call, self._timeout(pend.since)))
            if stop is not None:
                return stop
        return None

    def _run(self, node: Node, tactic: str) -> StepOutcome | None:
        t0 = time.monotonic()
        timeout = min(self.config.tactic_timeout_s, max(self.deadline - t0, 0.001))
        try:
            outcome = self.env.run_tactic(node.state, tactic, timeout_s=timeout)
        except Exception as exc:  # the environment is an external process: a crash is recorded, then counted
            return self._crash(node, f"{tactic!r}: {type(exc).__name__}: {exc}")
        finally:
            self.stats.env_seconds += time.monotonic() - t0
        if outcome.kind is StepKind.CRASH:
            return self._crash(node, f"{tactic!r}: {outcome.message}")
        self._crashes_in_a_row = 0
        return outcome

    def _crash(self, node: Node, message: str) -> None:
        self.stats.crashes += 1
        self._crashes_in_a_row += 1
        self.recorder.event(node.gid, "environment-crash", message)

    def _expand(self, node: Node, proposers: Sequence[Proposer], *, count: bool = True) -> Stop | None:
        """Expand ``node``: the inline proposers' tactics first, then each threaded proposer's in list order
        (all threaded ones start at once, so they compute while earlier batches run). A ``deferrable`` proposer
        (an LLM) that has not answered yet does not hold the search: its answer is tried when it comes."""
        if count:
            self.stats.expansions += 1
            node.expanded = True
        started = time.monotonic()
        calls = [(p, _Call(p.propose, (node.state, node.history, self.config.samples_per_expansion)))
                 for p in proposers if not getattr(p, "inline", False)]
        for p in proposers:
            if getattr(p, "inline", False):
                stop = self._try(node, self._answer(node, p, None, 0.0))
                if stop is not None:
                    return stop
        for p, call in calls:
            if getattr(p, "deferrable", False) and not call.done():
                self._waiting.append(_Pending(node, p, call, started))
                node.pending += 1
                continue
            stop = self._try(node, self._answer(node, p, call, self._timeout(started)))
            if stop is not None:
                return stop
        node.finished = node.finished or count
        if self.on_progress is not None:
            self.on_progress({"expansions": self.stats.expansions, "open": self.open_states,
                              "best": self.stats.best_priority, "tactics": self.stats.tactics})
        return None

    def _try(self, node: Node, proposals: Sequence[Proposal]) -> Stop | None:
        """Run ``proposals`` on ``node``; new states are scored in one batch and queued."""
        children: list[Node] = []
        for prop in proposals:
            if time.monotonic() >= self.deadline:
                node.cut = True  # this proposal and the rest stay untried
                break
            node.tried.add(prop.tactic)
            tried = self.stats.by_proposer.setdefault(prop.source, [0, 0])
            tried[0] += 1
            self.stats.tactics += 1
            outcome = self._run(node, prop.tactic)
            if outcome is None or outcome.kind is StepKind.TIMEOUT:  # undecided: more time might have closed it
                node.cut = True
            if outcome is None:
                if self._crashes_in_a_row >= self.config.max_crashes:
                    return Stop(None, Reason.CRASH, f"the {self.env.name} environment crashed "
                                f"{self._crashes_in_a_row} times in a row")
                continue
            if not outcome.ok or (outcome.state is None and outcome.kind is not StepKind.CLOSED):
                self.stats.tactic_failures += 1
                self.recorder.failure(node.gid, prop, outcome.kind.value, outcome.message, outcome.seconds)
                if node.parent is None and "counter_model" in outcome.evidence:
                    return _disproved(outcome)
                continue
            state = outcome.state if outcome.state is not None else State(())
            if not state.solved and state.key in self.seen:
                self.stats.duplicates += 1
                self.recorder.failure(node.gid, prop, "revisit", "reaches an already explored state")
                node.revisits.append(self.seen[state.key])
                continue
            tried[1] += 1
            child = Node(state, self.recorder.state(state, depth=node.depth + 1), node, prop, outcome,
                         logprob=node.logprob + prop.logprob, history=(*node.history, prop.tactic))
            child.tactic_gid = self.recorder.step(node.gid, prop, outcome, child.gid)
            if prop.graph is not None:
                self.recorder.merge_evidence(prop.graph, child.tactic_gid, f"{child.tactic_gid}.")
            self.stats.states += 1
            if state.solved:
                return Stop(child, None)
            self.seen[state.key] = child
            if child.depth < self.config.max_depth:
                children.append(child)
        if children:
            self._score(children)
            for c in children:
                self._push(c)
        return None


def _disproved(outcome: StepOutcome) -> Stop:
    """The root goal has a counter-model on an exact encoding: the theorem is false, the search ends."""
    model = ", ".join(f"{k} = {v}" for k, v in sorted(outcome.evidence["counter_model"].items()))
    detail = f"{outcome.evidence.get('detail') or 'counter-model'}: {model or '(any values)'}"
    return Stop(None, None, detail, Claim(Outcome.DISPROVED, outcome.checker or Checker.SMT, None, detail))


@dataclass
class _Pending:
    """A deferred proposer call for ``node``, started at ``since``."""

    node: Node
    proposer: Proposer
    call: _Call
    since: float


class _Call:
    """``fn(*args)`` running in a daemon thread from construction on. :meth:`result` waits at most ``timeout``
    seconds (``TimeoutError``; the thread is abandoned: a hung LLM call must not hold the search, and no pool
    slot stays blocked by it) and re-raises what ``fn`` raised."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._box: list[tuple[bool, Any]] = []
        self._thread = threading.Thread(target=self._target, args=(fn, args), daemon=True, name="proposer")
        self._thread.start()

    def _target(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            self._box.append((True, fn(*args)))
        except BaseException as exc:  # handed to the caller, which records it
            self._box.append((False, exc))

    def done(self) -> bool:
        return bool(self._box)

    def result(self, timeout: float) -> Any:
        self._thread.join(timeout)
        if not self._box:
            raise TimeoutError(f"no answer within {timeout:.1f} s")
        ok, value = self._box[0]
        if not ok:
            raise value
        return value
