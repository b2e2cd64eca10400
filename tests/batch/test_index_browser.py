"""A headless Chromium opens a batch's HTML index offline and follows a problem's graph and Lean links."""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.batch import BatchConfig, run_batch, write_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a batch run plus a browser: > 10 s here


def test_index_links_each_problem_to_its_graph_and_lean_proof(browser, tmp_path: Path, problem_file) -> None:
    pytest.importorskip("z3")
    out = tmp_path / "run"
    run_batch(BatchConfig(str(problem_file(["a", "b"])), out, time_per_problem=5), show_progress=False)
    write_report(out)
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto((out / "index.html").as_uri())
    assert page.locator("tr[data-problem]").count() == 2
    assert "solved 2/2" in page.inner_text("h1")
    page.click("tr[data-problem='valid/a'] a.graph")
    page.wait_for_selector("body[data-ready='1']", timeout=20000)
    kinds = page.evaluate("window.provenanceGraph.nodes().map(n => n.data('kind'))")
    assert "goal" in kinds and "smt-query" in kinds
    page.go_back()
    page.click("tr[data-problem='valid/a'] a.lean")
    text = page.inner_text("body")
    assert text.startswith("import Mathlib") and "theorem a" in text and "sorry" not in text
    assert all(u.startswith("file://") for u in requests), requests
    context.close()
