"""``load_benchmark(name, split)``: the one entry point the batch runner uses.

A benchmark is found, in order: in the shared data folder (the project's data-location setting), in the user
cache, or — when ``download=True`` — fetched from its pinned public source (:mod:`prover.benchmarks.manifest`).
``name`` may also be a path: a ``.jsonl`` of statements or a folder of ``.lean`` files.
"""

from __future__ import annotations

import os
from pathlib import Path

from prover.benchmarks.loaders import load_demo, load_jsonl, load_lean_dir, load_proofnet
from prover.benchmarks.manifest import MANIFEST_DIR, cached_folder, fetch, is_cached, load_manifest
from prover.benchmarks.problem import BenchmarkError, LoadedBenchmark
from prover.datadir import shared_data_dir

__all__ = ["DEFAULT_SPLITS", "data_dir", "load_benchmark"]

DEFAULT_SPLITS = {"demo": "demo", "minif2f": "valid", "proofnet": "valid", "proofnet-lean4": "all"}


def data_dir() -> Path | None:
    """The shared benchmark folder: the project's one data-location setting (``$PROVER_DATA_DIR``)."""
    return shared_data_dir()


def load_benchmark(name: str, split: str | None = None, *, data: Path | None = None, download: bool = False,
                   cache: Path | None = None, manifests: Path = MANIFEST_DIR) -> LoadedBenchmark:
    """Problems of ``name`` (``demo``, ``minif2f``, ``proofnet``, ``proofnet-lean4`` or a path) in ``split``."""
    if name == "demo":
        return load_demo()
    as_path = Path(name)
    if as_path.suffix == ".jsonl" or as_path.suffix == ".lean" or os.sep in name or as_path.is_dir():
        return _load_path(as_path, split)
    manifest = load_manifest(name, manifests)
    split = split or DEFAULT_SPLITS.get(name) or next(iter(manifest.splits))
    if split not in manifest.splits:
        raise BenchmarkError(f"{name}: no split {split!r} (splits: {', '.join(manifest.splits)})")
    paths = manifest.splits[split]
    root = data if data is not None else data_dir()
    if root is not None and (root / paths.local).exists():
        location = root / paths.local
    elif is_cached(manifest, cache) or download:
        location = fetch(manifest, cache) / paths.cache
    else:
        where = f"{root / paths.local}" if root is not None else "no shared data folder"
        raise BenchmarkError(f"{name}: benchmark files not found ({where}; not in the cache "
                             f"{cached_folder(manifest, cache)}); pass --download to fetch them, --data DIR, "
                             "or set PROVER_DATA_DIR")
    if manifest.kind == "lean_dir":
        return load_lean_dir(location, benchmark=name, split=split)
    if manifest.kind == "proofnet":
        return load_proofnet(location, split=split)
    return load_jsonl(location, benchmark=name, split=None, default_split=split, categories=False)


def _load_path(path: Path, split: str | None) -> LoadedBenchmark:
    if not path.exists():
        raise BenchmarkError(f"{path}: no such benchmark file or folder")
    if path.is_dir():
        return load_lean_dir(path, benchmark=path.name, split=split or path.name.lower())
    return load_jsonl(path, benchmark=path.stem, split=split)
