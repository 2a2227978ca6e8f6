"""Words and word pairs as features: a second reading of a text beside its sentence embedding.

The sentence model hears what a text is about; the exact words ("the same", "now", "each other's",
"instead") often separate neighbouring SAMR levels, and a small embedding model blurs them. A softmax
regression (`linear.train`) over which words and word pairs a text contains, trained on the same
exemplars, adds that evidence. Features are binary and the vector has unit length, so a long text
does not outweigh a short one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .linear import Matrix, softmax, train

_WORD = re.compile(r"[a-z']+")
MIN_COUNT = 2  # a feature must occur in at least this many exemplars
STEPS = 600


def exemplar_digest(paths: Sequence[Path]) -> Any:
    """A running hash of exemplar files (name and bytes): a trained reading is void once one changes."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest


def word_stamp(paths: Sequence[Path], classes: Sequence[str]) -> str:
    """What a word reading was trained on: its exemplar files, its classes and how words become
    features (this module); stored with the shipped model and checked when it is loaded."""
    digest = exemplar_digest(paths)
    digest.update(Path(__file__).read_bytes() + json.dumps(list(classes)).encode())
    return str(digest.hexdigest()[:24])


def features(text: str) -> set[str]:
    """The words of a text and its pairs of neighbouring words, lower-cased."""
    words = _WORD.findall(text.lower())
    return {*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))}


@dataclass(frozen=True)
class WordModel:
    vocabulary: dict[str, int]
    weights: Matrix
    bias: Matrix

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[str], classes: Sequence[str]) -> WordModel:
        counts = Counter(f for text in texts for f in features(text))
        vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
        matrix = np.stack([_vector(vocabulary, text) for text in texts])
        weights, bias = train(matrix, labels, classes, steps=STEPS)
        return cls(vocabulary, weights, bias)

    def log_probabilities(self, text: str) -> Matrix:
        """Log-probability of each class (in training order) for the text."""
        probs = softmax(_vector(self.vocabulary, text)[None, :] @ self.weights + self.bias)[0]
        result: Matrix = np.log(probs + 1e-9)
        return result

    def save(self, path: Path, stamp: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp.npz")
        words = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        np.savez_compressed(
            partial, words=np.array(words), weights=self.weights, bias=self.bias, stamp=np.array(stamp)
        )
        partial.replace(path)

    @classmethod
    def load(cls, path: Path, stamp: str) -> WordModel | None:
        """The saved model, or None when missing, unreadable or trained on something else."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["stamp"]) != stamp:
                    return None
                words = [str(w) for w in data["words"]]
                return cls({w: i for i, w in enumerate(words)}, data["weights"], data["bias"])
        except (OSError, ValueError, KeyError):
            return None


def _vector(vocabulary: dict[str, int], text: str) -> Matrix:
    vector = np.zeros(len(vocabulary))
    for feature in features(text):
        index = vocabulary.get(feature)
        if index is not None:
            vector[index] = 1.0
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
