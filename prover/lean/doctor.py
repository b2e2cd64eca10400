"""``lean_report()``: what Lean tooling this machine has, whether the pins agree, and the exact fix.

Merged into ``prover doctor``. Looks only (files, ``PATH``, ``--version`` calls with a time
limit); never installs or builds.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from prover.lean.errors import INSTALL_HINT
from prover.lean.project import EXPECTED_TAG, EXPECTED_TOOLCHAIN, LeanProject, default_project_dir, find_tool

__all__ = ["lean_report"]

MIN_ELAN_MAJOR = 4


def _version(tool: Path | None, *args: str, cwd: Path | None = None) -> str | None:
    if tool is None:
        return None
    try:
        out = subprocess.run([str(tool), *args, "--version"], capture_output=True, text=True, timeout=30,
                             cwd=cwd if cwd and cwd.is_dir() else None)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else None


def _tag(toolchain: str | None) -> str | None:
    return toolchain.split(":", 1)[1] if toolchain and ":" in toolchain else toolchain


def lean_report(project_dir: Path | None = None) -> dict[str, Any]:
    """Versions found, mismatches (toolchain vs Mathlib vs REPL) and the next command to run.

    Keys: ``ok``, ``elan``/``lake``/``lean`` (path, version), ``project`` (dir, toolchain, expected),
    ``mathlib``/``repl`` (required rev, locked rev, toolchain, cache or binary), ``mismatches`` (list of
    ``{what, found, expected, fix}``), ``hint`` (one line: what to do next).
    """
    project = LeanProject(project_dir or default_project_dir())
    elan, lake, lean = find_tool("elan"), find_tool("lake"), find_tool("lean")
    elan_version = _version(elan)
    toolchain = project.toolchain()
    required = project.required_revs()
    locked = project.manifest_revs()
    repl_bin = project.repl_binary()
    report: dict[str, Any] = {
        "elan": {"path": str(elan) if elan else None, "version": elan_version},
        "lake": {"path": str(lake) if lake else None, "version": _version(lake, cwd=project.root)},
        "lean": {"path": str(lean) if lean else None, "version": _version(lean, cwd=project.root)},
        "project": {"dir": str(project.root), "exists": project.root.is_dir(), "toolchain": toolchain,
                    "expected_toolchain": EXPECTED_TOOLCHAIN},
        "mathlib": {"required": required.get("mathlib"), "locked": locked.get("mathlib"),
                    "toolchain": project.package_toolchain("mathlib"), "cache": project.mathlib_cache_present()},
        "repl": {"required": required.get("REPL"), "locked": locked.get("REPL"),
                 "toolchain": project.package_toolchain("REPL"), "binary": str(repl_bin) if repl_bin else None},
    }
    mismatches: list[dict[str, str | None]] = []

    def mismatch(what: str, found: str | None, expected: str, fix: str) -> None:
        mismatches.append({"what": what, "found": found, "expected": expected, "fix": fix})

    if elan is None:
        mismatch("elan", None, f">= {MIN_ELAN_MAJOR}", INSTALL_HINT)
    else:
        m = re.search(r"(\d+)\.(\d+)", elan_version or "")
        if m and int(m.group(1)) < MIN_ELAN_MAJOR:
            mismatch("elan", elan_version, f">= {MIN_ELAN_MAJOR}", "elan self update")
    if toolchain != EXPECTED_TOOLCHAIN:
        mismatch("project toolchain", toolchain, EXPECTED_TOOLCHAIN,
                 f"echo {EXPECTED_TOOLCHAIN} > {project.toolchain_file}")
    for pkg, key in (("mathlib", "mathlib"), ("REPL", "repl")):
        want = EXPECTED_TAG
        if required.get(pkg) not in (None, want):
            mismatch(f"{pkg} in lakefile.toml", required.get(pkg), want, f"set rev = \"{want}\" for {pkg} in lakefile.toml")
        if locked.get(pkg) not in (None, want):
            mismatch(f"{pkg} in lake-manifest.json", locked.get(pkg), want, f"cd {project.root} && lake update {pkg}")
        pkg_tc = report[key]["toolchain"]
        if pkg_tc is not None and _tag(pkg_tc) != _tag(toolchain):
            mismatch(f"{pkg} toolchain", pkg_tc, toolchain or EXPECTED_TOOLCHAIN,
                     f"cd {project.root} && lake update {pkg} (its toolchain must equal the project's)")
    version = report["lean"]["version"] or ""
    if toolchain and version and _tag(toolchain) and _tag(toolchain).lstrip("v") not in version:
        mismatch("lean version", version, _tag(toolchain) or "", f"cd {project.root} && elan toolchain install {toolchain}")

    if elan is None or lake is None:
        hint = INSTALL_HINT
    elif not project.mathlib_cache_present() or repl_bin is None:
        hint = "run `prover lean setup` (Mathlib cache and REPL build are missing)"
    elif mismatches:
        hint = str(mismatches[0]["fix"])
    else:
        hint = "Lean is ready"
    report["mismatches"] = mismatches
    report["ok"] = not mismatches and elan is not None and lake is not None and repl_bin is not None \
        and project.mathlib_cache_present()
    report["hint"] = hint
    return report
