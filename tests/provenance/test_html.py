"""HTML export: self-contained, escaped, laid out; the browser test opens it for real in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from symbolic.provenance import IndexEntry, ProvenanceGraph, layered_layout, render_html, write_index
from tests.provenance.test_graph import sample_graph

EVIL = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'


def test_page_is_self_contained_and_offline() -> None:
    page = render_html(sample_graph())
    assert "cytoscape" in page and "dagre" in page
    assert not re.search(r"""(src|href)\s*=\s*["']https?://""", page)
    assert "Content-Security-Policy" in page
    assert "{{" not in page.split("<script>")[0]


def test_injected_markup_is_escaped_in_the_data_block() -> None:
    g = ProvenanceGraph(title=EVIL)
    g.add_node("fact", EVIL, lean=EVIL)
    page = render_html(g)
    data = page.split('<script id="graph-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data
    assert "<title>&lt;/script&gt;" in page
    assert "<script>window.__pwned" not in page  # present only in escaped form, never as markup
    assert '<img src=x onerror' not in page


def test_large_graphs_get_a_precomputed_layered_layout() -> None:
    g = ProvenanceGraph()
    prev = [g.add_node("axiom", f"a{i}") for i in range(10)]
    for layer in range(5):
        cur = [g.add_node("fact", f"f{layer}.{i}") for i in range(200)]
        for i, n in enumerate(cur):
            g.add_edge(prev[i % len(prev)], n)
        prev = cur
    pos = layered_layout(g.g)
    assert len(pos) == g.number_of_nodes()
    for u, v in g.g.edges:
        assert pos[u]["y"] < pos[v]["y"]  # top-down
    assert len({(p["x"], p["y"]) for p in pos.values()}) == len(pos)  # no overlaps
    assert '"positions"' in render_html(g)


def test_index_page_links_graphs(tmp_path: Path) -> None:
    out = write_index([IndexEntry("p<1>", "p1.html", "proved", "3 steps")], tmp_path / "index.html")
    text = out.read_text()
    assert 'href="p1.html"' in text and "p&lt;1&gt;" in text
