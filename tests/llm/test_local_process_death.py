"""The embedded LLM server dies with the process that started it.

Plumbing only: the server is a stand-in (a few lines of Python answering ``/v1/models``) started through
:meth:`prover.llm.local.LocalServer.start`, the same spawn code, memory cap and health wait as llama.cpp's;
what is checked is the process handling, not any model.
"""

from __future__ import annotations

import signal
import sys
import textwrap
from pathlib import Path

import pytest

from tests.test_childproc import assert_children_die_with_parent

PARENT = textwrap.dedent("""
    import sys, tempfile, time
    from prover.llm import local
    from prover.llm.settings import LLMSettings

    STAND_IN = '''
    import http.server, sys
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200); self.end_headers(); self.wfile.write(b'{"data": []}')
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    '''

    class StandIn(local.LocalServer):
        def command(self):
            return [sys.executable, "-c", STAND_IN, str(self.port)]

    local.local_llm_available = lambda: None  # the stand-in needs no model package
    model = tempfile.NamedTemporaryFile(suffix=".gguf")
    server = StandIn(LLMSettings(_env_file=None, local_memory_limit_mb=1024), model_path=model.name)
    server.start()
    print(server._proc.pid, flush=True)
    time.sleep(60)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux-only")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_local_server_dies_with_its_parent(tmp_path: Path, sig: int) -> None:
    assert_children_die_with_parent(tmp_path, PARENT, sig, 1)
