"""Commitments: what someone said they would do, and whether a later entry came back to it."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from ..analysis.reflection import to_second_person
from ..models import Entry, Finding, Pair
from .reading import Said, first_name
from .words import content_words, shares, shorten

# the verbs of a task written down in minutes style ("Tom to ask IT about the printer")
_TASK_VERBS = (
    r"ask|send|log|book|bring|chase|email|call|check|find|share|set|look|write|draft|try|trial|raise|speak|"
    r"talk|order|print|update|circulate|follow|run|sort|arrange|contact|invite|test|pilot|read|review|post|"
    r"add|fix|get|give|make|put|show|take|time|keep|track|tally|collect|count|record|phone|ring|text|plan|"
    r"prepare|organise|organize|visit|observe|watch|meet|report|escalate|email|forward|dig|pull"
)
_COMMITMENT = re.compile(
    r"(?:(?-i:(?P<speaker>\b[A-Z][a-z]+))\s+(?:said|says)(?: that)?:?\s+"
    r"(?:(?:next week|this week|tomorrow|today|by next (?:week|time|session)),?\s+)?)?"
    r"\b(?P<subject>I|we|he|she|they|(?-i:[A-Z][a-z]+(?:-[a-z]+)?)|(?-i:[A-Z])\.)\s*"
    r"(?:'ll|\swill|\swould|'d|(?:\sam|'m|\sare|'re|\sis|'s)(?:\s+(?:also|then|now|still|first))?\s+going to|"
    r"\sam planning to|'m planning to|"
    r"\sis planning to|'s planning to|'s planning(?=\s+an?\s)|'m planning(?=\s+an?\s)|\sintends? to|"
    r"\splans? to|"
    r"\smeans? to|(?:'ll|\swill) be(?=\s+\w+ing\b)|(?:'ll|\swill) have(?=\s+\w+(?:ed|en|t)\b))\s+"
    # "will have" is a commitment only with a deadline: "she will have a QR poster up before next Monday"
    r"(?P<what>(?!be\b|have\b(?![^.;!?]{3,100}\b(?:by|before)\s+(?:next\s+|the\s+)?\w+)|never\b|not\b|like\b|"
    r"love\b|rather\b|prefer\b)[^.;!?]{3,140})"
    r"|\b(?P<subject2>I|we|he|she|they|(?-i:[A-Z][a-z]+(?:-[a-z]+)?))"
    r"\s*(?:\s+has\s+|\s+have\s+|'s\s+|'ve\s+|\s+)"
    r"(?:decided|agreed|committed|promised|offered|volunteered|undertook|undertaken|pledged|arranged|"
    r"signed up)(?:\s+\w+self)?\s+to\s+(?P<what2>[^.;!?]{3,140})"
    r"|\band\s+(?:then\s+)?(?:agreed|promised|offered|volunteered|committed)\s+to\s+(?P<what9>[^.;!?]{3,140})"
    # the deadline first: "By Thursday I'll have a rough report built"
    r"|\b(?:by|before)\s+(?:next\s+|the\s+end\s+of\s+)?\w+,?\s+(?:I|we|he|she|they)\s*(?:'ll|\swill)\s+"
    r"(?P<what10>have\s[^.;!?]{3,140})"
    r"|\b(?:commitment|action(?:,\s*(?-i:[A-Z][a-z]*)| for [\w-]+| before we meet again| for next time)?|"
    r"actions|next steps?(?: for [\w ]{2,20})?|to-?do[^:]{0,30}|"
    r"agreed|"
    r"plan(?: is| for next (?:time|week|session|month))?)\s*:\s*(?P<what3>[^.;!?]{3,140})"
    r"|\b(?P<subject4>my|our|her|his|their|(?-i:[A-Z][a-z]+)'s)\s+(?:agreed\s+)?(?:plan|next step|next move|"
    r"first step|action|homework|task|commitment|intention)(?:\s+[^.;:]{0,25}?)?(?:\s+is\s+|\s*:\s*)"
    r"(?:to\s+|for\s+|that\s+)?"
    r"(?P<what4>[^.;!?]{3,140})"
    # "Next step for me is asking the director", "Plan is for Gareth to switch on the reminders"
    r"|\b(?:the plan (?:we|I) (?:landed on|agreed)|we settled on|"
    r"next step for (?:me|her|him|them|us|(?-i:[A-Z][a-z]+))|plan is for (?-i:[A-Z][a-z]+) to)\s+"
    r"(?:is\s+)?(?:that\s+|to\s+)?"
    r"(?P<what5>[^.;!?]{3,140})"
    r"|\b(?:next week|tomorrow|on \w+day|this week|by \w+day)\s*,?\s*(?P<subject6>I|we|he|she)"
    r"(?:'m|\sam|'s|\sis)\s+"
    r"(?P<what6>\w+ing\b[^.;!?]{3,140})"
    # minutes style: "Tom to ask IT about the printer.", "Agreed she'd have another go after half term."
    rf"|(?:^|[.;:]\s*)(?P<subject7>(?-i:[A-Z][a-z]+))\s+to\s+(?P<what7>(?-i:{_TASK_VERBS})\b[^.;!?]{{3,140}})"
    r"|\bagreed,?\s+(?:that\s+)?(?:(?:for|from|until|over)\s+[^.;,]{3,40}?,?\s+)?"
    r"(?P<subject8>I|we|he|she|they|(?-i:[A-Z][a-z]+))\s*(?:'d|\swould|'ll|\swill)\s+"
    r"(?P<what8>(?!never\b|not\b)[^.;!?]{3,140})",
    re.IGNORECASE,
)
_WHAT_GROUPS = ("what", "what2", "what3", "what4", "what5", "what6", "what7", "what8", "what9", "what10")
# "would" only counts as reported speech: "I said I would bring ..."
_REPORTED_WOULD = re.compile(
    r"\b(?:said|says|promised|offered|agreed)\s+(?:that\s+)?(?:I|we|he|she|they)\s*(?:would|'d)\b", re.I
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|might|could|would like|'d like|how|what|when|why|confident|sure|hope)\b", re.IGNORECASE
)


def _owner(subject: str, speaker: str | None, entry: Entry, pair: Pair) -> str | None:
    if speaker:
        return next((m for m in pair.members if first_name(m).lower() == speaker.lower()), None)
    if subject.lower() in {"i", "we"}:
        return entry.author
    named = next((m for m in pair.members if first_name(m).lower() == subject.lower()), None)
    if named:
        return named
    if initial := _member_by_initial(subject, pair):
        return initial
    others = [m for m in pair.members if m != entry.author]
    return others[0] if len(others) == 1 else None


_PRONOUNS = {"i", "we", "he", "she", "they"}


def _member_by_initial(word: str, pair: Pair) -> str | None:
    """The one member whose first name an initial stands for ("M." for Marcus), if just one."""
    if len(word) != 2 or not word.endswith("."):
        return None
    matching = [m for m in pair.members if first_name(m).lower().startswith(word[0].lower())]
    return matching[0] if len(matching) == 1 else None


def _subject_ok(match: re.Match[str], pair: Pair) -> bool:
    """A pronoun, or the first name of someone in the pair ("Maya will ...", not "This will ...")."""
    members = {first_name(m).lower() for m in pair.members}
    for group in ("subject", "subject2", "subject4", "subject7", "subject8"):
        word = (match.group(group) or "").removesuffix("'s").lower()
        if word and word not in _PRONOUNS and word not in {"my", "our", "her", "his", "their"}:
            return word in members or _member_by_initial(word, pair) is not None
    return True


def parse_commitment(s: Said, pair: Pair) -> tuple[str, str | None] | None:
    """What was undertaken and by whom, when the rules can parse the sentence: "X will ...", "her plan
    is to ...", "Action: ..."; None otherwise."""
    match = next((m for m in _COMMITMENT.finditer(s.text) if _subject_ok(m, pair)), None)
    if match is None:
        return None
    group = next((g for g in _WHAT_GROUPS if match.group(g)), None)
    what = match.group(group) if group else ""
    # "would" before what is to be done: "I'd answer" is a wish, "ask whether they'd share" is not
    lead = s.text[match.start() : match.start(group)] if group else match.group(0)
    said_would = re.search(r"(?:\swould|'d)\s", lead) is not None
    if match.group("what") and said_would and not _REPORTED_WOULD.search(s.text):
        return None
    if _HYPOTHETICAL.search(s.text[: match.start()][-20:]):
        return None
    what = re.split(r",\s*(?:so|which|because|but|and then)\b|\s+so that\b|\s+because\b", what)[0].strip()
    if len(content_words(what)) < 1:
        return None
    # "Commitment: ..." in a coach's session note is the coachee's; in a reflection, the writer's own
    default = "she" if s.entry.kind == "session_note" else "I"
    possessive = {"my": "I", "our": "we", "her": "she", "his": "he", "their": "they"}
    named4 = (match.group("subject4") or "").removesuffix("'s")
    subject4 = possessive.get(named4.lower(), named4 or None)
    subject = (
        match.group("subject")
        or match.group("subject2")
        or match.group("subject6")
        or match.group("subject7")
        or match.group("subject8")
        or subject4
        or default
    )
    return what, _owner(subject, match.group("speaker"), s.entry, pair)


def _owner_of_unparsed(s: Said, pair: Pair) -> str | None:
    """Whose next step a sentence the rules could not parse records: the member it opens with or names
    alone, the writer's own when it speaks as "I" or "we", else the one coached in a pair."""
    opening = s.text.split()[0].strip(",:;()").removesuffix("'s") if s.text.split() else ""
    by_initial = _member_by_initial(opening, pair)
    named = [m for m in pair.members if re.search(rf"\b{re.escape(first_name(m))}\b", s.text)]
    if by_initial:
        return by_initial
    if len(named) == 1:
        return named[0]
    if re.search(r"\b(?:I|we)\b", s.text, re.IGNORECASE) or s.entry.kind != "session_note":
        return s.entry.author
    others = [m for m in pair.members if m != s.entry.author]
    return others[0] if len(others) == 1 else None


def commitment_findings(
    said: Sequence[Said], pair: Pair, read_as_commitments: Collection[int] = ()
) -> list[Finding]:
    """Commitments the rules can parse, and the sentences `read_as_commitments` (their ids; read by
    sentence_reading.py), which are quoted whole."""
    findings = []
    for i, s in enumerate(said):
        parsed = parse_commitment(s, pair)
        if parsed is None and id(s) not in read_as_commitments:
            continue
        what, owner = parsed if parsed else (None, _owner_of_unparsed(s, pair))
        words = content_words(what or s.text)
        later = [o for o in said[i + 1 :] if o.entry.id != s.entry.id]
        echo = next((o for o in later if shares(words, set(o.words), share=0.5, at_least=3)), None)
        sources = [s.ref()] + ([echo.ref()] if echo else [])
        who = first_name(owner) if owner else "someone"
        state = f"mentioned again on {echo.entry.date}" if echo else "not mentioned since"
        summary = (
            f"{who} planned to {shorten(what, 18)} ({s.entry.date}; {state})"
            if what
            else f"{who} took on a next step ({s.entry.date}; {state}): {shorten(s.text, 24)}"
        )
        findings.append(
            Finding(
                kind="commitment",
                summary=summary,
                status="followed_up" if echo else "not_mentioned",
                person=owner,
                sources=sources,
            )
        )
    return findings


def commitment_phrase(finding: Finding) -> str | None:
    """'set up one Google Doc per group', in the second person, from a commitment finding; None for a
    next step quoted whole, which no question template can take."""
    if " planned to " not in finding.summary:
        return None
    text = finding.summary.split(" planned to ", 1)[1].rsplit(" (", 1)[0]
    return to_second_person(text)
