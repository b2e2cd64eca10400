"""Settings of the Lean layer (environment prefix ``PROVER_LEAN_``), and the factories built from them.

Construct ``LeanSettings(_env_file=None, ...)`` in tests so a developer's environment never leaks in.
Building sessions is explicit (:func:`open_pool`); constructing settings does nothing.
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from prover.lean.pool import SessionPool
from prover.lean.project import LeanProject, default_project_dir
from prover.lean.session import ReplSession
from prover.lean.transport import ProcessTransport

__all__ = ["LeanSettings", "open_pool"]


class LeanSettings(BaseSettings):
    """Where the Lake project is and how REPL processes are run."""

    model_config = SettingsConfigDict(env_prefix="PROVER_LEAN_", env_file=".env", extra="ignore")

    project_dir: Path = default_project_dir()
    timeout_s: float = 60.0
    header_timeout_s: float = 900.0
    memory_limit_mb: int = 16384
    pool_size: int = 1
    max_restarts: int = 5
    # LeanDojo backend (--lean-backend leandojo): the repository LeanDojo traces and where a theorem's file is
    leandojo_repo: str | None = None  # e.g. https://github.com/yangky11/miniF2F-lean4
    leandojo_commit: str | None = None
    leandojo_file: str = "{name}.lean"  # template, e.g. MiniF2F/Valid/{name}.lean


def open_pool(settings: LeanSettings) -> SessionPool:
    """A session pool running real REPL processes; ``LeanUnavailableError`` (with install hint) if there
    is no toolchain or built REPL. Processes start lazily, on the first request."""
    project = LeanProject(settings.project_dir)
    argv = project.repl_argv()  # raises LeanUnavailableError early, before any proof is attempted
    memory = settings.memory_limit_mb * 1024 * 1024 if settings.memory_limit_mb > 0 else None

    def make_session(header: tuple[str, ...]) -> ReplSession:
        return ReplSession(
            lambda: ProcessTransport(argv, cwd=project.root, memory_limit_bytes=memory),
            header=header,
            timeout_s=settings.timeout_s,
            header_timeout_s=settings.header_timeout_s,
            max_restarts=settings.max_restarts,
        )

    return SessionPool(make_session, size=settings.pool_size)
