"""The README's "Python API" snippets run as written (extracted from README.md, so they cannot drift)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import REPO_ROOT


def _snippets() -> dict[str, str]:
    """The ``python`` code block under each ``###`` heading of the README's "Python API" section."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    out = {}
    for part in section.split("\n### ")[1:]:
        title, _, body = part.partition("\n")
        block = re.search(r"```python\n(.*?)```", body, re.S)
        if block:
            out[title.strip()] = block.group(1)
    return out


def test_readme_has_both_snippets() -> None:
    assert set(_snippets()) == {"With a Lean toolchain", "Over a recorded session"}


def test_recorded_session_snippet_runs(transcripts_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO_ROOT)  # the snippet names the recordings relative to the checkout
    if not (REPO_ROOT / "../shared/data/lean-repl-transcripts").is_dir():
        pytest.skip("the recordings are not beside this checkout")
    exec(compile(_snippets()["Over a recorded session"], "README.md:recorded", "exec"), {})
    out = capsys.readouterr().out
    assert "apply h2 → ('case right\\np q r : Prop\\nh1 : p ∧ q\\nh2 : q → r\\n⊢ q',)" in out
    assert '"tactic": "simp"' in out  # the unrecorded request is named


@pytest.mark.lean
def test_live_toolchain_snippet_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO_ROOT)
    exec(compile(_snippets()["With a Lean toolchain"], "README.md:live", "exec"), {})
    assert "theorem and_swap" in capsys.readouterr().out
