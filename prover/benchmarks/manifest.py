"""Pinned public sources of the benchmarks (``data/benchmarks/*.json``) and the downloader into a user cache.

A manifest names the repository, the commit, where each split lives (in the shared data folder: ``local``;
in the cache: ``cache``) and the sha256 of every file the loaders read. :func:`fetch` downloads each source
(a single file, or a ``tar.gz`` archive of the repository at the commit), checks every listed file's sha256
in a temporary folder, and only then moves the verified files into the cache: a failed or tampered download
leaves nothing behind. Configuration is inert; only :func:`fetch` touches the network.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from prover.benchmarks.problem import BenchmarkError

__all__ = ["MANIFEST_DIR", "Manifest", "Source", "SplitPaths", "cache_root", "fetch", "load_manifest"]

MANIFEST_DIR = Path(__file__).resolve().parents[2] / "data" / "benchmarks"


class Source(BaseModel):
    """One download: ``format`` ``file`` (the url is the file; ``files`` has exactly one entry, its name in the
    cache) or ``tar.gz`` (an archive; ``strip`` leading path components; ``files`` lists what is checked)."""

    model_config = ConfigDict(frozen=True, extra="allow")
    repository: str
    commit: str
    url: str
    format: Literal["file", "tar.gz"]
    strip: int = 0
    files: dict[str, str]  # path in the cache → sha256


class SplitPaths(BaseModel):
    model_config = ConfigDict(frozen=True)
    local: str  # relative to the shared data folder
    cache: str  # relative to the cache folder of this benchmark


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")
    name: str
    kind: Literal["lean_dir", "proofnet", "jsonl"]
    license: str
    splits: dict[str, SplitPaths]
    sources: list[Source]


def load_manifest(name: str, directory: Path = MANIFEST_DIR) -> Manifest:
    path = directory / f"{name}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.json"))) or "none"
        raise BenchmarkError(f"{name}: no benchmark manifest {path} (known: {known})")
    try:
        return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as exc:
        raise BenchmarkError(f"{path}: invalid manifest ({exc.errors()[0]['msg']})") from exc


def cache_root() -> Path:
    """``$PROVER_CACHE_DIR``, else ``$XDG_CACHE_HOME/neurosym-prover``, else ``~/.cache/neurosym-prover``."""
    if os.environ.get("PROVER_CACHE_DIR"):
        return Path(os.environ["PROVER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "neurosym-prover"


def cached_folder(manifest: Manifest, cache: Path | None = None) -> Path:
    return (cache or cache_root()) / "benchmarks" / manifest.name


def is_cached(manifest: Manifest, cache: Path | None = None) -> bool:
    folder = cached_folder(manifest, cache)
    return all((folder / rel).is_file() for s in manifest.sources for rel in s.files)


def fetch(manifest: Manifest, cache: Path | None = None, *, timeout_s: float = 60.0) -> Path:
    """Download and verify every source of ``manifest`` into the cache (skipped when already there)."""
    folder = cached_folder(manifest, cache)
    if is_cached(manifest, cache):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{manifest.name}-") as tmp:
        staging = Path(tmp)
        for source in manifest.sources:
            _download_source(source, staging, timeout_s)
        for source in manifest.sources:
            for rel in source.files:
                target = folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, target)
    return folder


def _download_source(source: Source, staging: Path, timeout_s: float) -> None:
    blob = staging / ".download"
    try:
        with urllib.request.urlopen(source.url, timeout=timeout_s) as resp, blob.open("wb") as fh:
            shutil.copyfileobj(resp, fh)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise BenchmarkError(f"{source.url}: download failed ({exc})") from exc
    if source.format == "file":
        if len(source.files) != 1:
            raise BenchmarkError(f"{source.url}: a 'file' source lists exactly one file")
        (rel,) = source.files
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(blob, staging / rel)
    else:
        _extract(blob, source, staging)
        blob.unlink()
    for rel, expected in source.files.items():
        path = staging / rel
        if not path.is_file():
            raise BenchmarkError(f"{source.url}: {rel} is missing from the download")
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != expected:
            raise BenchmarkError(f"{source.url}: {rel}: sha256 {actual} does not match the manifest's {expected}")


def _extract(blob: Path, source: Source, staging: Path) -> None:
    """Extract only the listed files (after stripping ``strip`` components); never a path outside staging."""
    wanted = set(source.files)
    try:
        with tarfile.open(blob, "r:gz") as tar:
            for member in tar.getmembers():
                parts = PurePosixPath(member.name).parts[source.strip:]
                rel = "/".join(parts)
                if not member.isfile() or rel not in wanted or ".." in parts:
                    continue
                data = tar.extractfile(member)
                if data is None:
                    continue
                out = staging / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                with out.open("wb") as fh:
                    shutil.copyfileobj(data, fh)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BenchmarkError(f"{source.url}: not a readable tar.gz archive ({exc})") from exc
