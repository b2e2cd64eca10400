"""``prover lean setup``: install what is missing for real-Lean checking, one printed step at a time.

Steps (each skipped when already done, each with a time limit, all printed with ``--dry-run``):

1. elan >= 4 (the Lean version manager), installed with its official script without a default toolchain;
2. the project's toolchain (``elan toolchain install``);
3. dependencies resolved (``lake update`` when there is no ``lake-manifest.json``);
4. Mathlib's compiled cache (``lake exe cache get``) — hours of compilation avoided;
5. ``lake build --no-build Mathlib``: fails if anything would still be compiled, i.e. the cache was not used;
6. the REPL binary (``lake build`` in the REPL package) and the project's library.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prover.lean.errors import LeanError, LeanUnavailableError
from prover.lean.project import LeanProject, find_tool

__all__ = ["SetupStep", "plan_setup", "run_setup"]

ELAN_INSTALL = ("curl -sSfL https://raw.githubusercontent.com/leanprover/elan/master/elan-init.sh "
                "| sh -s -- -y --default-toolchain none")


@dataclass(frozen=True, slots=True)
class SetupStep:
    """One step: what it does, the shell command, where it runs, its time limit, and whether it is done."""

    title: str
    command: str
    cwd: Path
    timeout_s: float
    done: bool = False


def plan_setup(project: LeanProject) -> list[SetupStep]:
    """The steps for ``project`` on this machine (inspects files and ``PATH`` only)."""
    root = project.root
    elan = find_tool("elan")
    lake = str(find_tool("lake") or Path.home() / ".elan" / "bin" / "lake")
    toolchain = project.toolchain() or ""
    repl_pkg = root / ".lake" / "packages" / "REPL"
    q = shlex.quote
    return [
        SetupStep("install elan (Lean version manager)", ELAN_INSTALL, root, 600, done=elan is not None),
        SetupStep(f"install toolchain {toolchain}",
                  f"{q(str(elan or Path.home() / '.elan' / 'bin' / 'elan'))} toolchain install {q(toolchain)}",
                  root, 1200),
        SetupStep("resolve dependencies (Mathlib, REPL)", f"{q(lake)} update", root, 1800,
                  done=(root / "lake-manifest.json").is_file()),
        SetupStep("download Mathlib's compiled cache", f"{q(lake)} exe cache get", root, 3600,
                  done=project.mathlib_cache_present()),
        SetupStep("check the cache was used (nothing left to compile)", f"{q(lake)} build --no-build Mathlib", root, 600),
        SetupStep("build the REPL", f"{q(lake)} build", repl_pkg, 1800, done=project.repl_binary() is not None),
        SetupStep("build the prover's Lean library", f"{q(lake)} build ProverLean", root, 1800),
    ]


def run_setup(project: LeanProject, *, dry_run: bool = False, echo: Callable[[str], None] = print) -> list[SetupStep]:
    """Run (or with ``dry_run`` only print) the missing steps; ``LeanError`` on the first failing step."""
    if not project.root.is_dir():
        raise LeanUnavailableError(f"Lean project {project.root} not found")
    steps = plan_setup(project)
    for i, step in enumerate(steps, 1):
        prefix = f"[{i}/{len(steps)}] {step.title}"
        if step.done:
            echo(f"{prefix}: already done")
            continue
        echo(f"{prefix}: (cd {step.cwd} && {step.command})")
        if dry_run:
            continue
        try:
            proc = subprocess.run(step.command, shell=True, cwd=step.cwd, timeout=step.timeout_s)
        except subprocess.TimeoutExpired as exc:
            raise LeanError(f"setup step '{step.title}' ran past {step.timeout_s:g} s") from exc
        if proc.returncode != 0:
            hint = " (the Mathlib cache does not match this toolchain; run `prover doctor`)" if "no-build" in step.command else ""
            raise LeanError(f"setup step '{step.title}' failed with exit status {proc.returncode}{hint}")
        if i <= 2:  # elan/toolchain just installed: later steps need the new binaries' paths
            steps = [*steps[:i], *plan_setup(project)[i:]]
    return steps
