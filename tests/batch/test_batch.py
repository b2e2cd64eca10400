"""The batch end to end: demo set, report and index; resume after SIGKILL; faults; Ctrl-C; bad input."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from prover.batch import BatchConfig, run_batch, write_report
from prover.benchmarks.loaders import load_demo
from prover.cli import main
from tests.conftest import REPO_ROOT

pytest.importorskip("z3")


def _rows(out: Path) -> dict[tuple[str, int], tuple[str, str, float]]:
    db = sqlite3.connect(out / "results.sqlite")
    try:
        return {(p, a): (o, d, f) for p, a, o, d, f in
                db.execute("SELECT name, attempt, outcome, detail, finished_at FROM attempts")}
    except sqlite3.OperationalError:  # the driver is still creating the store
        return {}
    finally:
        db.close()


def test_demo_set_end_to_end_with_report_and_index(tmp_path: Path) -> None:
    demo = {p.name: p for p in load_demo().problems}
    out = tmp_path / "run"
    run = run_batch(BatchConfig("demo", out, limit=12, workers=2, time_per_problem=10, strategy="best-first",
                                env="symbolic", llm="none"), show_progress=False)
    assert run.ran == 12 and not run.interrupted
    report = write_report(out)
    rows = _rows(out)
    assert len(rows) == 12
    outcomes = {name: o for (name, _), (o, _, _) in rows.items()}
    # no false twin is ever proved; the true linear problems are, and their twins are found false
    assert not [n for n, o in outcomes.items() if demo[n].expect == "false" and o == "proved"]
    assert [n for n, o in outcomes.items() if demo[n].expect == "true" and o == "proved"]
    assert [n for n, o in outcomes.items() if demo[n].expect == "false" and o == "false_statement"]
    assert "error" not in outcomes.values()
    s = report.summary
    assert s["problems"] == 12 and s["solved"] == sum(o == "proved" for o in outcomes.values())
    assert s["pass_at_k"]["pass@1"] == pytest.approx(s["solved"] / 12, abs=1e-4)
    assert s["audit_findings"] and all(f["model"] for f in s["audit_findings"] if f["outcome"] == "false_statement")
    export = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert {e["name"] for e in export} == set(outcomes)
    assert all(set(e) >= {"name", "split", "proof", "verified"} for e in export)
    assert not any(e["verified"] for e in export)  # nothing was checked by Lean here
    proved = [e for e in export if e["outcome"] == "proved"]
    assert all(e["proof"].startswith("import Mathlib") and "sorry" not in e["proof"] for e in proved)
    index = (out / "index.html").read_text()
    for e in export:
        assert e["name"] in index
    for href in __import__("re").findall(r'href="([^"#]+)"', index):
        assert (out / href).is_file(), href
    assert len(list((out / "proofs").glob("*.lean"))) == len(proved)


def test_resume_after_sigkill_loses_nothing_and_repeats_nothing(tmp_path: Path, problem_file) -> None:
    path = problem_file([f"p{k}" for k in range(10)])
    out = tmp_path / "run"
    pids = tmp_path / "pids"
    pids.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "FAULT_PIDS": str(pids)}
    cmd = [sys.executable, "-m", "prover.cli", "batch", str(path), "--out", str(out), "--workers", "2",
           "--strategy", "tests.batch.faults:slow", "--time-per-problem", "5", "--no-html"]
    proc = subprocess.Popen(cmd, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (out / "results.sqlite").exists() and 3 <= len(_rows(out)) < 10:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = _rows(out)
    assert 3 <= len(before) < 10
    # the workers died with the driver
    time.sleep(1.0)
    worker_pids = [int(p.read_text()) for p in pids.iterdir()]
    assert worker_pids and not [p for p in worker_pids if _alive(p)]
    done = subprocess.run([*cmd, "--json"], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    after = _rows(out)
    assert len(after) == 10
    assert doc["run"]["skipped"] == len(before) and doc["run"]["ran"] == 10 - len(before)
    for key, value in before.items():
        assert after[key] == value  # not rewritten
    assert {o for o, _, _ in after.values()} == {"proved"}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


def test_a_crashing_worker_costs_one_attempt(tmp_path: Path, problem_file) -> None:
    path = problem_file(["a", "crash_me", "b", "c"])
    out = tmp_path / "run"
    run = run_batch(BatchConfig(str(path), out, workers=2, strategy="tests.batch.faults:crash",
                                time_per_problem=5), show_progress=False)
    rows = _rows(out)
    assert run.ran == 4 and len(rows) == 4
    assert rows[("crash_me", 0)][0] == "error" and "worker process died (killed by signal 9)" in rows[("crash_me", 0)][1]
    assert {rows[(n, 0)][0] for n in "abc"} == {"proved"}


def test_an_exception_in_the_worker_is_an_error_with_its_message(tmp_path: Path, problem_file) -> None:
    path = problem_file(["a", "raise_me", "b"])
    out = tmp_path / "run"
    run_batch(BatchConfig(str(path), out, workers=1, strategy="tests.batch.faults:raises", time_per_problem=5),
              show_progress=False)
    rows = _rows(out)
    assert rows[("raise_me", 0)][:2] == ("error", "RuntimeError: injected failure")
    assert rows[("a", 0)][0] == rows[("b", 0)][0] == "proved"


def test_a_hanging_solver_is_killed_at_the_deadline(tmp_path: Path, problem_file) -> None:
    path = problem_file(["a", "hang_me", "b"])
    out = tmp_path / "run"
    pids = tmp_path / "pids"
    pids.mkdir()
    os.environ["FAULT_PIDS"] = str(pids)
    try:
        started = time.monotonic()
        run_batch(BatchConfig(str(path), out, workers=2, strategy="tests.batch.faults:hang", time_per_problem=0.5),
                  show_progress=False)
        elapsed = time.monotonic() - started
    finally:
        del os.environ["FAULT_PIDS"]
    rows = _rows(out)
    assert rows[("hang_me", 0)][0] == "error" and "hard limit" in rows[("hang_me", 0)][1]
    assert rows[("a", 0)][0] == rows[("b", 0)][0] == "proved"
    assert elapsed < 30
    solver = [int(p.read_text()) for p in pids.iterdir()]
    time.sleep(0.5)
    assert solver and not [p for p in solver if _alive(p)]  # the hung solver went down with its worker


class _DyingLLM(BaseHTTPRequestHandler):
    """An OpenAI-compatible completions endpoint that answers ``budget`` requests, then dies."""

    budget = 2

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if type(self).budget <= 0:
            server = self.server
            threading.Thread(target=lambda: (server.shutdown(), server.server_close()), daemon=True).start()
            self.connection.close()
            return
        type(self).budget -= 1
        body = json.dumps({"id": "x", "object": "text_completion", "created": 0, "model": "m",
                           "choices": [{"text": " linarith", "index": 0, "logprobs": None, "finish_reason": "stop"}],
                           "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_an_llm_server_that_dies_mid_run_marks_later_attempts_error(tmp_path: Path, problem_file) -> None:
    path = problem_file([f"p{k}" for k in range(5)])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _DyingLLM)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    out = tmp_path / "run"
    try:
        run_batch(BatchConfig(str(path), out, workers=1, strategy="tests.batch.faults:llm", time_per_problem=5,
                              llm=f"http://127.0.0.1:{httpd.server_address[1]}/v1"), show_progress=False)
    finally:
        httpd.server_close()
    outcomes = [o for _, (o, _, _) in sorted(_rows(out).items())]
    assert outcomes[:2] == ["proved", "proved"]
    assert outcomes[2:] == ["error"] * 3


def test_ctrl_c_stops_cleanly_and_the_run_resumes(tmp_path: Path, problem_file) -> None:
    path = problem_file([f"p{k}" for k in range(8)])
    out = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    cmd = [sys.executable, "-m", "prover.cli", "batch", str(path), "--out", str(out), "--workers", "1",
           "--strategy", "tests.batch.faults:slow", "--time-per-problem", "5", "--no-html"]
    proc = subprocess.Popen(cmd, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not ((out / "results.sqlite").exists() and len(_rows(out)) >= 2):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "stopped: solved" in stderr and "Traceback" not in stderr
    partial = _rows(out)
    assert 2 <= len(partial) < 8 and (out / "report.json").is_file()
    done = subprocess.run(cmd, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and len(_rows(out)) == 8


def test_bad_input_gives_one_line_errors_and_bad_rows_are_recorded(tmp_path: Path, problem_file, capsys) -> None:
    assert main(["batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o1")]) == 2
    assert "missing.jsonl: no such benchmark file" in capsys.readouterr().err
    bad_store = tmp_path / "o2"
    bad_store.mkdir()
    (bad_store / "results.sqlite").write_bytes(b"not sqlite" * 100)
    path = problem_file(["a", "b"], extra_lines=["{broken", json.dumps({"name": "a", "split": "valid",
                                                                        "formal_statement": "theorem a : 1 = 1"})])
    assert main(["batch", str(path), "--out", str(bad_store)]) == 2
    assert "not a usable result store" in capsys.readouterr().err
    assert main(["batch", str(path), "--out", str(tmp_path / "o3"), "--workers", "0"]) == 2
    assert main(["batch", str(path), "--out", str(tmp_path / "o3"), "--strategy", "magic"]) == 2
    out = tmp_path / "o4"
    assert main(["batch", str(path), "--out", str(out), "--json", "--no-html", "--time-per-problem", "5"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["report"]["solved"] == 2 and doc["run"]["input_errors"] == 2
    assert [e["message"] for e in doc["report"]["input_errors"]] == ["not JSON (Expecting property name enclosed in double quotes)",
                                                                      "duplicate problem 'valid/a'"]
