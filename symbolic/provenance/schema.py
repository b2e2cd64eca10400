"""The versioned JSON schema of provenance graphs (pydantic models).

**Edges.** An edge ``source -> target`` always points along the flow of justification: ``target`` depends on
``source`` (a fact is derived from its premises, a tactic is proposed by a proposal, a tactic closes a goal, a
statement is checked by a solver or a Lean check). :meth:`ProvenanceGraph.add_edge` enforces it: nothing
points into an axiom, a hypothesis or a cited theorem (they are the roots), ``closes`` ends at a goal,
``checked-by`` starts at an ``smt-query`` or ``lean-check`` node, ``proposed-by`` at a ``proposal``. The graph's
``conclusion`` (set with :meth:`ProvenanceGraph.conclude`) is the statement the graph is about; it must be a
sink. Layouts therefore run from axioms and hypotheses down to the conclusion.

**Replay payloads.** A node whose claim an independent checker can re-check carries ``replay``: a JSON object
with ``"checker"`` (a :class:`symbolic.verdicts.Checker` value) and what that checker needs, nothing taken on
trust from the engine that produced it. ``prover replay GRAPH.json`` re-checks every node with a payload:

- ``smt`` / ``z3`` / ``cvc5`` (who answered first time): ``{"smtlib": standalone SMT-LIB2 script, "expect":
  "unsat" | "sat"}``; re-run with both z3 and cvc5 (at least one must give ``expect``, neither the opposite
  within a short grace; both must be installed). A hammer query (a node derived from a ``translation``) also
  carries ``"lean"``: the Lean statement (or goal state) it came from, and ``"hammer": {"query": "ground" |
  "quantified", "max_instances": int}``; the replay re-translates the statement, requires the goal and
  hypothesis nodes to read as it says, rebuilds the query from it (:mod:`symbolic.bridge.hammer_query`) and
  requires the recorded ``smtlib`` to be exactly the rebuilt text (a hammer query without them is rejected).
- ``gl-replay`` on a ``proof`` node: ``{"theorem": name, "statement": MPL formula, "kind": "direct" |
  "induction", "var", "step_elems": [x, x'], "cases": [{"case", "binding", "constants", "steps": [node ids],
  "goal": {"sources": [step ids], "binding"}}], "cites": {name: MPL formula}}``; each step node listed carries
  ``{"checker": "gl-replay", "id", "pred", "args", "tag", "sources": [step ids], "rule", "binding"}``. The
  theory's text is in the graph's ``meta["gl_theory"]``. The replay rebuilds every clause from these
  statements (never from an engine object), re-runs the GL replay checker, and requires every step node's
  ``statement`` to be the text of its step.
- ``lean`` / ``lean-tactic``: ``{"source": whole Lean file}``; re-checked by Lean where a toolchain exists,
  otherwise reported as not runnable (never as ok).

A search graph follows the same rules: an SMT-checked symbolic step is a node with an ``smt`` payload (its
query must assert the negation of the goal of the state it applies to, re-read from that state's text,
unless it is a case split's cover), a Lean-check node carries a ``lean`` payload. Version 2 added ``theorem`` nodes, ``checker``, ``replay`` and
``conclusion``; older files are refused with one line.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from symbolic.verdicts import Checker

__all__ = ["REQUIRED_FIELDS", "SCHEMA_VERSION", "EdgeKind", "EdgeModel", "GraphDocument", "NodeKind", "NodeModel"]

SCHEMA_VERSION = 2


class NodeKind(StrEnum):
    """What a node stands for."""

    AXIOM = "axiom"
    HYPOTHESIS = "hypothesis"
    THEOREM = "theorem"  # an earlier theorem cited by this proof (proved in its own graph)
    GOAL = "goal"
    FACT = "fact"
    TACTIC = "tactic"
    PROPOSAL = "proposal"
    SMT_QUERY = "smt-query"
    GL_INFERENCE = "gl-inference"
    LEAN_CHECK = "lean-check"
    PROOF = "proof"


class EdgeKind(StrEnum):
    """How the target of an edge depends on its source."""

    DERIVED_FROM = "derived-from"  # target was derived from source
    PROPOSED_BY = "proposed-by"  # target (tactic, candidate) was proposed by source (proposal)
    CLOSES = "closes"  # source (tactic, proof step) closes target (goal)
    CHECKED_BY = "checked-by"  # target (statement, proof) was checked by source (smt-query, lean-check)


# Fields a node of each kind must carry (beyond statement), checked when nodes are added and when files load.
REQUIRED_FIELDS: dict[NodeKind, tuple[str, ...]] = {
    NodeKind.PROPOSAL: ("model",),
    NodeKind.SMT_QUERY: ("solver", "result"),
    NodeKind.GL_INFERENCE: ("rule",),
    NodeKind.LEAN_CHECK: ("verdict",),
}


class NodeModel(BaseModel):
    """One node. Kind-specific fields are optional here; ``REQUIRED_FIELDS`` says which kinds need which."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    kind: NodeKind
    statement: str
    lean: str | None = None  # the statement or step as Lean 4 text, where there is one
    label: str | None = None  # short text shown on the node (defaults to the statement)
    status: str | None = None  # proved / open / failed / valid / sat / unsat / unknown / …
    # gl-inference
    rule: str | None = None
    block: str | None = None
    sources: list[str] | None = None
    # proposal
    model: str | None = None
    prompt_id: str | None = None
    logprob: float | None = None
    # smt-query
    solver: str | None = None
    logic: str | None = None
    result: str | None = None
    seconds: float | None = None
    # lean-check
    verdict: str | None = None
    messages: list[str] | None = None
    # who backs this node's claim (a symbolic.verdicts.Checker value) and what a replay needs
    checker: str | None = None
    replay: dict[str, Any] | None = None
    # anything else a producer wants to keep (JSON values only)
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("checker")
    @classmethod
    def _known_checker(cls, v: str | None) -> str | None:
        if v is not None:
            _checker(v)
        return v

    @field_validator("replay")
    @classmethod
    def _known_replay(cls, v: dict[str, Any] | None) -> dict[str, Any] | None:
        if v is not None:
            _checker(v.get("checker"))
        return v


def _checker(value: object) -> Checker:
    try:
        return Checker(value)
    except ValueError:
        known = ", ".join(c.value for c in Checker)
        raise ValueError(f"unknown checker {value!r} (known: {known})") from None


class EdgeModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    target: str
    kind: EdgeKind


class GraphDocument(BaseModel):
    """The file format: ``schema_version`` first so readers can refuse files they do not understand."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[2] = SCHEMA_VERSION
    title: str = ""
    conclusion: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    nodes: list[NodeModel]
    edges: list[EdgeModel]
