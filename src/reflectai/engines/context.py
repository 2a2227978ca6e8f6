"""What the engines know about a pair's history when they ask: earlier goals, what was already
asked, and how things were going before."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..analysis.reflection import analyse_reflection, to_second_person
from ..models import Entry
from ..store.journal import Journal

RECENT_QUESTIONS = 30  # questions from about the last six sessions are not asked again


@dataclass
class PairContext:
    pair_id: str
    goal: str | None = None  # the latest goal, as a second-person verb phrase
    goal_entry: Entry | None = None
    asked_ids: set[str] = field(default_factory=set)
    asked_texts: set[str] = field(default_factory=set)
    earlier_signals: set[str] = field(default_factory=set)
    entries: int = 0

    def goal_when(self, today: date | None = None) -> str:
        """ "on 2026-11-09 (two weeks ago)" for the goal's entry."""
        if self.goal_entry is None:
            return "earlier"
        written = date.fromisoformat(self.goal_entry.date)
        days = ((today or date.today()) - written).days
        return f"on {written.isoformat()} ({_ago(days)})"


def _ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


def goal_phrase(entry: Entry) -> str | None:
    """The goal in an entry as a bare second-person verb phrase ("get the team using OneDrive")."""
    found = analyse_reflection(entry.text).goals
    if found:
        return found[0]
    if entry.kind == "goal":
        first = entry.text.strip().split(".")[0]
        phrase = to_second_person(first)
        return phrase[0].lower() + phrase[1:] if phrase else None
    return None


def build_context(journal: Journal, pair_id: str, history: int = 50) -> PairContext:
    entries = journal.entries(pair_id, limit=history)
    context = PairContext(pair_id=pair_id, entries=len(entries))
    for entry in reversed(entries):  # newest first: the latest goal counts
        phrase = goal_phrase(entry)
        if phrase:
            context.goal, context.goal_entry = phrase, entry
            break
    for entry in entries[-5:]:
        context.earlier_signals |= analyse_reflection(entry.text).signals
    for question_id, text in journal.recent_questions(pair_id, RECENT_QUESTIONS):
        if question_id:
            context.asked_ids.add(question_id)
        context.asked_texts.add(text.lower())
    return context
