"""A deterministic table environment and proposers for pinning the search logic (not a verification of Lean).

``TableEnv``: a state is a tuple of goal texts; ``moves[(first goal, tactic)]`` gives the goals that replace
the first goal (``()`` closes it). Anything else is an error. ``verify`` replays the assembled proof's tactic
lines through the same table, so only proofs that really close every goal are accepted.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from prover.search import Proposal, State, StepKind, StepOutcome, Suggestion, Theorem
from prover.search.assembly import strip_proof
from symbolic.verdicts import Checker, Claim, Outcome, Reason


class TableEnv:
    name = "table"

    def __init__(self, start: Sequence[str], moves: dict[tuple[str, str], Sequence[str]], *,
                 delay_s: float = 0.0, crash_on: frozenset[str] = frozenset()) -> None:
        self.start_goals = tuple(start)
        self.moves = {k: tuple(v) for k, v in moves.items()}
        self.delay_s = delay_s
        self.crash_on = crash_on
        self.calls: list[tuple[tuple[str, ...], str]] = []
        self.closed = False

    def start(self, theorem: Theorem) -> State:
        return State(self.start_goals)

    def step(self, goals: tuple[str, ...], tactic: str) -> tuple[str, ...] | None:
        if not goals or (goals[0], tactic) not in self.moves:
            return None
        return self.moves[(goals[0], tactic)] + goals[1:]

    def run_tactic(self, state: State, tactic: str, *, timeout_s: float) -> StepOutcome:
        self.calls.append((state.goals, tactic))
        if tactic in self.crash_on:
            raise BrokenPipeError("table process died")
        if self.delay_s:
            time.sleep(self.delay_s)
        after = self.step(state.goals, tactic)
        if after is None:
            return StepOutcome(StepKind.ERROR, lean=tactic, message=f"no move {tactic!r}")
        kind = StepKind.CLOSED if not after else StepKind.PROGRESS
        return StepOutcome(kind, State(after), lean=tactic, checker=Checker.CONSTRUCTION)

    def suggestions(self, state: State) -> list[Suggestion]:
        return []

    def verify(self, theorem: Theorem, proof: str) -> Claim:
        body = proof.split(strip_proof(theorem.statement) + " := by\n", 1)[1]
        goals: tuple[str, ...] = self.start(theorem).goals
        for line in body.splitlines():
            tactic = line.strip().removeprefix("· ").strip()
            nxt = self.step(goals, tactic)
            if nxt is None:
                return Claim(Outcome.REJECTED, Checker.CONSTRUCTION, None, f"replay: {tactic!r} fails")
            goals = nxt
        if goals:
            return Claim(Outcome.UNKNOWN, None, Reason.ERROR, "replay leaves goals open")
        return Claim(Outcome.PROVED, Checker.CONSTRUCTION, None, "table replay")

    def close(self) -> None:
        self.closed = True


class ListProposer:
    """Proposes ``table[first goal]`` (tactic, logprob) pairs, in order."""

    def __init__(self, table: dict[str, list[tuple[str, float]]], name: str = "list", *,
                 delay_s: float = 0.0, fail: bool = False) -> None:
        self.table = table
        self.name = name
        self.delay_s = delay_s
        self.fail = fail
        self.calls = 0

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        self.calls += 1
        if self.fail:
            raise ConnectionError("endpoint refused the connection")
        if self.delay_s:
            time.sleep(self.delay_s)
        if state.solved:
            return []
        return [Proposal(t, self.name, lp) for t, lp in self.table.get(state.goals[0], [])]


class FixedEstimates:
    """A progress predictor answering from a table of first-goal texts (default 5 steps)."""

    def __init__(self, table: dict[str, float]) -> None:
        self.table = table
        self.calls = 0

    def estimate(self, states: Sequence[str], histories: Sequence[Sequence[str]] | None = None,
                 parents: Sequence[float | None] | None = None) -> list[float]:
        self.calls += 1
        return [self.table.get(s.split("\n\n")[0], 5.0) for s in states]


class RuleProposer:
    """Proposes the tactic of the first rule whose pattern occurs in the first goal (rules in order)."""

    def __init__(self, rules: Sequence[tuple[str, str]], name: str = "rules") -> None:
        self.rules = list(rules)
        self.name = name

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        goal = state.goals[0] if state.goals else ""
        return [Proposal(t, self.name, -0.1) for pattern, t in self.rules if pattern in goal][:1]


@dataclass(frozen=True)
class LLMProposal:
    """The shape of :class:`prover.llm.tactics.Proposal` (not imported: it pulls in the HTTP client)."""

    text: str
    logprob: float | None
    model: str
    prompt_id: str


class ScriptedLLM:
    """Answers ``propose_proofs`` with fixed texts (the LLM's own parsing is tested in tests/llm)."""

    def __init__(self, proofs: Sequence[str]) -> None:
        self.proofs = list(proofs)
        self.asked: list[str] = []

    def propose_proofs(self, statement: str, n: int = 4, *, header: str = "", informal: str = "") -> list[LLMProposal]:
        self.asked.append(statement)
        return [LLMProposal(p, -1.0 - i, "scripted", "proof-v1") for i, p in enumerate(self.proofs[:n])]
