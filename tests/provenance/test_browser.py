"""A real headless Chromium opens an exported page offline, clicks a node and reads the details panel."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from symbolic.provenance import ProvenanceGraph, write_html
from tests.provenance.test_html import EVIL

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("PROVER_ARTIFACTS", Path(__file__).resolve().parents[2] / "artifacts"))


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (Debian package 'chromium')")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


def _graph() -> ProvenanceGraph:
    g = ProvenanceGraph(title="browser test")
    h = g.add_node("hypothesis", "h₀ : f x = 2 * x + 3", id="hyp")
    bad = g.add_node("proposal", EVIL, id="evil", model="gemma-3-270m", logprob=-0.7)
    t = g.add_node("tactic", "rw [h₀]; norm_num", id="tac", lean="rw [h₀]; norm_num")
    q = g.add_node("smt-query", "¬(2 * 1 + 3 = 5)", id="smt", solver="z3", result="unsat", seconds=0.004)
    goal = g.add_node("goal", "f 1 = 5", id="goal", status="proved")
    g.add_edge(h, t)
    g.add_edge(bad, t, "proposed-by")
    g.add_edge(t, goal, "closes")
    g.add_edge(q, goal, "checked-by")
    return g


def test_page_shows_nodes_details_and_never_runs_injected_script(browser, tmp_path: Path) -> None:
    path = write_html(_graph(), tmp_path / "graph.html")
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=20000)
    ids = page.evaluate("window.provenanceGraph.nodes().map(n => n.id())")
    assert sorted(ids) == ["evil", "goal", "hyp", "smt", "tac"]
    # click the SMT node where cytoscape drew it
    box = page.locator("#cy").bounding_box()
    pos = page.evaluate("(() => { const p = window.provenanceGraph.getElementById('smt').renderedPosition();"
                        " return [p.x, p.y]; })()")
    page.mouse.click(box["x"] + pos[0], box["y"] + pos[1])
    panel = page.locator("#details")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert "z3" in text and "unsat" in text and "¬(2 * 1 + 3 = 5)" in text
    # the injected label is shown as text and did not run
    page.evaluate("window.provenanceGraph.getElementById('evil').emit('tap')")
    assert "window.__pwned = 1" in panel.inner_text()
    assert page.evaluate("window.__pwned === undefined")
    # search highlights matches
    page.fill("#search", "norm_num")
    assert page.inner_text("#count") == "1 match"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "provenance_graph.png"), full_page=True)
    assert all(u.startswith("file://") for u in requests), requests
    context.close()


def test_five_thousand_nodes_load_and_stay_usable(browser, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "experiments"))
    from provenance_bench import build_graph

    path = write_html(build_graph(5000), tmp_path / "big.html")
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60000)
    assert page.evaluate("window.provenanceGraph.nodes().length") == 5000
    page.evaluate("window.provenanceGraph.getElementById('goal').emit('tap')")
    assert "goal" in page.inner_text("#details")
    page.fill("#search", "fact 4900:")
    assert page.inner_text("#count") == "1 match"
    page.close()


def _gl_graphs():
    from symbolic.gl import GLConfig, Grid, load_targets, load_theory, theorem_graph, theorems_graph

    root = Path(__file__).resolve().parents[2] / "data" / "theories"
    theory = load_theory(root / "peano.mpl")
    result = Grid(theory, GLConfig()).run(load_targets(root / "peano_quick.targets", theory))
    cited = {}
    for t in result.theorems:
        if t.name == "succ_mul":
            big = theorem_graph(t, theory, cited)
        cited[t.name] = t.statement
    return big, theorems_graph(result.theorems, theory)


LABEL_SIZES = """(() => {
  const cy = window.provenanceGraph;
  const visible = cy.nodes(':visible');
  return {visible: visible.length, total: cy.nodes().length, zoom: cy.zoom(),
          sizes: visible.map(n => parseFloat(n.renderedStyle('font-size'))),
          onscreen: visible.filter(n => { const p = n.renderedPosition();
            return p.x >= 0 && p.y >= 0 && p.x <= cy.width() && p.y <= cy.height(); }).length};
})()"""


def test_large_gl_pages_keep_the_proof_path_legible(browser, tmp_path: Path) -> None:
    """A 58-step GL proof (77 nodes) and all 13 quick-set proofs in one graph (427 nodes): the page opens on the
    proof path with labels of at least 12 px; 'show all' brings back every node; a node whose replay failed
    is marked."""
    import json

    from symbolic.provenance.replay import replay_graph

    succ_mul, everything = _gl_graphs()
    assert succ_mul.number_of_nodes() == 77 and everything.number_of_nodes() > 400
    step = next(n for n in succ_mul.nodes() if n.kind.value == "gl-inference" and n.replay)
    doc = json.loads(succ_mul.to_json())
    next(n for n in doc["nodes"] if n["id"] == step.id)["statement"] += " + zero"
    tampered = ProvenanceGraph.from_json(json.dumps(doc))
    report = replay_graph(tampered)
    assert report.first_failure is not None and report.first_failure.node == step.id
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    for name, graph, rep in (("gl_succ_mul", tampered, report), ("gl_quick_all", everything, None)):
        path = write_html(graph, tmp_path / f"{name}.html", replay=rep)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60000)
        first = page.evaluate(LABEL_SIZES)
        assert first["visible"] < first["total"]  # the rest is collapsed
        assert min(first["sizes"]) >= 12, first
        assert first["onscreen"] >= 5
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        if rep is not None:
            assert page.evaluate(f"window.provenanceGraph.getElementById('{step.id}').data('replayed')") == "failed"
            page.evaluate(f"window.provenanceGraph.getElementById('{step.id}').emit('tap')")
            assert "does not" in page.inner_text("#details") or "reads" in page.inner_text("#details")
        page.click("#all-btn")
        after = page.evaluate(LABEL_SIZES)
        assert after["visible"] == after["total"]
    page.close()
