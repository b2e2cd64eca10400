"""Provenance graphs for proofs — neural and symbolic steps alike — with JSON persistence and offline HTML."""

from symbolic.provenance.graph import GraphError, ProvenanceGraph
from symbolic.provenance.html import IndexEntry, layered_layout, render_html, write_html, write_index
from symbolic.provenance.schema import SCHEMA_VERSION, EdgeKind, EdgeModel, GraphDocument, NodeKind, NodeModel

__all__ = [
    "SCHEMA_VERSION",
    "EdgeKind",
    "EdgeModel",
    "GraphDocument",
    "GraphError",
    "IndexEntry",
    "NodeKind",
    "NodeModel",
    "ProvenanceGraph",
    "layered_layout",
    "render_html",
    "write_html",
    "write_index",
]
