"""The journal: pairs and their entries in SQLite (WAL, transactions, versioned schema).

Every write is one transaction, so a crash loses nothing that was committed. Writers never touch the
Chroma index: entries are marked `indexed = 0` and the index catches up under a lock when someone reads
(see `store.index`). Several processes can therefore add entries at once.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, StoreError
from ..models import CoachingModel, Entry, EntryKind, Pair

MAX_ENTRY_CHARS = 100_000
MIGRATIONS: list[str] = [
    # 1: pairs and entries
    """
    CREATE TABLE pairs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        model TEXT NOT NULL,
        members TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL
    );
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL UNIQUE,
        pair_id TEXT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('reflection', 'goal', 'session_note')),
        author TEXT,
        date TEXT NOT NULL,
        text TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        indexed INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX entries_by_pair ON entries(pair_id, date, id);
    CREATE INDEX entries_unindexed ON entries(indexed) WHERE indexed = 0;
    """,
    # 2: questions the tool asked a pair, so it does not ask them again
    """
    CREATE TABLE questions_asked (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        pair_id TEXT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
        entry_id INTEGER REFERENCES entries(id) ON DELETE CASCADE,
        question_id TEXT,
        text TEXT NOT NULL,
        asked_at TEXT NOT NULL
    );
    CREATE INDEX questions_by_pair ON questions_asked(pair_id, asked_at);
    """,
    # 3: an identity for this journal, so its index never mixes with another journal's on a shared server
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta (key, value) VALUES ('store_id', lower(hex(randomblob(8))));
    """,
]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9_-]+", "-", name.strip().lower()).strip("-")
    if len(text) < 3:
        raise InputError(f"pair name {name!r} is too short", "use at least three letters or digits")
    return text[:64]


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(
        id=row["id"],
        uid=row["uid"],
        pair_id=row["pair_id"],
        kind=row["kind"],
        author=row["author"],
        date=row["date"],
        text=row["text"],
        tags=json.loads(row["tags"]),
        created_at=row["created_at"],
    )


def _pair(row: sqlite3.Row) -> Pair:
    return Pair(
        id=row["id"],
        name=row["name"],
        model=row["model"],
        members=json.loads(row["members"]),
        created_at=row["created_at"],
    )


def check_entry_text(text: str) -> str:
    if not text.strip():
        raise InputError("the entry is empty", "write what happened, the goal or the session note")
    if len(text) > MAX_ENTRY_CHARS:
        raise InputError(
            f"the entry is too long ({len(text):,} characters; the limit is {MAX_ENTRY_CHARS:,})",
            "split it into several entries",
        )
    return text.strip()


def check_date(value: str | None) -> str:
    if value is None:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"not a date: {value!r}", "use YYYY-MM-DD") from None


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None

    # -- connection and schema ---------------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                connection.row_factory = sqlite3.Row
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=FULL")
                connection.execute("PRAGMA foreign_keys=ON")
                connection.execute("PRAGMA busy_timeout=30000")
                self._migrate(connection)
            except sqlite3.DatabaseError as exc:
                raise StoreError(
                    f"cannot open the journal at {self.path}: {exc}",
                    "restore it from an export, or move it aside to start a new one",
                ) from None
            self._connection = connection
        return self._connection

    @property
    def store_id(self) -> str:
        return str(self.db.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()[0])

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @staticmethod
    def _migrate(connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {number}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write; waits for other writers instead of failing."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- pairs ---------------------------------------------------------------------------------

    def create_pair(
        self, name: str, model: CoachingModel = "one_to_one", members: Sequence[str] = ()
    ) -> Pair:
        pair_id = slug(name)
        try:
            with self.transaction() as db:
                db.execute(
                    "INSERT INTO pairs (id, name, model, members, created_at) VALUES (?, ?, ?, ?, ?)",
                    (pair_id, name.strip(), model, json.dumps(list(members)), now()),
                )
        except sqlite3.IntegrityError:
            raise InputError(f"a pair called {pair_id!r} already exists", "choose another name") from None
        return self.pair(pair_id)

    def pair(self, pair_id: str) -> Pair:
        row = self.db.execute("SELECT * FROM pairs WHERE id = ?", (pair_id,)).fetchone()
        if row is None:
            known = [p.id for p in self.pairs()][:10]
            raise InputError(
                f"no pair called {pair_id!r}",
                f"known pairs: {', '.join(known)}" if known else "create one with 'reflectai pair create'",
            )
        return _pair(row)

    def pairs(self) -> list[Pair]:
        return [_pair(r) for r in self.db.execute("SELECT * FROM pairs ORDER BY id")]

    def delete_pair(self, pair_id: str) -> dict[str, int]:
        """Erase a pair and everything it wrote; returns what was deleted."""
        self.pair(pair_id)
        with self.transaction() as db:
            entries = db.execute("SELECT COUNT(*) FROM entries WHERE pair_id = ?", (pair_id,)).fetchone()[0]
            asked = db.execute(
                "SELECT COUNT(*) FROM questions_asked WHERE pair_id = ?", (pair_id,)
            ).fetchone()[0]
            db.execute("DELETE FROM questions_asked WHERE pair_id = ?", (pair_id,))
            db.execute("DELETE FROM entries WHERE pair_id = ?", (pair_id,))
            db.execute("DELETE FROM pairs WHERE id = ?", (pair_id,))
        return {"entries": entries, "questions_asked": asked}

    # -- entries -------------------------------------------------------------------------------

    def add(
        self,
        pair_id: str,
        text: str,
        kind: EntryKind = "reflection",
        author: str | None = None,
        on: str | None = None,
        tags: Sequence[str] = (),
    ) -> Entry:
        text = check_entry_text(text)
        self.pair(pair_id)
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO entries (uid, pair_id, kind, author, date, text, tags, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    pair_id,
                    kind,
                    author,
                    check_date(on),
                    text,
                    json.dumps(list(tags)),
                    now(),
                ),
            )
            entry_id = cursor.lastrowid
        return self.entry(pair_id, int(entry_id or 0))

    def entry(self, pair_id: str, entry_id: int) -> Entry:
        row = self.db.execute(
            "SELECT * FROM entries WHERE pair_id = ? AND id = ?", (pair_id, entry_id)
        ).fetchone()
        if row is None:
            raise InputError(f"pair {pair_id!r} has no entry {entry_id}")
        return _entry(row)

    def entries(self, pair_id: str, kind: EntryKind | None = None, limit: int | None = None) -> list[Entry]:
        """A pair's entries, oldest first (the last `limit` when given)."""
        self.pair(pair_id)
        query = "SELECT * FROM entries WHERE pair_id = ?" + (" AND kind = ?" if kind else "")
        params: list[Any] = [pair_id, *([kind] if kind else [])]
        rows = self.db.execute(
            query + " ORDER BY date DESC, id DESC" + (" LIMIT ?" if limit else ""),
            [*params, *([limit] if limit else [])],
        ).fetchall()
        return [_entry(r) for r in reversed(rows)]

    def delete_entry(self, pair_id: str, entry_id: int) -> Entry:
        entry = self.entry(pair_id, entry_id)
        with self.transaction() as db:
            db.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
        return entry

    def by_uid(self, uids: Sequence[str]) -> list[Entry]:
        if not uids:
            return []
        marks = ",".join("?" * len(uids))
        return [
            _entry(r) for r in self.db.execute(f"SELECT * FROM entries WHERE uid IN ({marks})", list(uids))
        ]

    # -- the index's bookkeeping ---------------------------------------------------------------

    def unindexed(self, limit: int = 1000) -> list[Entry]:
        rows = self.db.execute("SELECT * FROM entries WHERE indexed = 0 ORDER BY id LIMIT ?", (limit,))
        return [_entry(r) for r in rows]

    def mark_indexed(self, entry_ids: Sequence[int], indexed: bool = True) -> None:
        with self.transaction() as db:
            db.executemany(
                "UPDATE entries SET indexed = ? WHERE id = ?", [(int(indexed), i) for i in entry_ids]
            )

    def mark_all_unindexed(self) -> None:
        with self.transaction() as db:
            db.execute("UPDATE entries SET indexed = 0")

    def all_uids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT uid FROM entries")]

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    # -- questions asked ----------------------------------------------------------------------

    def record_questions(
        self, pair_id: str, entry_id: int | None, questions: Sequence[tuple[str | None, str]]
    ) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO questions_asked (pair_id, entry_id, question_id, text, asked_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [(pair_id, entry_id, qid, text, now()) for qid, text in questions],
            )

    def recent_questions(self, pair_id: str, limit: int = 30) -> list[tuple[str | None, str]]:
        rows = self.db.execute(
            "SELECT question_id, text FROM questions_asked WHERE pair_id = ? ORDER BY id DESC LIMIT ?",
            (pair_id, limit),
        )
        return [(r[0], r[1]) for r in rows]

    # -- export and import --------------------------------------------------------------------

    def export(self, pair_id: str) -> dict[str, Any]:
        pair = self.pair(pair_id)
        return {
            "format": "reflectai-journal",
            "version": 1,
            "pair": pair.model_dump(),
            "entries": [e.model_dump(exclude={"id", "pair_id"}) for e in self.entries(pair_id)],
        }

    def import_export(self, data: Any) -> tuple[Pair, int]:
        """Load an export; all or nothing. Refuses an existing pair or entries already present."""
        try:
            if not isinstance(data, dict) or data.get("format") != "reflectai-journal":
                raise ValueError("not a reflectai journal export")
            if data.get("version") != 1:
                raise ValueError(f"unsupported export version {data.get('version')!r}")
            pair = Pair(**data["pair"])
            entries = [Entry(id=0, pair_id=pair.id, **e) for e in data["entries"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"the import file is malformed: {str(exc).splitlines()[0]}", "nothing was imported"
            ) from None
        present = self.by_uid([e.uid for e in entries])
        try:
            with self.transaction() as db:
                db.execute(
                    "INSERT INTO pairs (id, name, model, members, created_at) VALUES (?, ?, ?, ?, ?)",
                    (pair.id, pair.name, pair.model, json.dumps(pair.members), pair.created_at),
                )
                if present:
                    raise InputError(
                        f"{len(present)} of these entries are already in the journal", "nothing was imported"
                    )
                db.executemany(
                    "INSERT INTO entries (uid, pair_id, kind, author, date, text, tags, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            e.uid,
                            pair.id,
                            e.kind,
                            e.author,
                            e.date,
                            check_entry_text(e.text),
                            json.dumps(e.tags),
                            e.created_at,
                        )
                        for e in entries
                    ],
                )
        except sqlite3.IntegrityError:
            raise InputError(
                f"a pair called {pair.id!r} already exists",
                "delete it first or import into a fresh REFLECTAI_HOME; nothing was imported",
            ) from None
        return pair, len(entries)
