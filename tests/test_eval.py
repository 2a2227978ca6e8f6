from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflectai.coach import Coach
from reflectai.errors import InputError
from reflectai.evaluation import runner
from reflectai.evaluation.suites import available_suites

ITEMS = [
    {"id": "a", "text": "What stood out for you this week?", "label": "open_question", "split": "test"},
    {"id": "b", "text": "You should ask IT for help.", "label": "directive", "split": "test"},
    {"id": "c", "text": "Did the login work?", "label": "closed_question", "split": "test"},
    {"id": "d", "text": "It sounds like it was a long shift.", "label": "reflection", "split": "test"},
    {"id": "e", "text": "Thanks for coming in.", "label": "other", "split": "test"},
    # deliberately mislabelled, so accuracy on this split is 5/6
    {"id": "f", "text": "How did the lesson go?", "label": "directive", "split": "test"},
]


def _suite_dir(tmp_path: Path, threshold: float) -> Path:
    (tmp_path / "datasets").mkdir(parents=True)
    (tmp_path / "suites").mkdir()
    (tmp_path / "datasets" / "mini.jsonl").write_text("\n".join(json.dumps(i) for i in ITEMS))
    (tmp_path / "suites" / "mini.yaml").write_text(
        f"name: mini\ntask: tone\ndataset: datasets/mini.jsonl\nsplits: [test]\n"
        f"thresholds:\n  test:\n    accuracy: {threshold}\n    recall.directive: {{max: 0.5}}\n"
    )
    return tmp_path / "suites"


def test_thresholds_pass_and_fail(coach: Coach, tmp_path: Path) -> None:
    suites = _suite_dir(tmp_path, 0.8)
    run, records = runner.run(coach, ["mini"], directory=suites)
    suite = run.suites[0]
    assert suite.splits["test"].metrics["accuracy"] == pytest.approx(5 / 6)
    assert suite.splits["test"].details["confusion"]["directive"]["open_question"] == 1
    assert [c.passed for c in suite.checks] == [True, True]  # recall.directive is 0.5 <= 0.5
    assert run.passed and len(records) == 6
    strict, _ = runner.run(coach, ["mini"], directory=_suite_dir(tmp_path / "strict", 0.9))
    assert not strict.passed


def test_saved_runs_compare_with_a_baseline(coach: Coach, tmp_path: Path) -> None:
    suites = _suite_dir(tmp_path, 0.5)
    first, records = runner.run(coach, ["mini"], directory=suites)
    path = runner.save(coach, first, records)
    assert path.is_file()
    assert len((path.parent / f"{first.id}.items.jsonl").read_text().splitlines()) == 6
    baseline = runner.load_run(coach, "latest")
    assert baseline.id == first.id
    diff = runner.compare(first, baseline)
    assert diff and all(row["change"] == 0 for row in diff)


def test_unknown_suite_and_missing_baseline_are_clear(coach: Coach) -> None:
    with pytest.raises(InputError, match="unknown suite"):
        runner.run(coach, ["nope"])
    with pytest.raises(InputError, match="no saved eval run"):
        runner.load_run(coach, "20990101T000000-000")


def test_shipped_suites_are_valid_and_have_held_out_thresholds() -> None:
    suites = available_suites()
    assert {"tone", "retrieval"} <= set(suites)
    for suite in suites.values():
        items = suite.load_items()
        if suite.gate:  # a gated suite is judged on a held-out split
            assert {i["split"] for i in items} >= {"dev", "test"}
            assert "test" in suite.thresholds
        else:  # a tuning set is reported only
            assert {i["split"] for i in items} == {"dev"} and not suite.thresholds


def test_tone_dataset_is_balanced_and_large() -> None:
    items = available_suites()["tone"].load_items()
    assert len(items) >= 400
    counts: dict[str, int] = {}
    for item in items:
        counts[item["label"]] = counts.get(item["label"], 0) + 1
    assert len(counts) == 5 and min(counts.values()) >= 80
