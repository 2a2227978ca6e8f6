"""What the rules pass over (goals, commitments, dips, raised topics), read by words then meaning (sentence_reading)."""

from __future__ import annotations

import json

import pytest

from conftest import entries_of
from reflectai.coach import Coach
from reflectai.embeddings import Embedder
from reflectai.linear import load_weights
from reflectai.models import Entry, Pair
from reflectai.resources import data_dir, read_jsonl
from reflectai.review.commitments import parse_commitment
from reflectai.review.dips import is_dip
from reflectai.review.goals import find_goals, unread_goal_sentences
from reflectai.review.reading import read_sentences
from reflectai.review.sentence_reading import (
    COMMITMENTS,
    DIPS,
    ENTRIES,
    GOALS,
    RAISED,
    READINGS,
    SentenceReading,
)
from reflectai.review.topics import raises
from reflectai.wordbag import WordModel

PAIR = Pair(id="pair-d", name="d", members=["Ana Lopez", "Ben Cole"], created_at="2026-01-01")
# said in words no dip rule knows
UNRULED_DIPS = [
    "Some days I leave the tablet in the drawer and just do it the old way.",
    "Feels like I'm back to being a trainee again, asking how to do everything.",
]
NOT_DIPS = [
    "The new rota app sent everyone their shifts on Friday.",
    "We kept the paper copies for the two residents who prefer them.",
    "It used to take me an hour; now it's twenty minutes.",
    "I'll book a session with IT next week.",
]
# next steps in forms no commitment rule parses
UNPARSED_COMMITMENTS = [
    "Will bring the printed figures to the next huddle.",
    "Next: Ana sends the draft rota to the team by Friday.",
]
NOT_COMMITMENTS = [
    "Ana emailed IT on Tuesday about the licences.",
    "I'd love to get the whole team on it one day.",
    "What would you try first?",
    "The new system goes live in May.",
]


def _entries(texts: list[str], kind: str = "reflection") -> list[Entry]:
    return entries_of([(kind, t) for t in texts], author="Ana Lopez", pair_id="pair-d")


@pytest.mark.parametrize("reading", list(READINGS.values()), ids=list(READINGS))
def test_the_exemplars_hold_both_labels_and_none_is_from_the_evaluation_data(
    reading: SentenceReading,
) -> None:
    rows = [r for path in reading.exemplar_files() for r in read_jsonl(path)]
    assert {r["label"] for r in rows} == set(reading.classes)
    assert len({r["text"] for r in rows}) == len(rows)
    evaluated = " ".join(
        path.read_text(encoding="utf-8").lower() for path in (data_dir("evals") / "datasets").glob("*.jsonl")
    )
    assert [r["text"] for r in rows if json.dumps(r["text"].lower())[1:-1] in evaluated] == []


@pytest.mark.parametrize("reading", list(READINGS.values()), ids=list(READINGS))
def test_the_shipped_readings_were_trained_on_these_exemplars(
    reading: SentenceReading, embedder: Embedder
) -> None:
    """Regenerate with `python -m reflectai.review.sentence_reading` after editing an exemplar file."""
    assert WordModel.load(reading.shipped_word_model_path(), reading.word_stamp()) is not None
    assert load_weights(reading.shipped_weights_path(), reading.weights_stamp(embedder.model_id)) is not None


def test_a_dip_in_other_words_is_flagged_and_its_neighbours_are_not(embedder: Embedder) -> None:
    assert not any(is_dip(s) for s in UNRULED_DIPS)
    assert DIPS.flags(UNRULED_DIPS, embedder.embed, embedder.model_id) == [True, True]
    assert DIPS.flags(NOT_DIPS, embedder.embed, embedder.model_id) == [False] * len(NOT_DIPS)


def test_a_next_step_the_rules_cannot_parse_is_flagged_and_its_neighbours_are_not(embedder: Embedder) -> None:
    said = read_sentences(_entries(UNPARSED_COMMITMENTS, kind="session_note"))
    assert [parse_commitment(s, PAIR) for s in said] == [None, None]
    assert COMMITMENTS.flags(UNPARSED_COMMITMENTS, embedder.embed, embedder.model_id) == [True, True]
    flags = COMMITMENTS.flags(NOT_COMMITMENTS, embedder.embed, embedder.model_id)
    assert flags == [False] * len(NOT_COMMITMENTS)


def test_only_sentences_the_words_find_likely_are_embedded(embedder: Embedder) -> None:
    embedded: list[str] = []

    def embed(texts: object) -> object:
        embedded.extend(texts)  # type: ignore[arg-type]
        return embedder.embed(texts)  # type: ignore[arg-type]

    DIPS.flags([*UNRULED_DIPS, *NOT_DIPS], embed, embedder.model_id)  # type: ignore[arg-type]
    assert set(UNRULED_DIPS) <= set(embedded)
    assert len(embedded) < len(UNRULED_DIPS) + len(NOT_DIPS)


def test_the_agenda_notes_a_dip_only_the_reading_finds_in_the_latest_entries(coach: Coach) -> None:
    plain = "We moved the stock counts onto the handheld scanners this month."
    entries = _entries([plain, UNRULED_DIPS[0], "The delivery came on Tuesday."])
    found, _ = coach.agenda_builder.findings(PAIR, entries)
    assert [s.entry_id for f in found if f.kind == "dip" for s in f.sources] == [2]

    # read only in the latest entries: the same sentence further back is left to the rules
    old = _entries([UNRULED_DIPS[0], *["The delivery came on Tuesday."] * ENTRIES])
    found, _ = coach.agenda_builder.findings(PAIR, old)
    assert not [f for f in found if f.kind == "dip"]


def test_a_next_step_only_the_reading_finds_is_noted_whole_and_asked_about_by_no_template(
    coach: Coach,
) -> None:
    entries = _entries(["We moved the stock counts onto the handheld scanners.", UNPARSED_COMMITMENTS[1]])
    found, _ = coach.agenda_builder.findings(PAIR, entries)
    commitments = [f for f in found if f.kind == "commitment"]
    assert [(c.person, [s.entry_id for s in c.sources]) for c in commitments] == [("Ana Lopez", [2])]
    assert UNPARSED_COMMITMENTS[1].rstrip(".") in commitments[0].summary
    agenda = coach.agenda_builder.build(PAIR, entries, [])
    asked = [q.text for section in agenda.sections for q in section.questions]
    assert not any("sends the draft rota" in q for q in asked)


UNRULED_RAISED = "One thing nobody has looked at is where the photos are stored."
NOT_RAISED = [
    "We checked and the consent form does cover video.",
    "The upgrade went in on Tuesday without a hitch.",
    "I'll ask the union rep on Monday.",
]


def test_a_topic_raised_in_other_words_becomes_a_topic_nobody_followed_up(
    coach: Coach, embedder: Embedder
) -> None:
    assert not raises(UNRULED_RAISED)
    flags = RAISED.flags([UNRULED_RAISED, *NOT_RAISED], embedder.embed, embedder.model_id)
    assert flags == [True] + [False] * len(NOT_RAISED)
    later = ["The stock counts on the handheld scanners went well.", "The delivery came on Tuesday."]
    found, _ = coach.agenda_builder.findings(PAIR, _entries([UNRULED_RAISED, *later]))
    topics = [f for f in found if f.kind == "unfollowed_topic"]
    assert [[s.entry_id for s in t.sources] for t in topics] == [[1]]
    # once a later entry comes back to it, it is no longer a topic left behind
    back = [*later, "We looked into where the photos are stored: a OneDrive folder.", *later]
    found, _ = coach.agenda_builder.findings(PAIR, _entries([UNRULED_RAISED, *back]))
    assert not [f for f in found if f.kind == "unfollowed_topic"]


GOAL_ENTRY = (
    "Two things for this term. Right now about 60 returns a month come back on paper. "
    "Want the paper returns under 10 a month by July. Reviews slip when we're short-staffed."
)


def test_a_goal_in_a_form_no_rule_takes_is_read_from_the_goal_entry(coach: Coach, embedder: Embedder) -> None:
    entries = _entries([GOAL_ENTRY, "Paper returns this month: 8."], kind="goal")
    entries[1] = entries[1].model_copy(update={"kind": "reflection"})
    said = read_sentences(entries)
    unread = unread_goal_sentences(said)
    assert [g for _, g in find_goals(said)] == ["Two things for this term."]  # the rules' best guess
    flags = GOALS.flags([s.text for s in unread], embedder.embed, embedder.model_id)
    assert [s.text for s, flagged in zip(unread, flags, strict=True) if flagged] == [
        "Want the paper returns under 10 a month by July."
    ]
    found, _ = coach.agenda_builder.findings(PAIR, entries)
    goals = [f for f in found if f.kind == "goal"]
    assert [(g.sources[0].quote, g.status) for g in goals] == [
        ("Want the paper returns under 10 a month by July.", "met")
    ]
