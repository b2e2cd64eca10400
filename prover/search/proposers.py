"""Proposers: who suggests the next tactic. One interface; every proposal records its proposer and log-prob.

- :class:`AutomationProposer` — the fixed automation list (``norm_num``, ``linarith``, …).
- :class:`EnvProposer` — the environment's own ``suggestions(state)`` (symbolic structural steps, the hammer).
- :class:`HammerProposer` — the SMT hammer on *every* open goal; a goal other than the first is addressed with
  ``on_goal k =>``. Its proposals carry the hammer's structured result (script, SMT checker, its graph).
- :class:`FactsProposer` — Mathlib facts about the goal's √, rpow, gcd, primes… as ``have`` steps.
- :class:`GLFactsProposer` — instances of exponent laws GL derived (``pow_add``, ``mul_pow`` …) as ``have`` steps.
- :class:`LLMProposer` — next tactics sampled from an LLM (:class:`prover.llm.tactics.TacticProposer`).

Proposals are never trusted: each one is run by the environment, which checks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from prover.search.config import AUTOMATION_TACTICS
from prover.search.environment import Environment, State

if TYPE_CHECKING:
    from prover.llm.tactics import TacticProposer

__all__ = [
    "AutomationProposer",
    "EnvProposer",
    "FactsProposer",
    "GLFactsProposer",
    "HammerProposer",
    "LLMProposer",
    "Proposal",
    "Proposer",
]

#: Log-prob given to proposals whose proposer has none (automation, the LLM on a server without log-probs).
DEFAULT_LOGPROB = -1.0


@dataclass(frozen=True)
class Proposal:
    """One candidate tactic. ``source``: the proposer (``automation``, ``hammer``, ``llm:<model>``, …);
    ``detail``: JSON-able evidence the provenance graph keeps (prompt id, the hammer's checker and core)."""

    tactic: str
    source: str
    logprob: float = DEFAULT_LOGPROB
    detail: dict[str, Any] = field(default_factory=dict, compare=False)
    graph: Any = field(default=None, compare=False, repr=False)  # a ProvenanceGraph behind the proposal


@runtime_checkable
class Proposer(Protocol):
    name: str

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        """Up to ``n`` proposals for ``state`` (reached by the tactics ``history``), best first."""
        ...


class AutomationProposer:
    """The fixed automation list, in order, with equal priors (the order breaks ties)."""

    name = "automation"

    def __init__(self, tactics: Sequence[str] = AUTOMATION_TACTICS, logprob: float = DEFAULT_LOGPROB) -> None:
        self.tactics = tuple(tactics)
        self.logprob = logprob

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        return [Proposal(t, self.name, self.logprob - 1e-3 * i) for i, t in enumerate(self.tactics)]


class EnvProposer:
    """The environment's own suggestions (each keeps its ``source``). ``inline``: called in the search's
    thread, first, since it touches the environment."""

    inline = True

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.name = f"{env.name}:suggestions"

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        return [Proposal(s.tactic, s.source, s.logprob) for s in self.env.suggestions(state)]


def _on_goal(index: int, script: str) -> str:
    """``script`` addressed to goal ``index`` (0-based); the first goal needs no wrapper."""
    if index == 0:
        return script
    body = "\n".join("  " + line for line in script.split("\n"))
    return f"on_goal {index + 1} =>\n{body}"


class HammerProposer:
    """Runs the SMT hammer on each open goal (results cached by goal text); proved goals yield their scripts."""

    name = "hammer"

    def __init__(self, timeout_s: float = 5.0, max_goals: int = 4) -> None:
        from symbolic.bridge.hammer import HammerConfig

        self.config = HammerConfig(timeout=timeout_s, budget=2 * timeout_s)
        self.max_goals = max_goals
        self._cache: dict[str, list[Proposal]] = {}

    def _goal(self, goal: str) -> list[Proposal]:
        key = " ".join(goal.split())
        if key in self._cache:
            return self._cache[key]
        from symbolic.bridge.hammer import Outcome, hammer
        from symbolic.provenance import ProvenanceGraph

        graph = ProvenanceGraph(title="hammer")
        res = hammer(goal, config=self.config, graph=graph, source="<goal>")
        out: list[Proposal] = []
        if res.outcome is Outcome.PROVED:
            for k, c in enumerate(res.scripts):
                out.append(Proposal(c.tactics, self.name, -0.1 * (k + 1), graph=graph if k == 0 else None, detail={
                    "closer": c.closer, "checker": res.checker, "core": res.core,
                    "instances": res.instances_used, "hammer_seconds": round(res.seconds, 3)}))
        self._cache[key] = out
        return out

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        out: list[Proposal] = []
        for i, goal in enumerate(state.goals[: self.max_goals]):
            for p in self._goal(goal):
                out.append(Proposal(_on_goal(i, p.tactic), p.source, p.logprob - 0.01 * i,
                                    {**p.detail, "goal_index": i}, p.graph))
        return out


def _first_goal_formulas(state: State) -> list[Any]:
    """The first goal's hypotheses and target (last) as bridge terms; none when solved or outside the fragment."""
    from symbolic.bridge.translate import translate
    from symbolic.errors import InputError

    if state.solved:
        return []
    try:
        tr = translate(state.goals[0], source="<goal>")
    except InputError:  # outside the bridge's fragment: nothing to read facts from
        return []
    return [h.formula for h in tr.sequent.hypotheses] + [tr.sequent.goal]


class FactsProposer:
    """Mathlib facts about the first goal's ground √, rpow, gcd/lcm, primes, π, stated as ``have`` steps."""

    name = "facts"

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        from symbolic.bridge.facts import ground_facts
        from symbolic.bridge.lean_text import lean_text

        formulas = _first_goal_formulas(state)
        out = []
        for k, (proof, fact) in enumerate(ground_facts(formulas)):
            out.append(Proposal(f"have hfact{len(history)}_{k} : {lean_text(fact)} := {proof}", self.name, -1.5))
        return out[:n]


class GLFactsProposer:
    """Instances of the exponent laws GL derived, at the first goal's powers with a variable exponent, as
    ``have hg : 2 ^ (m + n) = 2 ^ m * 2 ^ n := pow_add _ _ _`` (the SMT solvers see such powers as
    uninterpreted). :class:`SymbolicEnv` offers the same steps among its own suggestions."""

    name = "gl:facts"

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        from symbolic.bridge.lean_text import lean_text
        from symbolic.sequent.gl_facts import LEMMAS, fact_instances

        formulas = _first_goal_formulas(state)[::-1]  # the target's powers first
        return [Proposal(f"have hg{len(history)}_{k} : {lean_text(fact)} := {LEMMAS[law]}", self.name, -0.6,
                         {"law": law})
                for k, (law, fact) in enumerate(fact_instances(formulas, limit=n))]


class LLMProposer:
    """Next-tactic samples from an LLM; a model that ignores ``n`` is sampled one by one by the client.
    ``deferrable``: the search does not wait for it; its answer is tried when it comes."""

    deferrable = True

    def __init__(self, proposer: TacticProposer, model: str = "llm", theorem: str = "") -> None:
        self.proposer = proposer
        self.name = f"llm:{model}"
        self.theorem = theorem

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        out = []
        for p in self.proposer.propose_tactics(state.text, list(history), n, name=self.theorem):
            lp = p.logprob if p.logprob is not None else DEFAULT_LOGPROB
            out.append(Proposal(p.text, f"llm:{p.model}", lp, {"prompt_id": p.prompt_id}))
        return out
