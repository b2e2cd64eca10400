"""`prover prove`: results, files under --out, exit status 0 / 1 / 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prover.cli import main

TRUE = "theorem lin (x : ℝ) (h : x + 1 = 3) : x = 2 := by sorry"
FALSE = "theorem lin_false (x : ℝ) (h : x + 1 = 3) : x = 3 := by sorry"
FAST = ["--env", "symbolic", "--no-predictor", "--budget", "20", "--json"]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_proved_statement_writes_result_graph_page_and_proof(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["prove", "--statement", TRUE, *FAST, "--out", str(tmp_path)], capsys)
    assert code == 0, err
    doc = json.loads(out)
    (res,) = doc["results"]
    assert res["claim"]["outcome"] == "proved" and res["claim"]["checker"] == "smt" and not res["lean_checked"]
    assert set(res["files"]) == {"result", "graph", "html", "proof"}
    assert (tmp_path / "lin.lean").read_text() == res["proof"]
    assert json.loads((tmp_path / "lin.graph.json").read_text())["conclusion"]
    assert "not checked by Lean" in err


def test_a_false_statement_is_not_proved_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["prove", "--statement", FALSE, *FAST], capsys)
    assert code == 1
    assert json.loads(out)["results"][0]["proof"] is None


def test_theorems_of_a_file_and_a_name_filter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "two.lean"
    f.write_text(f"import Mathlib\n\n{TRUE}\n\n{FALSE}\n", encoding="utf-8")
    code, out, _ = run(["prove", str(f), "--theorem", "lin", *FAST], capsys)
    assert code == 0 and [r["theorem"] for r in json.loads(out)["results"]] == ["lin"]


@pytest.mark.parametrize(("args", "message"), [
    (["--strategy", "depth-first"], "--strategy"),
    (["--budget", "0"], "--budget"),
    (["/nonexistent/x.lean"], "no such file"),
    (["--theorem", "nope", "--statement", TRUE, "extra.lean"], "exactly one"),
])
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = [] if any(a.endswith(".lean") for a in args) else ["--statement", TRUE]
    code, _, err = run(["prove", *base, *args], capsys)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
