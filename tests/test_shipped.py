"""The vectors shipped with the package: current, exact, and used instead of embedding in a new home."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from reflectai.config import Settings
from reflectai.embeddings import Embedder, embed_cached, shipped_vectors_dir
from reflectai.knowledge import KnowledgeBase, Snapshot, shipped_snapshot_path
from reflectai.shipped import expected_files, fixed_texts


class _NoEmbedding(Embedder):
    """The shipped model's identity, but embedding anything is a test failure."""

    def embed(self, texts: object) -> npt.NDArray[np.float32]:
        raise AssertionError(f"embedded {texts!r}: the shipped vectors should have been used")


def test_the_shipped_vector_files_match_the_texts_as_they_are_now() -> None:
    present = sorted(p.name for p in shipped_vectors_dir().iterdir())
    assert present == sorted(expected_files()), "stale vectors: run `python -m reflectai.shipped`"


def test_the_shipped_knowledge_snapshot_matches_the_shipped_notes(tmp_path: Path) -> None:
    snapshot = Snapshot.load(shipped_snapshot_path())
    assert snapshot is not None
    knowledge = KnowledgeBase(Settings.load(env={}, home=tmp_path), _NoEmbedding())
    assert snapshot.fingerprint == knowledge.fingerprint, "stale snapshot: run `python -m reflectai.shipped`"
    assert len(snapshot.texts) == len(snapshot.vectors) > 100


def test_shipped_vectors_are_what_the_model_gives(embedder: Embedder) -> None:
    for name, texts in fixed_texts().items():
        shipped = embed_cached(name, texts, _NoEmbedding(), cache_dir=None)
        assert shipped.shape == (len(texts), 384)
        sample = [0, len(texts) // 2, len(texts) - 1]
        fresh = embedder.embed([texts[i] for i in sample])
        assert np.allclose(shipped[sample], fresh, atol=1e-4), name


def test_a_new_home_searches_the_notes_without_embedding_them_or_opening_chroma(tmp_path: Path) -> None:
    knowledge = KnowledgeBase(Settings.load(env={}, home=tmp_path), _NoEmbedding())
    snapshot = Snapshot.load(shipped_snapshot_path())
    assert snapshot is not None
    hits = knowledge.search("what is a normal dip after a change?", k=3, vector=snapshot.vectors[0])
    assert hits and knowledge._collection is None
    assert not (tmp_path / "index").exists()
    assert knowledge.status()["state"].startswith("not needed")


def test_edited_texts_are_embedded_as_before(tmp_path: Path, embedder: Embedder) -> None:
    texts = [*fixed_texts()["agenda-templates"][:2], "A template the shipped file never saw?"]
    vectors = embed_cached("agenda-templates", texts, embedder, cache_dir=tmp_path)
    assert vectors.shape == (3, 384) and list(tmp_path.glob("agenda-templates-*.npy"))
