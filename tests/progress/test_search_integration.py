"""The predictor inside the real search: it plugs in, and a broken checkpoint never stops a search."""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.progress.datasets import records_from_trace

STATEMENT = "theorem t (a b : ℝ) (h₀ : 3 * a + 2 * b ≤ 12) (h₁ : 0 ≤ a) (h₂ : 0 ≤ b) : a ≤ 4 := by sorry"


def _prove(checkpoint: str | None):
    from prover.search import SearchConfig, Theorem, prove

    config = SearchConfig(env="symbolic", llm="none", budget_s=60, use_predictor=True,
                          predictor_checkpoint=checkpoint)
    return prove(Theorem("t", STATEMENT), config)


@pytest.mark.slow  # a real search on the symbolic environment (seconds; more on a loaded machine)
def test_the_search_scores_with_the_shipped_predictor_and_its_trace_becomes_records() -> None:
    result = _prove(None)
    assert result.stats["predictor"].startswith("progress predictor: ")
    assert result.proof is not None
    records = records_from_trace(result.trace, source="search:symbolic:test")
    assert records.on_path and all(r.steps_remaining >= 1 for r in records.on_path)
    assert records.on_path[0].state == result.trace[0]["state"]


@pytest.mark.parametrize("content", [b"garbage", None])
def test_a_broken_or_missing_checkpoint_means_a_search_without_the_predictor(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "bad.pt"
    if content is not None:
        path.write_bytes(content)
    result = _prove(str(path))
    note = result.stats["predictor"]
    assert note.startswith("progress predictor disabled, searching without it: ") and str(path) in note
    assert result.proof is not None  # the search itself went on
