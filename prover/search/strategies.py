"""The four strategies over one :class:`Run` (environment, proposers, scorer, recorder, deadline).

- :func:`best_first` — :class:`~prover.search.bestfirst.BestFirst` from the initial state.
- :func:`hammer_first` — the hammer alone on the initial state (every goal), then best-first on failure.
- :func:`whole_proof` — K complete proofs from the LLM (DeepSeek-Prover style), each run as one tactic block
  by the environment (guarded by it) and then checked whole like any other proof.
- :func:`sketch` — the LLM writes a proof whose ``have`` steps end in ``sorry`` (DSP style); each hole becomes
  its own theorem (the statement's binders plus the earlier ``have`` facts) closed by hammer-first search, then
  the main goal with every ``have`` as a hypothesis; holes nothing closes are reported by name.

Each returns a :class:`Found` (the steps that close the goal, or why there are none).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from prover.search.assembly import body_lines, strip_proof
from prover.search.bestfirst import BestFirst, Node, SearchStats, Stop
from prover.search.config import SearchConfig
from prover.search.environment import Environment, EnvironmentUnsupported, State, Theorem
from prover.search.proposers import Proposal, Proposer
from prover.search.recorder import SearchRecorder
from prover.search.scoring import Scorer
from symbolic.verdicts import Claim, Reason

__all__ = ["Found", "Run", "best_first", "hammer_first", "sketch", "whole_proof"]


@dataclass
class Run:
    """Everything one strategy needs. ``llm``: a whole-proof sampler (``propose_proofs``) or None."""

    env: Environment
    theorem: Theorem
    config: SearchConfig
    proposers: list[Proposer]
    scorer: Scorer
    recorder: SearchRecorder
    deadline: float
    llm: Any = None
    on_progress: Callable[[dict[str, Any]], None] | None = None
    searches: list[BestFirst] = field(default_factory=list)

    def search(self) -> BestFirst:
        bf = BestFirst(self.env, self.proposers, self.scorer, self.config, self.recorder,
                       deadline=self.deadline, on_progress=self.on_progress)
        self.searches.append(bf)
        return bf

    def stats(self) -> SearchStats:
        """Totals over every search of this run."""
        total = SearchStats()
        for bf in self.searches:
            s = bf.stats
            for k in ("expansions", "tactics", "tactic_failures", "duplicates", "states", "crashes",
                      "proposer_failures", "env_seconds", "proposer_seconds", "predictor_seconds"):
                setattr(total, k, getattr(total, k) + getattr(s, k))
            total.max_open = max(total.max_open, s.max_open)
            if s.best_priority is not None:
                total.best_priority = max(total.best_priority or s.best_priority, s.best_priority)
            for src, (tried, ok) in s.by_proposer.items():
                acc = total.by_proposer.setdefault(src, [0, 0])
                acc[0] += tried
                acc[1] += ok
        return total


@dataclass
class Found:
    """``body``: the proof's tactic lines (None: no proof); ``path``: the search nodes behind it."""

    body: list[str] | None
    reason: Reason | None = None
    detail: str = ""
    path: list[Node] = field(default_factory=list)
    explored: list[Node] = field(default_factory=list)
    holes: list[str] = field(default_factory=list)
    pieces: list[tuple[Theorem, list[str]]] = field(default_factory=list)  # sketch: each hole and the main goal
    claim: Claim | None = None  # a definite answer without a proof (the root goal disproved)


def _found(stop: Stop, bf: BestFirst) -> Found:
    explored = list(bf.seen.values())
    if stop.closed is None:
        return Found(None, stop.reason, stop.detail, explored=explored, claim=stop.claim)
    return Found(body_lines(stop.closed.steps()), path=stop.closed.path(), explored=explored)


def best_first(run: Run, root: State) -> Found:
    bf = run.search()
    node = bf.root(root)
    return _found(bf.run(node), bf)


def hammer_first(run: Run, root: State) -> Found:
    hammers = [p for p in run.proposers if p.name == "hammer"]
    hammers += [_Only(p, "hammer") for p in run.proposers if p.name.endswith(":suggestions")]
    bf = run.search()
    node = bf.root(root)
    return _found(bf.run(node, first=hammers), bf)


class _Only:
    """A proposer restricted to the proposals whose source starts with ``prefix`` (the env's hammer steps)."""

    def __init__(self, inner: Proposer, prefix: str) -> None:
        self.inner, self.prefix = inner, prefix
        self.name = f"{inner.name}[{prefix}]"
        self.inline = getattr(inner, "inline", False)

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        return [p for p in self.inner.propose(state, history, n) if p.source.startswith(self.prefix)]


class _Fixed:
    """Proposes one given tactic block (a whole proof from the LLM) once."""

    def __init__(self, proposal: Proposal) -> None:
        self.proposal = proposal
        self.name = proposal.source

    def propose(self, state: State, history: Sequence[str], n: int) -> list[Proposal]:
        return [self.proposal]


def _no_llm(strategy: str) -> Found:
    return Found(None, Reason.UNAVAILABLE, f"the {strategy} strategy needs an LLM (--llm URL or local)")


def whole_proof(run: Run, root: State) -> Found:
    if run.llm is None:
        return _no_llm("whole-proof")
    t0 = time.monotonic()
    proofs = run.llm.propose_proofs(strip_proof(run.theorem.statement), run.config.whole_proof_samples,
                                    header=run.theorem.header)
    seconds = time.monotonic() - t0
    bf = run.search()
    bf.stats.proposer_seconds += seconds
    node = bf.root(root)
    if not proofs:
        run.recorder.event(node.gid, "proposer-empty", "the LLM gave no usable whole proof")
    for p in proofs:  # each complete proof is one tactic block, run and checked by the environment
        prop = Proposal(p.text, f"llm:{p.model}", p.logprob if p.logprob is not None else -1.0,
                        {"prompt_id": p.prompt_id, "whole_proof": True})
        stop = bf._expand(node, [_Fixed(prop)], count=True)
        if stop is not None:
            return _found(stop, bf)
        if time.monotonic() >= run.deadline:
            return Found(None, Reason.BUDGET, "time budget spent", explored=list(bf.seen.values()))
    return Found(None, Reason.EXHAUSTED, f"none of {len(proofs)} sampled proofs closed the goal",
                 explored=list(bf.seen.values()))


def sketch_holes(text: str) -> list[tuple[int, str, str]]:
    """(line index, name, type) of each top-level ``have name : T := by sorry`` in a sketch, each line read
    with the project's Lean lexer (a trailing comment, a «quoted» name or a string in ``T`` is no hole marker)."""
    from symbolic.bridge.lean_source import lex

    out = []
    lines = text.split("\n")
    base = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    for i, line in enumerate(lines):
        if len(line) - len(line.lstrip()) != base:
            continue
        toks = lex(line).tokens
        if len(toks) < 5 or not toks[0].is_word("have") or toks[1].kind != "ident" or toks[2].text != ":":
            continue
        j = len(toks) - 1
        if not toks[j].is_word("sorry"):
            continue
        j -= 1 if not toks[j - 1].is_word("by") else 2
        if j > 3 and toks[j].text == ":=":
            out.append((i, toks[1].text, line[toks[2].end : toks[j].start].strip()))
    return out


def split_statement(statement: str) -> tuple[str, str, str]:
    """``theorem name binders : goal`` → (name, binders, goal), split at the first top-level ``:`` token (read
    with the project's Lean lexer, so comments, strings and ``:=`` are not mistaken for it)."""
    from symbolic.bridge.lean_source import declarations, lex

    decls = [d for d in declarations(strip_proof(statement) + " := by sorry") if d.is_theorem and d.name]
    if not decls:
        raise ValueError("not a named theorem statement")
    sig = decls[0].signature
    depth = 0
    for tok in lex(sig).tokens:
        if tok.text in ("(", "[", "{", "⦃"):
            depth += 1
        elif tok.text in (")", "]", "}", "⦄"):
            depth -= 1
        elif tok.text == ":" and depth == 0:
            return decls[0].name, sig[: tok.start].strip(), sig[tok.end:].strip()
    raise ValueError("no top-level ':' in the statement")


def sketch(run: Run, root: State) -> Found:
    """DSP-style: LLM sketches with ``have … := by sorry`` holes; each hole, then the rest, searched apart."""
    if run.llm is None:
        return _no_llm("sketch")
    try:
        name, binders, goal = split_statement(run.theorem.statement)
    except ValueError as exc:
        return Found(None, Reason.UNSUPPORTED, f"sketch: {exc}")
    sketches = run.llm.propose_proofs(strip_proof(run.theorem.statement), run.config.whole_proof_samples,
                                      header=run.theorem.header)
    unclosed: list[str] = []
    for sk in sketches:
        holes = sketch_holes(sk.text)
        if not holes:
            continue
        facts: list[str] = []
        fills: dict[int, list[str]] = {}
        missing: list[str] = []
        pieces: list[tuple[Theorem, list[str]]] = []
        for line, hname, htype in holes:
            sub = Theorem(f"{name}_{hname}", f"theorem {name}_{hname} {binders} {' '.join(facts)} : {htype}",
                          run.theorem.header)
            found = _subsearch(run, sub)
            if found.body is None:
                missing.append(hname)
            else:
                fills[line] = found.body
                pieces.append((sub, found.body))
            facts.append(f"({hname} : {htype})")
            if time.monotonic() >= run.deadline:
                break
        if missing:
            unclosed = missing
            continue
        main_thm = Theorem(f"{name}_main", f"theorem {name}_main {binders} {' '.join(facts)} : {goal}",
                           run.theorem.header)
        main = _subsearch(run, main_thm)
        if main.body is None:
            unclosed = ["<main goal after the haves>"]
            continue
        body: list[str] = []  # the sketch's holes, filled, then the main goal's proof (other lines dropped)
        for line, hname, htype in holes:
            body.append(f"have {hname} : {htype} := by")
            body.extend("  " + x for x in fills[line])
        body.extend(main.body)
        return Found(body, pieces=[*pieces, (main_thm, main.body)])
    if not sketches:
        return Found(None, Reason.EXHAUSTED, "the LLM gave no sketch")
    return Found(None, Reason.EXHAUSTED, "holes nothing closed: " + ", ".join(unclosed) if unclosed
                 else "no sketch had `have … := by sorry` holes", holes=unclosed)


def _subsearch(run: Run, sub: Theorem) -> Found:
    try:
        state = run.env.start(sub)
    except EnvironmentUnsupported as exc:
        return Found(None, Reason.UNSUPPORTED, str(exc))
    return hammer_first(run, state)
