"""One data-location setting: $PROVER_DATA_DIR wins, the older $PROVER_SHARED_DATA is still read, else the
folder beside the checkout; a folder lacking the required sub-path does not count."""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.datadir import DATA_DIR_ENV, shared_data_dir


def test_the_variable_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "minif2f").mkdir()
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    monkeypatch.setenv("PROVER_SHARED_DATA", "/elsewhere")
    assert DATA_DIR_ENV == "PROVER_DATA_DIR"
    assert shared_data_dir() == tmp_path and shared_data_dir("minif2f") == tmp_path
    assert shared_data_dir("proofs") is None


def test_the_older_name_still_works_and_absence_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("PROVER_SHARED_DATA", str(tmp_path))
    assert shared_data_dir() == tmp_path
    monkeypatch.setenv("PROVER_SHARED_DATA", str(tmp_path / "missing"))
    assert shared_data_dir() is None


def test_beside_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.delenv("PROVER_SHARED_DATA", raising=False)
    (tmp_path / "shared" / "data" / "smt").mkdir(parents=True)
    (tmp_path / "repo" / "pkg").mkdir(parents=True)
    assert shared_data_dir("smt", start=tmp_path / "repo" / "pkg") == tmp_path / "shared" / "data"
