"""Where Lean lives on this machine: the Lake project, elan/lake, the REPL binary, and what they pin.

Everything here only *looks* (files, ``PATH``); nothing is built or downloaded (see :mod:`prover.lean.setup`).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from prover.lean.errors import LeanUnavailableError

__all__ = [
    "EXPECTED_TOOLCHAIN",
    "LeanProject",
    "default_project_dir",
    "find_tool",
]

EXPECTED_TOOLCHAIN = "leanprover/lean4:v4.24.0"
EXPECTED_TAG = "v4.24.0"


def default_project_dir() -> Path:
    """``lean_project/`` next to the ``prover`` package (the repository checkout)."""
    return Path(__file__).resolve().parents[2] / "lean_project"


def find_tool(name: str) -> Path | None:
    """``name`` on ``PATH`` or in ``~/.elan/bin`` (elan's default, often not yet on ``PATH``)."""
    found = shutil.which(name)
    if found:
        return Path(found)
    elan_home = Path(os.environ.get("ELAN_HOME", Path.home() / ".elan"))
    candidate = elan_home / "bin" / name
    return candidate if candidate.is_file() else None


@dataclass(frozen=True)
class LeanProject:
    """The Lake project at ``root`` (inert: reading files only when asked)."""

    root: Path

    @property
    def toolchain_file(self) -> Path:
        return self.root / "lean-toolchain"

    def toolchain(self) -> str | None:
        """The pinned toolchain (``leanprover/lean4:v4.24.0``), or ``None`` without a file."""
        if not self.toolchain_file.is_file():
            return None
        return self.toolchain_file.read_text(encoding="utf-8").strip()

    def manifest_revs(self) -> dict[str, str]:
        """Package name → ``inputRev`` from ``lake-manifest.json`` (exists after ``lake update``)."""
        import json

        path = self.root / "lake-manifest.json"
        if not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        return {p.get("name", "?"): p.get("inputRev") or p.get("rev", "?") for p in data.get("packages", [])}

    def required_revs(self) -> dict[str, str]:
        """Package name → ``rev`` as the lakefile requires them."""
        path = self.root / "lakefile.toml"
        if not path.is_file():
            return {}
        revs: dict[str, str] = {}
        for block in path.read_text(encoding="utf-8").split("[[require]]")[1:]:
            name = re.search(r'name\s*=\s*"([^"]+)"', block)
            rev = re.search(r'rev\s*=\s*"([^"]+)"', block)
            if name and rev:
                revs[name.group(1)] = rev.group(1)
        return revs

    def package_toolchain(self, package: str) -> str | None:
        """The toolchain a fetched dependency pins (``.lake/packages/<pkg>/lean-toolchain``)."""
        path = self.root / ".lake" / "packages" / package / "lean-toolchain"
        return path.read_text(encoding="utf-8").strip() if path.is_file() else None

    def repl_binary(self) -> Path | None:
        """The built REPL executable, if any (as a dependency package or a local build)."""
        for candidate in (
            self.root / ".lake" / "packages" / "REPL" / ".lake" / "build" / "bin" / "repl",
            self.root / ".lake" / "packages" / "repl" / ".lake" / "build" / "bin" / "repl",
            self.root / ".lake" / "build" / "bin" / "repl",
        ):
            if candidate.is_file():
                return candidate
        return None

    def mathlib_cache_present(self) -> bool:
        """True when Mathlib's compiled ``.olean`` files are unpacked (``lake exe cache get`` ran)."""
        build = self.root / ".lake" / "packages" / "mathlib" / ".lake" / "build" / "lib" / "lean" / "Mathlib.olean"
        return build.is_file()

    def repl_argv(self) -> list[str]:
        """The command that starts a REPL with this project's Lean path; ``LeanUnavailableError`` if none."""
        lake = find_tool("lake")
        if lake is None:
            raise LeanUnavailableError("no Lean toolchain found (lake is not on PATH or in ~/.elan/bin)")
        if not self.root.is_dir():
            raise LeanUnavailableError(f"Lean project {self.root} not found")
        repl = self.repl_binary()
        if repl is None:
            raise LeanUnavailableError(f"the REPL is not built in {self.root}",
                                       hint="run `prover lean setup` (builds the REPL in lean_project/)")
        return [str(lake), "env", str(repl)]
