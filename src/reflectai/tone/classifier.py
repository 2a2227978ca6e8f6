"""A small softmax classifier over sentence embeddings, trained on the team's exemplars.

The exemplars live in prompts/tone/exemplars*.jsonl; the trained weights ship beside them as
classifier.npz, stamped with a fingerprint of the exemplars and the embedding model. When the stamp does
not match (edited exemplars, a user's own embedding model) the classifier retrains in about two seconds
and caches the weights under REFLECTAI_HOME. Regenerate the shipped file with
`python -m reflectai.tone.classifier`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..linear import Matrix, load_weights, save_weights, softmax, train
from ..resources import data_dir
from .rules import LABELS

if TYPE_CHECKING:
    from ..embeddings import Embedder, Vectors


def exemplar_paths() -> list[Path]:
    """Every prompts/tone/exemplars*.jsonl: each file is one author's training set."""
    return sorted((data_dir("prompts") / "tone").glob("exemplars*.jsonl"))


def shipped_weights_path() -> Path:
    return data_dir("prompts") / "tone" / "classifier.npz"


def load_exemplars(paths: list[Path] | None = None) -> list[tuple[str, str]]:
    rows = []
    for path in paths if paths is not None else exemplar_paths():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                rows.append((str(item["text"]), str(item["label"])))
    return rows


def fingerprint(model_id: str, paths: list[Path] | None = None) -> str:
    digest = hashlib.sha256()
    for path in paths if paths is not None else exemplar_paths():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(model_id.encode())
    return digest.hexdigest()[:24]


class ToneClassifier:
    def __init__(self, weights: Matrix, bias: Matrix) -> None:
        self.weights = weights
        self.bias = bias

    def probabilities(self, vectors: Vectors) -> Matrix:
        """Rows of label probabilities, columns in `LABELS` order."""
        return softmax(vectors.astype(np.float64) @ self.weights + self.bias)

    @classmethod
    def fit(cls, embedder: Embedder, exemplars: list[tuple[str, str]]) -> ToneClassifier:
        vectors = embedder.embed([text for text, _ in exemplars]).astype(np.float64)
        weights, bias = train(vectors, [label for _, label in exemplars], LABELS)
        return cls(weights, bias)

    def save(self, path: Path, stamp: str) -> None:
        save_weights(path, self.weights, self.bias, stamp)

    @classmethod
    def load(cls, path: Path, stamp: str) -> ToneClassifier | None:
        """The saved classifier, or None when it is missing, unreadable or for other exemplars."""
        saved = load_weights(path, stamp)
        return cls(*saved) if saved is not None else None

    @classmethod
    def for_embedder(cls, embedder: Embedder, cache_dir: Path | None) -> ToneClassifier:
        stamp = fingerprint(embedder.model_id)
        shipped = cls.load(shipped_weights_path(), stamp)
        if shipped is not None:
            return shipped
        cached_path = cache_dir / f"tone-classifier-{stamp}.npz" if cache_dir else None
        if cached_path is not None:
            cached = cls.load(cached_path, stamp)
            if cached is not None:
                return cached
        trained = cls.fit(embedder, load_exemplars())
        if cached_path is not None:
            try:
                trained.save(cached_path, stamp)
            except OSError:
                pass  # a read-only home only costs a retrain next time
        return trained


def main() -> None:
    """Retrain on the exemplars and write the shipped weights file."""
    from ..embeddings import Embedder

    embedder = Embedder()
    classifier = ToneClassifier.fit(embedder, load_exemplars())
    classifier.save(shipped_weights_path(), fingerprint(embedder.model_id))
    print(f"wrote {shipped_weights_path()}")


if __name__ == "__main__":
    main()
