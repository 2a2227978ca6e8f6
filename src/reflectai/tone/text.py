"""Sentence and utterance splitting, and the normalisation the cues work on."""

from __future__ import annotations

import re

_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "etc.",
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
    "vs.",
    "approx.",
    "no.",
    "st.",
    "yr.",
    "min.",
    "p.m.",
    "a.m.",
)
_ABBREVIATION = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, _ABBREVIATIONS)) + ")", re.IGNORECASE)
# an initial standing for a name, before the rest of its sentence: "M. will try dictating notes"
_INITIAL = re.compile(r"(?<![\w.])([A-Z])\.(?=\s+[a-z])")
# ...nor does a quoted question inside it: "chase calls 'any update?' down by half"
_QUOTED_MARK = re.compile(r"([?!])(?=[\"'”’]\s+[a-z])")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=[\"“'(\[]?[A-Za-z0-9¿¡])")
_FILLERS = re.compile(
    r"^(?:(?:um+|uh+|erm+|er|hmm+|mm+|ok(?:ay)?|right|so|well|yeah|yes|and|but|now|oh|ah|"
    r"i mean|you know|like|look|listen|alright|anyway|sure|great|cool|honestly)\b[\s,.…-]*)+",
    re.IGNORECASE,
)
# typed in a hurry: "whats your sense of...", "hows it going", "dont"
_MISSING_APOSTROPHE = re.compile(r"\b(what|how|where|who|that|don|doesn|didn|isn|wasn|can)('?)(s|t)\b")
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+")


def sentences(text: str) -> list[str]:
    """Split one line of text into sentences; abbreviations, initials and quoted questions do not end a
    sentence."""
    protected = _ABBREVIATION.sub(lambda match: match.group(0).replace(".", "\0"), text)
    protected = _INITIAL.sub("\\1\0", protected)
    protected = _QUOTED_MARK.sub(lambda match: "\x01" if match.group(1) == "?" else "\x02", protected)
    parts = [
        p.replace("\0", ".").replace("\x01", "?").replace("\x02", "!").strip()
        for p in _SENTENCE_END.split(protected)
    ]
    return [p for p in parts if p]


def _apostrophe(match: re.Match[str]) -> str:
    word, _, ending = match.groups()
    fits = ending == "t" if word.endswith("n") else ending == "s"  # "whats", "dont"; not "cans"
    return f"{word}'{ending}" if fits else match.group(0)


def normalise(sentence: str) -> str:
    """Lower-case, emoji and leading fillers removed, curly quotes straightened."""
    text = _EMOJI.sub(" ", sentence).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s+", " ", text).strip().lower()
    text = _MISSING_APOSTROPHE.sub(_apostrophe, text)
    stripped = _FILLERS.sub("", text).strip()
    return stripped or text


def is_question_mark(sentence: str) -> bool:
    """Ends with "?", allowing closing quotes, brackets and emoji after it."""
    return bool(re.search(r"\?[\s\"'”’)\]]*$", _EMOJI.sub("", sentence)))
