"""Topics raised and never followed up: a worry, question or aside that no later entry comes back to."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from ..models import Finding
from .dips import _DIP
from .reading import Said
from .words import content_words, shares, shorten

_RAISED = re.compile(
    r"\b(?:wonder(?:ed|ing|s)?\s+(?:whether|if|about|how|what|who)|worr(?:y|ies|ied)\s+(?:me|about|"
    r"that|whether)|"
    r"which worries|concern(?:ed|s)?\s+(?:about|that|whether)|as an aside|in passing|separate(?:ly| thought)|"
    r"side note|by the way|one (?:more|other) thing|"
    r"(?:also|then|briefly)\s+(?:raised|mentioned|asked|flagged|"
    r"brought up|told (?:us|me|them))|^unrelated\b|"
    r"not sure\s+(?:whether|if|about|how|who)|(?:isn't|wasn't|aren't|weren't)\s+sure\s+(?:whether|"
    r"if|about|how)|"
    r"not clear (?:whether|if|who|how)|unsure (?:whether|if|about|how)|unclear (?:whether|if|who|"
    r"how)|no idea (?:whether|if|who|how)|"
    r"should (?:check|ask|find out|look into)|need to (?:check|find out|look into)|one day|at some point|"
    r"nobody (?:owns|knows|seems)|no one (?:owns|knows|seems)|never got|curious (?:whether|if|about)|"
    r"question (?:of|about) whether|question (?:was|is) (?:about|whether)|"
    r"ask(?:ed|s|ing)?(?:,[^,]{1,40},)?\s+(?:whether|if)|reckons (?:we|I|she|he|they) (?:could|should)|"
    r"in the back of (?:my|"
    r"her|his) mind|"
    r"nagging|wondered aloud|raised a (?:worry|concern|question)|(?:isn't|wasn't|not) sure (?:that |"
    r"the |how )|"
    r"(?:might|may) (?:apply|move|leave|retire)|(?:also|then) (?:wondered|noticed|said)|"
    # "Ruth mentioned she's nervous the upgrade might break...", "I don't know what to do about that",
    # "Me, wondering: are we even allowed to keep guests' numbers?"
    r"mentioned (?:she|he|they|that)|nervous (?:about|that|the)|wondering\s*:|"
    r"(?:don't|do not|didn't) know (?:what to do|how to|whether|if|who)|"
    r"(?:are|is) (?:we|they|it) even allowed|"
    # "Between you and me I still don't understand how Gift Aid works", "Rosie worries the families ...",
    # "Not sure what we do about ...", "A separate thing:", "the only thing on my mind", "Nobody's really
    # sure who answers"
    r"between you and me|(?:still )?(?:don't|do not) (?:really )?understand (?:how|why|what|whether)|"
    r"(?:nobody|no one) (?:has )?ever explained|worr(?:y|ies|ied) the|not sure what|"
    r"(?:a )?separate (?:thing|matter|issue|point)|on (?:my|her|his) mind|"
    r"(?:nobody|no one)'s (?:really )?sure)\b",
    re.IGNORECASE,
)
# the many other ways a side worry, question or idea is told ("A stray thought:", "He floated ...")
_ASIDE = re.compile(
    r"\b(?:brought up|raised|floated|mused|queried|query|worried|puzzled|not certain|uncertain|uneasy|"
    r"side (?:thought|question|issue|point|note|worry)|aside|afterthought|footnote|incidentally|"
    r"tangent|detour|"
    r"sideways|throwaway|in passing|curveball|stray thought|open (?:question|thread)|question mark|"
    r"unanswered|"
    r"fuzzy area|concern(?:ed|s)?|bother(?:s|ing)|nag(?:s|ged|ging)|bugging|niggle|hunch|lingering doubt|"
    r"crossed (?:my|her|his) mind|occurred to|meaning to (?:ask|check)|worth checking|park(?:ed)?\b|"
    r"(?:another|other) (?:day|time|year|term)|not for today|I'd love to know|out of curiosity|not convinced|"
    # said on the way out: "As we were packing up she said...", "At the very end Liam said..."
    r"(?:as we were|while we were) (?:packing up|leaving|finishing|wrapping up)|"
    r"on (?:the|her|his|my) way out|"
    r"(?:at|near|towards) the (?:very )?end\b(?! of (?:the |each |every |a |this |next )?(?:term|year|month|"
    r"week|day|shift|round|lesson|quarter))|"
    r"just (?:before|as) (?:we|she|he|they|I) (?:finished|stopped|left|hung up|wrapped up|closed|rang off)|"
    # a change of subject: "Different subject:", "And while I think of it,", "Before I forget,"
    r"different (?:subject|topic|matter)|on (?:a|an) (?:different|other|unrelated) note|on another note|"
    r"change of subject|while I think of it|before I forget|(?:also|then) found out|"
    r"anxious about|back of (?:my|her|his) mind|separate worry|keep thinking|"
    r"(?:a )?whole (?:other|different|separate) (?:thing|story|conversation|question|matter)|"
    r"mentioned(?:,[^,]{1,60},)? (?:that|"
    r"whether|a|the))",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^(?:\S+\s+){0,6}?(?:wonder(?:ed|ing|s)?(?: aloud)?|raised a (?:worry|concern|question)|"
    r"worr(?:y|ies|ied)(?: about)?|concern(?:ed|s)?(?: about)?|"
    r"(?:as|almost as) an aside|in passing|separate(?:ly| thought)|side note|by the way|"
    r"one more thing|raised|"
    r"mentioned|flagged|brought up|asked|not sure(?: about)?|(?:isn't|wasn't|aren't|weren't) sure(?: about)?|"
    r"not clear|unclear|unsure(?: about)?|no idea|curious(?: about)?|she'd like to|he'd like to|"
    r"I'd like to)[,:]?\s*(?:that\s+)?",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r",?\s*(?:which|and that) (?:worries|concerns|bothers|nags)\b.*$|,\s*which I (?:should|need|must)\b.*$",
    re.I,
)


def raises(text: str) -> bool:
    """A worry, question, aside or idea someone raised."""
    return bool(_RAISED.search(text) or _ASIDE.search(text))


def dip_first(text: str) -> bool:
    """Whether a sentence is a dip before it is an aside: a dip is reported as a dip, but "Just before we
    finished she said the out-of-hours team can't open our photos, so what's the point" raises the photos."""
    dip = _DIP.search(text)
    if dip is None:
        return False
    cue = _RAISED.search(text) or _ASIDE.search(text)
    return cue is None or dip.start() <= cue.start()


def common_words(said: Sequence[Said], share: float = 0.4) -> set[str]:
    by_entry: dict[int, set[str]] = {}
    for s in said:
        by_entry.setdefault(s.entry.id, set()).update(s.words)
    if len(by_entry) < 4:
        return set()
    counts: dict[str, int] = {}
    for words in by_entry.values():
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    return {w for w, n in counts.items() if n / len(by_entry) >= share}


def topic_phrase(sentence: str) -> str:
    """The topic without its lead-in: 'whether parents can see these documents at home'."""
    topic = _TRAILING.sub("", sentence.strip().rstrip(".!?"))
    for _ in range(3):  # "mentioned in passing that she isn't sure about X" -> "X"
        stripped = _LEAD_IN.sub("", topic, count=1).strip()
        if stripped == topic or len(content_words(stripped)) < 2:
            break
        topic = stripped
    return shorten(topic, 18)


def topic_findings(
    said: Sequence[Said], read_as_raised: Collection[int] = (), limit: int = 6
) -> list[Finding]:
    """Topics someone raised that no later entry comes back to (only when a later entry exists); the
    sentences `read_as_raised` (their ids; sentence_reading.py) count as raising one.

    Words most of the pair's entries use (their tool, their class) say nothing about one topic, so they
    do not count towards a later mention."""
    common = common_words(said)
    findings = []
    for i, s in enumerate(said):
        if not (raises(s.text) or id(s) in read_as_raised) or dip_first(s.text):
            continue
        later = [o for o in said[i + 1 :] if o.entry.id != s.entry.id]
        if not later:
            continue  # raised in the latest entry: not yet a question of follow-up
        topic = topic_phrase(s.text)
        words = content_words(topic) - common
        if len(words) < 2 or any(shares(words, set(o.words)) for o in later):
            continue
        findings.append(
            Finding(
                kind="unfollowed_topic",
                summary=f"raised on {s.entry.date} and not mentioned since: {topic}",
                person=s.entry.author,
                sources=[s.ref()],
            )
        )
    return findings[-limit:]
