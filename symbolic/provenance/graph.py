"""Provenance graphs: a typed DAG of goals, facts, tactics, proposals, solver queries and checks."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import ValidationError

from symbolic.errors import InputError
from symbolic.limits import json_problem
from symbolic.provenance.schema import (
    REQUIRED_FIELDS,
    SCHEMA_VERSION,
    EdgeKind,
    EdgeModel,
    GraphDocument,
    NodeKind,
    NodeModel,
)

__all__ = ["ROOT_KINDS", "GraphError", "ProvenanceGraph", "edge_problem"]

#: Node kinds that justify and are never justified within a graph.
ROOT_KINDS = frozenset({NodeKind.AXIOM, NodeKind.HYPOTHESIS, NodeKind.THEOREM})
_CHECKS = frozenset({NodeKind.SMT_QUERY, NodeKind.LEAN_CHECK})

_NODE_FIELDS = frozenset(NodeModel.model_fields) - {"id", "kind", "statement"}


class GraphError(InputError):
    """A malformed provenance graph: a cycle, a dangling edge, an unknown kind, a wrong schema version."""


class ProvenanceGraph:
    """A DAG on :mod:`networkx` whose nodes are :class:`NodeModel` and whose edges carry an :class:`EdgeKind`.

    Build it with :meth:`add_node` / :meth:`add_edge` (or :meth:`derive`, both at once), name the statement the
    graph is about with :meth:`conclude`, persist it with :meth:`save` / :meth:`load`. Every edge is checked
    against the convention of :mod:`symbolic.provenance.schema` when it is added (and when a file is loaded);
    acyclicity and the conclusion are checked by :meth:`validate` (called on save and load) rather than per
    edge, which keeps building large graphs linear.
    """

    def __init__(self, title: str = "", meta: dict[str, Any] | None = None) -> None:
        self.title = title
        self.meta: dict[str, Any] = dict(meta or {})
        self.g: nx.DiGraph = nx.DiGraph()
        self.conclusion: str | None = None
        self._counter = 0

    # -- building ---------------------------------------------------------------------------------------------
    def add_node(
        self, kind: NodeKind | str, statement: str, *, id: str | None = None, **fields: Any
    ) -> str:
        """Add a node and return its id. Unknown keyword fields go to ``extra``."""
        kind = _kind(kind)
        if id is None:
            self._counter += 1
            id = f"n{self._counter}"
            while id in self.g:
                self._counter += 1
                id = f"n{self._counter}"
        elif id in self.g:
            raise GraphError(f"duplicate node id {id!r}", source=self.title or "<graph>")
        known = {k: v for k, v in fields.items() if k in _NODE_FIELDS}
        extra = {k: v for k, v in fields.items() if k not in _NODE_FIELDS}
        if extra:
            known["extra"] = {**known.get("extra", {}), **extra}
        node = _fast_node(id, kind, str(statement), known)
        _check_required(node, self.title or "<graph>")
        self.g.add_node(id, data=node)
        return id

    def add_edge(self, source: str, target: str, kind: EdgeKind | str = EdgeKind.DERIVED_FROM) -> None:
        """Add ``source -> target``: ``source`` justifies ``target``. Both nodes must exist and the edge must
        follow the convention (nothing points into a root; ``closes`` ends at a goal; ``checked-by`` starts
        at a check; ``proposed-by`` at a proposal)."""
        for end in (source, target):
            if end not in self.g:
                raise GraphError(f"edge {source!r} -> {target!r} names unknown node {end!r}",
                                 source=self.title or "<graph>")
        if source == target:
            raise GraphError(f"self-loop on node {source!r}", source=self.title or "<graph>")
        k = _edge_kind(kind)
        problem = edge_problem(self.node(source).kind, self.node(target).kind, k)
        if problem:
            raise GraphError(f"edge {source!r} -> {target!r} ({k.value}): {problem}", source=self.title or "<graph>")
        self.g.add_edge(source, target, kind=k)

    def derive(self, kind: NodeKind | str, statement: str, sources: Iterable[str | None] = (),
               edge: EdgeKind | str = EdgeKind.DERIVED_FROM, **fields: Any) -> str:
        """Add a node justified by ``sources`` (an edge from each; ``None`` entries are skipped)."""
        nid = self.add_node(kind, statement, **fields)
        for s in sources:
            if s is not None:
                self.add_edge(s, nid, edge)
        return nid

    def update_node(self, id: str, **fields: Any) -> None:
        """Set fields of an existing node (e.g. its status once the outcome is known)."""
        node = self.node(id)
        data = node.model_dump(exclude_none=True)
        for k, v in fields.items():
            if k in _NODE_FIELDS:
                data[k] = v
            else:
                data.setdefault("extra", {})[k] = v
        self.g.nodes[id]["data"] = NodeModel.model_validate(data)

    def conclude(self, id: str) -> str:
        """Name the node the graph is about (its final conclusion: a sink, checked by :meth:`validate`)."""
        if id not in self.g:
            raise GraphError(f"conclusion names unknown node {id!r}", source=self.title or "<graph>")
        self.conclusion = id
        return id

    def merge(self, other: ProvenanceGraph, prefix: str = "") -> dict[str, str]:
        """Copy ``other`` into this graph with ids prefixed; returns old id -> new id."""
        mapping: dict[str, str] = {}
        for nid, data in other.g.nodes(data="data"):
            new_id = prefix + nid  # edges copied below already follow the convention
            if new_id in self.g:
                raise GraphError(f"merge: node id {new_id!r} exists already", source=self.title or "<graph>")
            self.g.add_node(new_id, data=data.model_copy(update={"id": new_id}))
            mapping[nid] = new_id
        for u, v, k in other.g.edges(data="kind"):
            self.g.add_edge(mapping[u], mapping[v], kind=k)
        return mapping

    # -- reading ----------------------------------------------------------------------------------------------
    def node(self, id: str) -> NodeModel:
        try:
            return self.g.nodes[id]["data"]
        except KeyError:
            raise KeyError(f"no node {id!r}") from None

    def nodes(self, kind: NodeKind | str | None = None) -> Iterator[NodeModel]:
        want = None if kind is None else _kind(kind)
        for _, data in self.g.nodes(data="data"):
            if want is None or data.kind is want:
                yield data

    def edges(self) -> Iterator[EdgeModel]:
        for u, v, k in self.g.edges(data="kind"):
            yield EdgeModel.model_construct(source=u, target=v, kind=k)

    def edges_between(self, source: str, target: str) -> EdgeKind | None:
        """The kind of the edge ``source -> target`` (None when there is none)."""
        data = self.g.get_edge_data(source, target)
        return None if data is None else data["kind"]

    def number_of_nodes(self) -> int:
        return self.g.number_of_nodes()

    def number_of_edges(self) -> int:
        return self.g.number_of_edges()

    def __contains__(self, id: object) -> bool:
        return id in self.g

    def __len__(self) -> int:
        return self.g.number_of_nodes()

    def sources_of(self, id: str) -> list[str]:
        """Direct dependencies of ``id``."""
        return list(self.g.predecessors(id))

    def support(self, id: str) -> set[str]:
        """Every node ``id`` depends on, transitively (its justification), plus ``id`` itself."""
        return nx.ancestors(self.g, id) | {id}

    def roots(self) -> list[str]:
        """Nodes with no dependencies (axioms, hypotheses, proposals)."""
        return [n for n in self.g.nodes if self.g.in_degree(n) == 0]

    # -- validation and persistence ---------------------------------------------------------------------------
    def validate(self, source: str | None = None) -> None:
        """Raise :class:`GraphError` unless the graph is acyclic and its conclusion (if named) is a sink
        (edges always point to existing nodes)."""
        if self.conclusion is not None:
            if self.conclusion not in self.g:
                raise GraphError(f"conclusion names unknown node {self.conclusion!r}",
                                 source=source or self.title or "<graph>")
            later = list(self.g.successors(self.conclusion))
            if later:
                raise GraphError(f"the conclusion {self.conclusion!r} must be a sink, but {later[0]!r} depends on it",
                                 source=source or self.title or "<graph>")
        if nx.is_directed_acyclic_graph(self.g):
            return
        try:
            cycle = nx.find_cycle(self.g)
        except nx.NetworkXNoCycle:
            return
        path = " -> ".join([cycle[0][0], *(e[1] for e in cycle)])
        raise GraphError(f"cycle in provenance graph: {path}", source=source or self.title or "<graph>")

    def to_document(self) -> GraphDocument:
        return GraphDocument.model_construct(
            schema_version=SCHEMA_VERSION,
            title=self.title,
            conclusion=self.conclusion,
            meta=self.meta,
            nodes=[d for _, d in self.g.nodes(data="data")],
            edges=list(self.edges()),
        )

    def to_json(self, indent: int | None = None) -> str:
        return self.to_document().model_dump_json(indent=indent, exclude_none=True, exclude_defaults=False)

    def save(self, path: str | Path) -> Path:
        """Validate, then write the graph as JSON; returns the path."""
        self.validate()
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(p.suffix + ".tmp")
        tmp.write_text(self.to_json(), encoding="utf-8")
        tmp.replace(p)
        return p

    @classmethod
    def from_document(cls, doc: GraphDocument, source: str = "<graph>") -> ProvenanceGraph:
        g = cls(title=doc.title, meta=doc.meta)
        for n in doc.nodes:
            if n.id in g.g:
                raise GraphError(f"duplicate node id {n.id!r}", source=source)
            _check_required(n, source)
            g.g.add_node(n.id, data=n)
        for e in doc.edges:
            for end in (e.source, e.target):
                if end not in g.g:
                    raise GraphError(f"edge {e.source!r} -> {e.target!r} points to missing node {end!r}",
                                     source=source)
            problem = edge_problem(g.node(e.source).kind, g.node(e.target).kind, e.kind)
            if problem:
                raise GraphError(f"edge {e.source!r} -> {e.target!r} ({e.kind.value}): {problem}", source=source)
            g.g.add_edge(e.source, e.target, kind=e.kind)
        g.conclusion = doc.conclusion
        g.validate(source)
        g._counter = len(doc.nodes)
        return g

    @classmethod
    def from_json(cls, text: str, source: str = "<graph>") -> ProvenanceGraph:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise GraphError(f"not valid JSON: {exc.msg}", source=source, line=exc.lineno,
                             column=exc.colno) from None
        except (ValueError, RecursionError) as exc:  # a numeral over 4,300 digits; nesting deeper than the stack
            raise GraphError(f"not valid JSON: {json_problem(exc)}", source=source) from None
        if not isinstance(raw, dict):
            raise GraphError("expected a JSON object with schema_version, nodes and edges", source=source)
        version = raw.get("schema_version")
        if version != SCHEMA_VERSION:
            raise GraphError(f"unsupported schema_version {version!r} (this reader understands {SCHEMA_VERSION};"
                             " re-create the graph with this version)", source=source)
        try:
            doc = GraphDocument.model_validate(raw)
        except ValidationError as exc:
            raise GraphError(_first_error(exc), source=source) from None
        return cls.from_document(doc, source)

    @classmethod
    def load(cls, path: str | Path) -> ProvenanceGraph:
        """Read a graph file; a malformed file raises :class:`GraphError` naming the file and the problem."""
        p = Path(path)
        if not p.is_file():
            raise GraphError("is a directory, expected a graph JSON file" if p.is_dir() else "file not found",
                             source=str(p))
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise GraphError(f"not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})",
                             source=str(p)) from None
        return cls.from_json(text, source=str(p))


_STR_FIELDS = frozenset({"lean", "label", "status", "rule", "block", "model", "prompt_id", "solver", "logic",
                         "result", "verdict"})
_FLOAT_FIELDS = frozenset({"logprob", "seconds"})
_LIST_FIELDS = frozenset({"sources", "messages"})


def _fast_node(id: str, kind: NodeKind, statement: str, known: dict[str, Any]) -> NodeModel:
    """Build a node without pydantic's validation when every field already has its declared type.

    Building graphs of thousands of nodes is on the hot path of GL and batch runs; anything unusual falls back
    to full validation, and files are always fully validated when loaded.
    """
    simple = True
    for k, v in known.items():
        if v is None:
            continue
        if k in _STR_FIELDS:
            simple = type(v) is str
        elif k in _FLOAT_FIELDS:
            simple = type(v) in (float, int)
        elif k in _LIST_FIELDS:
            simple = type(v) is list and all(type(x) is str for x in v)
        else:
            simple = False
        if not simple:
            break
    if not simple:
        return NodeModel(id=id, kind=kind, statement=statement, **known)
    if "extra" not in known:
        known["extra"] = {}
    return NodeModel.model_construct(id=id, kind=kind, statement=statement, **known)


def edge_problem(source: NodeKind, target: NodeKind, kind: EdgeKind) -> str:
    """Why an edge of ``kind`` from a ``source`` node to a ``target`` node breaks the convention ("" if not)."""
    if target in ROOT_KINDS:
        return f"a {target.value} is a root: nothing justifies it within the graph"
    if kind is EdgeKind.CLOSES and target is not NodeKind.GOAL:
        return f"'closes' must end at a goal, not a {target.value}"
    if kind is EdgeKind.CHECKED_BY and source not in _CHECKS:
        return f"'checked-by' must start at an smt-query or lean-check, not a {source.value}"
    if kind is EdgeKind.PROPOSED_BY and source is not NodeKind.PROPOSAL:
        return f"'proposed-by' must start at a proposal, not a {source.value}"
    return ""


def _kind(kind: NodeKind | str) -> NodeKind:
    try:
        return NodeKind(kind)
    except ValueError:
        valid = ", ".join(k.value for k in NodeKind)
        raise GraphError(f"unknown node kind {kind!r} (valid: {valid})") from None


def _edge_kind(kind: EdgeKind | str) -> EdgeKind:
    try:
        return EdgeKind(kind)
    except ValueError:
        valid = ", ".join(k.value for k in EdgeKind)
        raise GraphError(f"unknown edge kind {kind!r} (valid: {valid})") from None


def _check_required(node: NodeModel, source: str) -> None:
    for f in REQUIRED_FIELDS.get(node.kind, ()):
        if getattr(node, f) is None:
            raise GraphError(f"node {node.id!r} of kind {node.kind.value} needs field {f!r}", source=source)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = err.get("loc", ())
    where = ""
    if len(loc) >= 2 and loc[0] in ("nodes", "edges") and isinstance(loc[1], int):
        where = f"{loc[0][:-1]} #{loc[1]}"
        if len(loc) > 2:
            where += f" field {'.'.join(str(x) for x in loc[2:])!r}"
    elif loc:
        where = f"field {'.'.join(str(x) for x in loc)!r}"
    msg = err.get("msg", "invalid")
    if err.get("type") == "enum":
        msg = f"unknown kind {err.get('input')!r} ({msg})"
    more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
    return f"{where}: {msg}{more}" if where else f"{msg}{more}"


def iter_ids(nodes: Iterable[NodeModel]) -> list[str]:
    return [n.id for n in nodes]
