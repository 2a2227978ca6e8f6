"""The knowledge/ corpus: notes with front matter, chunked by heading and tokens, indexed in Chroma.

The index lives under REFLECTAI_HOME and carries a fingerprint of the corpus, the chunker and the
embedding model; `KnowledgeBase.search` rebuilds it when the fingerprint changes.

Next to an embedded index sits a snapshot of the same chunks and vectors (`knowledge.npz`, same
fingerprint). The corpus ships with the package and only changes on rebuild, so a fresh process
searches the snapshot exactly with numpy and never pays chromadb's import (~0.7 s); a stale or
unreadable snapshot is ignored and written again from the collection.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
from pydantic import ValidationError

from .errors import InputError, KnowledgeError
from .models import Chunk, Note, SearchHit, Source
from .resources import data_dir

if TYPE_CHECKING:
    from .config import Settings
    from .embeddings import Embedder, Vectors

CHUNKER_VERSION = "3"
ANSWERS_HEADING = "Questions this note answers"
CHUNK_TOKENS = 180
CHUNK_OVERLAP = 30
MAX_QUERY_CHARS = 2000
COLLECTION = "knowledge"
CHUNKS_PER_RESULT = 12  # dense candidates fetched per note asked for; the rest come from keywords

SearchMode = Literal["hybrid", "dense", "keyword"]
T = TypeVar("T")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n(.*)\Z", re.DOTALL)


def parse_note(path: Path) -> Note:
    """Read one note; raise KnowledgeError naming the file when it is malformed."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{path.name}: cannot read: {exc}") from None
    match = _FRONT_MATTER.match(raw)
    if not match:
        raise KnowledgeError(f"{path.name}: no front matter", "start the file with a '---' block")
    import yaml  # here, not at the top: commands that never read a note (agenda, samr) skip ~30 ms

    try:
        meta = yaml.load(match.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x
    except yaml.YAMLError as exc:
        problem = str(exc).splitlines()[0]
        raise KnowledgeError(f"{path.name}: front matter is not valid YAML ({problem})") from None
    if not isinstance(meta, dict):
        raise KnowledgeError(f"{path.name}: front matter must be a mapping")
    try:
        note = Note(**meta, body=match.group(2).strip())
    except (ValidationError, TypeError) as exc:
        detail = exc.errors()[0] if isinstance(exc, ValidationError) else {"loc": (), "msg": str(exc)}
        where = ".".join(str(p) for p in detail["loc"])
        raise KnowledgeError(f"{path.name}: front matter {where}: {detail['msg']}") from None
    if note.id != path.stem:
        raise KnowledgeError(f"{path.name}: id {note.id!r} differs from the file name")
    return note


@dataclass
class Corpus:
    notes: list[Note]
    problems: list[KnowledgeError] = field(default_factory=list)
    digest: str = ""

    def get(self, note_id: str) -> Note | None:
        return next((n for n in self.notes if n.id == note_id), None)


def load_corpus(directory: Path | None = None) -> Corpus:
    """Load every note; broken ones are reported in `problems`, the rest still load."""
    directory = directory or data_dir("knowledge")
    notes: list[Note] = []
    problems: list[KnowledgeError] = []
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        try:
            notes.append(parse_note(path))
        except KnowledgeError as exc:
            problems.append(exc)
    return Corpus(notes=notes, problems=problems, digest=digest.hexdigest())


def _sections(body: str) -> list[tuple[str, str]]:
    """Split a markdown body at headings: [(heading, text)]; text before any heading has heading ''."""
    sections: list[tuple[str, str]] = []
    heading, lines = "", list[str]()
    for line in body.splitlines():
        found = re.match(r"^#{1,6}\s+(.*)", line)
        if found:
            if "".join(lines).strip():
                sections.append((heading, "\n".join(lines).strip()))
            heading, lines = found.group(1).strip(), []
        else:
            lines.append(line)
    if "".join(lines).strip():
        sections.append((heading, "\n".join(lines).strip()))
    return sections


def chunk_note(note: Note, max_tokens: int = CHUNK_TOKENS, overlap: int = CHUNK_OVERLAP) -> list[Chunk]:
    """Chunks never cross a heading; long sections are windowed by tokens with an overlap."""
    from .tokens import encoding

    enc = encoding()
    chunks: list[Chunk] = []
    for heading, text in _sections(note.body):
        tokens = enc.encode(text, disallowed_special=())
        start = 0
        while True:
            piece = enc.decode(tokens[start : start + max_tokens]).strip()
            if piece:
                chunks.append(
                    Chunk(id=f"{note.id}#{len(chunks)}", note_id=note.id, heading=heading, text=piece)
                )
            if start + max_tokens >= len(tokens):
                break
            start += max_tokens - overlap
    for question in note.answers:
        # the questions a note answers are matched on their own, like doc2query expansions
        chunks.append(
            Chunk(id=f"{note.id}#{len(chunks)}", note_id=note.id, heading=ANSWERS_HEADING, text=question)
        )
    return chunks


def embedding_text(note: Note, chunk: Chunk) -> str:
    """What gets embedded: the note's title and section heading give a chunk its context."""
    heading = f" — {chunk.heading}" if chunk.heading else ""
    return f"{note.title}{heading}. {chunk.text}"


def check_query(query: str) -> str:
    query = query.strip()
    if not query:
        raise InputError("the query is empty", "type a few words describing what you are looking for")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(
            f"the query is too long ({len(query):,} characters; the limit is {MAX_QUERY_CHARS:,})",
            "shorten it to the question you have",
        )
    return query


def shipped_snapshot_path() -> Path:
    from .embeddings import shipped_vectors_dir

    return shipped_vectors_dir() / "knowledge.npz"


@dataclass(frozen=True)
class Snapshot:
    """The indexed chunks and their vectors, as stored in the collection."""

    fingerprint: str
    note_ids: list[str]
    headings: list[str]
    texts: list[str]
    vectors: Vectors

    def nearest(self, vector: Vectors, n: int) -> list[tuple[str, str, str, float]]:
        """(note id, chunk text, heading, cosine similarity) of the n closest chunks, exactly."""
        similarity = self.vectors @ vector
        order = np.argsort(-similarity, kind="stable")[:n]
        return [(self.note_ids[i], self.texts[i], self.headings[i], float(similarity[i])) for i in order]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.npz")
        try:
            np.savez(
                partial,
                fingerprint=np.array(self.fingerprint),
                note_ids=np.array(self.note_ids),
                headings=np.array(self.headings),
                texts=np.array(self.texts),
                vectors=self.vectors,
            )
            os.replace(partial, path)  # readers see the old snapshot or the new one, never half of one
        finally:
            partial.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path) -> Snapshot | None:
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(
                    fingerprint=str(data["fingerprint"]),
                    note_ids=[str(x) for x in data["note_ids"]],
                    headings=[str(x) for x in data["headings"]],
                    texts=[str(x) for x in data["texts"]],
                    vectors=data["vectors"].astype(np.float32),
                )
        except (OSError, KeyError, ValueError, EOFError):
            return None

    @classmethod
    def of_collection(cls, collection: Any, fingerprint: str) -> Snapshot:
        stored = collection.get(include=["embeddings", "documents", "metadatas"])
        return cls(
            fingerprint=fingerprint,
            note_ids=[str(m["note_id"]) for m in stored["metadatas"]],
            headings=[str(m["heading"]) for m in stored["metadatas"]],
            texts=[str(d) for d in stored["documents"]],
            vectors=np.asarray(stored["embeddings"], dtype=np.float32),
        )


class KnowledgeBase:
    """Search over the knowledge notes. The index is built on first use and whenever it is stale."""

    def __init__(self, settings: Settings, embedder: Embedder, directory: Path | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.directory = directory
        self._corpus: Corpus | None = None
        self._collection: Any = None
        self._keywords: KeywordIndex | None = None
        self._size = 0  # chunks in the open collection; changes only on rebuild
        self._snapshot: Snapshot | None = None

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            self._corpus = load_corpus(self.directory)
        return self._corpus

    @property
    def fingerprint(self) -> str:
        parts = [self.corpus.digest, CHUNKER_VERSION, str(CHUNK_TOKENS), self.embedder.model_id]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    def _client(self) -> Any:
        from .vectorstore import open_client

        return open_client(self.settings.path("index", "chroma"), self.settings.chroma_url)

    def status(self) -> dict[str, Any]:
        """Index state without building anything."""
        try:
            collection = self._client().get_collection(COLLECTION, embedding_function=self._ef())
        except Exception:
            snapshot = self._current_snapshot()  # the shipped notes come embedded: nothing to build
            state = "not built" if snapshot is None else "not needed: searches use the shipped snapshot"
            chunks = 0 if snapshot is None else len(snapshot.texts)
            return {"state": state, "chunks": chunks, "notes": len(self.corpus.notes)}
        stored = (collection.metadata or {}).get("fingerprint")
        return {
            "state": "up to date" if stored == self.fingerprint else "stale (rebuilds on next search)",
            "chunks": collection.count(),
            "notes": len(self.corpus.notes),
            "snapshot": (
                "not used with a Chroma server"
                if self.settings.chroma_url
                else "up to date"
                if self._current_snapshot()
                else "absent (written on next search)"
            ),
        }

    @property
    def snapshot_path(self) -> Path:
        return self.settings.path("index", "knowledge.npz")

    def _current_snapshot(self) -> Snapshot | None:
        """The snapshot, when the index is embedded and the snapshot matches the corpus and model."""
        if self.settings.chroma_url:
            return None  # a server is the one place to ask
        if self._snapshot is None or self._snapshot.fingerprint != self.fingerprint:
            loaded = Snapshot.load(self.snapshot_path)
            if not (loaded and loaded.fingerprint == self.fingerprint):
                # the shipped notes come embedded by the shipped model: a new home builds nothing
                loaded = Snapshot.load(shipped_snapshot_path())
            self._snapshot = loaded if loaded and loaded.fingerprint == self.fingerprint else None
        return self._snapshot

    def _keep_snapshot(self, collection: Any) -> None:
        self._snapshot = Snapshot.of_collection(collection, self.fingerprint)
        try:
            self._snapshot.save(self.snapshot_path)
        except OSError:
            pass  # a read-only home only costs opening Chroma next time

    def _ef(self) -> Any:
        from .vectorstore import chroma_embedding_function

        return chroma_embedding_function(self.embedder)

    def _open(self) -> Any:
        if self._collection is not None:
            return self._collection
        client = self._client()
        try:
            collection = client.get_collection(COLLECTION, embedding_function=self._ef())
            if (collection.metadata or {}).get("fingerprint") != self.fingerprint:
                collection = self.rebuild()
        except KnowledgeError:
            raise
        except Exception:  # missing or unreadable collection: build it
            collection = self.rebuild()
        self._collection, self._size = collection, int(collection.count())
        if not self.settings.chroma_url and self._current_snapshot() is None:
            self._keep_snapshot(collection)
        return collection

    def warm_while(self, work: Callable[[], T]) -> T:
        """Run `work` (typically loading the model and embedding) in a thread while the index opens.

        On a cold start without a snapshot this overlaps chromadb's import with the ONNX session load.
        """
        if self._collection is not None or self._current_snapshot() is not None:
            return work()
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(work)
            self._open()
            return future.result()

    def rebuild(self) -> Any:
        """Drop and rebuild the index from the notes; returns the new collection."""
        from .vectorstore import COLLECTION_CONFIGURATION

        notes = self.corpus.notes
        if not notes:
            raise KnowledgeError(
                "no knowledge notes could be read",
                "; ".join(str(p) for p in self.corpus.problems) or None,
            )
        chunks = [(note, chunk) for note in notes for chunk in chunk_note(note)]
        vectors = self.embedder.embed([embedding_text(n, c) for n, c in chunks])
        client = self._client()
        try:
            client.delete_collection(COLLECTION)
        except Exception:
            pass  # nothing to delete
        collection = client.create_collection(
            COLLECTION,
            configuration=COLLECTION_CONFIGURATION,
            metadata={"fingerprint": self.fingerprint},
            embedding_function=self._ef(),
        )
        for start in range(0, len(chunks), 256):
            batch = chunks[start : start + 256]
            collection.add(
                ids=[c.id for _, c in batch],
                embeddings=[vectors[start + i] for i in range(len(batch))],
                documents=[c.text for _, c in batch],
                metadatas=[{"note_id": c.note_id, "heading": c.heading} for _, c in batch],
            )
        self._collection, self._size = collection, len(chunks)
        if not self.settings.chroma_url:
            self._keep_snapshot(collection)
        return collection

    @property
    def keywords(self) -> KeywordIndex:
        if self._keywords is None:
            self._keywords = KeywordIndex(self.corpus.notes)
        return self._keywords

    def search(
        self, query: str, k: int = 5, vector: Vectors | None = None, mode: SearchMode = "hybrid"
    ) -> list[SearchHit]:
        """The k notes that best answer the query, best first, each with its closest chunk.

        `hybrid` fuses the embedding ranking with BM25 keyword ranking (reciprocal rank fusion): the
        model finds paraphrases, keywords find the exact tool and term names people type. `score` is
        the cosine similarity of the chunk shown. Pass `vector` when the query is already embedded.
        """
        query = check_query(query)
        if k < 1:
            raise InputError("k must be at least 1")
        best: dict[str, tuple[str, str, float]] = {}  # note id -> (chunk text, heading, similarity)
        if mode != "keyword":
            if vector is None:
                vector = self.warm_while(lambda: self.embedder.embed_one(query))
            for note_id, text, heading, similarity in self._nearest(vector, CHUNKS_PER_RESULT * k):
                best.setdefault(note_id, (text, heading, similarity))
        rankings = [list(best)] if mode != "keyword" else []
        if mode != "dense":
            rankings.append(self.keywords.rank(query))
        hits: list[SearchHit] = []
        for note_id in fuse(rankings)[:k]:
            note = self.corpus.get(note_id)
            if note is None:
                continue
            text, heading, score = best.get(note_id) or (note.body[:400], "", 0.0)
            hits.append(
                SearchHit(
                    note_id=note_id,
                    title=note.title,
                    heading=heading,
                    text=text,
                    score=round(score, 4),
                    sources=list(note.sources),
                )
            )
        return hits

    def _nearest(self, vector: Vectors, n: int) -> list[tuple[str, str, str, float]]:
        snapshot = self._current_snapshot()
        if snapshot is not None:
            return snapshot.nearest(vector, n)
        collection = self._open()
        snapshot = self._current_snapshot()  # opening writes it when the index is embedded
        if snapshot is not None:
            return snapshot.nearest(vector, n)
        result = collection.query(
            query_embeddings=[vector],
            n_results=max(1, min(self._size, n)),
            include=["documents", "metadatas", "distances"],
        )
        return [
            (str(meta["note_id"]), str(doc), str(meta["heading"]), 1.0 - float(distance))
            for doc, meta, distance in zip(
                result["documents"][0], result["metadatas"][0], result["distances"][0], strict=True
            )
        ]


def fuse(rankings: list[list[str]], constant: int = 60) -> list[str]:
    """Reciprocal rank fusion (Cormack et al. 2009): sum of 1 / (constant + rank) over rankings."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (constant + rank)
    return sorted(scores, key=lambda item: -scores[item])


_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an the and or of to in on for with at by from is are was were be been it this that what how "
    "i we you they my our your their me us do does did can could would should about as so if not".split()
)


def terms(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]


class KeywordIndex:
    """BM25 (k1 = 1.2, b = 0.75) over whole notes: title, tags, the questions they answer, body."""

    def __init__(self, notes: list[Note]) -> None:
        self.ids = [n.id for n in notes]
        documents = [terms(f"{n.title} {' '.join(n.tags)} {' '.join(n.answers)} {n.body}") for n in notes]
        self.counts = [Counter(d) for d in documents]
        self.lengths = [len(d) for d in documents]
        self.average = sum(self.lengths) / max(len(documents), 1)
        self.frequency = Counter(term for d in documents for term in set(d))

    def rank(self, query: str) -> list[str]:
        """Note ids with any matching term, best first."""
        n_docs = len(self.ids)
        query_terms = set(terms(query))
        scores = []
        for index, tf in enumerate(self.counts):
            score = 0.0
            for term in query_terms:
                if term in tf:
                    df = self.frequency[term]
                    idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
                    norm = tf[term] + 1.2 * (1 - 0.75 + 0.75 * self.lengths[index] / self.average)
                    score += idf * tf[term] * 2.2 / norm
            scores.append(score)
        order = sorted(range(n_docs), key=lambda i: -scores[i])
        return [self.ids[i] for i in order if scores[i] > 0]


def cite(sources: list[Source]) -> str:
    return "; ".join(s.cite() for s in sources)
