"""Content words and overlap: how the review decides that a later entry talks about the same thing."""

from __future__ import annotations

import re
from functools import cache

_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can can't could couldn't did didn't do does doesn't doing don't down
    during each even ever few for from further had hadn't has hasn't have haven't having he he'd he'll he's
    her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself
    just let's me might more most much must my myself no nor not now of off on once one only or other
    ought our ours ourselves out over own same she she'd she'll she's should shouldn't so some still such
    than that that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those through to too under until up upon us very was wasn't we we'd we'll we're
    we've were weren't what what's when where which while who whom why will with won't would wouldn't you
    you'd you'll you're you've your yours yourself yourselves whether really bit lot thing things get got
    going go went make made want wanted like said says say told tell asked ask think thought see saw
    know way time week weeks today next last first new something someone anything already yet maybe
    two three four five""".split()
)


@cache
def stem(word: str) -> str:
    """A crude, consistent stem: enough to match 'policies'/'policy' and 'scanning'/'scan'."""
    word = word.replace("’", "'").removesuffix("'s")
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if suffix == "es" and not word.endswith(("sses", "xes", "ches", "shes")):
            continue  # "boxes", "classes"; but "pages" and "cases" are "page" and "case" + s
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + keep
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "scann" -> "scan"
    return word


def content_words(text: str) -> set[str]:
    """The stems of the words that carry meaning; a hyphenated word also gives its parts, so that
    "sticky-note" and "sticky note" share words."""
    words = _WORD.findall(text.lower())
    words += [part for w in words if "-" in w for part in w.split("-")]
    return {stem(w) for w in words if w not in STOPWORDS and len(w) > 2}


def shares(topic: set[str], other: set[str], share: float = 0.6, at_least: int = 3) -> bool:
    """True when `other` carries most of `topic`'s content words (or a good handful of them)."""
    if not topic:
        return False
    common = len(topic & other)
    return common >= at_least or common / len(topic) >= share


def shorten(text: str, words: int = 16) -> str:
    """At most `words` words, cut at a clause boundary where there is one."""
    text = text.strip().rstrip(".!?;:,")
    parts = text.split()
    if len(parts) <= words:
        return text
    cut = " ".join(parts[:words])
    comma = cut.rfind(",")
    if comma > len(cut) // 2:
        return cut[:comma]
    return cut + "…"
