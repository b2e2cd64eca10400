"""The problem record every loader produces, and what a loader reports about rows it could not read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from prover.errors import UserError

__all__ = ["BenchmarkError", "LoadedBenchmark", "Problem", "RowError", "category_of"]

#: miniF2F name prefixes folded into the categories papers report (amc12a → amc12, aimeI → aime, …).
_CATEGORY_PREFIXES = ("mathd_algebra", "mathd_numbertheory", "amc12", "aime", "imo", "induction", "algebra",
                      "numbertheory")


class BenchmarkError(UserError):
    """A benchmark cannot be loaded at all (missing files, unknown name, failed download): one line."""


def category_of(name: str) -> str:
    """The miniF2F category of a problem name (``amc12a_2008_p25`` → ``amc12``; ``imosl_…`` → ``imo``)."""
    for prefix in _CATEGORY_PREFIXES:
        if name.startswith(prefix):
            return prefix
    return name.split("_", 1)[0] or "other"


@dataclass(frozen=True)
class Problem:
    """One statement to prove. ``source`` disambiguates repeated names (ProofNet's book); ``key`` is unique
    within a benchmark and is what the result store and reports use."""

    benchmark: str
    split: str
    name: str
    statement: str
    header: str
    source: str = ""
    category: str = ""
    goal: str | None = None
    expect: str | None = None  # the demo set's known truth ("true" / "false"), else None

    @property
    def key(self) -> str:
        return "/".join(p for p in (self.split, self.source, self.name) if p)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Problem:
        return cls(**doc)


@dataclass(frozen=True)
class RowError:
    """A row (or file) of a benchmark that could not become a problem; the batch records it and goes on."""

    where: str  # file:line or file
    message: str
    name: str | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class LoadedBenchmark:
    """Problems in load order plus the rows that were refused (bad JSON, missing fields, duplicate keys)."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def add(self, problem: Problem, where: str) -> None:
        """Append ``problem`` unless its key is taken (then the duplicate is recorded as a row error)."""
        if problem.key in self._keys:
            self.errors.append(RowError(where, f"duplicate problem {problem.key!r}", problem.name))
            return
        self._keys.add(problem.key)
        self.problems.append(problem)

    def __post_init__(self) -> None:
        self._keys: set[str] = {p.key for p in self.problems}

    def limit(self, n: int | None) -> LoadedBenchmark:
        return self if n is None else LoadedBenchmark(self.name, self.problems[:n], self.errors)
