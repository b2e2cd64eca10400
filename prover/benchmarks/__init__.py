"""Benchmarks: miniF2F, ProofNet and the project's demo set, from local files or their pinned public sources."""

from __future__ import annotations

from prover.benchmarks.manifest import Manifest, fetch, load_manifest
from prover.benchmarks.problem import BenchmarkError, LoadedBenchmark, Problem, RowError, category_of
from prover.benchmarks.registry import DEFAULT_SPLITS, data_dir, load_benchmark

__all__ = ["DEFAULT_SPLITS", "BenchmarkError", "LoadedBenchmark", "Manifest", "Problem", "RowError", "category_of",
           "data_dir", "fetch", "load_benchmark", "load_manifest"]
