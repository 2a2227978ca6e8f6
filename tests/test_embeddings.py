from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from reflectai.embeddings import DEFAULT_MODEL_SHA256, Embedder, default_model_path
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
