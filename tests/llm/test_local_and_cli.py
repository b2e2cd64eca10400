"""The embedded-model launcher without the model (install hint, inert construction) and CLI error paths."""

from __future__ import annotations

import importlib.util

import pytest
from typer.testing import CliRunner

from prover.errors import UserError
from prover.llm import local
from prover.llm.errors import INSTALL_HINT, LocalModelMissing
from prover.llm.local import LocalServer
from prover.llm.settings import LLMSettings


def test_missing_extra_says_exactly_how_to_install(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(local.importlib.util, "find_spec",
                        lambda name, *a: None if name == "llama_cpp" else real_find_spec(name, *a))
    assert "llama-cpp-python" in (local.local_llm_available() or "")
    with pytest.raises(LocalModelMissing) as info:
        LocalServer(LLMSettings(_env_file=None)).start()
    assert isinstance(info.value, UserError)
    assert INSTALL_HINT == "pip install -e '.[local-llm]'" and INSTALL_HINT in str(info.value)
    assert "\n" not in str(info.value)


def test_local_server_construction_is_inert_and_command_is_complete(tmp_path):
    model = tmp_path / "m.gguf"
    server = LocalServer(LLMSettings(_env_file=None, local_threads=1, local_n_ctx=512), model_path=model, port=5555)
    assert not server.running()
    cmd = server.command()
    assert cmd[1:3] == ["-m", "llama_cpp.server"] and str(model) in cmd
    assert cmd[cmd.index("--port") + 1] == "5555" and cmd[cmd.index("--n_threads") + 1] == "1"
    assert cmd[cmd.index("--logits_all") + 1] == "False"
    server.stop()  # stopping a server that never started is harmless


def test_cli_unreachable_endpoint_is_one_line_and_exit_1(monkeypatch, tmp_path):
    from prover.commands.llm import app

    monkeypatch.chdir(tmp_path)
    env = {"PROVER_LLM_BASE_URL": "http://127.0.0.1:9/v1", "PROVER_LLM_MODEL": "m",
           "PROVER_LLM_MAX_RETRIES": "1", "PROVER_LLM_BACKOFF_INITIAL_S": "0.01", "PROVER_LLM_CACHE": "false"}
    done = CliRunner().invoke(app, ["complete", "hi", "--json"], env=env)
    assert done.exit_code == 1
    assert done.stdout == ""
    assert "127.0.0.1:9" in done.output and "cannot connect" in done.output and "after 2 attempts" in done.output


def test_default_threads_leave_one_core_for_the_search(monkeypatch, tmp_path):
    import os

    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    cmd = LocalServer(LLMSettings(_env_file=None), model_path=tmp_path / "m.gguf", port=5555).command()
    assert cmd[cmd.index("--n_threads") + 1] == "7"
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    cmd = LocalServer(LLMSettings(_env_file=None), model_path=tmp_path / "m.gguf", port=5555).command()
    assert cmd[cmd.index("--n_threads") + 1] == "1"
