"""A multinomial logistic regression over sentence embeddings: small, exact enough, no dependencies.

Used by the tone checker and the SAMR classifier, each trained on exemplars the team wrote.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]


def softmax(logits: Matrix) -> Matrix:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: Matrix = shifted / shifted.sum(axis=1, keepdims=True)
    return result


def train(
    vectors: Matrix,
    labels: Sequence[str],
    classes: Sequence[str],
    l2: float = 1e-3,
    steps: int = 600,
    rate: float = 2.0,
) -> tuple[Matrix, Matrix]:
    """Weights and bias by full-batch gradient descent; columns follow `classes`."""
    n, dims = vectors.shape
    targets = np.zeros((n, len(classes)))
    targets[np.arange(n), [list(classes).index(label) for label in labels]] = 1.0
    weights = np.zeros((dims, len(classes)))
    bias = np.zeros(len(classes))
    for _ in range(steps):
        probs = softmax(vectors @ weights + bias)
        error = (probs - targets) / n
        weights -= rate * (vectors.T @ error + l2 * weights)
        bias -= rate * error.sum(axis=0)
    return weights, bias


def train_cached(
    name: str,
    vectors: Matrix,
    labels: Sequence[str],
    classes: Sequence[str],
    cache_dir: Path | None,
    steps: int = 600,
    l2: float = 1e-3,
) -> tuple[Matrix, Matrix]:
    """`train`, remembered on disk under a hash of what it learned from (training takes seconds,
    loading milliseconds). A damaged or unwritable cache only costs a retrain."""
    digest = hashlib.sha256(vectors.tobytes())
    digest.update(json.dumps([list(labels), list(classes), steps, l2]).encode())
    path = cache_dir / f"{name}-weights-{digest.hexdigest()[:16]}.npz" if cache_dir else None
    saved = load_weights(path) if path is not None else None
    if saved is not None:
        return saved
    weights, bias = train(vectors, labels, classes, l2=l2, steps=steps)
    if path is not None:
        try:
            save_weights(path, weights, bias)
        except OSError:
            pass  # a read-only home only costs a retrain next time
    return weights, bias


def save_weights(path: Path, weights: Matrix, bias: Matrix, stamp: str = "") -> None:
    """Write trained weights atomically, stamped with what they were trained on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp.npz")
    np.savez_compressed(partial, weights=weights, bias=bias, stamp=np.array(stamp))
    partial.replace(path)


def load_weights(path: Path, stamp: str = "") -> tuple[Matrix, Matrix] | None:
    """The saved weights, or None when missing, unreadable or trained on something else."""
    try:
        with np.load(path) as data:
            if str(data["stamp"]) != stamp:
                return None
            return data["weights"], data["bias"]
    except (OSError, ValueError, KeyError):
        return None
