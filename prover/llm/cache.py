"""SQLite disk cache of completions, so reruns are reproducible and free.

The key is the SHA-256 of a canonical JSON document holding everything that determines a reply: endpoint,
model, API kind, prompt (or messages), sampling parameters, ``n``, seed and ``extra_body``. The value is the
:class:`~prover.llm.results.Completion` as JSON. One connection per cache object, guarded by a lock, in WAL
mode so several processes can share a file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from prover.llm.results import Completion

__all__ = ["CompletionCache", "cache_key"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS completions (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def cache_key(request: dict[str, Any]) -> str:
    """The cache key of a request document (order-independent, stable across runs)."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class CompletionCache:
    """A key -> :class:`Completion` store in one SQLite file; ``path=":memory:"`` keeps it in memory.

    Construction is inert; the file is opened on first use.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            if str(self.path) != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30.0)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)
            conn.commit()
            self._conn = conn
        return self._conn

    def get(self, key: str) -> Completion | None:
        """The stored completion for ``key``, marked ``cached`` with no requests, or None."""
        with self._lock:
            row = self._connection().execute("SELECT value FROM completions WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        stored = Completion.model_validate_json(row[0])
        return stored.model_copy(update={"cached": True, "requests": 0, "latency_s": 0.0})

    def put(self, key: str, completion: Completion) -> None:
        """Store ``completion`` under ``key`` (replacing any earlier value)."""
        value = completion.model_dump_json()
        with self._lock:
            conn = self._connection()
            conn.execute(
                "INSERT OR REPLACE INTO completions (key, value, created) VALUES (?, ?, ?)",
                (key, value, time.time()),
            )
            conn.commit()

    def __len__(self) -> int:
        with self._lock:
            return int(self._connection().execute("SELECT COUNT(*) FROM completions").fetchone()[0])

    def close(self) -> None:
        """Close the connection (reopened on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
