"""A REPL process dies with the process that started it.

Plumbing only: no Lean toolchain exists here, so the REPL is a stand-in executable (``sleep``) started
through the same spawn code (:class:`prover.lean.transport.ProcessTransport`, memory cap included); what is
checked is the process handling, not anything Lean does.
"""

from __future__ import annotations

import signal
import sys
import textwrap
from pathlib import Path

import pytest

from tests.test_childproc import assert_children_die_with_parent

PARENT = textwrap.dedent("""
    import time
    from prover.lean.transport import ProcessTransport

    transports = [ProcessTransport(["sleep", "60"], memory_limit_bytes=2 << 30), ProcessTransport(["sleep", "60"])]
    for t in transports:
        t.start()
    print(*(t.pid for t in transports), flush=True)
    time.sleep(60)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux-only")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_repl_processes_die_with_their_parent(tmp_path: Path, sig: int) -> None:
    assert_children_die_with_parent(tmp_path, PARENT, sig, 2)
