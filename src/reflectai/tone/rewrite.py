"""Open rewrites for directive and closed utterances that keep the topic ("ask, don't tell")."""

from __future__ import annotations

import re

from .text import normalise

# The topic of advice is usually what follows its verb: "You should set a deadline" -> "a deadline".
_ADVICE_LEADS = re.compile(
    r"^(?:.*?\byou (?:really |just |probably )?(?:should|ought to|must|need to|have to|could|might "
    r"want to|may want to|'d better)|i(?:'d| would)? (?:suggest|recommend)(?: that you)?|if i were you,? "
    r"i(?:'d| would)|my advice is to|why (?:don't|not) you|why not|how about|what about|what if you|"
    r"have you (?:considered|thought about)|wouldn't it be (?:better|easier) to|make sure (?:you )?|"
    r"don't forget to|remember to|try|let's|please)\s+",
)
_AUX_LEAD = re.compile(
    r"^(?:do|does|did|is|are|was|were|have|has|had|can|could|will|would|should)\s+"
    r"(?:you|they|we|it|he|she|the \w+|your \w+)\s+(?:\w+\s+)?"
)
_VERB_ING = re.compile(r"^(\w+?)(?:ing)\b\s*")
_FIRST_VERB = re.compile(
    r"^(?:set|use|try|send|make|put|move|switch|start|turn|book|schedule|create|give|write|call|email|check|"
    r"keep|add|ask|tell|limit|mute|block|plan|break|split|drop|cut|get|take|go|stop|introduce|run|"
    r"switch over|swap|bring|let|have|do)\b(?:\s+(?:to|over to|on|off|up|down|out|in))?\s*"
)
_PRONOUNS = {"my": "your", "i": "you", "me": "you", "mine": "yours", "myself": "yourself"}
_SYNONYMS = {"deadline": "timeline", "deadlines": "timelines"}


def topic_of(utterance: str) -> str:
    """The noun phrase an utterance is about, in the coachee's perspective; '' when none is found."""
    text = normalise(utterance).rstrip("?.! ")
    text = re.split(r"[.;!?]\s", text)[0]
    text = _ADVICE_LEADS.sub("", text, count=1)
    text = _AUX_LEAD.sub("", text, count=1)
    text = _VERB_ING.sub("", text, count=1) if re.match(r"^\w+ing\b", text) else text
    text = _FIRST_VERB.sub("", text, count=1)
    text = re.sub(r"\b(?:instead|now|first|today|right away|asap|just|then)\b", "", text)
    text = re.sub(r"^(?:to|the students to|them to|it|that)\s+", "", text).strip(" ,")
    words = [_PRONOUNS.get(w, w) for w in text.split()][:8]
    return _restore_case(" ".join(words), utterance)


def _restore_case(topic: str, original: str) -> str:
    """Give each word back the capitals it had in the original ("padlet" -> "Padlet")."""
    if original.isupper():
        return topic
    cased = {w.lower(): w for w in re.findall(r"[\w'-]+", original) if not w.islower()}
    first = re.findall(r"[\w'-]+", original)[:1]
    return " ".join(cased.get(w, w) if not (first and w == first[0].lower()) else w for w in topic.split())


def open_rewrite(utterance: str, label: str) -> str:
    """A question the coachee owns, on the same topic."""
    topic = topic_of(utterance)
    if not topic or len(topic) < 3:
        return "What feels most important to you about this right now?"
    last = topic.split()[-1]
    if last in _SYNONYMS and label == "directive":
        return f"What {_SYNONYMS[last]} would feel realistic to you?"
    if label == "closed_question":
        return f"How are things going with {topic}, as you see it?"
    return f"What are your own thoughts about {topic}?"
