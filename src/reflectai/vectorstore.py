"""Chroma, set up the one way reflectai uses it: our own embedding function, cosine space.

Embedded (a persistent directory under REFLECTAI_HOME) by default; a running Chroma server when
`REFLECTAI_CHROMA_URL` is set. chromadb is imported only when an index is actually opened.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from .errors import ConfigError, StoreError

if TYPE_CHECKING:
    from .embeddings import Embedder

# Small, repetitive collections need a wide search beam or recall drops (see BRIEF.md).
COLLECTION_CONFIGURATION: dict[str, Any] = {"hnsw": {"space": "cosine", "ef_search": 256}}


@cache
def _embedding_function_class() -> type:
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import register_embedding_function

    @register_embedding_function
    class ReflectAIEmbeddingFunction(EmbeddingFunction[Documents]):
        """Chroma's view of `Embedder`. Never downloads anything."""

        def __init__(self, embedder: Embedder | None = None) -> None:
            from .embeddings import Embedder

            self._embedder = embedder or Embedder()

        def __call__(self, input: Documents) -> Embeddings:
            return list(self._embedder.embed(list(input)))

        @staticmethod
        def name() -> str:
            return "reflectai-minilm-onnx"

        def default_space(self) -> Any:
            return "cosine"

        def get_config(self) -> dict[str, Any]:
            return {}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> ReflectAIEmbeddingFunction:
            return ReflectAIEmbeddingFunction()

    return ReflectAIEmbeddingFunction


def chroma_embedding_function(embedder: Embedder) -> Any:
    """An object chromadb accepts as `embedding_function`, backed by `embedder`."""
    return _embedding_function_class()(embedder)


_clients: dict[str, Any] = {}


def forget_client(persist_dir: Path) -> None:
    """Drop the cached client for a directory (before moving a broken index aside)."""
    _clients.pop(str(persist_dir.resolve()), None)
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # chromadb also caches a (possibly broken) system per path


def open_client(persist_dir: Path, chroma_url: str | None = None) -> Any:
    """One client per location per process (chromadb allows a single Settings per path)."""
    key = chroma_url or str(persist_dir.resolve())
    if key in _clients:
        return _clients[key]
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if chroma_url:
            parsed = urlparse(chroma_url)
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                raise ConfigError(f"REFLECTAI_CHROMA_URL is not an http(s) URL: {chroma_url!r}")
            client = chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        else:
            persist_dir.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(persist_dir), settings=chroma_settings)
    except ConfigError:
        raise
    except Exception as exc:
        where = chroma_url or str(persist_dir)
        raise StoreError(
            f"cannot open the Chroma index at {where}: {exc}",
            "check the server is running"
            if chroma_url
            else "run 'reflectai knowledge rebuild' or delete the index directory",
        ) from None
    _clients[key] = client
    return client
