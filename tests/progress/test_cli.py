"""``prover progress`` commands: dataset, train, eval, predict (JSON output and one-line user errors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.cli import main
from prover.progress.datasets import records_from_search_path
from prover.progress.records import read_jsonl, write_jsonl


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    # the console wraps long lines at the terminal width; the message itself is one line
    return code, out.out, " ".join(out.err.split())


def test_predict_json_with_the_shipped_checkpoint(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "progress", "predict", "--json", "--history", "intro x", "x : ℕ\n⊢ x = x", "⊢ True"
    )
    assert code == 0
    doc = json.loads(out)
    assert [p["state"] for p in doc["predictions"]] == ["x : ℕ\n⊢ x = x", "⊢ True"]
    assert all(p["steps_remaining"] >= 1 for p in doc["predictions"])


def test_predict_reads_a_jsonl_file_and_rejects_bad_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    f = tmp_path / "q.jsonl"
    f.write_text(
        '{"state": "⊢ True", "history": ["constructor"]}\n\n{"state": "⊢ False"}\n', encoding="utf-8"
    )
    code, out, _ = _run(capsys, "progress", "predict", "--json", "--file", str(f))
    assert code == 0 and len(json.loads(out)["predictions"]) == 2
    f.write_text('{"history": []}\n', encoding="utf-8")
    code, out, err = _run(capsys, "progress", "predict", "--file", str(f))
    assert code == 2 and out == ""
    assert "q.jsonl:1: expected an object with a string field 'state'" in err


def test_user_errors_are_one_line_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "progress", "predict")
    assert code == 2 and "no states given" in err
    code, _, err = _run(capsys, "progress", "predict", "--checkpoint", str(tmp_path / "none.pt"), "⊢ True")
    assert code == 2 and err == f"error: {tmp_path / 'none.pt'}: checkpoint file not found"
    code, _, err = _run(capsys, "progress", "eval", "--records", str(tmp_path / "none.jsonl"))
    assert code == 2 and "cannot read dataset" in err


def test_train_then_eval_on_a_records_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    records = []
    for p in range(30):
        n = 1 + p % 5
        records += records_from_search_path(f"p{p}", [f"⊢ goal {n}"] * n, [f"t{i}" for i in range(n)])
    data = tmp_path / "r.jsonl"
    write_jsonl(records, data)
    ckpt = tmp_path / "m.pt"
    code, out, _ = _run(
        capsys, "progress", "train", "--records", str(data), "-o", str(ckpt), "--epochs", "2", "--json"
    )
    assert code == 0 and ckpt.is_file()
    doc = json.loads(out)
    assert doc["best_epoch"] in (1, 2) and len(doc["history"]) == 2
    assert (
        doc["splits"]["train"]["problems"]
        + doc["splits"]["val"]["problems"]
        + doc["splits"]["test"]["problems"]
        == 30
    )
    assert "test_model" in doc and "test_median_baseline" in doc and "test_countdown_baseline" in doc
    code, out, _ = _run(
        capsys,
        "progress",
        "eval",
        "--records",
        str(data),
        "--checkpoint",
        str(ckpt),
        "--split",
        "all",
        "--json",
    )
    assert code == 0
    ev = json.loads(out)
    assert ev["model"]["all"]["n"] == len(records)
    assert ev["median_baseline"]["all"]["n"] == len(records)
    # fed in order with their predecessors' estimates, each proof's states strictly fall
    assert ev["model_chained"]["all"]["n"] == len(records)
    assert ev["model_chained"]["problem_mean"]["spearman"] >= ev["model"]["problem_mean"]["spearman"]
    # the baselines' constants are the checkpoint's training labels, not the scored records'
    assert ev["baselines_from"] == "checkpoint training labels"
    assert ev["median_baseline"]["value"] == doc["train_median"]
    assert ev["countdown_baseline"]["c"] == doc["train_countdown_c"]
    code, _, err = _run(capsys, "progress", "eval", "--records", str(data), "--split", "nope")
    assert code == 2 and "--split 'nope'" in err


def test_dataset_command_builds_records_from_the_real_proofs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shared_data: Path
) -> None:
    out_file = tmp_path / "d.jsonl"
    code, out, _ = _run(
        capsys, "progress", "dataset", "--data", str(shared_data), "-o", str(out_file), "--json"
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["proofs"] == 221 and doc["skipped"] == 0
    records = read_jsonl(out_file)
    assert len(records) == doc["written"] == doc["records"]
    assert {r.source for r in records} == {"deepseek-prover-v2+reconstructed"}
