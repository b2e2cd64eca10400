"""Single-file offline HTML for provenance graphs (cytoscape.js and cytoscape-dagre inlined, no network).

Every string from the graph travels inside a JSON ``<script type="application/json">`` block with ``<``, ``>``
and ``&`` escaped, and the page only ever writes it with ``textContent``: a label holding ``<script>`` (LLM output
can) is shown as text and never runs. The template is filled in one pass (a value is never searched for
placeholders, so a label holding ``{{DAGRE}}`` is just text), and the Content-Security-Policy allows exactly the
page's own three scripts by their SHA-256 hashes and forbids any network access.

Readability: axioms, hypotheses and cited theorems are nodes; the side panel lists a node's sources by
statement. On graphs above ``COLLAPSE_THRESHOLD`` nodes the page opens on the proof path (the longest chain of
justification ending at the conclusion), laid out as a column at a zoom where labels stay legible, with the rest
collapsed behind a "show all" button. Graphs above ``PRESET_LAYOUT_THRESHOLD`` nodes get a layered layout
computed here, since dagre in the browser takes too long on thousands of nodes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from symbolic.provenance.graph import ProvenanceGraph
from symbolic.provenance.schema import NodeKind, NodeModel

__all__ = ["COLLAPSE_THRESHOLD", "PRESET_LAYOUT_THRESHOLD", "GraphFiles", "IndexEntry", "layered_layout",
           "proof_path", "render_html", "write_graph", "write_html", "write_index"]

PRESET_LAYOUT_THRESHOLD = 800
COLLAPSE_THRESHOLD = 60
_PLACEHOLDER = re.compile(r"\{\{(TITLE|DATA|CYTOSCAPE|DAGRE|APP|SCRIPT_HASHES)\}\}")
_ROW = 60  # nodes per row inside one layer of the preset layout


@cache
def _asset(name: str) -> str:
    return resources.files("symbolic.provenance").joinpath("assets", name).read_text(encoding="utf-8")


def _json_for_html(obj: object) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def layered_layout(g: nx.DiGraph, dx: float = 70.0, dy: float = 90.0) -> dict[str, dict[str, float]]:
    """Top-down layered positions: longest-path layers, barycentre order, wide layers wrapped into rows."""
    layer: dict[str, int] = {}
    for n in nx.topological_sort(g):
        layer[n] = max((layer[p] + 1 for p in g.predecessors(n)), default=0)
    layers: dict[int, list[str]] = {}
    for n, k in layer.items():
        layers.setdefault(k, []).append(n)
    order: dict[str, float] = {}
    pos: dict[str, dict[str, float]] = {}
    y = 0.0
    for k in sorted(layers):
        nodes = layers[k]
        nodes.sort(key=lambda n: sum(order[p] for p in g.predecessors(n)) / max(1, g.in_degree(n))
                   if g.in_degree(n) else -1.0)
        rows = [nodes[i:i + _ROW] for i in range(0, len(nodes), _ROW)]
        for row in rows:
            width = (len(row) - 1) * dx
            for i, n in enumerate(row):
                x = i * dx - width / 2
                order[n] = x
                pos[n] = {"x": round(x, 1), "y": y}
            y += dy
    return pos


def render_html(graph: ProvenanceGraph, title: str | None = None, focus: str | None = None,
                replay: Any = None) -> str:
    """The page as a string. ``focus`` is the node whose support is highlighted on load (default: the
    conclusion). ``replay`` (a :class:`~symbolic.provenance.replay.ReplayReport`) marks each replayed node."""
    graph.validate()
    doc = graph.to_document()
    nodes = [_node_payload(n) for n in doc.nodes]
    if replay is not None:
        checked = replay.by_node()
        for n in nodes:
            r = checked.get(str(n["id"]))
            if r is not None:
                n["replayed"] = "ok" if r.ok else ("failed" if r.claim.outcome.value == "rejected" else "unchecked")
                n["replay_detail"] = r.claim.detail
    payload: dict[str, object] = {
        "title": title or graph.title or "Provenance graph",
        "nodes": nodes,
        "edges": [{"source": e.source, "target": e.target, "kind": e.kind.value} for e in doc.edges],
        "focus": focus if focus is not None else _default_focus(graph),
    }
    if graph.number_of_nodes() > PRESET_LAYOUT_THRESHOLD:
        payload["positions"] = layered_layout(graph.g)
    if graph.number_of_nodes() > COLLAPSE_THRESHOLD and payload["focus"] is not None:
        payload["path"] = proof_path(graph, str(payload["focus"]))
    scripts = {"CYTOSCAPE": _asset("cytoscape.min.js"), "DAGRE": _asset("cytoscape-dagre.min.js"),
               "APP": _asset("graph.js")}
    values = {"TITLE": html.escape(str(payload["title"])), "DATA": _json_for_html(payload), **scripts,
              "SCRIPT_HASHES": " ".join(_script_hash(v) for v in scripts.values())}
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("graph.html"))


@cache
def _script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def proof_path(graph: ProvenanceGraph, target: str) -> list[str]:
    """The longest chain of justification ending at ``target`` (sources first): the spine a reader follows."""
    keep = graph.support(target)
    best: dict[str, tuple[int, str | None]] = {}
    for n in nx.topological_sort(graph.g.subgraph(keep)):
        preds = [p for p in graph.g.predecessors(n) if p in keep]
        best[n] = max(((best[p][0] + 1, p) for p in preds), default=(0, None), key=lambda t: (t[0], t[1] or ""))
    path = [target]
    while best[path[-1]][1] is not None:
        path.append(best[path[-1]][1])  # type: ignore[arg-type]
    return path[::-1]


def _node_payload(n: NodeModel) -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in n.__dict__.items():
        if v is None or (k == "extra" and not v):
            continue
        out[k] = v.value if k == "kind" else v
    return out


def _default_focus(graph: ProvenanceGraph) -> str | None:
    # the graph's conclusion; else a goal or proof that nothing depends on, else any goal or proof
    if graph.conclusion is not None:
        return graph.conclusion
    candidates = [n for n in graph.nodes() if n.kind in (NodeKind.GOAL, NodeKind.PROOF)]
    sinks = [n for n in candidates if graph.g.out_degree(n.id) == 0]
    for pool in (sinks, candidates):
        if pool:
            return pool[0].id
    return None


def write_html(graph: ProvenanceGraph, path: str | Path, title: str | None = None, focus: str | None = None,
               replay: Any = None) -> Path:
    """Write the self-contained page for ``graph`` to ``path``."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_html(graph, title=title, focus=focus, replay=replay), encoding="utf-8")
    return p


@dataclass(frozen=True)
class GraphFiles:
    """Where :func:`write_graph` put a graph: its JSON and its page."""

    json: Path
    html: Path


def write_graph(graph: ProvenanceGraph, path: str | Path, title: str | None = None) -> GraphFiles:
    """Save ``graph`` as JSON at ``path`` and its page beside it (same name, ``.html``): the one way every
    command that proves writes its provenance."""
    p = Path(path)
    if p.suffix != ".json":
        p = p.with_name(p.name + ".json")
    saved = graph.save(p)
    return GraphFiles(saved, write_html(graph, p.with_suffix(".html"), title=title))


@dataclass(frozen=True)
class IndexEntry:
    """One row of an index page: a link to a graph page with its outcome."""

    title: str
    href: str
    status: str = ""
    summary: str = ""


def write_index(entries: Iterable[IndexEntry], path: str | Path, title: str = "Proofs") -> Path:
    """An offline index page linking many graph pages (used by batch reports)."""
    rows = []
    for e in entries:
        rows.append(
            "<tr><td><a href=\"{}\">{}</a></td><td class=\"s-{}\">{}</td><td>{}</td></tr>".format(
                html.escape(e.href, quote=True), html.escape(e.title), html.escape(e.status.replace(" ", "_")),
                html.escape(e.status), html.escape(e.summary)))
    body = "\n".join(rows)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{html.escape(title)}</title>
<style>body{{font:14px system-ui,sans-serif;margin:20px}}table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left}}.s-proved,.s-valid{{color:#2e7d32}}
.s-failed{{color:#c62828}}</style></head>
<body><h1>{html.escape(title)}</h1>
<table><thead><tr><th>problem</th><th>status</th><th>summary</th></tr></thead>
<tbody>
{body}
</tbody></table></body></html>
"""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(page, encoding="utf-8")
    return p
