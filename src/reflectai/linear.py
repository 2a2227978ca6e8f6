"""A multinomial logistic regression over sentence embeddings: small, exact enough, no dependencies.

Used by the tone checker and the SAMR classifier, each trained on exemplars the team wrote.
"""

from __future__ import annotations

from collections.abc import Sequence

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
