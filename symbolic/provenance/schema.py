"""The versioned JSON schema of provenance graphs (pydantic models).

An edge ``source -> target`` always points along the flow of justification: ``target`` depends on ``source``
(a fact is derived from its premises, a tactic is proposed by a proposal, a tactic closes a goal, a statement is
checked by a solver or Lean check). Layouts therefore run from axioms and hypotheses down to the goal.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["REQUIRED_FIELDS", "SCHEMA_VERSION", "EdgeKind", "EdgeModel", "GraphDocument", "NodeKind", "NodeModel"]

SCHEMA_VERSION = 1


class NodeKind(StrEnum):
    """What a node stands for."""

    AXIOM = "axiom"
    HYPOTHESIS = "hypothesis"
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
    # anything else a producer wants to keep (JSON values only)
    extra: dict[str, Any] = Field(default_factory=dict)


class EdgeModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    target: str
    kind: EdgeKind


class GraphDocument(BaseModel):
    """The file format: ``schema_version`` first so readers can refuse files they do not understand."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = SCHEMA_VERSION
    title: str = ""
    meta: dict[str, Any] = Field(default_factory=dict)
    nodes: list[NodeModel]
    edges: list[EdgeModel]
