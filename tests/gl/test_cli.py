from __future__ import annotations

import json

from typer.testing import CliRunner

from prover.commands.gl import app
from tests.gl.conftest import PEANO, QUICK

runner = CliRunner()


def test_cli_run_writes_outputs(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(PEANO), "--targets", str(QUICK), "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["proved"] == 13 and doc["stopped"] == "done"
    assert {"conjecture", "filter"}.isdisjoint(doc["phases"])
    listed = json.loads((out / "theorems.json").read_text())
    assert [t["name"] for t in listed["theorems"]] == [t["name"] for t in doc["theorems"]]
    assert all(t["checker"] == "gl-replay" for t in listed["theorems"])
    assert (out / "Peano.lean").read_text().count("theorem ") == 13
    assert (out / "graphs" / "add_comm.html").read_text().startswith("<!DOCTYPE html>")
    assert (out / "graphs" / "add_comm.json").exists()
    assert "add_comm" in (out / "index.html").read_text()
    assert "add_comm" in (out / "theorems.txt").read_text()


def test_cli_needs_targets_or_enumerate(tmp_path):
    res = runner.invoke(app, ["run", str(PEANO), "--out", str(tmp_path)])
    assert res.exit_code != 0
    assert "exactly one of --targets FILE or --enumerate" in str(res.exception)


def test_cli_budget_stop_writes_partial_results(tmp_path):
    res = runner.invoke(app, ["run", str(PEANO), "--targets", str(QUICK), "--out", str(tmp_path),
                              "--time-budget", "0", "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["stopped"] == "time budget"
    assert json.loads((tmp_path / "theorems.json").read_text())["stopped"] == "time budget"
    assert (tmp_path / "Peano.lean").exists()


def test_main_cli_reports_bad_theory_in_one_line(tmp_path, capsys):
    from prover.cli import main

    bad = tmp_path / "bad.mpl"
    bad.write_text("sort N\naxiom a : forall x : N. f(x) = x\n", encoding="utf-8")
    code = main(["gl", "run", str(bad), "--targets", str(QUICK), "--out", str(tmp_path / "o")])
    assert code == 2
    err = capsys.readouterr().err
    squash = "".join(err.split())  # the console may wrap long lines
    assert "".join(f"{bad}:2:25: unknown function 'f'".split()) in squash
