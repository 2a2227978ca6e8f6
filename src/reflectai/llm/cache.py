"""A response cache in one SQLite file, so re-running an eval costs nothing.

The cache is an optimisation: if its file is corrupt or cannot be read or written, lookups miss and
writes are skipped after a single warning, and the call goes on as if there were no cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS responses"
    " (key TEXT PRIMARY KEY, response TEXT NOT NULL, created TEXT NOT NULL)"
)


class ResponseCache:
    """Model responses by `key()`. Safe to share between threads: one connection behind a lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._warned = False

    @staticmethod
    def key(model: str, prompt_name: str, prompt_version: str, payload: Any) -> str:
        """sha256 of a canonical JSON of the four parts; dict key order does not matter. The API key
        and the endpoint are not inputs, so neither can end up in the cache file."""
        canonical = json.dumps(
            {"model": model, "prompt": prompt_name, "version": prompt_version, "payload": payload},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> str | None:
        with self._lock:
            connection = self._connect(create=False)
            if connection is None:
                return None
            try:
                row = connection.execute("SELECT response FROM responses WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as error:
                self._failed(error)
                return None
            return None if row is None else str(row[0])

    def put(self, key: str, response: str) -> None:
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            connection = self._connect(create=True)
            if connection is None:
                return
            try:
                with connection:
                    connection.execute(
                        "INSERT OR REPLACE INTO responses (key, response, created) VALUES (?, ?, ?)",
                        (key, response, created),
                    )
            except sqlite3.Error as error:
                self._failed(error)

    def clear(self) -> int:
        """Remove every cached response; returns how many there were."""
        with self._lock:
            connection = self._connect(create=False)
            if connection is None:
                return 0
            try:
                with connection:
                    return connection.execute("DELETE FROM responses").rowcount
            except sqlite3.Error as error:
                self._failed(error)
                return 0

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        """The open connection, opening it first if needed; None when there is no usable cache file
        (or none yet and `create` is false: reads never create directories or files)."""
        if self._connection is not None:
            return self._connection
        if not create and not self.path.exists():
            return None
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            self._failed(error)
            return None
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
        except sqlite3.Error as error:
            connection.close()
            self._failed(error)
            return None
        self._connection = connection
        return connection

    def _failed(self, error: Exception) -> None:
        if not self._warned:
            self._warned = True
            log.warning("response cache %s is unusable, going on without it: %s", self.path, error)
