"""An impact story: where a pair started, where they are now, which goals were met, how the use of
technology moved. Quoted from the pair's own entries, each line with its source, and tone-checked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import InputError
from ..models import Entry, EntryRef, Pair, Story, StoryMoment
from ..tone.text import sentences
from .reading import first_name
from .words import shorten

if TYPE_CHECKING:
    from .agenda import AgendaBuilder

_PROGRESS = re.compile(
    r"\b(?:worked|works|finished|live|now|routine|first time|surprised|better|easier|quicker|faster|"
    r"proud|enjoy\w*|curious|done|managed|approved|became|become|has become|no longer)\b",
    re.IGNORECASE,
)
CLOSING_QUESTIONS = (
    "Looking back to where you started, what has changed most for you?",
    "What would you want a colleague starting the same journey to take from this story?",
    "Which moment along the way mattered most, and why?",
)


def _moment(entry: Entry, label: str, prefer: re.Pattern[str] | None = None) -> StoryMoment:
    parts = [s for line in entry.text.splitlines() for s in sentences(line.strip())] or [entry.text]
    if prefer is not None:
        chosen = [s for s in parts if prefer.search(s)][:2] or parts[:2]
    else:
        chosen = parts[:2]
    quote = shorten(" ".join(chosen), 45)
    return StoryMoment(
        label=label, text=quote, source=EntryRef(entry_id=entry.id, date=entry.date, quote=quote)
    )


def build_story(pair: Pair, entries: Sequence[Entry], builder: AgendaBuilder) -> Story:
    if not entries:
        raise InputError(
            f"pair {pair.id!r} has no entries yet, so there is no story to tell",
            f"add entries with: reflectai journal add --pair {pair.id}",
        )
    findings, notices = builder.findings(pair, entries)
    first, last = entries[0], entries[-1]
    before = [_moment(first, "where it started")]
    if len(entries) > 3:
        before.append(_moment(entries[1], "early on"))
    after = [_moment(last, "where things are now", _PROGRESS)] if len(entries) > 1 else []
    if len(entries) > 3:
        after.insert(0, _moment(entries[-2], "recently", _PROGRESS))
    goals = [f for f in findings if f.kind == "goal"]
    samr = next((f for f in findings if f.kind == "samr_change"), None)

    names = [first_name(m) for m in pair.members] or [pair.name]
    people = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    lines = [f"Between {first.date} and {last.date}, {people} kept {len(entries)} journal entries."]
    met = [g for g in goals if g.status == "met"]
    if goals:
        noun = "goal" if len(goals) == 1 else "goals"
        lines.append(
            f"{len(met)} of the {len(goals)} {noun} they set {'was' if len(met) == 1 else 'were'} met."
        )
    for goal in met:
        lines.append(f"Met: {goal.summary.split(': ', 1)[1]} (set {goal.sources[0].date}).")
    for goal in goals:
        if goal.status != "met":
            lines.append(f"Still in progress: {goal.summary.split(': ', 1)[1]} (set {goal.sources[0].date}).")
    if samr:
        lines.append(
            f"The technology use they described moved on the SAMR model: {samr.summary.split(': ', 1)[1]}."
        )
    if any(f.kind == "dip" for f in findings):
        lines.append(
            "Along the way there was a harder patch, the implementation dip most changes go through."
        )
    summary = " ".join(builder.tone_safe(lines))
    kept, _ = builder.tone.guard(list(CLOSING_QUESTIONS))
    return Story(
        pair_id=pair.id,
        title=f"{pair.name}: before and after",
        period=f"{first.date} to {last.date}",
        before=before,
        after=after,
        goals=goals,
        samr=samr,
        summary=summary,
        questions=kept,
        entries_read=len(entries),
        notices=notices,
    )
