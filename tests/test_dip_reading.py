"""Dips the rules pass over, read by words then meaning (review/dip_reading.py), alone and in an agenda."""

from __future__ import annotations

import json

from reflectai.coach import Coach
from reflectai.embeddings import Embedder
from reflectai.linear import load_weights
from reflectai.models import Entry, Pair
from reflectai.resources import data_dir, read_jsonl
from reflectai.review import dip_reading
from reflectai.review.dips import is_dip
from reflectai.wordbag import WordModel

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


def test_the_exemplars_hold_both_labels_and_none_is_from_the_evaluation_data() -> None:
    rows = [r for path in dip_reading.exemplar_files() for r in read_jsonl(path)]
    assert {r["label"] for r in rows} == set(dip_reading.CLASSES)
    assert len({r["text"] for r in rows}) == len(rows)
    evaluated = " ".join(
        path.read_text(encoding="utf-8").lower() for path in (data_dir("evals") / "datasets").glob("*.jsonl")
    )
    assert [r["text"] for r in rows if json.dumps(r["text"].lower())[1:-1] in evaluated] == []


def test_the_shipped_readings_were_trained_on_these_exemplars(embedder: Embedder) -> None:
    """Regenerate with `python -m reflectai.review.dip_reading` after editing an exemplar file."""
    assert WordModel.load(dip_reading.shipped_word_model_path(), dip_reading.word_stamp()) is not None
    stamp = dip_reading.weights_stamp(embedder.model_id)
    assert load_weights(dip_reading.shipped_weights_path(), stamp) is not None


def test_a_dip_in_other_words_is_flagged_and_its_neighbours_are_not(embedder: Embedder) -> None:
    assert not any(is_dip(s) for s in UNRULED_DIPS)
    reader = dip_reading.DipReader(embedder.model_id)
    assert reader.flags(UNRULED_DIPS, embedder.embed) == [True, True]
    assert reader.flags(NOT_DIPS, embedder.embed) == [False] * len(NOT_DIPS)


def test_only_sentences_the_words_find_likely_are_embedded(embedder: Embedder) -> None:
    embedded: list[str] = []

    def embed(texts: object) -> object:
        embedded.extend(texts)  # type: ignore[arg-type]
        return embedder.embed(texts)  # type: ignore[arg-type]

    dip_reading.DipReader(embedder.model_id).flags([*UNRULED_DIPS, *NOT_DIPS], embed)  # type: ignore[arg-type]
    assert set(UNRULED_DIPS) <= set(embedded)
    assert len(embedded) < len(UNRULED_DIPS) + len(NOT_DIPS)


def _entries(texts: list[str]) -> list[Entry]:
    return [
        Entry(
            id=i + 1,
            uid=f"d{i}",
            pair_id="pair-d",
            kind="reflection",
            author="Ana Lopez",
            date=f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}",
            text=text,
            created_at="x",
        )
        for i, text in enumerate(texts)
    ]


def test_the_agenda_notes_a_dip_only_the_reading_finds_in_the_latest_entries(coach: Coach) -> None:
    pair = Pair(id="pair-d", name="d", members=["Ana Lopez", "Ben Cole"], created_at="2026-01-01")
    plain = "We moved the stock counts onto the handheld scanners this month."
    entries = _entries([plain, UNRULED_DIPS[0], "The delivery came on Tuesday."])
    found, _ = coach.agenda_builder.findings(pair, entries)
    dips = [f for f in found if f.kind == "dip"]
    assert [s.entry_id for f in dips for s in f.sources] == [2]

    # read only in the latest entries: the same sentence further back is left to the rules
    old = _entries([UNRULED_DIPS[0], *["The delivery came on Tuesday."] * dip_reading.ENTRIES])
    found, _ = coach.agenda_builder.findings(pair, old)
    assert not [f for f in found if f.kind == "dip"]
