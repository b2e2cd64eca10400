"""The parent chain: estimates strictly fall along a path fed in order, siblings keep the model's order."""

from __future__ import annotations

import itertools
import math

import pytest

from prover.progress.metrics import evaluate
from prover.progress.model import CHAIN_FLOOR, chain_parent
from prover.progress.paths import chain_along_paths, parent_indices
from prover.progress.predictor import ProgressPredictor
from prover.progress.records import ProgressRecord


def test_root_and_estimates_below_the_cap_are_the_models() -> None:
    assert chain_parent(7.0, None, 0.01) == 7.0
    assert chain_parent(3.0, 10.0, 0.01) == 3.0
    assert chain_parent(30.0, 10.0, 0.0) == 30.0  # step 0: the chain is off


def test_estimate_above_its_parent_lands_strictly_below_it_and_keeps_order() -> None:
    a, b = chain_parent(12.0, 10.0, 0.01), chain_parent(15.0, 10.0, 0.01)
    assert a < b < 10.0 - 0.01  # siblings that both hit the cap do not tie
    assert a > 10.0 - 0.02
    xs = [9.97 + 0.001 * i for i in range(100)]  # continuous and increasing across the knee
    ys = [chain_parent(x, 10.0, 0.01) for x in xs]
    assert all(u < v for u, v in itertools.pairwise(ys))


def test_a_long_path_keeps_falling_below_one_and_stays_positive() -> None:
    est = 1.0
    seen = []
    for _ in range(400):
        est = chain_parent(1.0, est, 0.01)
        seen.append(est)
    assert all(u > v for u, v in itertools.pairwise(seen))
    assert seen[-1] > CHAIN_FLOOR


def _rec(problem: str, k: int, n: int) -> ProgressRecord:
    return ProgressRecord(problem, f"⊢ s{k}", tuple(f"t{i}" for i in range(k)), n - k, "test")


def test_chained_predictions_order_a_proof_perfectly_even_from_noisy_model_output() -> None:
    records = [_rec("p", k, 6) for k in (3, 0, 5, 1, 4, 2)]  # out of order on purpose
    noisy = [4.0, 5.0, 2.0, 6.0, 1.0, 4.5]  # the model's own estimates rise and fall along the proof
    parents = parent_indices(records)
    assert parents[1] is None and records[parents[0]].history == records[0].history[:-1]
    plain = evaluate(noisy, records)["problem_mean"]["spearman"]
    chained = chain_along_paths(noisy, parents, 0.01)
    assert plain < 0.9
    assert evaluate(chained, records)["problem_mean"]["spearman"] == pytest.approx(1.0)
    assert chained[1] == 5.0  # the first state is the model's own


def test_predictor_takes_parent_estimates_and_refuses_bad_ones() -> None:
    p = ProgressPredictor()
    own = p.estimate(["x : ℕ\n⊢ x = x", "⊢ True"], [["intro x"], []])
    capped = p.estimate(["x : ℕ\n⊢ x = x", "⊢ True"], [["intro x"], []], [1.5, None])
    assert capped[1] == own[1]
    assert capped[0] < 1.5 and capped[0] == min(own[0], capped[0])
    for bad in (math.nan, -1.0, "3", True):
        with pytest.raises(ValueError, match="parent estimate #0"):
            p.estimate(["⊢ True"], [[]], [bad])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="1 parent estimates"):
        p.estimate(["⊢ True", "⊢ False"], None, [2.0])
