"""Classification and retrieval metrics as pure functions over label sequences."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Score",
    "accuracy",
    "classification_report",
    "cohen_kappa",
    "confusion_matrix",
    "macro_f1",
    "mean",
    "per_label",
    "recall_at_k",
]


@dataclass(frozen=True)
class Score:
    """One scorer's verdict on one item: a value and, optionally, why."""

    value: float
    reason: str = ""


def _check_lengths(gold: Sequence[str], predicted: Sequence[str]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"gold and predicted differ in length: {len(gold)} != {len(predicted)}")


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def confusion_matrix(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Count pairs as ``matrix[gold][predicted]``, with every label as a row and a column.

    Raises ValueError on a length mismatch, a duplicated label, or a gold or
    predicted label that is not in ``labels``.
    """
    _check_lengths(gold, predicted)
    if len(set(labels)) != len(labels):
        raise ValueError(f"labels contain duplicates: {list(labels)!r}")
    matrix = {row: dict.fromkeys(labels, 0) for row in labels}
    for g, p in zip(gold, predicted, strict=True):
        if g not in matrix:
            raise ValueError(f"gold label {g!r} is not one of {list(labels)!r}")
        if p not in matrix:
            raise ValueError(f"predicted label {p!r} is not one of {list(labels)!r}")
        matrix[g][p] += 1
    return matrix


def per_label(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support (count of gold) for each label.

    An undefined precision, recall or F1 (zero denominator) is reported as 0.0.
    """
    matrix = confusion_matrix(gold, predicted, labels)
    result: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = matrix[label][label]
        support = sum(matrix[label].values())
        predicted_count = sum(matrix[row][label] for row in labels)
        fp = predicted_count - tp
        fn = support - tp
        result[label] = {
            "precision": _ratio(tp, predicted_count),
            "recall": _ratio(tp, support),
            "f1": _ratio(2 * tp, 2 * tp + fp + fn),
            "support": float(support),
        }
    return result


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of positions where the prediction equals the gold label."""
    _check_lengths(gold, predicted)
    if not gold:
        raise ValueError("accuracy of an empty sequence is undefined")
    hits = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return hits / len(gold)


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """Unweighted mean of per-label F1 over every label given.

    A label that occurs in neither gold nor predicted still counts, with F1 0.0,
    so pass only the labels you mean to be judged on.
    """
    scores = per_label(gold, predicted, labels)
    return mean([scores[label]["f1"] for label in labels])


def cohen_kappa(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """Cohen's kappa, (p_o - p_e) / (1 - p_e), between gold and predicted.

    When the expected agreement p_e is 1, returns 1.0 if the observed agreement
    is 1 and 0.0 otherwise. Raises ValueError on empty input.
    """
    matrix = confusion_matrix(gold, predicted, labels)
    n = len(gold)
    if n == 0:
        raise ValueError("kappa of an empty sequence is undefined")
    agree = sum(matrix[label][label] for label in labels)
    gold_counts = Counter(gold)
    predicted_counts = Counter(predicted)
    chance = sum(gold_counts[label] * predicted_counts[label] for label in labels)
    # In integers: p_o = agree / n and p_e = chance / n**2.
    if chance == n * n:
        return 1.0 if agree == n else 0.0
    return (n * agree - chance) / (n * n - chance)


def classification_report(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    """Accuracy, macro F1, kappa, per-label scores, confusion matrix and n in one dict."""
    return {
        "accuracy": accuracy(gold, predicted),
        "macro_f1": macro_f1(gold, predicted, labels),
        "kappa": cohen_kappa(gold, predicted, labels),
        "per_label": per_label(gold, predicted, labels),
        "confusion": confusion_matrix(gold, predicted, labels),
        "n": len(gold),
    }


def recall_at_k(ranked: Sequence[Sequence[str]], expected: Sequence[str], k: int) -> float:
    """Share of items whose expected id is among the first ``k`` of its ranking.

    Raises ValueError if ``k`` < 1, the lengths differ, or there are no items.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if len(ranked) != len(expected):
        raise ValueError(f"ranked and expected differ in length: {len(ranked)} != {len(expected)}")
    if not expected:
        raise ValueError("recall@k of an empty sequence is undefined")
    hits = sum(want in list(ranking[:k]) for ranking, want in zip(ranked, expected, strict=True))
    return hits / len(expected)


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean, or 0.0 for an empty sequence."""
    return sum(values) / len(values) if values else 0.0
