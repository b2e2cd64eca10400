"""Reproducers of bad input found by trying: each ends in one line naming the input and exit status 2
(with ``--json``, also one JSON error document on stdout), never a traceback, and nothing finished is lost."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from prover.cli import main
from tests.provenance.test_graph import sample_graph

ROOT = Path(__file__).resolve().parents[1]
PEANO = ROOT / "data" / "theories" / "peano.mpl"
QUICK = ROOT / "data" / "theories" / "peano_quick.targets"
SMT = ROOT / "data" / "smt" / "lin_step.smt2"
BIG = "9" * 5000


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


def bad(args: list[str], capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    code, out, err = run(args, capsys)
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and err.startswith("error: ")
    for n in needles:
        assert n in err, err
    return out


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, data in {
        "ff.mpl": PEANO.read_bytes() + b"\xff",
        "ff.targets": b"\xffadd_zero : forall a : N. a + zero = a\n",
        "ff.json": sample_graph().to_json().encode() + b"\xff" if hasattr(sample_graph(), "to_json") else b"\xff",
        "ff.jsonl": b'{"formal_statement": "theorem t : 1 = 1 := by sorry"}\xff\n',
        "ff.lean": b"theorem t : (1:\xff) = 1 := by sorry\n",
        "deep.json": b"[" * 992 + b"]" * 992,
        "big.json": b'{"schema_version": ' + BIG.encode() + b"}",
        "empty.smt2": b"",
        "big.smt2": f"(declare-const x Int)(assert (> x {BIG}))(check-sat)".encode(),
        "big.targets": f"t : forall a : N. a = a + {BIG}\n".encode(),
    }.items():
        (tmp_path / name).write_bytes(data)
        out[name] = tmp_path / name
    return out


@pytest.mark.parametrize(("args", "needles"), [
    (["gl", "run", "{ff.mpl}", "--targets", str(QUICK), "--out", "{tmp}/o"], ["ff.mpl", "not UTF-8", "0xff"]),
    (["gl", "run", str(PEANO), "--targets", "{ff.targets}", "--out", "{tmp}/o"], ["ff.targets", "not UTF-8"]),
    (["export", "html", "{ff.json}", "-o", "{tmp}/g.html"], ["ff.json", "not UTF-8"]),
    (["hammer", "{ff.jsonl}"], ["ff.jsonl", "not UTF-8"]),
    (["hammer", "{ff.lean}"], ["ff.lean", "not UTF-8"]),
    (["progress", "predict", "--file", "{ff.jsonl}"], ["ff.jsonl", "not UTF-8"]),
    (["progress", "predict", "--file", "{deep.json}"], ["deep.json", "nested too deeply"]),
    (["export", "html", "{deep.json}", "-o", "{tmp}/g.html"], ["deep.json", "nested too deeply"]),
    (["export", "html", "{big.json}", "-o", "{tmp}/g.html"], ["big.json"]),
    (["smt", "solve", "{big.smt2}"], ["big.smt2:1", "5000 digits"]),
    (["gl", "run", str(PEANO), "--targets", "{big.targets}", "--out", "{tmp}/o"], ["big.targets:1", "5000 digits"]),
    (["smt", "solve", "{empty.smt2}"], ["empty.smt2", "no (check-sat)"]),
    (["hammer", "{tmp}"], ["is a directory"]),
    (["export", "html", "{ff.json}", "-o", "{tmp}"], ["-o", "is a directory"]),
    (["gl", "run", str(PEANO), "--targets", str(QUICK), "--out", "{ff.json}"], ["--out", "not a directory"]),
    (["smt", "solve", str(SMT), "--timeout", "inf"], ["--timeout inf"]),
    (["smt", "solve", str(SMT), "--timeout", "1e300"], ["--timeout 1e+300"]),
    (["hammer", "--statement", "theorem t : 1 = 1", "--timeout", "inf"], ["--timeout inf"]),
    (["lean", "check", "{ff.lean}", "--timeout", "0"], ["--timeout 0"]),
    (["gl", "run", str(PEANO), "--targets", str(QUICK), "--out", "{tmp}/o", "--time-budget", "-1"],
     ["--time-budget -1"]),
    (["gl", "run", str(PEANO), "--enumerate", "--out", "{tmp}/o", "--max-size", "-1"], ["--max-size -1"]),
    (["hammer", "--statement", "theorem t : (1:ℕ) + 1 = 2", "--provenance", "/proc/x"], ["--provenance /proc/x"]),
    (["export", "html", "{ff.json}", "-o", "/proc/x/g.html"], ["/proc/x", "does not exist"]),
], ids=lambda v: " ".join(v) if isinstance(v, list) and v and v[0] in ("gl", "export", "hammer", "smt", "lean",
                                                                           "progress") else "")
def test_bad_input_is_one_line_and_exit_2(args: list[str], needles: list[str], files: dict[str, Path],
                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = {k.replace(".", "_"): str(v) for k, v in files.items()}
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    argv = [names[a[1:-1].replace(".", "_")] if a.startswith("{") and a.endswith("}") else a for a in argv]
    bad(argv, capsys, *needles)


def test_json_errors_print_one_json_document(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    out = bad(["smt", "solve", str(files["empty.smt2"]), "--json"], capsys, "no (check-sat)")
    doc = json.loads(out)
    assert doc["exit_code"] == 2 and "no (check-sat)" in doc["error"]
    out = bad(["hammer", "--statement", "theorem t : 1 = 1", "--solver", "yices", "--json"], capsys, "--solver")
    assert json.loads(out)["exit_code"] == 2
    code, out, _ = run(["smt", "solve", str(files["empty.smt2"]), "--no-such-option", "--json"], capsys)
    assert code == 2 and json.loads(out)["exit_code"] == 2


def test_provenance_path_checked_before_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    t0 = time.monotonic()
    bad(["hammer", "--statement", "theorem t : (1:ℕ) + 1 = 2", "--provenance", str(tmp_path / "no" / "g.json"),
         "--json"], capsys, "does not exist")
    assert time.monotonic() - t0 < 5
    code, out, _ = run(["hammer", "--statement", "theorem t : (1:ℕ) + 1 = 2", "--provenance",
                        str(tmp_path / "g.json"), "--json"], capsys)
    assert code == 0 and json.loads(out)["results"][0]["outcome"] == "proved" and (tmp_path / "g.json").is_file()
