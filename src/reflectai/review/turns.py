"""Whose turn: who was coached in each session of a group, and who is next to be coached."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Finding, Pair
from .reading import Said, first_name

_COACHED = re.compile(r"\b(I|[A-Z][a-z]+)\s+coached\s+(me|[A-Z][a-z]+)\b")
_COACHED_BY = re.compile(r"\b(I|[A-Z][a-z]+)\s+(?:was|were)\s+coached\s+by\s+(me|[A-Z][a-z]+)\b")
# the coachee named without the coach: "Lukas was in the hot seat", "Ana's turn as coachee",
# "Chloe took the coachee seat", "Joy's name came out of the mug", "Ben volunteered to go first"
_COACHEE = re.compile(
    r"\b(I|[A-Z][a-z]+)(?:'s)?\s+(?:was|were|am)\s+(?:the\s+|in\s+the\s+)?(?:coachee|hot seat)\b"
    r"|\b([A-Z][a-z]+)'s\s+turn\s+(?:in\s+the\s+hot seat|as\s+(?:the\s+)?coachee|to\s+be\s+coached)"
    r"|\b(I|[A-Z][a-z]+)\s+(?:swapped\s+and\s+|stepped\s+in\s+and\s+)?took\s+the\s+"
    r"(?:coachee(?:'s)?\s+(?:seat|chair|role)|hot seat)"
    r"|\b([A-Z][a-z]+)'s\s+name\s+(?:came|was\s+drawn|was\s+pulled)"
    r"|\bsaid\s+([A-Z][a-z]+),\s+so\s+(?:she|he|they)\s+(?:was|were)\s+the\s+coachee"
    r"|\b([A-Z][a-z]+)\s+volunteered\s+to\s+go\s+first"
    r"|\b([A-Z][a-z]+)\s+(?:was\s+|back\s+and\s+)?in\s+the\s+(?:chair|hot seat|coachee's chair)\b"
    # "Grace's turn.", "Olu's session." ("Pete's turn really, but he's on leave" did not happen)
    r"|\b([A-Z][a-z]+)'s\s+(?:delayed\s+|postponed\s+|first\s+|second\s+)?(?:turn|session)\b"
    r"(?!\s+(?:really|next|to\s+coach|as\s+(?:the\s+)?coach\b|"
    r"notes?|plan))"
    # "Aisha up first again", "Round two starts with Ben", "Nadia swapped in", "Back round to Grace."
    r"|\b([A-Z][a-z]+)\s+up\s+first\b|\b(?:starts|started|begins|began)\s+with\s+([A-Z][a-z]+)\b"
    r"|\b([A-Z][a-z]+)\s+swapped\s+in\b|(?:^|[.;,]\s*)[Bb]ack\s+(?:round\s+)?to\s+([A-Z][a-z]+)\b"
    # "back round to Jerome being coached", "Bernadette took her turn early"
    r"|\b([A-Z][a-z]+)\s+being\s+coached\b|\b([A-Z][a-z]+)\s+took\s+(?:her|his|their)\s+turn\b"
    r"|\b([A-Z][a-z]+)\s+was\s+coached\b(?!\s+by\b)"
    r"|(?:^|[.;,]\s*)(?:[Cc]oached|[Cc]oaching)\s+([A-Z][a-z]+)\b"
    r"|\bmy\s+turn\s+(?P<me>as\s+(?:the\s+)?coachee|in\s+the\s+hot seat|to\s+be\s+coached)"
)


# who is to be coached next, said outright: "Yusuf is coached next time", "Ana's turn next"
_NEXT = re.compile(
    r"\b([A-Z][a-z]+)\s+(?:is|will be)\s+(?:coached|in the (?:chair|hot seat))\s+next\b"
    r"|\b([A-Z][a-z]+)'s\s+turn\s+(?:is\s+)?next\b|\b([A-Z][a-z]+)\s+(?:is\s+)?up\s+next\b"
    r"|\bnext\s+(?:time|session)\s+(?:it's|it is|will be)\s+([A-Z][a-z]+)(?:'s\s+turn)?\b"
)


_NOT_HELD = re.compile(
    r"\b(?:meant to be|supposed to be|due to be|should have been|would have been|was to be)\s+$",
    re.IGNORECASE,
)


def _named_next(s: Said, names: dict[str, str]) -> str | None:
    match = _NEXT.search(s.text)
    return names.get(next(g for g in match.groups() if g).lower()) if match else None


def _coachees(s: Said, names: dict[str, str]) -> list[str]:
    """Who this sentence says was coached (members only)."""
    author = s.entry.author
    found: list[str] = []

    def person(word: str) -> str | None:
        return author if word.lower() in {"me", "i"} else names.get(word.lower())

    for pattern, coach_group, coachee_group in ((_COACHED, 1, 2), (_COACHED_BY, 2, 1)):
        for match in pattern.finditer(s.text):
            coachee, coach = person(match.group(coachee_group)), person(match.group(coach_group))
            if coachee and coach and coachee != coach:
                found.append(coachee)
    for match in _COACHEE.finditer(s.text):
        if _NOT_HELD.search(s.text[: match.start()]):
            continue  # "was meant to be Maureen's turn as coachee, but she was off unwell"
        if match.group("me"):
            found.append(author or "")
            continue
        word = next(g for g in match.groups() if g)
        who = person(word)
        if who:
            found.append(who)
    return [f for f in dict.fromkeys(found) if f]


def turn_finding(said: Sequence[Said], pair: Pair) -> Finding | None:
    """In a group, who is coached next: someone not coached yet, else whoever waited longest.

    The person coached last time coaches next (the usual rotation), so they are never next.
    """
    if len(pair.members) < 3 and pair.model != "group":
        return None
    names = {first_name(m).lower(): m for m in pair.members}
    turns: list[tuple[Said, str]] = []  # (where it is written, who was coached)
    named_next: tuple[Said, str] | None = None  # the latest "X is coached next time"
    for s in said:
        turns += [(s, person) for person in _coachees(s, names) if person in pair.members]
        if (person := _named_next(s, names)) in pair.members:
            named_next = (s, person)
    if not turns:
        return None
    last_turn: dict[str, int] = {}
    for index, (_, person) in enumerate(turns):
        last_turn[person] = index
    just_coached = turns[-1][1]
    waiting = [m for m in pair.members if m not in last_turn]
    said_next = named_next is not None and (named_next[0].entry.date, named_next[0].entry.id) >= (
        turns[-1][0].entry.date,
        turns[-1][0].entry.id,
    )
    if named_next is not None and said_next:
        nxt = named_next[1]  # said outright after the last turn: a swap or an absence changed the order
    elif waiting:
        nxt = waiting[0]
    else:
        candidates = [m for m in pair.members if m != just_coached]
        nxt = min(candidates, key=lambda m: last_turn[m])
    return Finding(
        kind="turn",
        summary=(
            f"{first_name(nxt)} is next to be coached: "
            + (
                "named as next in the notes"
                if said_next
                else "not coached yet in the sessions recorded"
                if nxt in waiting
                else "waited longest since a turn"
            )
            + f"; {first_name(just_coached)} was coached last ({turns[-1][0].entry.date})"
        ),
        person=nxt,
        sources=[s.ref() for s, _ in turns[-len(pair.members) :]],
    )
