from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from reflectai.embeddings import DEFAULT_MODEL_SHA256, Embedder, RememberedVectors, default_model_path
from reflectai.errors import ModelError
from reflectai.vectorstore import chroma_embedding_function


def test_vectors_are_unit_length_and_batch_independent(embedder: Embedder) -> None:
    texts = [f"sentence {i} about a coaching session with the night shift" for i in range(40)]
    texts[3] = "a much longer sentence " * 30  # forces padding in its batch
    batched = embedder.embed(texts)
    assert batched.shape == (40, 384)
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-4)
    alone = embedder.embed_one(texts[7])
    assert float(alone @ batched[7]) > 0.999


def test_similar_meanings_are_closer(embedder: Embedder) -> None:
    a, b, c = embedder.embed(
        ["overwhelmed by new software", "new tool stressed me out", "bought a new kettle"]
    )
    assert float(a @ b) > float(a @ c) + 0.2


def test_empty_input_gives_empty_array(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, 384)


def test_shipped_model_passes_its_checksum(tmp_path: Path) -> None:
    assert Embedder(cache_dir=tmp_path).verify() == DEFAULT_MODEL_SHA256
    assert (tmp_path / "model-verified.json").is_file()


def test_missing_model_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found.*REFLECTAI_EMBEDDING_MODEL"):
        Embedder(model_path=tmp_path / "nope.onnx").embed(["x"])


def test_corrupt_model_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model.onnx"
    shutil.copy(default_model_path(), copy)
    with copy.open("r+b") as handle:
        handle.seek(5000)
        handle.write(b"\xff\x00\xff\x00")
    with pytest.raises(ModelError, match="corrupt.*pip install --force-reinstall"):
        Embedder(model_path=copy, expected_sha256=DEFAULT_MODEL_SHA256).embed(["x"])


def test_unloadable_custom_model_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "mine.onnx"
    bogus.write_bytes(b"not an onnx file")
    with pytest.raises(ModelError, match="cannot load the ONNX model"):
        Embedder(model_path=bogus).embed(["x"])


def test_chroma_embedding_function_uses_our_model(embedder: Embedder) -> None:
    function = chroma_embedding_function(embedder)
    vectors = function(["first", "second"])
    assert len(vectors) == 2 and len(vectors[0]) == 384
    assert function.name() == "reflectai-minilm-onnx"


def test_batches_keep_within_the_padded_token_budget() -> None:
    budgeted = Embedder(batch_size=4, tokens_per_batch=64)
    lengths = np.array([5, 60, 12, 12, 30, 7, 200, 9, 16, 16, 16, 16, 16], dtype=np.int64)
    batches = budgeted._batches(lengths)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        widest = max(lengths[i] for i in batch)
        assert len(batch) <= 4
        assert len(batch) == 1 or len(batch) * widest <= 64  # a text longer than the budget goes alone
    flat = [int(lengths[i]) for b in batches for i in b]
    assert flat == sorted(flat)  # similar lengths share a batch


def test_budgeted_batches_give_the_vectors_of_texts_embedded_alone(embedder: Embedder) -> None:
    texts = ["a short one", "word " * 150, "the night shift tried the new scanner twice", "ok", "x " * 40]
    together = embedder.embed(texts)
    for text, vector in zip(texts, together, strict=True):
        assert float(embedder.embed_one(text) @ vector) > 0.9999


def test_a_failed_preload_is_raised_by_the_next_embed(tmp_path: Path) -> None:
    missing = Embedder(model_path=tmp_path / "missing.onnx")
    missing.preload()  # fails quietly in the background
    with pytest.raises(ModelError, match="missing.onnx"):
        missing.embed(["hello"])


def test_remembered_vectors_are_kept_without_the_words(tmp_path: Path, embedder: Embedder) -> None:
    texts = ["Ana planned to move the rota into the shared calendar", "a second note about the scanner"]
    first = RememberedVectors("notes", embedder, tmp_path)
    vectors = first.embed(texts)
    assert np.allclose(vectors, embedder.embed(texts), atol=1e-6)
    first.save()
    [stored] = list(tmp_path.glob(f"{RememberedVectors.PREFIX}*.npz"))
    assert b"rota" not in stored.read_bytes() and b"scanner" not in stored.read_bytes()

    class NoModel:
        model_id = embedder.model_id

        def embed(self, texts: list[str]) -> None:
            raise AssertionError("a remembered text is not embedded again")

    again = RememberedVectors("notes", NoModel(), tmp_path)  # type: ignore[arg-type]
    assert np.array_equal(again.embed(list(reversed(texts))), vectors[::-1])

    stored.write_bytes(b"not an npz file")  # a damaged file only costs embedding again
    damaged = RememberedVectors("notes", embedder, tmp_path)
    assert np.allclose(damaged.embed(texts), vectors, atol=1e-6)


def test_embedders_of_one_model_share_one_session(tmp_path: Path, embedder: Embedder) -> None:
    embedder.embed(["warm"])
    other = Embedder(cache_dir=tmp_path)
    other.embed(["the same model file"])
    assert other._session is embedder._session


def test_remembered_vectors_start_again_past_the_limit_without_losing_a_text(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RememberedVectors, "LIMIT", 3)
    memory = RememberedVectors("notes", embedder, tmp_path)
    memory.embed(["one note", "two notes"])
    # one known text and two new ones pass the limit: the memory starts again with all three
    vectors = memory.embed(["one note", "a third note", "a fourth note"])
    assert np.allclose(vectors, embedder.embed(["one note", "a third note", "a fourth note"]), atol=1e-6)
