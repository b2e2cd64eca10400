"""A root goal the hammer disproves on an exact encoding ends the search at once with ``disproved``."""

from __future__ import annotations

import json
from pathlib import Path

from prover.search import SearchConfig, prove
from prover.search.environment import Theorem

ROWS = {r["name"]: r for r in map(json.loads, Path("data/problems/demo.jsonl").read_text().splitlines())}
CONFIG = SearchConfig(env="symbolic", budget_s=20, max_expansions=30, use_predictor=False, tactic_timeout_s=4)


def _theorem(name: str) -> Theorem:
    r = ROWS[name]
    return Theorem(name, r["formal_statement"], r["header"])


def test_false_twin_is_disproved_in_one_expansion_with_its_counter_model() -> None:
    result = prove(_theorem("demo_peano_sum_zero_false"), CONFIG)  # a + b = 1 → a = 0
    assert result.claim.outcome.value == "disproved" and result.claim.checker.value == "smt"
    assert "a = 1" in result.claim.detail and "b = 0" in result.claim.detail
    assert result.proof is None and result.stats["expansions"] == 1
    assert result.stats["seconds"] < CONFIG.budget_s / 2


def test_true_twin_is_proved_not_disproved() -> None:
    assert prove(_theorem("demo_peano_sum_zero"), CONFIG).claim.outcome.value == "proved"


def test_no_disproof_through_an_abstracted_sum() -> None:
    # ∑ over a variable range is an uninterpreted symbol to the hammer: its models are no counter-models
    result = prove(_theorem("demo_ind_gauss_sum_false"), CONFIG)
    assert result.claim.outcome.value == "unknown"
