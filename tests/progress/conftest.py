"""Fixtures of the progress-predictor tests: the shared benchmark data, located beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from prover.datadir import shared_data_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
PROOFS = Path("proofs") / "deepseek-prover-v2"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` relative to the repository root; the test is skipped when it is absent."""
    root = shared_data_dir(PROOFS) or REPO_ROOT.parent / "shared" / "data"
    if not (root / PROOFS).is_dir():
        pytest.skip(f"benchmark data not found at {root} (expected ../shared/data beside the checkout)")
    return root


@pytest.fixture(scope="session")
def proof_files(shared_data: Path) -> list[Path]:
    """The 221 DeepSeek-Prover-V2 miniF2F-valid proofs."""
    return sorted((shared_data / PROOFS).glob("*.lean"))


@pytest.fixture(scope="session")
def real_splits(proof_files: list[Path]) -> list[tuple[Path, str, object]]:
    """Each real proof file, its text and its :class:`SplitProof` (split once per session)."""
    from prover.progress.splitter import split_proof

    out = []
    for path in proof_files:
        text = path.read_text(encoding="utf-8")
        out.append((path, text, split_proof(text, source=str(path))))
    return out
