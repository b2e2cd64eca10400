"""Killing a portfolio run (SIGKILL or SIGTERM) leaves no solver process behind within 2 s."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.smt.conftest import needs

ROOT = Path(__file__).resolve().parents[2]
# x³ + y³ + z³ = 33 over the integers: both solvers search far longer than the test waits
HARD = ("(set-logic QF_NIA)\n(declare-fun x () Int)\n(declare-fun y () Int)\n(declare-fun z () Int)\n"
        "(assert (= (+ (* x x x) (* y y y) (* z z z)) 33))\n(check-sat)\n")


def children_of(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    out = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(entry))
    return out


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(pred, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()


@needs("z3")
@needs("cvc5")
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux-only")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_portfolio_leaves_no_solver_behind(tmp_path: Path, sig: int) -> None:
    script = tmp_path / "hard.smt2"
    script.write_text(HARD)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "prover.cli", "smt", "solve", str(script), "--solver",
                             "portfolio", "--timeout", "60"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: len(children_of(proc.pid)) >= 2, 30), "portfolio workers never started"
        workers = children_of(proc.pid)
        time.sleep(0.5)  # let them get deep into solving
        os.kill(proc.pid, sig)
        proc.wait(5)
        assert wait_for(lambda: not any(alive(w) for w in workers), 2.0), \
            f"orphaned workers: {[w for w in workers if alive(w)]}"
    finally:
        proc.kill()
        proc.wait()
