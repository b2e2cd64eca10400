"""Evaluation measures: MAE, rounded exact / within-±1 accuracy, buckets, per-problem means, baseline."""

from __future__ import annotations

import pytest

from prover.progress.datasets import records_from_search_path
from prover.progress.metrics import evaluate, median_baseline, score, spearman


def test_score_rounds_before_accuracy() -> None:
    s = score([1.4, 2.6, 10.0, 0.2], [1, 2, 12, 1])
    assert s.n == 4
    assert s.mae == pytest.approx((0.4 + 0.6 + 2.0 + 0.8) / 4)
    assert s.exact == pytest.approx(2 / 4)  # 1.4->1 ok, 2.6->3 no, 10 no, 0.2->1 ok (predictions floor at 1)
    assert s.within1 == pytest.approx(3 / 4)
    assert score([], []).n == 0
    with pytest.raises(ValueError):
        score([1.0], [])


def test_evaluate_buckets_and_problem_means() -> None:
    long = records_from_search_path("long", ["s"] * 10, ["t"] * 10)
    short = records_from_search_path("short", ["s"] * 2, ["t"] * 2)
    rs = long + short
    preds = [float(r.steps_remaining) for r in long] + [5.0, 5.0]
    e = evaluate(preds, rs)
    assert e["all"]["n"] == 12
    assert e["buckets"]["1"]["n"] == 2 and e["buckets"]["8-15"]["n"] == 3
    assert e["problem_mean"]["n"] == 2
    assert e["problem_mean"]["exact"] == pytest.approx((1.0 + 0.0) / 2)
    assert median_baseline(rs) == 4.5  # labels 1..10 and 1, 2


def test_spearman_orders_with_ties() -> None:
    assert spearman([1.0, 2.0, 3.0], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([3.0, 2.0, 1.0], [10, 20, 30]) == pytest.approx(-1.0)
    assert spearman([5.0, 5.0, 5.0], [1, 2, 3]) == 0.0  # a constant predictor orders nothing
    assert spearman([1.0, 1.0, 2.0], [1, 2, 3]) == pytest.approx(0.8660254)
    assert spearman([1.0], [1]) == 0.0
