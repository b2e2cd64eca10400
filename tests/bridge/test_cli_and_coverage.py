"""``prover hammer`` (one JSON document with --json) and experiments/hammer_coverage.py (always reports)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from symbolic.bridge import HammerConfig, Outcome, hammer
from tests.bridge.conftest import REPO, backends

needs_solver = pytest.mark.skipif(not backends(), reason="no SMT backend available through symbolic.smt")


@needs_solver
def test_cli_statement_json() -> None:
    from typer.testing import CliRunner

    from prover.commands.hammer import app

    runner = CliRunner()
    out = runner.invoke(app, ["--statement", "theorem t (x : ℝ) (h : 2 * x = 4) : x = 2 := by sorry",
                              "--json", "--timeout", "5"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    (res,) = doc["results"]
    assert res["outcome"] == "proved" and res["scripts"][0]["verdict"] == "not_checked"


@needs_solver
def test_cli_file_of_theorems(tmp_path) -> None:
    from typer.testing import CliRunner

    from prover.commands.hammer import app

    f = tmp_path / "two.lean"
    f.write_text("import Mathlib\n\ntheorem a (x : ℕ) (h : x + 1 = 3) : x = 2 := by sorry\n\n"
                 "theorem b (x : ℕ) (h : x + 1 = 3) : x = 3 := by sorry\n", encoding="utf-8")
    out = CliRunner().invoke(app, [str(f), "--json", "--timeout", "5"])
    assert out.exit_code == 0, out.output
    outcomes = [r["outcome"] for r in json.loads(out.stdout)["results"]]
    assert outcomes == ["proved", "disproved"]


def test_cli_rejects_missing_input() -> None:
    from typer.testing import CliRunner

    from prover.commands.hammer import app

    out = CliRunner().invoke(app, [])
    assert out.exit_code != 0


def test_solver_failure_is_a_typed_outcome(monkeypatch) -> None:
    import symbolic.smt as smt

    def broken(*args, **kwargs):
        raise RuntimeError("solver process died")

    monkeypatch.setattr(smt, "check_sat", broken)
    res = hammer("theorem t (x : ℝ) (h : x = 1) : x = 1 := by sorry", config=HammerConfig(timeout=1))
    assert res.outcome is Outcome.ERROR and "solver process died" in res.detail


@needs_solver
def test_coverage_script_always_writes_its_report(tmp_path) -> None:
    src = tmp_path / "mixed.jsonl"
    rows = [
        {"name": "mathd_algebra_1", "formal_statement": "theorem mathd_algebra_1 (x : ℝ) (h : x + 1 = 2) : x = 1 := by sorry"},
        {"name": "imo_2000_p1", "formal_statement": "theorem imo_2000_p1 (z : ZMod 7) : z = z := by sorry"},
        {"name": "amc12a_2000_p1", "formal_statement": "this is not Lean"},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, str(REPO / "experiments" / "hammer_coverage.py"), str(src),
                           "--timeout", "5", "--mutants", "--out", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    s = report["summary"]
    assert s["total"]["problems"] == 3
    assert s["total"]["proved_with_script"] == 1 and s["total"]["unsupported"] >= 1
    assert set(s["by_category"]) == {"mathd_algebra", "imo", "amc12a"}
    assert s["mutants"]["tried"] == 1 and s["mutants"]["disproved_with_model"] == 1
    assert "TOTAL" in proc.stdout


@needs_solver
def test_cli_lean_flag_injects_the_checker(monkeypatch) -> None:
    from typer.testing import CliRunner

    import prover.commands.hammer as cli

    seen: list[str] = []

    def fake(header: str):
        def check(src: str) -> str:
            seen.append(header + src)
            return "valid"
        return check, None

    monkeypatch.setattr(cli, "_lean_checker", fake)
    out = CliRunner().invoke(cli.app, ["--statement", "theorem t (x : ℝ) (h : x = 1) : x + 1 = 2 := by sorry",
                                       "--lean", "--json", "--timeout", "5"])
    assert out.exit_code == 0, out.output
    (res,) = json.loads(out.stdout)["results"]
    assert res["scripts"][0]["verdict"] == "valid" and len(seen) == 1
    assert seen[0].startswith("import Mathlib") and "theorem t" in seen[0]
    assert res["outcome"] == "proved" and res["checker"] == "lean"


@needs_solver
def test_cli_lean_rejecting_every_script_is_not_proved(monkeypatch) -> None:
    from typer.testing import CliRunner

    import prover.commands.hammer as cli

    monkeypatch.setattr(cli, "_lean_checker", lambda header: ((lambda src: "lean_error"), None))
    out = CliRunner().invoke(cli.app, ["--statement", "theorem t (x : ℝ) (h : x = 1) : x + 1 = 2 := by sorry",
                                       "--lean", "--json", "--timeout", "5"])
    assert out.exit_code == 0, out.output
    (res,) = json.loads(out.stdout)["results"]
    assert res["outcome"] == "unknown" and res["checker"] is None and res["reason"] == "exhausted"
    assert res["scripts"] and {s["verdict"] for s in res["scripts"]} == {"lean_error"}
    assert "script 1" in out.stderr and "Lean lean_error" in out.stderr


def test_cli_lean_flag_without_lean_is_a_user_error(monkeypatch) -> None:
    from typer.testing import CliRunner

    import prover.commands.hammer as cli
    import prover.lean.settings as lean_settings
    from prover.errors import UserError

    def no_lean(settings):
        raise RuntimeError("no Lean toolchain found")

    monkeypatch.setattr(lean_settings, "open_pool", no_lean)
    out = CliRunner().invoke(cli.app, ["--statement", "theorem t : 1 = 1 := by sorry", "--lean"])
    assert isinstance(out.exception, UserError) and "no Lean toolchain" in str(out.exception)


def test_internal_failure_is_a_typed_outcome(monkeypatch) -> None:
    import importlib

    query_module = importlib.import_module("symbolic.bridge.hammer_query")  # where the hammer instantiates

    def broken(*args, **kwargs):
        raise ValueError("defect")

    monkeypatch.setattr(query_module, "instantiate", broken)
    res = hammer("theorem t (x : ℝ) (h : x = 1) : x = 1 := by sorry", config=HammerConfig(timeout=1))
    assert res.outcome is Outcome.ERROR and "defect" in res.detail
