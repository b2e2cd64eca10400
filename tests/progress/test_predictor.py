"""The batched scoring API with the shipped checkpoint: lazy loading, shapes, finiteness on any text."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import prover.progress as progress
from prover.progress.predictor import DEFAULT_CHECKPOINT, ProgressPredictor


@pytest.fixture(scope="module")
def shipped() -> ProgressPredictor:
    assert DEFAULT_CHECKPOINT.is_file(), "the package must ship a trained checkpoint"
    assert DEFAULT_CHECKPOINT.stat().st_size < 50 * 2**20
    return ProgressPredictor(threads=1)


def test_predictor_is_inert_until_first_use(tmp_path) -> None:
    p = ProgressPredictor(tmp_path / "does-not-exist.pt")
    assert not p.loaded  # constructing never touches the file
    assert p.estimate([]) == []


def test_shipped_checkpoint_scores_a_batch(shipped: ProgressPredictor) -> None:
    states = ["x : ℝ\nh : 0 < x\n⊢ 0 ≤ x", "⊢ True", ""]
    out = shipped.estimate(states, [["intro x"], [], []])
    assert len(out) == 3 and shipped.loaded
    assert all(math.isfinite(v) and v >= 1.0 for v in out)
    assert shipped.meta["version"] == 2 and "train_config" in shipped.meta
    # batching does not change results
    assert shipped.estimate(states[:1], [["intro x"]]) == pytest.approx(out[:1], abs=1e-5)
    with pytest.raises(ValueError):
        shipped.estimate(["a"], [[], []])


def test_module_level_estimate_uses_the_shipped_model() -> None:
    out = progress.estimate(["n : ℕ\n⊢ n + 0 = n"])
    assert len(out) == 1 and math.isfinite(out[0])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    states=st.lists(st.text(max_size=400), min_size=1, max_size=8),
    history=st.lists(st.text(max_size=80), max_size=6),
)
def test_any_text_gives_finite_non_negative_predictions(
    shipped: ProgressPredictor, states: list[str], history: list[str]
) -> None:
    out = shipped.estimate(states, [history] * len(states))
    assert len(out) == len(states)
    assert all(math.isfinite(v) and v >= 0.0 for v in out)


def test_more_history_on_the_same_goal_changes_the_estimate(shipped: ProgressPredictor) -> None:
    goal = "a b : ℝ\nh₀ : a + b = 3\n⊢ a ^ 2 + b ^ 2 ≥ 9 / 2"
    hist = [f"have h{i} : a * {i} = a * {i} := by" for i in range(40)]
    short, long = shipped.estimate([goal, goal], [hist[:1], hist])
    assert short != long


def test_huge_empty_and_non_text_states(shipped: ProgressPredictor) -> None:
    import time

    huge = "x : ℝ\n" + "h : x = x\n" * 100_000 + "⊢ x = x"  # about 1 MB
    shipped.estimate(["⊢ True"])
    t0 = time.perf_counter()
    out = shipped.estimate([huge, "", "no goals"], [["simp"] * 5000, [], []])
    assert time.perf_counter() - t0 < 1.0  # bounded work per state, whatever its size
    assert all(math.isfinite(v) and v >= 1.0 for v in out)
    with pytest.raises(TypeError, match="state #1 is NoneType"):
        shipped.estimate(["⊢ p", None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="history #0"):
        shipped.estimate(["⊢ p"], ["intro x"])  # a string, not a list of tactics


def test_single_state_is_fast_at_the_default_thread_setting() -> None:

    p = ProgressPredictor()  # default: one torch thread while scoring
    p.estimate(["⊢ True"])
    best = min(_timed(p) for _ in range(20))
    assert best < 0.02  # the default torch thread pool made this about 170 ms


def _timed(p: ProgressPredictor) -> float:
    import time

    t0 = time.perf_counter()
    p.estimate(["x : ℝ\nh : 0 < x\n⊢ 0 ≤ x"], [["intro x"]])
    return time.perf_counter() - t0
