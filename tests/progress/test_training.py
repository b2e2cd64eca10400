"""Training on a tiny subset end to end, checkpoint round trip, and checkpoint error handling."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import torch

from prover.progress.checkpoint import load_checkpoint, save_checkpoint
from prover.progress.datasets import records_from_search_path
from prover.progress.encoding import ModelConfig, encode
from prover.progress.errors import CheckpointError
from prover.progress.metrics import countdown_baseline
from prover.progress.model import blend_countdown
from prover.progress.predictor import ProgressPredictor, load_predictor_or_none
from prover.progress.records import ProgressRecord
from prover.progress.training import TrainConfig, train

TINY = ModelConfig(hidden=16, dropout=0.0)


def _tiny_records() -> list[ProgressRecord]:
    """Synthetic proofs whose length is written in the goal: learnable in a few seconds."""
    out: list[ProgressRecord] = []
    for p in range(24):
        n = 1 + p % 6
        # the number of hypotheses in the goal says how long the proof is
        hyps = "".join(f"h{i} : x{p} > {i}\n" for i in range(n))
        states = [f"x{p} : ℕ\n{hyps}⊢ goal" for _ in range(n)]
        out.extend(records_from_search_path(f"p{p}", states, [f"tac{i}" for i in range(n)]))
    return out


@pytest.fixture(scope="module")
def trained() -> tuple[object, list[ProgressRecord]]:
    rs = _tiny_records()
    res = train(
        rs,
        rs[:20],
        model_config=TINY,
        config=TrainConfig(epochs=40, batch_size=16, lr=1e-2, threads=1, select_epoch=True),
    )
    return res, rs


def test_training_runs_end_to_end_and_reduces_loss(trained: tuple) -> None:
    res, _ = trained
    losses = [h["loss"] for h in res.history]
    assert len(losses) == 40
    assert losses[-1] < 0.7 * losses[0]
    assert 1 <= res.best_epoch <= 40 and res.seconds > 0
    assert "val_mae" in res.history[0] and "val_problem_mae" in res.history[0]
    # it learned the signal: far better than the training median on these proofs
    from prover.progress.metrics import median_baseline, score
    from prover.progress.model import predict_encoded

    _, rs = trained
    preds = predict_encoded(res.model, [encode(r.state, r.history) for r in rs])
    truth = [r.steps_remaining for r in rs]
    assert score(preds, truth).mae < 0.6 * score([median_baseline(rs)] * len(rs), truth).mae


def test_checkpoint_reloads_and_predicts_identically(trained: tuple, tmp_path: Path) -> None:
    res, rs = trained
    path = save_checkpoint(
        tmp_path / "m.pt", res.model, train_config=res.config.to_dict(), metrics={"x": 1.0}
    )
    model, meta = load_checkpoint(path)
    assert meta["version"] == 2 and meta["train_config"]["epochs"] == 40 and meta["metrics"] == {"x": 1.0}
    assert model.cfg == res.model.cfg and model.cfg.hidden == TINY.hidden
    states = [r.state for r in rs]
    hists = [r.history for r in rs]
    a = ProgressPredictor(path).estimate(states, hists)
    from prover.progress.model import predict_encoded

    b = predict_encoded(res.model, [encode(s, h) for s, h in zip(states, hists, strict=True)])
    assert a == b
    assert all(x >= 1.0 for x in a)


def test_missing_and_corrupt_checkpoints_raise_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match="checkpoint file not found") as info:
        ProgressPredictor(tmp_path / "nope.pt").estimate(["⊢ True"])
    assert str(info.value).startswith(str(tmp_path / "nope.pt"))
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"\x00not a torch file")
    with pytest.raises(CheckpointError, match="corrupt"):
        load_checkpoint(junk)
    foreign = tmp_path / "foreign.pt"
    torch.save({"format": "something-else"}, foreign)
    with pytest.raises(CheckpointError, match="not a progress-predictor checkpoint"):
        load_checkpoint(foreign)
    future = tmp_path / "future.pt"
    torch.save({"format": "prover.progress", "version": 99}, future)
    with pytest.raises(CheckpointError, match="version 99 not supported"):
        load_checkpoint(future)


def test_truncated_checkpoint_and_mismatched_weights(trained: tuple, tmp_path: Path) -> None:
    res, _ = trained
    good = save_checkpoint(tmp_path / "g.pt", res.model)
    cut = tmp_path / "cut.pt"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(CheckpointError, match="corrupt"):
        load_checkpoint(cut)
    payload = torch.load(good, weights_only=True)
    payload["model_config"]["hidden"] = 8
    torch.save(payload, tmp_path / "mismatch.pt")
    with pytest.raises(CheckpointError, match="weights do not match"):
        load_checkpoint(tmp_path / "mismatch.pt")


def test_callers_can_fall_back_to_no_predictor(tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert load_predictor_or_none(tmp_path / "missing.pt") is None
    assert any("progress predictor disabled" in str(w.message) for w in caught)


def test_checkpoints_of_another_version_or_feature_set_are_refused(trained: tuple, tmp_path: Path) -> None:
    res, _ = trained
    good = save_checkpoint(tmp_path / "g.pt", res.model)
    payload = torch.load(good, weights_only=True)
    payload["version"] = 1  # the retired byte-CNN format
    torch.save(payload, tmp_path / "v1.pt")
    with pytest.raises(CheckpointError, match=r"version 1 not supported .*retrain"):
        load_checkpoint(tmp_path / "v1.pt")
    payload["version"] = 2
    payload["model_config"]["feature_names"] = ["steps_taken"]
    torch.save(payload, tmp_path / "features.pt")
    with pytest.raises(CheckpointError, match="another feature set"):
        load_checkpoint(tmp_path / "features.pt")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert load_predictor_or_none(tmp_path / "v1.pt") is None
    assert any("version 1" in str(w.message) for w in caught)


def test_ranking_loss_trains_and_orders_states_within_a_proof() -> None:
    rs = _tiny_records()
    res = train(rs, (), model_config=TINY, config=TrainConfig(epochs=4, batch_size=16, rank_weight=1.0))
    assert res.best_epoch == 4 and len(res.history) == 4 and res.history[-1]["loss"] < res.history[0]["loss"]


def test_countdown_prior_is_fitted_on_training_records_and_travels_with_the_checkpoint(
    trained: tuple, tmp_path: Path
) -> None:
    res, rs = trained
    cfg = res.model.cfg
    assert cfg.countdown_weight > 0 and cfg.countdown_c == countdown_baseline(rs)
    model, _ = load_checkpoint(save_checkpoint(tmp_path / "c.pt", res.model))
    assert model.cfg.countdown_c == cfg.countdown_c


def test_countdown_blend_keeps_short_estimates_and_falls_with_steps_taken() -> None:
    cfg = ModelConfig(countdown_c=40.0, countdown_weight=0.7, trust_below=20.0)
    assert blend_countdown(3.0, 30, 40.0, cfg) == 3.0  # near the end the model's own estimate stands
    along = [blend_countdown(30.0, k, 40.0, cfg) for k in range(0, 30, 5)]
    assert along == sorted(along, reverse=True) and along[0] > along[-1]  # same state, more steps: fewer left
    assert all(v >= 20.0 for v in along)  # never below what the model alone would keep
    # a config without the prior's c (a checkpoint written before it existed) scores with the model alone
    assert blend_countdown(30.0, 5, 0.0, ModelConfig()) == 30.0
    assert blend_countdown(30.0, 5, 40.0, ModelConfig(countdown_weight=0.0)) == 30.0
