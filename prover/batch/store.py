"""The result store: one SQLite file per run folder, WAL mode, written by the driver alone.

One row per attempt (problem, attempt, seed, model, strategy, environment, outcome with checker and reason,
proof text, seconds, messages, tool versions, audit, statistics). Rows are committed one by one, so a run
killed at any instant keeps every attempt it recorded; resuming skips them. The file is marked as ours
(``PRAGMA application_id``) and carries its schema version (``PRAGMA user_version``): a foreign SQLite file,
a corrupt file or a store of another schema version is refused with one line naming the file.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from prover.benchmarks import RowError
from prover.errors import UserError
from symbolic.verdicts import Claim, VocabularyError

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "AttemptRow", "ResultStore", "StoreError"]

APPLICATION_ID = 0x4E535042  # "NSPB"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE attempts (
    problem TEXT NOT NULL, attempt INTEGER NOT NULL,
    benchmark TEXT NOT NULL, split TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL, category TEXT NOT NULL,
    seed INTEGER NOT NULL, model TEXT NOT NULL, strategy TEXT NOT NULL, env TEXT NOT NULL,
    outcome TEXT NOT NULL, checker TEXT, reason TEXT, detail TEXT NOT NULL,
    proof TEXT, lean_checked INTEGER NOT NULL, seconds REAL NOT NULL,
    messages TEXT NOT NULL, versions TEXT NOT NULL, audit TEXT, stats TEXT NOT NULL, graph TEXT,
    finished_at REAL NOT NULL,
    PRIMARY KEY (problem, attempt)
);
CREATE TABLE input_errors (location TEXT PRIMARY KEY, name TEXT, message TEXT NOT NULL);
"""


class StoreError(UserError):
    """The store file cannot be used (corrupt, foreign, another schema version, another run's settings)."""


@dataclass
class AttemptRow:
    """One finished attempt as stored."""

    problem: str
    attempt: int
    benchmark: str
    split: str
    name: str
    source: str
    category: str
    seed: int
    model: str
    strategy: str
    env: str
    claim: Claim
    proof: str | None = None
    lean_checked: bool = False
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    audit: dict[str, Any] | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    graph: str | None = None
    finished_at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["claim"] = self.claim.to_json()
        return doc


class ResultStore:
    """Open (or create) the store at ``path``; ``settings`` (a JSON-able dict) must match a resumed run's."""

    def __init__(self, path: Path, settings: dict[str, Any] | None = None, *, create: bool = True) -> None:
        self.path = Path(path)
        existed = self.path.exists() and self.path.stat().st_size > 0
        if not existed and not create:
            raise StoreError(f"{self.path}: no result store here")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            if existed:
                self._check()
            else:
                self._create()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable result store ({exc})") from exc
        if settings is not None:
            self._match_settings(settings)

    # -- opening ------------------------------------------------------------------------------------------
    def _create(self) -> None:
        self.db.executescript("BEGIN;" + _SCHEMA + f"PRAGMA application_id={APPLICATION_ID};"
                              f"PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('created', ?)", (str(time.time()),))

    def _check(self) -> None:
        app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise StoreError(f"{self.path}: not a result store of this project (application id {app_id:#x}); "
                             "choose another --out")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: result store of schema version {version}; this version reads "
                             f"{SCHEMA_VERSION} (start a new --out folder)")
        self.db.execute("SELECT count(*) FROM attempts").fetchone()

    def _match_settings(self, settings: dict[str, Any]) -> None:
        text = json.dumps(settings, sort_keys=True)
        row = self.db.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('settings', ?)", (text,))
            return
        old = json.loads(row[0])
        diff = sorted(k for k in set(old) | set(settings) if old.get(k) != settings.get(k))
        if diff:
            shown = ", ".join(f"{k}: {old.get(k)!r} → {settings.get(k)!r}" for k in diff)
            raise StoreError(f"{self.path}: holds a run with other settings ({shown}); use another --out "
                             "or the same settings to resume")

    # -- writing (the driver only) ----------------------------------------------------------------------
    def write(self, row: AttemptRow) -> None:
        """Record one finished attempt (committed before returning)."""
        self.db.execute(
            "INSERT OR REPLACE INTO attempts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (row.problem, row.attempt, row.benchmark, row.split, row.name, row.source, row.category, row.seed,
             row.model, row.strategy, row.env, row.claim.outcome.value,
             row.claim.checker.value if row.claim.checker else None,
             row.claim.reason.value if row.claim.reason else None, row.claim.detail, row.proof,
             int(row.lean_checked), row.seconds, json.dumps(row.messages), json.dumps(row.versions, sort_keys=True),
             json.dumps(row.audit) if row.audit is not None else None, json.dumps(row.stats, default=str),
             row.graph, row.finished_at or time.time()))

    def record_input_errors(self, errors: list[RowError]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO input_errors VALUES (?,?,?)",
                            [(e.where, e.name, e.message) for e in errors])

    # -- reading ------------------------------------------------------------------------------------------
    def finished(self) -> set[tuple[str, int]]:
        return {(p, a) for p, a in self.db.execute("SELECT problem, attempt FROM attempts")}

    def rows(self) -> Iterator[AttemptRow]:
        cur = self.db.execute("SELECT * FROM attempts ORDER BY problem, attempt")
        for r in cur:
            try:
                claim = Claim(r[11], r[12], r[13], r[14])
            except VocabularyError as exc:
                raise StoreError(f"{self.path}: row {r[0]!r} attempt {r[1]}: {exc}") from exc
            yield AttemptRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], claim, r[15],
                             bool(r[16]), r[17], json.loads(r[18]), json.loads(r[19]),
                             json.loads(r[20]) if r[20] else None, json.loads(r[21]), r[22], r[23])

    def input_errors(self) -> list[RowError]:
        return [RowError(w, m, n) for w, n, m in self.db.execute("SELECT location, name, message FROM input_errors")]

    def settings(self) -> dict[str, Any]:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
        return json.loads(row[0]) if row else {}

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
