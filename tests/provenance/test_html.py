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


def test_placeholders_in_labels_stay_text_and_the_page_stays_whole() -> None:
    normal = render_html(sample_graph())
    g = ProvenanceGraph(title="{{CYTOSCAPE}}")
    g.add_node("fact", "{{DAGRE}} {{CYTOSCAPE}} {{DATA}} {{APP}}", lean="{{TITLE}}")
    page = render_html(g)
    assert page.count("cytoscape-dagre") == normal.count("cytoscape-dagre")
    assert abs(len(page) - len(normal)) < 4000  # both scripts inlined once, nothing blanked or duplicated
    data = page.split('<script id="graph-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "{{DAGRE}} {{CYTOSCAPE}} {{DATA}} {{APP}}" in data
    assert "<title>{{CYTOSCAPE}}</title>" in page


def test_csp_allows_exactly_the_inlined_scripts_by_hash() -> None:
    import base64
    import hashlib

    page = render_html(sample_graph())
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    allowed = set(re.findall(r"'(sha256-[^']+)'", csp))
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 3
    digests = {"sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert digests == allowed


def test_large_graphs_open_on_the_proof_path() -> None:
    from symbolic.provenance.html import COLLAPSE_THRESHOLD, proof_path

    g = ProvenanceGraph()
    prev = g.add_node("axiom", "a0")
    roots = [g.add_node("hypothesis", f"h{i}") for i in range(COLLAPSE_THRESHOLD)]
    chain = [prev]
    for i in range(5):
        chain.append(g.derive("fact", f"step {i}", [chain[-1], roots[i]]))
    goal = g.derive("goal", "goal", [chain[-1]])
    g.conclude(goal)
    path = proof_path(g, goal)
    assert path[1:] == [*chain[1:], goal] and path[0] in (chain[0], roots[0])
    assert '"path":[' in render_html(g)
    assert '"path"' not in render_html(sample_graph())  # small graphs show everything
