"""Training on a tiny subset end to end, checkpoint round trip, and checkpoint error handling."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import torch

from prover.progress.checkpoint import load_checkpoint, save_checkpoint
from prover.progress.datasets import records_from_search_path
from prover.progress.encoding import ModelConfig
from prover.progress.errors import CheckpointError
from prover.progress.predictor import ProgressPredictor, load_predictor_or_none
from prover.progress.records import ProgressRecord
from prover.progress.training import TrainConfig, train

TINY = ModelConfig(emb_dim=8, channels=16, hidden=32, max_state_bytes=48, max_history_bytes=64)


def _tiny_records() -> list[ProgressRecord]:
    """Synthetic proofs whose length is written in the goal: learnable in a few seconds."""
    out: list[ProgressRecord] = []
    for p in range(24):
        n = 1 + p % 6
        states = [f"x{p} : ℕ\n⊢ goal needing {n} steps" for _ in range(n)]
        out.extend(records_from_search_path(f"p{p}", states, [f"tac{i}" for i in range(n)]))
    return out


@pytest.fixture(scope="module")
def trained() -> tuple[object, list[ProgressRecord]]:
    rs = _tiny_records()
    res = train(
        rs, rs[:20], model_config=TINY, config=TrainConfig(epochs=6, batch_size=16, lr=5e-3, threads=1)
    )
    return res, rs


def test_training_runs_end_to_end_and_reduces_loss(trained: tuple) -> None:
    res, _ = trained
    losses = [h["loss"] for h in res.history]
    assert len(losses) == 6
    assert losses[-1] < 0.7 * losses[0]
    assert 1 <= res.best_epoch <= 6 and res.seconds > 0
    assert "val_mae" in res.history[0]


def test_checkpoint_reloads_and_predicts_identically(trained: tuple, tmp_path: Path) -> None:
    res, rs = trained
    path = save_checkpoint(
        tmp_path / "m.pt", res.model, train_config=res.config.to_dict(), metrics={"x": 1.0}
    )
    model, meta = load_checkpoint(path)
    assert meta["version"] == 1 and meta["train_config"]["epochs"] == 6 and meta["metrics"] == {"x": 1.0}
    assert model.cfg == TINY
    states = [r.state for r in rs]
    hists = [r.history for r in rs]
    a = ProgressPredictor(path).estimate(states, hists)
    from prover.progress.encoding import encode
    from prover.progress.model import predict_encoded

    b = predict_encoded(res.model, [encode(s, h, TINY) for s, h in zip(states, hists, strict=True)])
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
    payload["model_config"]["channels"] = 8
    torch.save(payload, tmp_path / "mismatch.pt")
    with pytest.raises(CheckpointError, match="weights do not match"):
        load_checkpoint(tmp_path / "mismatch.pt")


def test_callers_can_fall_back_to_no_predictor(tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert load_predictor_or_none(tmp_path / "missing.pt") is None
    assert any("progress predictor disabled" in str(w.message) for w in caught)


def test_total_target_predicts_total_minus_steps_taken() -> None:
    from dataclasses import replace

    from prover.progress.model import ProgressNet, batch_tensors

    torch.manual_seed(0)
    total_cfg = replace(TINY, target="total")
    total_model = ProgressNet(total_cfg).eval()
    plain = ProgressNet(TINY).eval()
    plain.load_state_dict(total_model.state_dict())
    from prover.progress.encoding import encode

    items = [encode("⊢ p", [f"t{i}" for i in range(k)], total_cfg) for k in (0, 3, 40)]
    batch = batch_tensors(items)
    with torch.inference_mode():
        got = total_model.predict(*batch)
        raw = plain.predict(*batch)
    expected = (raw - torch.tensor([0.0, 3.0, 40.0])).clamp_min(1.0)
    assert torch.allclose(got, expected)
    with pytest.raises(ValueError, match="target"):
        ModelConfig(target="nope")


def test_training_with_total_target_runs() -> None:
    from dataclasses import replace

    rs = _tiny_records()
    res = train(
        rs, (), model_config=replace(TINY, target="total"), config=TrainConfig(epochs=2, batch_size=16)
    )
    assert res.best_epoch == 2 and res.history[-1]["loss"] < res.history[0]["loss"]
    from prover.progress.encoding import encode
    from prover.progress.model import predict_encoded

    out = predict_encoded(res.model, [encode(r.state, r.history, res.model.cfg) for r in rs])
    assert all(v >= 1.0 for v in out)
