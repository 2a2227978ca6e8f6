"""Read a written reflection into the facts the question engine works with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..tone.text import sentences
from .lexicon import (
    ASKS_ADVICE,
    CRISIS,
    DIP,
    DISTRESS,
    FEELINGS,
    GOAL_FRAMES,
    GROUP_NOUNS,
    MONTHS_AND_DAYS,
    SUCCESS,
    THEMES,
    TOOLS,
)

_TOOL_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(TOOLS, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
_GROUP = re.compile(rf"\b(my|our|the)\s+({GROUP_NOUNS})\b", re.IGNORECASE)
_GOAL = re.compile(rf"\b{GOAL_FRAMES}\s+([^.;!?]{{3,90}})", re.IGNORECASE)
# tools described rather than named: "the new electronic medication record", "started using the kiosks"
_TOOL_NOUNS = (
    r"system|record|records|platform|app|apps|software|tool|portal|scanners?|tablets?|ipads?|dashboard|"
    r"catalogue|catalog|database|template|laptops?|devices?|kiosks?|screens?|pumps?|monitors?|"
    r"machines?|forms?|spreadsheets?|checklists?|calendars?|trackers?|chatbot|website|headsets?|"
    r"phones?|whiteboards?|search|recording|recordings|gates|rota|workflow"
)
# tools described rather than named: "the new electronic medication record", "a messaging app"
_DESCRIBED_TOOL = re.compile(
    rf"\b(?:the|our|a|an|my) (?:new )?((?:[a-z][\w-]+ ){{0,3}}?(?:{_TOOL_NOUNS}))\b", re.IGNORECASE
)
_NOT_TOOL_WORDS = frozenset("same whole other first last next old usual only right wrong".split())
# groups and places with a describing word or two: "the surgical assessment unit", "our code club"
_DESCRIBED_GROUP = re.compile(
    r"\b(my|our|the) ((?:[A-Za-z][\w-]+ ){0,3}?(?:ward|unit|clinic|branch|office|club|circle|"
    r"department|desk|team|shift|class|group|cohort|library|surgery|practice))\b",
)
_NAMED_GROUP = re.compile(r"\b((?:Ward|Year|Class|Room|Unit|Bay|Form|Grade|Set) [0-9][0-9A-Za-z]*)\b")
_NAME_CONTEXT = re.compile(
    r"\b((?:Mr|Mrs|Ms|Miss|Dr) [A-Z][a-zá-ú]{2,12})\b|"
    r"\b(?:with|colleague|coach|partner|told|asked|and|from|called|named|mentor)\s+([A-Z][a-zá-ú]{2,12})\b"
    r"|\b([A-Z][a-zá-ú]{2,12})\s+(?:said|says|asked|suggested|showed|helped|noticed|told|came|was|is|"
    r"from|who|has|had|and I|thinks|thought)\b"
)
_PRONOUNS = [
    (r"\bmy\b", "your"),
    (r"\bmine\b", "yours"),
    (r"\bmyself\b", "yourself"),
    (r"\bI'm\b", "you're"),
    (r"\bI am\b", "you are"),
    (r"\bI\b", "you"),
    (r"\bme\b", "you"),
    (r"\bour\b", "your"),
    (r"\bwe\b", "you"),
    (r"\bus\b", "you"),
]
_NOT_NAMES = frozenset(
    "the this that then there they their what when where which while with week year term this "
    "after before because but and also just still maybe monday tuesday wednesday thursday friday "
    "english maths math science history geography french spanish german art music biology chemistry "
    "physics library ward it hr year class room unit bay".split()
)


def to_second_person(phrase: str) -> str:
    for pattern, replacement in _PRONOUNS:
        phrase = re.sub(pattern, replacement, phrase, flags=re.IGNORECASE if pattern != r"\bI\b" else 0)
    return phrase.strip(" ,")


def _contains(text: str, phrases: tuple[str, ...]) -> list[str]:
    lower = text.lower()
    return [p for p in phrases if p in lower]


@dataclass
class ReflectionAnalysis:
    text: str
    sentences: list[str]
    tools: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # second person: "your Year 10 class"
    people: list[str] = field(default_factory=list)
    feelings: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)  # bare verb phrases, second person
    themes: list[str] = field(default_factory=list)
    signals: set[str] = field(default_factory=set)
    word_count: int = 0

    @property
    def slots(self) -> dict[str, str]:
        """Values for the question bank's placeholders, from the coachee's own words."""
        values: dict[str, str] = {}
        if self.tools:
            values["tool"] = self.tools[0]
        if self.groups:
            values["group"] = self.groups[0]
        if self.people:
            values["person"] = self.people[0]
        if self.feelings:
            values["feeling"] = self.feelings[0]
        if self.goals:
            values["goal"] = self.goals[0]
        return values

    @property
    def situations(self) -> set[str]:
        found = {"general"}
        mapping = {"dip": "dip", "success": "success", "asks_advice": "asks_advice", "stuck": "stuck"}
        found |= {mapping[s] for s in self.signals if s in mapping}
        found.add("goal_stated" if self.goals else "no_goal")
        if self.word_count < 25:
            found.add("vague")
        return found


def redact(text: str) -> str:
    """Emails and phone numbers never travel into questions or rationales."""
    from ..llm.privacy import mask_contacts

    return mask_contacts(text)


def tools_named(text: str) -> list[str]:
    """The tools a text names, as `analyse_reflection(text).tools` finds them, without the rest of
    the analysis (a third of its cost)."""
    return _tools(redact(text))


def _tools(text: str) -> list[str]:
    """Tools in order of first mention: named ones ("Microsoft Teams", not "Teams") and ones described
    in words ("the self-issue machines"); the longest mention of a tool wins."""
    found: list[tuple[int, str]] = []
    for match in _TOOL_PATTERN.finditer(text):
        name = match.group(1)
        canonical = next((t for t in TOOLS if t.lower() == name.lower()), name)
        found.append((match.start(), name if not name.islower() or canonical.islower() else canonical))
    for match in _DESCRIBED_TOOL.finditer(text):
        words = match.group(1).split()
        if len(words) > 1 and words[0].lower() not in _NOT_TOOL_WORDS:
            found.append((match.start(), f"the {match.group(1)}"))
    return _longest_first_seen(found)


def _longest_first_seen(found: list[tuple[int, str]]) -> list[str]:
    names = [name for _, name in sorted(found)]
    unique: list[str] = []
    for name in names:
        lower = name.lower()
        if any(lower in other.lower() and lower != other.lower() for other in names):
            continue  # a longer mention says more
        if lower not in {u.lower() for u in unique}:
            unique.append(name)
    return unique


def _groups(text: str) -> list[str]:
    """Groups and places in the coachee's words, in second person, in order of first mention."""
    found: list[tuple[int, str]] = [(m.start(), m.group(1)) for m in _NAMED_GROUP.finditer(text)]
    for pattern in (_GROUP, _DESCRIBED_GROUP):
        for match in pattern.finditer(text):
            noun = match.group(2)
            if noun.split()[-1][0].isupper() and noun.lower() in {t.lower() for t in TOOLS}:
                continue  # "the Teams" is the tool, not a team
            converted = to_second_person(f"{match.group(1)} {noun}")
            found.append((match.start(), converted[0].lower() + converted[1:]))
    groups = _longest_first_seen(found)
    specific = [g for g in groups if len(g.split()) > 2 or any(ch.isdigit() or ch.isupper() for ch in g)]
    return specific + [g for g in groups if g not in specific]


def analyse_reflection(text: str) -> ReflectionAnalysis:
    clean = redact(text)
    lines = [line.strip() for line in clean.splitlines() if line.strip()]
    parts = [s for line in lines for s in sentences(line)]
    analysis = ReflectionAnalysis(text=text, sentences=parts, word_count=len(clean.split()))

    analysis.tools = _tools(clean)
    analysis.groups = _groups(clean)

    tool_words = {w.lower() for t in analysis.tools for w in t.split()}
    for match in _NAME_CONTEXT.finditer(clean):
        name = match.group(1) or match.group(2) or match.group(3)
        if (
            name.lower() not in _NOT_NAMES
            and name.lower() not in MONTHS_AND_DAYS
            and name.lower() not in tool_words
            and name not in analysis.people
        ):
            analysis.people.append(name)

    lower = clean.lower()
    analysis.feelings = [f for f in FEELINGS if re.search(rf"\b{f}\b", lower)]

    for match in _GOAL.finditer(clean):
        phrase = re.split(r"\b(?:but|because|although|though|so that)\b|,", match.group(1))[0]
        phrase = to_second_person(phrase)
        if len(phrase.split()) >= 2:
            analysis.goals.append(phrase)

    analysis.themes = [theme for theme, words in THEMES.items() if _contains(clean, words)]
    if _contains(clean, DIP):
        analysis.signals.add("dip")
    if _contains(clean, SUCCESS):
        analysis.signals.add("success")
    if _contains(clean, ASKS_ADVICE):
        analysis.signals.add("asks_advice")
    if _contains(clean, DISTRESS):
        analysis.signals.add("distress")
    if _contains(clean, CRISIS):
        analysis.signals.add("crisis")
    if re.search(r"\b(?:stuck|don't know (?:how|what|where)|no idea|going round in circles)\b", lower):
        analysis.signals.add("stuck")
    return analysis
