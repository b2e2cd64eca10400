"""`prover lean check/setup/doctor`, `lean_report()`, and the public surface of `prover.lean`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import prover.lean
from prover.cli import main
from prover.errors import UserError
from prover.lean.doctor import lean_report
from prover.lean.project import EXPECTED_TOOLCHAIN, LeanProject
from prover.lean.setup import plan_setup
from prover.output import read_text

UNSAFE = "import Mathlib\n\ntheorem t : 1 + 1 = 2 := by\n  -- fine\n  native_decide\n"
CLEAN = "import Mathlib\n\ntheorem t : 1 + 1 = 2 := by\n  norm_num\n"


@pytest.fixture
def no_lean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A machine without Lean: empty PATH for tools, an empty project dir, no ~/.elan."""
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("ELAN_HOME", str(tmp_path / "elan"))
    monkeypatch.setenv("PROVER_LEAN_PROJECT_DIR", str(tmp_path / "project"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_unsafe_file_is_rejected_without_lean(no_lean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = no_lean / "p.lean"
    f.write_text(UNSAFE, encoding="utf-8")
    assert main(["lean", "check", str(f), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == "rejected_unsafe"
    assert doc["violations"][0]["construct"] == "native_decide" and doc["violations"][0]["line"] == 5


def test_clean_file_without_lean_reports_unavailable_with_install_hint(
        no_lean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = no_lean / "p.lean"
    f.write_text(CLEAN, encoding="utf-8")
    assert main(["lean", "check", str(f)]) == 1
    out = capsys.readouterr().err
    assert "lean_unavailable" in out and "elan" in out and "prover lean setup" in out


def test_statement_change_is_rejected(no_lean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = no_lean / "orig.lean"
    original.write_text("import Mathlib\n\ntheorem t : 1 + 1 = 3 := by sorry\n", encoding="utf-8")
    f = no_lean / "p.lean"
    f.write_text(CLEAN, encoding="utf-8")
    assert main(["lean", "check", str(f), "--statement-from", str(original), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == "rejected_unsafe" and doc["violations"][0]["construct"] == "statement change"


def test_missing_file_is_a_user_error(no_lean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lean", "check", str(no_lean / "nope.lean")]) == 2
    err = capsys.readouterr().err.replace("\n", "")  # the console may wrap the one-line message
    assert "nope.lean: Lean file not found" in err
    with pytest.raises(UserError) as info:
        read_text(no_lean / "nope.lean", "Lean file")
    assert "\n" not in str(info.value)


def test_setup_dry_run_prints_every_step(no_lean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = no_lean / "project"
    project.mkdir()
    (project / "lean-toolchain").write_text(EXPECTED_TOOLCHAIN + "\n")
    assert main(["lean", "setup", "--dry-run"]) == 0
    err = capsys.readouterr().err
    for needle in ("elan-init.sh", "toolchain install leanprover/lean4:v4.24.0", "lake update", "exe cache get",
                   "build --no-build Mathlib", "build ProverLean"):
        assert needle in err
    assert len(plan_setup(LeanProject(project))) == 7


def test_the_repository_project_pins_matching_versions() -> None:
    project = LeanProject(Path(__file__).resolve().parents[2] / "lean_project")
    assert project.toolchain() == EXPECTED_TOOLCHAIN
    assert project.required_revs() == {"mathlib": "v4.24.0", "REPL": "v4.24.0"}


def test_doctor_reports_mismatches_with_fixes(no_lean: Path) -> None:
    project = no_lean / "project"
    (project / ".lake" / "packages" / "mathlib").mkdir(parents=True)
    (project / "lean-toolchain").write_text("leanprover/lean4:v4.22.0\n")
    (project / "lakefile.toml").write_text(
        '[[require]]\nname = "mathlib"\nrev = "v4.22.0"\n[[require]]\nname = "REPL"\nrev = "v4.24.0"\n')
    (project / "lake-manifest.json").write_text(json.dumps({"packages": [{"name": "mathlib", "inputRev": "v4.23.0"}]}))
    (project / ".lake" / "packages" / "mathlib" / "lean-toolchain").write_text("leanprover/lean4:v4.23.0\n")
    report = lean_report(project)
    whats = {m["what"]: m for m in report["mismatches"]}
    assert set(whats) >= {"elan", "project toolchain", "mathlib in lakefile.toml", "mathlib in lake-manifest.json",
                          "mathlib toolchain"}
    assert whats["mathlib in lake-manifest.json"]["fix"].endswith("lake update mathlib")
    assert report["ok"] is False and "elan" in report["hint"]
    assert report["mathlib"]["toolchain"] == "leanprover/lean4:v4.23.0" and report["repl"]["binary"] is None


def test_public_surface_is_pinned() -> None:
    assert prover.lean.__all__ == [
        "Exchange", "Goal", "Hypothesis", "LeanDojoBackend", "LeanSettings", "ProcessTransport", "ProofFinished",
        "ProofGivenUp", "ProofState", "ReplSession", "ReplStepBackend", "ReplayTransport", "SessionPool",
        "StepBackend", "StepChecker", "StepResult", "TacticError", "TacticState", "Timeout", "Transcript",
        "Transport", "Verdict", "VerificationResult", "check_proof_text", "lean_report", "load_transcript",
        "make_step_backend", "open_pool", "parse_goal", "parse_goals", "splice_proof", "verify_source",
    ]
    for name in prover.lean.__all__:
        assert getattr(prover.lean, name) is not None


def test_guard_works_without_the_lean_client_extra(
        no_lean: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    for mod in [m for m in sys.modules if m.startswith(("lean_interact", "prover.lean.")) and
                m.split(".")[-1] in ("settings", "verify", "session", "pool", "protocol", "lean_interact", "interface")]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setitem(sys.modules, "lean_interact", None)  # import lean_interact -> ImportError
    bad, ok = no_lean / "bad.lean", no_lean / "ok.lean"
    bad.write_text(UNSAFE, encoding="utf-8")
    ok.write_text(CLEAN, encoding="utf-8")
    assert main(["lean", "check", str(bad), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == "rejected_unsafe"
    assert main(["lean", "check", str(ok), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == "lean_unavailable" and "neurosym-prover[lean]" in doc["detail"]


def _fake_tool(bin_dir: Path, name: str, version: str) -> None:
    bin_dir.mkdir(parents=True, exist_ok=True)
    tool = bin_dir / name
    tool.write_text(f"#!/bin/sh\necho '{version}'\n", encoding="utf-8")
    tool.chmod(0o755)


@pytest.mark.parametrize("case", ["no toolchain", "no REPL", "wrong toolchain"])
def test_repl_backend_refusal_is_the_line_doctor_prints(no_lean: Path, case: str) -> None:
    """No toolchain, a missing REPL binary, a toolchain of the wrong version: one line naming the fix, the
    same in `make_step_backend` and in `prover doctor`'s next steps."""
    from prover.doctor import collect_report
    from prover.lean.backend import make_step_backend
    from prover.lean.errors import LeanUnavailableError
    from prover.lean.settings import LeanSettings

    project = no_lean / "project"
    project.mkdir()
    if case != "no toolchain":
        for tool, version in (("elan", "elan 4.1.2"), ("lake", "Lake version 5.0.0"), ("lean", "Lean (version 4.24.0)")):
            _fake_tool(no_lean / "bin", tool, version)
    (project / "lean-toolchain").write_text(
        "leanprover/lean4:v4.9.0\n" if case == "wrong toolchain" else EXPECTED_TOOLCHAIN + "\n", encoding="utf-8")
    with pytest.raises(LeanUnavailableError) as info:
        make_step_backend("repl", settings=LeanSettings(_env_file=None, project_dir=project))
    line = str(info.value)
    assert "\n" not in line and line.startswith("Lean backend 'repl' cannot run: ")
    expected = {"no toolchain": "install elan", "no REPL": "prover lean setup",
                "wrong toolchain": "found leanprover/lean4:v4.9.0, expected leanprover/lean4:v4.24.0"}[case]
    assert expected in line
    doctor_line = next(s for s in collect_report()["next_steps"] if s.startswith("Lean backend 'repl'"))
    assert line.startswith(doctor_line)
