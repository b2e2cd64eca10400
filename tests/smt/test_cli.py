"""``prover smt``: answers, JSON output, and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prover.commands.smt import app
from prover.errors import UserError

OWN = Path(__file__).resolve().parents[2] / "data" / "smt"
runner = CliRunner()


def test_solve_json_with_portfolio() -> None:
    res = runner.invoke(app, ["solve", str(OWN / "lin_step_wrong_value.smt2"), "--json", "--timeout", "5"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["status"] == "unsat" and doc["details"]["portfolio"] is True


def test_solve_with_aquaforte_prints_the_definition(tmp_path: Path) -> None:
    graph = tmp_path / "g.json"
    res = runner.invoke(app, ["solve", str(OWN / "lin_step.smt2"), "--solver", "aquaforte", "--timeout", "10",
                              "--json", "--graph", str(graph)])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["status"] == "sat" and doc["definitions"]["f"].replace(" ", "") == "f(x0)=3*x0+2"
    assert json.loads(graph.read_text())["nodes"]


def test_bad_inputs_are_user_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.smt2"
    bad.write_text("(assert (> x")
    res = runner.invoke(app, ["solve", str(bad)])
    assert res.exit_code != 0 and isinstance(res.exception, Exception)
    assert "bad.smt2:1:9" in str(res.exception)
    with pytest.raises(UserError, match="--solver"):
        runner.invoke(app, ["solve", str(bad), "--solver", "yices"], catch_exceptions=False)
    with pytest.raises(UserError, match="not found"):
        runner.invoke(app, ["solve", str(tmp_path / "missing.smt2")], catch_exceptions=False)


def test_solvers_lists_backends() -> None:
    res = runner.invoke(app, ["solvers", "--json"])
    assert res.exit_code == 0
    assert "z3" in json.loads(res.stdout)["backends"]


def test_llm_option_degrades_with_a_clear_message_when_the_layer_is_missing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "prover.llm.aquaforte", None)  # makes the import fail
    with pytest.raises(UserError, match="LLM layer is not available"):
        runner.invoke(app, ["solve", str(OWN / "lin_step.smt2"), "--solver", "aquaforte", "--llm", "local"],
                      catch_exceptions=False)
    with pytest.raises(UserError, match="only applies"):
        runner.invoke(app, ["solve", str(OWN / "lin_step.smt2"), "--llm", "local"], catch_exceptions=False)
