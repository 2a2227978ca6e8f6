"""The Chroma index over journal entries, always queried with the pair as a filter.

The index is derived data: `sync()` adds whatever SQLite marks unindexed, `rebuild()` starts over
from SQLite. Both run under a file lock, so concurrent readers never index the same entry twice and
writers (which only touch SQLite) are never blocked by it.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, StoreError
from ..models import Entry, JournalHit
from .journal import Journal

if TYPE_CHECKING:
    from ..embeddings import Embedder

CHUNK_WORDS = 120  # long entries are indexed as several passages; a hit names its entry


def passages(entry: Entry) -> list[str]:
    words = entry.text.split()
    return [" ".join(words[i : i + CHUNK_WORDS]) for i in range(0, max(len(words), 1), CHUNK_WORDS)]


class JournalIndex:
    def __init__(
        self, journal: Journal, embedder: Embedder, persist_dir: Path, chroma_url: str | None
    ) -> None:
        self.journal = journal
        self.embedder = embedder
        self.persist_dir = persist_dir
        self.chroma_url = chroma_url
        self._collections: dict[str, Any] = {}

    @property
    def prefix(self) -> str:
        """Collections of this journal: several installs can share a Chroma server safely."""
        return f"journal-{self.journal.store_id}-"

    def collection_name(self, pair_id: str) -> str:
        """One collection per pair, so a query's cost follows the pair's size, not everyone's."""
        return self.prefix + hashlib.sha1(pair_id.encode()).hexdigest()[:16]

    def _client(self) -> Any:
        from .. import vectorstore

        return vectorstore.open_client(self.persist_dir, self.chroma_url)

    def _open(self, pair_id: str) -> Any:
        if pair_id not in self._collections:
            from .. import vectorstore

            try:
                self._collections[pair_id] = self._client().get_or_create_collection(
                    self.collection_name(pair_id),
                    configuration=vectorstore.COLLECTION_CONFIGURATION,
                    metadata={"pair_id": pair_id},
                    embedding_function=vectorstore.chroma_embedding_function(self.embedder),
                )
            except Exception as exc:
                raise StoreError(
                    f"cannot open the journal index: {exc}", "run 'reflectai history reindex'"
                ) from None
        return self._collections[pair_id]

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.persist_dir.mkdir(parents=True, exist_ok=True)
        with (self.persist_dir.parent / "journal-index.lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def sync(self) -> int:
        """Index every entry SQLite has not yet seen indexed; returns how many."""
        done = 0
        with self._lock():
            while batch := self.journal.unindexed(limit=512):
                self._add(batch)
                self.journal.mark_indexed([e.id for e in batch])
                done += len(batch)
        return done

    def _add(self, entries: list[Entry]) -> None:
        by_pair: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        for entry in entries:
            for number, passage in enumerate(passages(entry)):
                meta = {"pair_id": entry.pair_id, "entry_id": entry.id, "uid": entry.uid}
                by_pair.setdefault(entry.pair_id, []).append((f"{entry.uid}#{number}", passage, meta))
        for pair_id, rows in by_pair.items():
            vectors = self.embedder.embed([text for _, text, _ in rows])
            collection = self._open(pair_id)
            for start in range(0, len(rows), 1024):
                part = rows[start : start + 1024]
                collection.upsert(
                    ids=[r[0] for r in part],
                    embeddings=list(vectors[start : start + 1024]),
                    documents=[r[1] for r in part],
                    metadatas=[r[2] for r in part],
                )

    def remove_pair(self, pair_id: str) -> None:
        with self._lock():
            self._collections.pop(pair_id, None)
            try:
                self._client().delete_collection(self.collection_name(pair_id))
            except Exception:
                pass  # the pair never had anything indexed

    def remove_entry(self, entry: Entry) -> None:
        with self._lock():
            self._open(entry.pair_id).delete(where={"uid": entry.uid})

    def rebuild(self) -> int:
        """Drop this journal's index and rebuild it from SQLite; returns the number of entries indexed."""
        with self._lock():
            self._collections.clear()
            try:
                client = self._client()
                for collection in client.list_collections():
                    if collection.name.startswith(self.prefix):
                        client.delete_collection(collection.name)
            except Exception:
                if self.chroma_url:
                    raise
                self._move_aside()  # an unreadable embedded index is derived data: start it afresh
            self.journal.mark_all_unindexed()
        return self.sync()

    def _move_aside(self) -> None:
        from .. import vectorstore

        vectorstore.forget_client(self.persist_dir)
        index_dir = self.persist_dir
        broken = index_dir.with_name(f"{index_dir.name}.broken-{int(time.time())}")
        shutil.move(str(index_dir), str(broken))
        index_dir.mkdir(parents=True)

    def search(self, pair_id: str, query: str, k: int = 5) -> list[JournalHit]:
        """The pair's entries closest to the query. Never returns another pair's words."""
        if not query.strip():
            raise InputError("the query is empty", "type a few words to look for")
        if k < 1:
            raise InputError("k must be at least 1")
        self.journal.pair(pair_id)
        self.sync()
        collection = self._open(pair_id)
        result = collection.query(
            query_embeddings=[self.embedder.embed_one(query[:2000])],
            n_results=k * 3,
            where={"pair_id": pair_id},
            include=["metadatas", "distances"],
        )
        hits: list[JournalHit] = []
        seen: set[int] = set()
        for meta, distance in zip(result["metadatas"][0], result["distances"][0], strict=True):
            entry_id = int(meta["entry_id"])
            if meta["pair_id"] != pair_id or entry_id in seen:
                continue  # the filter already guarantees the pair; this is a second lock on the door
            seen.add(entry_id)
            try:
                entry = self.journal.entry(pair_id, entry_id)
            except InputError:
                continue  # deleted since it was indexed
            if entry.uid != meta["uid"]:
                continue
            hits.append(JournalHit(entry=entry, score=round(1.0 - float(distance), 4)))
            if len(hits) == k:
                break
        return hits
