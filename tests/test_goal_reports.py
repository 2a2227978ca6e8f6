"""The word reading of a goal's latest report (review/goal_reports.py), alone and inside goal_findings."""

from __future__ import annotations

import json

from conftest import goal_after
from reflectai.resources import data_dir, read_jsonl
from reflectai.review import goal_reports
from reflectai.wordbag import WordModel


def test_the_exemplars_are_labelled_reports_in_both_classes() -> None:
    files = goal_reports.exemplar_files()
    assert files, "prompts/agenda/goal_reports*.jsonl are missing"
    for path in files:
        rows = read_jsonl(path)
        assert {r["status"] for r in rows} == set(goal_reports.CLASSES), path.name
        assert all(str(r["goal"]).strip() and str(r["report"]).strip() for r in rows), path.name
    reports = [r["report"] for path in files for r in read_jsonl(path)]
    assert len(reports) == len(set(reports))


def test_no_exemplar_is_taken_from_the_evaluation_data() -> None:
    """Every agenda and goal_status suite measures the reading on reports it never saw."""
    evaluated = " ".join(
        json.dumps(json.loads(line)).lower()
        for path in (data_dir("evals") / "datasets").glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    copied = [
        r["report"]
        for path in goal_reports.exemplar_files()
        for r in read_jsonl(path)
        if json.dumps(r["report"].lower())[1:-1] in evaluated
    ]
    assert copied == []


def test_the_shipped_reading_was_trained_on_these_exemplars() -> None:
    """Regenerate with `python -m reflectai.review.goal_reports` after editing an exemplar file."""
    assert WordModel.load(goal_reports.shipped_model_path(), goal_reports.stamp()) is not None


def test_a_report_of_the_state_reached_reads_as_met_and_a_plan_does_not() -> None:
    assert goal_reports.reads_as_met(
        ["Last paper timesheet went in on 3 March; every one since is on the app."]
    )
    assert not goal_reports.reads_as_met(["Booked the training for the 14th, so we should start after that."])
    assert not goal_reports.reads_as_met([])


def test_a_report_no_rule_can_read_is_read_by_the_words() -> None:
    goal = "My goal: the weekly rota emailed to the whole team from Planner, not pinned up on paper."
    report = "The rota now goes out from Planner every Friday and the staffroom corkboard is empty."
    met = goal_after(goal, report)
    assert met.status == "met"
    assert any("corkboard" in source.quote for source in met.sources)  # the report is cited

    planned = goal_after(
        goal, "I've asked IT for a Planner licence and will try the rota from it next month."
    )
    assert planned.status == "in_progress"


def test_the_reading_only_decides_when_the_rules_have_no_verdict() -> None:
    """Figures compared with the target stay the rules' call, whatever the words sound like."""
    goal = "I want at least 20 of the 28 students to upload their own map."
    report = "Brilliant lesson, really proud of them: 14 of the 28 maps are uploaded."
    assert goal_after(goal, report).status == "in_progress"
