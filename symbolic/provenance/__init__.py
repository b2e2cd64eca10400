"""Provenance graphs for proofs — neural and symbolic steps alike — with JSON persistence and offline HTML."""

from symbolic.provenance.graph import ROOT_KINDS, GraphError, ProvenanceGraph, edge_problem
from symbolic.provenance.html import (
    GraphFiles,
    IndexEntry,
    layered_layout,
    render_html,
    write_graph,
    write_html,
    write_index,
)
from symbolic.provenance.schema import SCHEMA_VERSION, EdgeKind, EdgeModel, GraphDocument, NodeKind, NodeModel

__all__ = [
    "ROOT_KINDS",
    "SCHEMA_VERSION",
    "EdgeKind",
    "EdgeModel",
    "GraphDocument",
    "GraphError",
    "GraphFiles",
    "IndexEntry",
    "NodeKind",
    "NodeModel",
    "ProvenanceGraph",
    "edge_problem",
    "layered_layout",
    "render_html",
    "write_graph",
    "write_html",
    "write_index",
]
