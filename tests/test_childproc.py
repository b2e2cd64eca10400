"""The child-process helper: an external program and a forked worker die with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.smt.test_orphans import alive, wait_for

ROOT = Path(__file__).resolve().parents[1]
# a parent that starts a `sleep` through popen_options() and a forked multiprocessing worker, then waits
PARENT = textwrap.dedent("""
    import multiprocessing as mp, os, subprocess, sys, time
    from symbolic.childproc import bind_to_parent, popen_options

    def worker(parent):
        bind_to_parent(parent)
        time.sleep(60)

    if __name__ == "__main__":
        ext = subprocess.Popen(["sleep", "60"], **popen_options())
        w = mp.get_context("fork").Process(target=worker, args=(os.getpid(),), daemon=True)
        w.start()
        print(ext.pid, w.pid, flush=True)
        time.sleep(60)
""")


def assert_children_die_with_parent(tmp_path: Path, parent_source: str, sig: int, count: int) -> None:
    """Run ``parent_source`` (it prints the pids of the ``count`` children it started on one line, then
    waits), send it ``sig``, and assert that every child is gone within 2 s."""
    script = tmp_path / "parent.py"
    script.write_text(parent_source)
    proc = subprocess.Popen([sys.executable, str(script)], env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        pids = [int(x) for x in proc.stdout.readline().split()]
        assert len(pids) == count and all(alive(p) for p in pids)
        assert wait_for(lambda: all(os.getpgid(p) == p for p in pids), 5.0)  # own process groups, once started
        os.kill(proc.pid, sig)
        proc.wait(5)
        assert wait_for(lambda: not any(alive(p) for p in pids), 2.0), [p for p in pids if alive(p)]
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux-only")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_pool_children_die_with_their_parent(tmp_path: Path, sig: int) -> None:
    assert_children_die_with_parent(tmp_path, PARENT, sig, 2)
