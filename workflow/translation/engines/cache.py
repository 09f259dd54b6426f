"""The on-disk cache of engine answers: ``.pressflow/mt-cache.sqlite3``.

Keyed by engine (with its endpoint), provider language codes and the exact
(masked) request text. Every answer is committed as soon as it arrives, so a run
that is killed mid-way loses at most the requests in flight and a rerun asks the
provider nothing it already answered. Deleting the file loses nothing but money.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

CACHE_NAME = "mt-cache.sqlite3"


class Cache:
    """Thread-safe key/value store of translations (one connection, one lock)."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path) if self.path else ":memory:", check_same_thread=False,
                                   isolation_level=None, timeout=30)
        # WAL + synchronous=NORMAL: a commit is durable against a process crash
        # (SIGKILL) without an fsync per answer.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS mt (engine TEXT, source TEXT, target TEXT, text TEXT, result TEXT,"
            " at TEXT DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (engine, source, target, text))"
        )

    def get(self, engine: str, source: str, target: str, text: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT result FROM mt WHERE engine=? AND source=? AND target=? AND text=?",
                (engine, source, target, text),
            ).fetchone()
        return row[0] if row else None

    def put(self, engine: str, source: str, target: str, text: str, result: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO mt (engine, source, target, text, result) VALUES (?, ?, ?, ?, ?)",
                (engine, source, target, text, result),
            )

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM mt").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_cache(state_dir: Path) -> Cache:
    return Cache(Path(state_dir) / CACHE_NAME)
