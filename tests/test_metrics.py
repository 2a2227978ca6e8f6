from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflectai.evaluation.metrics import (
    Score,
    accuracy,
    classification_report,
    cohen_kappa,
    confusion_matrix,
    macro_f1,
    mean,
    per_label,
    recall_at_k,
)

# Three labels, n = 10.
#   gold: a a a a b b b c c c
#   pred: a a b c b b a c c b
# Confusion (rows gold, columns predicted):
#        a  b  c
#   a    2  1  1    gold a = 4
#   b    1  2  0    gold b = 3
#   c    0  1  2    gold c = 3
# predicted counts: a = 3, b = 4, c = 3
# a: P = 2/3, R = 2/4, F1 = 2*2 / (2*2 + 1 + 2) = 4/7
# b: P = 2/4, R = 2/3, F1 = 4 / (4 + 2 + 1) = 4/7
# c: P = 2/3, R = 2/3, F1 = 4 / (4 + 1 + 1) = 2/3
# accuracy = 6/10; macro F1 = (4/7 + 4/7 + 2/3) / 3 = 38/63
# p_o = 0.6, p_e = (4*3 + 3*4 + 3*3) / 100 = 0.33, kappa = 0.27 / 0.67 = 27/67
GOLD = list("aaaabbbccc")
PRED = list("aabcbbaccb")
LABELS = ["a", "b", "c"]


def test_confusion_matrix_hand_computed() -> None:
    assert confusion_matrix(GOLD, PRED, LABELS) == {
        "a": {"a": 2, "b": 1, "c": 1},
        "b": {"a": 1, "b": 2, "c": 0},
        "c": {"a": 0, "b": 1, "c": 2},
    }


def test_confusion_matrix_includes_unused_labels_as_zeros() -> None:
    matrix = confusion_matrix(["a"], ["a"], ["a", "z"])
    assert matrix == {"a": {"a": 1, "z": 0}, "z": {"a": 0, "z": 0}}


def test_per_label_hand_computed() -> None:
    scores = per_label(GOLD, PRED, LABELS)
    assert scores["a"] == pytest.approx({"precision": 2 / 3, "recall": 0.5, "f1": 4 / 7, "support": 4.0})
    assert scores["b"] == pytest.approx({"precision": 0.5, "recall": 2 / 3, "f1": 4 / 7, "support": 3.0})
    assert scores["c"] == pytest.approx({"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "support": 3.0})


def test_per_label_zero_division_gives_zero() -> None:
    # "b" is in gold but never predicted; "c" occurs nowhere.
    scores = per_label(["a", "b"], ["a", "a"], ["a", "b", "c"])
    assert scores["a"] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1.0})
    assert scores["b"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1.0}
    assert scores["c"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0.0}


def test_accuracy_macro_f1_kappa_hand_computed() -> None:
    assert accuracy(GOLD, PRED) == pytest.approx(0.6)
    assert macro_f1(GOLD, PRED, LABELS) == pytest.approx(38 / 63)
    assert cohen_kappa(GOLD, PRED, LABELS) == pytest.approx(27 / 67)


def test_macro_f1_counts_every_given_label() -> None:
    assert macro_f1(["a", "b"], ["a", "b"], ["a", "b", "c"]) == pytest.approx(2 / 3)


def test_kappa_textbook_two_by_two() -> None:
    # yes/yes 20, yes/no 5, no/yes 10, no/no 15: p_o = 0.7, p_e = 0.5, kappa = 0.4
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    gold = [g for g, _ in pairs]
    pred = [p for _, p in pairs]
    assert cohen_kappa(gold, pred, ["yes", "no"]) == pytest.approx(0.4)


def test_kappa_when_expected_agreement_is_one() -> None:
    assert cohen_kappa(["a", "a"], ["a", "a"], ["a", "b"]) == 1.0


def test_kappa_chance_level_is_zero_and_worse_is_negative() -> None:
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"], ["a", "b"]) == pytest.approx(0.0)
    assert cohen_kappa(["a", "b"], ["b", "a"], ["a", "b"]) == pytest.approx(-1.0)


def test_classification_report() -> None:
    report = classification_report(GOLD, PRED, LABELS)
    assert set(report) == {"accuracy", "macro_f1", "kappa", "per_label", "confusion", "n"}
    assert report["n"] == 10
    assert report["accuracy"] == pytest.approx(0.6)
    assert report["macro_f1"] == pytest.approx(38 / 63)
    assert report["kappa"] == pytest.approx(27 / 67)
    assert report["confusion"] == confusion_matrix(GOLD, PRED, LABELS)
    assert report["per_label"] == per_label(GOLD, PRED, LABELS)


@pytest.mark.parametrize(
    "call",
    [
        lambda: confusion_matrix(["a"], [], ["a"]),
        lambda: per_label(["a", "a"], ["a"], ["a"]),
        lambda: accuracy(["a"], ["a", "a"]),
        lambda: macro_f1([], ["a"], ["a"]),
        lambda: cohen_kappa(["a"], [], ["a"]),
        lambda: classification_report(["a"], ["a", "b"], ["a", "b"]),
    ],
)
def test_length_mismatch_raises(call: object) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match="length"):
        call()


def test_unknown_predicted_label_is_named() -> None:
    with pytest.raises(ValueError, match="'maybe'"):
        confusion_matrix(["yes", "no"], ["yes", "maybe"], ["yes", "no"])
    with pytest.raises(ValueError, match="'maybe'"):
        per_label(["yes"], ["maybe"], ["yes", "no"])


def test_unknown_gold_label_raises() -> None:
    with pytest.raises(ValueError, match="'maybe'"):
        confusion_matrix(["maybe"], ["yes"], ["yes", "no"])


def test_duplicate_labels_raise() -> None:
    with pytest.raises(ValueError, match="duplicates"):
        confusion_matrix(["a"], ["a"], ["a", "a"])


def test_empty_input_raises() -> None:
    with pytest.raises(ValueError):
        accuracy([], [])
    with pytest.raises(ValueError):
        cohen_kappa([], [], ["a"])


def test_recall_at_k() -> None:
    ranked = [["x", "y", "z"], ["y", "x"], ["z"], []]
    expected = ["x", "x", "y", "x"]
    assert recall_at_k(ranked, expected, 1) == pytest.approx(0.25)
    assert recall_at_k(ranked, expected, 2) == pytest.approx(0.5)
    assert recall_at_k(ranked, expected, 10) == pytest.approx(0.5)


def test_recall_at_k_errors() -> None:
    with pytest.raises(ValueError):
        recall_at_k([["a"]], ["a"], 0)
    with pytest.raises(ValueError, match="length"):
        recall_at_k([["a"]], ["a", "b"], 1)
    with pytest.raises(ValueError):
        recall_at_k([], [], 1)


def test_mean() -> None:
    assert mean([]) == 0.0
    assert mean([1.0, 2.0, 6.0]) == pytest.approx(3.0)


def test_score_is_frozen() -> None:
    score = Score(0.5)
    assert score.reason == ""
    with pytest.raises(AttributeError):
        score.value = 1.0  # type: ignore[misc]


ALL_LABELS = ["a", "b", "c", "d"]
labels_st = st.sampled_from(ALL_LABELS)
pairs_st = st.lists(st.tuples(labels_st, labels_st), min_size=1, max_size=60)


@given(pairs_st)
def test_accuracy_in_unit_interval(pairs: list[tuple[str, str]]) -> None:
    gold = [g for g, _ in pairs]
    pred = [p for _, p in pairs]
    assert 0.0 <= accuracy(gold, pred) <= 1.0
    assert 0.0 <= macro_f1(gold, pred, ALL_LABELS) <= 1.0
    assert -1.0 <= cohen_kappa(gold, pred, ALL_LABELS) <= 1.0


@given(pairs_st)
def test_confusion_total_equals_n(pairs: list[tuple[str, str]]) -> None:
    gold = [g for g, _ in pairs]
    pred = [p for _, p in pairs]
    matrix = confusion_matrix(gold, pred, ALL_LABELS)
    assert set(matrix) == set(ALL_LABELS)
    assert all(set(row) == set(ALL_LABELS) for row in matrix.values())
    assert sum(sum(row.values()) for row in matrix.values()) == len(pairs)
    assert sum(matrix[label][label] for label in ALL_LABELS) == round(accuracy(gold, pred) * len(pairs))


@given(st.lists(labels_st, min_size=1, max_size=60))
def test_identical_labels_are_perfect(gold: list[str]) -> None:
    occurring = sorted(set(gold))
    assert accuracy(gold, gold) == 1.0
    assert macro_f1(gold, gold, occurring) == 1.0
    if len(occurring) >= 2:
        assert cohen_kappa(gold, gold, ALL_LABELS) == 1.0
