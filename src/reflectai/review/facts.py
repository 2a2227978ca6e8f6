"""Labelled agenda histories (evals/datasets/agenda.jsonl) and the rule that decides whether an agenda
surfaced a labelled fact: the right kind of finding, resting on one of the fact's entries, quoting the
fact's words (most of its content words), and for goals the right status."""

from __future__ import annotations

from typing import Any

from ..models import Agenda, Entry, Pair
from .reading import first_name
from .words import content_words

KINDS = {
    "goal_met": "goal",
    "goal_open": "goal",
    "commitment": "commitment",
    "dip": "dip",
    "samr_change": "samr_change",
    "unfollowed_topic": "unfollowed_topic",
}
SHARE = 0.5  # of the fact's content words that must appear in what the finding quotes


def history_from_item(item: dict[str, Any]) -> tuple[Pair, list[Entry]]:
    """A pair and its entries, in memory, from one labelled history."""
    spec = item["pair"]
    pair = Pair(
        id=f"eval-{str(item['id']).lower()}",
        name=spec["name"],
        model=spec.get("model", "one_to_one"),
        members=list(spec.get("members", [])),
        created_at="2026-01-01T00:00:00Z",
    )
    rows = sorted(enumerate(item["entries"]), key=lambda pair_: (pair_[1]["date"], pair_[0]))
    entries = [
        Entry(
            id=i + 1,
            uid=f"{pair.id}-{i + 1}",
            pair_id=pair.id,
            kind=row.get("kind", "reflection"),
            author=row.get("author"),
            date=row["date"],
            text=row["text"],
            tags=list(row.get("tags", [])),
            created_at="2026-01-01T00:00:00Z",
        )
        for i, (_, row) in enumerate(rows)
    ]
    return pair, entries


def fact_surfaced(fact: dict[str, Any], agenda: Agenda) -> bool:
    kind = str(fact["type"])
    if kind == "whose_turn":
        return agenda.coachee is not None and first_name(agenda.coachee).lower() == str(fact["about"]).lower()
    wanted = KINDS[kind]
    dates = set(fact["entry_dates"])
    words = content_words(str(fact["about"]))
    for finding in agenda.findings:
        if finding.kind != wanted:
            continue
        if kind == "goal_met" and finding.status != "met":
            continue
        if kind == "goal_open" and finding.status == "met":
            continue
        for source in finding.sources:
            if source.date in dates and len(words & content_words(source.quote)) >= SHARE * len(words):
                return True
    return False
