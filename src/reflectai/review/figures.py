"""Figures as people write them, and the ways a goal's progress is told with them that `goals` reads
beside its shares, amounts of time and counts: a change from a starting figure ("halve the missed
doses": 64 last quarter, 30 this one), a tally of numbered things done ("run three sessions":
"Sessions two and three went into the Wednesday slot") and a count for each period ("fewer than five a
week": "3, 4, 2 and 4")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# numbers as people write them: "1,940", "31", "Seventeen"
SMALL_NUMBERS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split(),
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100}
NUMBER_WORDS = "|".join(SMALL_NUMBERS)
NUMBER = rf"\d{{1,3}}(?:,\d{{3}})+|\d+|{NUMBER_WORDS}"


def value_of(number: str) -> float:
    """'1,940' is 1940.0, 'Seventeen' 17.0, 'a' 1.0."""
    word = number.lower()
    if word in ("a", "an"):
        return 1.0
    return float(SMALL_NUMBERS[word]) if word in SMALL_NUMBERS else float(number.replace(",", ""))


# -- a change from where it started --------------------------------------------------------------

# "halve the missed doses", "cut printing by 30%", "up by a quarter", "double the number of visits"
_CHANGE_AIM = re.compile(
    r"\b(?P<half>halve|halving|in half|by half(?![- ]?term| past))\b|\b(?P<double>double|doubling)\b|"
    r"\bby\s+(?:(?P<pct>\d+(?:\.\d+)?)\s*(?:%|per ?cent\b)|(?P<frac>a third|a quarter|a fifth|a tenth)\b)",
    re.IGNORECASE,
)
_FRACTION_OF = {"a third": 1 / 3, "a quarter": 0.25, "a fifth": 0.2, "a tenth": 0.1}
_DOWN = re.compile(r"\b(?:reduce|cut|down|lower|fewer|less|drop|decrease|shrink|bring down)\b", re.I)
_UP = re.compile(r"\b(?:raise|increase|up|grow|more|boost|lift|improve)\b", re.I)
# a figure with what it counts: not a date, a year, an amount of time, or a label ("Year 9", "ward 12")
_FIGURE = re.compile(
    r"(?<![\w.,:/-])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?P<pct>\s*(?:%|per ?cent))?"
    r"(?![\w:/-]|[.,]\d)(?!\s+(?:minutes?|mins?|hours?|days?|weeks?|months?|years?|am|pm)\b)",
    re.IGNORECASE,
)
_LABEL_BEFORE = re.compile(
    r"\b(?:year|week|weeks|day|room|ward|bay|floor|level|phase|stage|step|version|term|unit|module|"
    r"grade|session|page|no\.|number|band|key stage|ks)\s*$",
    re.IGNORECASE,
)


def change_aim(goal: str) -> tuple[str, float] | None:
    """Where a goal told as a change heads, relative to where it started: ('down', 0.5) for "halve",
    ('down', 0.7) for "cut by 30%", ('up', 1.25) for "up by a quarter"; None for any other goal."""
    aim = _CHANGE_AIM.search(goal)
    if not aim:
        return None
    if aim.group("half"):
        return "down", 0.5
    if aim.group("double"):
        return "up", 2.0
    share = float(aim.group("pct")) / 100 if aim.group("pct") else _FRACTION_OF[aim.group("frac").lower()]
    before = goal[: aim.start()]
    if _DOWN.search(before):
        return "down", 1 - share
    if _UP.search(before):
        return "up", 1 + share
    return None


@lru_cache(maxsize=1024)  # a goal's earlier reports are read again with each new one
def figures(text: str) -> tuple[tuple[float, bool], ...]:
    """The figures a sentence gives, as (value, is a percentage), in order."""
    found = []
    for m in _FIGURE.finditer(_CHANGE_AIM.sub(" ", text)):
        number = m.group("n")
        if _LABEL_BEFORE.search(text[: m.start()]) or (len(number) == 4 and number[:2] in ("19", "20")):
            continue
        found.append((value_of(number), bool(m.group("pct"))))
    return tuple(found)


def change_says(goal: str, reports: Sequence[str]) -> str | None:
    """'met' or 'in_progress' for a goal told as a change, from the reports on it so far (the latest
    last): the first figure given is where it started, the latest report's figures where it is now.
    None when the goal is not a change, or the latest report gives no figure to compare."""
    aim = change_aim(goal)
    if aim is None or not reports:
        return None
    latest = figures(reports[-1])
    earlier = [f for text in [goal, *reports[:-1]] for f in figures(text)]
    if not latest or (not earlier and len(latest) < 2):
        return None  # one figure and nothing before it: where it started, not where it is
    start, current = (earlier[0], latest) if earlier else (latest[0], latest[1:])
    now = [f for f in current if f[1] == start[1]]  # a share is not compared with a count
    if not now or start[0] <= 0:
        return None
    way, factor = aim
    target = start[0] * factor
    reached = all(v <= target for v, _ in now) if way == "down" else all(v >= target for v, _ in now)
    return "met" if reached else "in_progress"


# -- a tally of numbered things done --------------------------------------------------------------

# "run three teaching sessions", "for all ten weeks": a count of things, with no direction
_TALLY_GOAL = re.compile(
    rf"(?<!at least )(?<!than )(?<!under )(?<!over )\b(?P<n>{NUMBER})\s+"
    r"(?P<what>(?:[\w-]+\s+){0,3}[a-z]+s)\b",
    re.IGNORECASE,
)
# numbered things named in the goal: "volumes three and four", "weeks 7 to 10", "units 1, 2 and 3"
_NUMBERED_GOAL = re.compile(
    rf"\b(?P<what>[a-z]{{3,}}s)\s+(?:{NUMBER})(?:\s*(?:,|and|to|-|–|&)\s*(?:{NUMBER}))+\b", re.IGNORECASE
)
# a count only planned, not done: "eight sessions are planned", "we'll run two more"
PLANNED = re.compile(r"\b(?:(?:is|are) (?:planned|booked|scheduled)|will|going to|plan to)\b|'ll\b", re.I)


# the note's own numbering, not the goal's: "Session three: I coached Fern"
_HEADING = re.compile(r"^\s*(?:session|meeting|week|check-in)\s+\w+\s*:", re.IGNORECASE)
# the latest one by its number: "Elm Lodge on Thursday was number eight", "That makes it no. 4"
_NUMBER_N = re.compile(rf"\b(?:was|is|makes|made)\s+(?:it\s+)?(?:number|no\.)\s+(?P<n>{NUMBER})\b", re.I)


_ANY_NUMBER = re.compile(rf"\b(?:{NUMBER})\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Tally:
    wholes: tuple[float, ...]  # each count the goal names: "three" in "run three sessions"
    told: tuple[tuple[float, re.Pattern[str]], ...]  # a count, and its things told by number


@lru_cache(maxsize=256)  # asked of every later sentence for every goal
def _tally(goal: str) -> _Tally:
    counted = [(value_of(m.group("n")), m.group("what").split()) for m in _TALLY_GOAL.finditer(goal)]
    for named in _NUMBERED_GOAL.finditer(goal):
        counted.append((max(value_of(n) for n in _ANY_NUMBER.findall(named.group(0))), [named.group("what")]))
    told = tuple(
        (
            whole,
            # "Sessions two and three", "weeks 7 to 10", "Sessions so far: five", "Six sessions done"
            re.compile(
                rf"\b{re.escape(noun[:-1])}s?\s+(?:so far:?\s+)?(?:{NUMBER})\b"
                rf"(?:\s*(?:,|and|to|-|–|&)\s*(?:{NUMBER})\b)*|"
                rf"\b(?:{NUMBER})\s+(?:[\w-]+\s+){{0,2}}{re.escape(noun[:-1])}s?\s+(?:now\s+)?"
                r"(?:done|delivered|run|held|completed|finished)\b",
                re.IGNORECASE,
            ),
        )
        for whole, nouns in counted
        for noun in nouns
        if len(noun) >= 4 and noun.endswith("s")
    )
    return _Tally(tuple(whole for whole, _ in counted), told)


def tally_says(goal: str, text: str) -> str | None:
    """'met' when a sentence reports the last of the goal's numbered things done ("Sessions two and
    three went into the Wednesday slot" for three sessions, "weeks 7 to 10" for all ten weeks, "was
    number eight"), 'in_progress' for an earlier one ("Ran session one", "Sessions so far: five");
    None when it numbers none of them."""
    tally = _tally(goal)
    if not tally.wholes or not _ANY_NUMBER.search(text) or PLANNED.search(text):
        return None
    text = _HEADING.sub(" ", text)
    latest = _NUMBER_N.search(text)
    if latest and len(tally.wholes) == 1 and 0 < value_of(latest.group("n")) <= tally.wholes[0]:
        return "met" if value_of(latest.group("n")) == tally.wholes[0] else "in_progress"
    for whole, pattern in tally.told:
        if told := pattern.search(text):
            furthest = max(value_of(n) for n in _ANY_NUMBER.findall(told.group(0)))
            if 0 < furthest <= whole:
                return "met" if furthest == whole else "in_progress"
    return None


# -- a count for each period ---------------------------------------------------------------------

# each period's count in turn: "9, 7, 6 and 8 a week", "two, three and then just one student"
_RUN = re.compile(
    rf"\b(?:{NUMBER})(?:\s*,\s*(?:then\s+)?(?:just\s+)?(?:{NUMBER}))*,?\s+(?:and|then)\s+(?:then\s+)?"
    rf"(?:just\s+)?(?:{NUMBER})\b",
    re.IGNORECASE,
)
# every period at or past a count: "every week from week 4 on had at least six students"
_EVERY_PERIOD = re.compile(
    rf"\b(?:every|each)\s+(?:week|day|month|term|session)\b[^.;]*?\b(?P<dir>at least|over|more than|"
    rf"under|fewer than|less than|no more than)\s+(?P<n>{NUMBER})\b",
    re.IGNORECASE,
)


_SPAN = re.compile(rf"\b(?:{NUMBER})\s+(?:[a-z]+\s+)?(?:weeks|days|months|terms|sessions|lessons)\b", re.I)


_AVERAGE_COUNT = re.compile(
    rf"\baverag\w*\s+(?:of\s+)?(?:(?:just\s+)?(?:under|below|about|around|roughly|nearly|over)\s+)?"
    rf"(?P<n>{NUMBER})\b(?!\s*%)",
    re.IGNORECASE,
)


def per_period_says(count: re.Match[str], text: str) -> str | None:
    """A goal for each period ("fewer than five a week") is met when every period reported meets it:
    "3, 4, 2 and 4", or each count given ("18 calls the week of the 15th, 12 last week")."""
    target, direction = value_of(count.group("n")), count.group("dir").lower()
    run = _RUN.search(text)
    average = _AVERAGE_COUNT.search(text)
    if average:
        seen = [value_of(average.group("n"))]  # "averages just under six calls a day": one figure per period
    elif run:
        seen = [value_of(n) for n in _ANY_NUMBER.findall(run.group(0))]
    elif _SPAN.search(text):
        seen = []  # "19 starters over eleven weeks" is a total, not a count per week
    else:
        # each count of what the goal counts, or of a period: "18 calls the week of the 15th, 12 last week"
        counted = re.findall(r"[a-z]{3,}", count.string[count.end() : count.end() + 40].lower())[:3]
        what = "|".join(re.escape(w.rstrip("s")) for w in counted) or "(?!)"
        seen = [
            value_of(m.group(1))
            for m in re.finditer(
                rf"(?<![\w.,:/-])(\d+)\s+(?:(?:{what})s?\b|(?:last|this|that|the|a|per|each)\s+"
                r"(?:week|day|month|term|fortnight)\b)",
                text,
                re.IGNORECASE,
            )
        ]
    if seen:
        return "met" if all(compare(v, target, direction) == "met" for v in seen) else "in_progress"
    every = _EVERY_PERIOD.search(text)
    if every and (every.group("dir").lower() in {"at least", "over", "more than"}) == (
        direction in {"at least", "over", "above", "more than"}
    ):
        # a bound on every period: "at least six" meets "at least five"; "under four" meets "fewer than five"
        return compare(value_of(every.group("n")), target, direction)
    return None


def compare(seen: float, target: float, direction: str) -> str:
    if direction in {"below", "under", "less than", "fewer than"}:
        return "met" if seen < target else "in_progress"
    if direction == "no more than":
        return "met" if seen <= target else "in_progress"
    return "met" if seen >= target else "in_progress"
