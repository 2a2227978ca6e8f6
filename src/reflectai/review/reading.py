"""Reading a pair's history: goals and whether they were met, commitments and whether anyone came back to
them, implementation dips, topics raised and never followed up, and whose turn it is to be coached.

Everything here is rules over sentences (fast enough for a thousand entries); SAMR movement, which needs
the embedding model, is read in `agenda.py` on a bounded number of entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..analysis.reflection import to_second_person
from ..models import Entry, EntryRef, Finding, Pair
from ..tone.text import sentences
from .words import content_words, shares, shorten


@dataclass(frozen=True)
class Said:
    """One sentence of one entry."""

    entry: Entry
    text: str
    words: frozenset[str] = field(default_factory=frozenset)

    def ref(self, quote: str | None = None) -> EntryRef:
        return EntryRef(entry_id=self.entry.id, date=self.entry.date, quote=quote or self.text)


def read_sentences(entries: Sequence[Entry]) -> list[Said]:
    return [
        Said(entry, s, frozenset(content_words(s)))
        for entry in entries
        for line in entry.text.splitlines()
        for s in sentences(line.strip())
    ]


def first_name(person: str) -> str:
    parts = [
        p for p in person.replace(".", " ").split() if p.lower() not in {"dr", "mr", "mrs", "ms", "prof"}
    ]
    return parts[0] if parts else person


# -- goals ---------------------------------------------------------------------------------------

_GOAL_SENTENCE = re.compile(
    r"\b(?:(?:my|our|the)\s+)?(?:goal|aim|target|objective|ambition)s?\b[^.:]{0,40}:|"
    r"\bI(?:\s+(?:want|would like|would love|aim|hope|plan)|'d\s+(?:like|love))\b(?!\s+(?:a|an)\b)|"
    r"^(?:also\s+)?(?:would|'d)\s+love\b|\b(?:I'm|I am|we're|we are)\s+after\s*:|"
    r"\bby\s+(?:the end of|\d{1,2}\s+[A-Z][a-z]+|mid-|[A-Z][a-z]+\s+\d)",
    re.IGNORECASE,
)
# a goal set outside a goal entry: "My goal is ...", "Carys's goals: ..."; not a report on one ("Half-term
# check on my goal: ...")
_STATED_GOAL = re.compile(
    r"(?<!\bon )(?<!\babout )(?<!\btowards )(?<!\bwith )(?<!\bfor )"
    r"\b(?:my|our|his|her|their|(?-i:[A-Z][a-z]+)'s)\s+(?:new\s+)?(?:goal\s*(?:is\b|for\b[^.:]{0,30}:|:)|"
    r"goals\s*(?:are|for\b[^.:]{0,30})?:)|^goals?\b[^.:]{0,30}:",
    re.I,
)
# a coach's note of what the coachee wants: "Olu wants to get the over-70s onto the app", "she wants a
# written handover pack by Christmas", "She'd like the students to actually search a database"
_REPORTED_GOAL = re.compile(
    r"^(?:next|now|and|so|also)?,?\s*(?:she|he|they|(?-i:[A-Z][a-z]+))"
    r"(?:\s+(?:wants|would like|is aiming|aims|hopes)|'d\s+like)\s+"
    r"(?:to\s+)?(?=(?:\w+\s+){0,6}?(?:by|every|all|at least|each|before|until|\d)\b|get|have|take|hear)",
    re.IGNORECASE,
)
_PAST = (
    r"(?:\w+ed|left|built|made|sent|wrote|written|got|gone|went|took|taken|gave|given|done|run|ran|read|seen|"
    r"kept|met|hit|sat|brought|found|won|taught|had|been)"
)
_MET = re.compile(
    r"\b(?:all|every|each of the)\s+(?:\w+\s+){0,3}(?:(?:have|has|are|were|"
    r"is)\s+(?:now\s+)?)?(?:finished|completed|"
    r"went live|gone live|live|published|done|met|reached|submitted|achieved|signed off|trained|"
    r"using|used)\b|"
    r"\b(?:my|our|the|this)\s+goal\s+(?:is\s+|was\s+|has been\s+)?(?:done|met|achieved|reached|"
    r"complete\w*|ticked off)|"
    r"\bcall(?:ing)?\s+(?:my|the|our|it|that|this)(?:\s+one|\s+goal)?\s+(?:done|met|a success|a win)\b|"
    r"\bnext goal\b|\bnew goal\b|"
    r"\b(?:achieved|accomplished|smashed|exceeded|surpassed)\b|\bwe made it\b|\bgot there\b|\bdone it\b|"
    r"\b(?:hit|met|reached|beat)\s+(?:my|our|the|that)\s+(?:target|goal|figure)\b|\btarget (?:met|"
    r"reached|hit)\b|"
    r"\bnow (?:just )?(?:routine|part of|second nature|the norm|how we)\b|\bjust part of the\b|"
    r"\b(?:went|gone|is now|are now) live\b|\b(?:launched|rolled out) (?:on|last|this|to)\b|"
    r"\b(?:\d+|twenty|thirty|forty)[- ]\w*\s+(?:of|out of)\s+(?:the\s+)?(?:\d+|twenty|thirty|"
    r"forty)[- ]?\w*\s+"
    r"(?:\w+\s+){0,3}(?:have|has)\s+now\b|"
    rf"\b(?:all|every)\b(?:\s+[\w'-]+){{0,9}}?\s+(?:have|has|had)\s+(?:now\s+|all\s+)?{_PAST}\b|"
    rf"\ball\s+(?:[\w-]+\s+){{0,3}}of\s+(?:my|our|the)\s+\w+\s+{_PAST}\b|"
    r"\b(?:went|goes|go|arrive[sd]?|runs?|ran)\s+(?:out\s+)?(?:automatically|as the|as a|through|via)\b|"
    r"\bticked off\b|\b(?:finished|completed|fitted|installed|caught) the last\b|"
    r"\bthe last (?:\w+ ){0,2}(?:went in|went live|were done|was done|got done)\b",
    re.IGNORECASE,
)
_NOT_YET = re.compile(
    r"\b(?:not yet|not there yet|isn't (?:started|done|finished|there|live)|"
    r"(?:hasn't|haven't) (?:yet|started|finished|reached|met|managed|got|touched|moved)|"
    r"keep (?:working on|this goal|"
    r"the goal|it going)|"
    r"still (?:hard|not|on|"
    r"around|to|only|under|below|struggling|waiting|stuck|behind|a long way)|paused|not confident|"
    r"won't (?:reach|make)|"
    r"only (?:\w+ )?(?:of|out of|posted|finished|done|submitted|managed|half)|only \d+|"
    r"(?:is|are|am) (?:still )?building|working on the|halfway|half(?:-| )done|gave up|giving up|"
    r"stalled|"
    r"behind (?:schedule|plan|where)|slipped|pushed back|postponed|missed (?:the|my|our)|short of|"
    r"so far only|"
    r"partly|partially|not all|none of|not there|not what I (?:aimed|wanted|hoped)|but not the|well short|"
    r"one of (?:two|three|four|five|six)|too big|not (?:yet )?(?:done|finished|met))\b",
    re.IGNORECASE,
)


_NEGATED = re.compile(r"(?:rather than|\bnot|n't|\bnever|\buntil|\bbefore)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


_ALL_DONE = re.compile(
    r"\b(?:all|every|both)\b[^.;]{0,60}?\b(?:published|uploaded|built|passed|logged in|filed|"
    r"enforced|released|"
    r"migrated|completed|done|live|signed|trained|submitted|moved|set up|switched|sent|delivered|"
    r"recorded|approved|"
    r"checked|installed|certified|connected|correctly|on time|on their own|independently)\b|"
    r"\bzero (?:unmatched|errors|missed|outstanding|left|complaints|calls)\b|\bnone (?:left|"
    r"outstanding|missed)\b|"
    r"\b(?:uploaded|published|moved|migrated|trained|enforced|completed|passed|built|filed|sent|checked|"
    r"connected|delivered|approved|certified|converted|transferred|enabled|issued|drafted|released|"
    r"returned|marked|fitted|replaced|upgraded|installed|rolled out|switched on)\s+"
    r"(?:(?:for|to|on|across|in|at)\s+)?(?:all|every|each)\b|"
    rf"\b(?:all|every)\b(?:\s+[\w'-]+){{0,6}}?\s+(?:were|was|are|is|got)\s+(?:now\s+|all\s+)?{_PAST}\b",
    re.IGNORECASE,
)


# a completion promised, not reported: "next lesson I'll get every student logged in"
_PROMISED = re.compile(
    r"(?:'ll|\bwill|\bgoing to|\bplan(?:ning)? to|\bwants? to|\bhope to|\baim to)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
# "...after every comment, which they have never done before": the completion itself is negated
_NEGATED_END = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,2}\w+$", re.IGNORECASE)


def says_met(text: str) -> bool:
    """A completion cue that is not negated ("rather than call it done" is not done) or promised."""
    cues = [*_MET.finditer(text), *_ALL_DONE.finditer(text)]
    return any(
        not _NEGATED.search(text[: m.start()])
        and not _PROMISED.search(text[: m.start()])
        and not _NEGATED_END.search(m.group(0))
        for m in cues
    )


_TARGET_PERCENT = re.compile(
    r"(?P<dir>at least|over|above|more than|below|under|less than|fewer than|no more than|to)?\s*"
    r"(?P<n>\d+(?:\.\d+)?)\s*(?:%|per ?cent)",
    re.IGNORECASE,
)
_TARGET_COUNT = re.compile(
    r"(?P<dir>at least|over|above|more than|below|under|less than|fewer than|no more than)\s+(?P<n>\d+)\b",
    re.IGNORECASE,
)
_SEEN_PERCENT = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?:%|per ?cent)", re.IGNORECASE)
_SEEN_RATIO = re.compile(r"\b(?P<a>\d+)\s+(?:of|out of)\s+(?:the\s+|my\s+|our\s+|her\s+|his\s+)?(?P<b>\d+)\b")
_SEEN_NUMBER = re.compile(r"(?<![\d.,:/-])(?P<n>\d+)(?![\d.,:/%-])")
_RELATIVE = re.compile(r"\bby\s+\d+\s*%|\b(?:halve|double|cut|reduce|raise|increase)\b", re.IGNORECASE)
_ABSOLUTE = re.compile(
    r"\b(?:below|under|less than|above|over|at least|to)\s+\d+(?:\.\d+)?\s*(?:%|per ?cent)", re.I
)


def numbers_say(goal: str, text: str) -> str | None:
    """'met' or 'in_progress' when the goal names a number to reach and the update gives one to compare
    (80% target, "118 of 160" seen); None when the numbers cannot be compared."""
    if _RELATIVE.search(goal) and not _ABSOLUTE.search(goal):
        return None  # "cut by 30%" needs the baseline: not compared; "cut it below 10%" does not
    targets = list(_TARGET_PERCENT.finditer(goal))
    # the target is the percentage to reach ("at least 55%"), not one that describes who ("under 40%")
    aims = [
        t
        for t in targets
        if (t.group("dir") or "").lower() in {"at least", "over", "above", "more than", "to"}
    ]
    target = (aims or targets)[-1] if targets else None
    if target:
        seen: float | None = None
        ratio = _SEEN_RATIO.search(text)
        if ratio and int(ratio.group("b")) > 0:
            seen = 100 * int(ratio.group("a")) / int(ratio.group("b"))
        elif percent := _SEEN_PERCENT.search(text):
            seen = float(percent.group("n"))
        if seen is None:
            return None
        return _compare(seen, float(target.group("n")), (target.group("dir") or "").lower())
    count = _TARGET_COUNT.search(goal)
    if count:
        # the goal's own words repeated ("a piece of at least 30 seconds") restate it; they report nothing
        text = re.sub(re.escape(count.group(0)), " ", text, flags=re.IGNORECASE)
        numbers = [int(m.group("n")) for m in _SEEN_NUMBER.finditer(text)]
        if len(numbers) != 1:
            return None  # several numbers: which one is the count is a guess
        return _compare(float(numbers[0]), float(count.group("n")), count.group("dir").lower())
    return None


def _compare(seen: float, target: float, direction: str) -> str:
    if direction in {"below", "under", "less than", "fewer than"}:
        return "met" if seen < target else "in_progress"
    if direction == "no more than":
        return "met" if seen <= target else "in_progress"
    return "met" if seen >= target else "in_progress"


# an item of a list of goals: "One: ...", "2) ...", "Second goal, longer term: ..."
_GOAL_ITEM = re.compile(
    r"^(?:\(?\d{1,2}[.):]|(?:one|two|three|four|first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth)\s*[:.)-]|"
    r"(?:my\s+|the\s+)?(?:first|second|third|other|next|another|last)\s+(?:goal|one)\b[^.:]{0,30}[:,-]|"
    r"by\s+[^:,.]{2,30}:)",
    re.IGNORECASE,
)
_ITEM_NUMBER = re.compile(r"^\(?\d{1,2}[.):]?$")  # a list number the sentence splitter cut off: "1."
# a line that announces goals without giving one: "Goals I agreed with Luis.", "Writing my goal down."
_GOAL_HEADER = re.compile(
    r"^(?![^:]*:)(?=.*\bgoals?\b)(?!.*\b(?:by|under|over|at least)\b)(?:\S+\s+){0,9}\S+$", re.I
)


# two goals in one sentence: "Two things I'm after: cut my DNA rate below 10%, and get comfortable doing
# video reviews"; each part starts with the verb of its own goal
_GOAL_VERBS = (
    r"get|cut|make|stop|start|move|set|reduce|increase|bring|run|train|finish|write|learn|put|build|hit|"
    r"keep|have|be|halve|double|switch|use|lead|take"
)
_NEXT_GOAL = re.compile(rf"[,;]\s+and\s+(?=(?:{_GOAL_VERBS})\b)", re.IGNORECASE)
_FIRST_GOAL = re.compile(rf"^(?:{_GOAL_VERBS})\b", re.IGNORECASE)


def split_goals(goal: str) -> list[str]:
    """A goal, or the goals a sentence lists when each begins with its verb."""
    parts = [p.strip(" ,;.") for p in _NEXT_GOAL.split(goal)]
    return parts if len(parts) > 1 and _FIRST_GOAL.match(parts[0]) else [goal]


def goal_text(sentence: str) -> str:
    """The goal itself: without 'My goal for this term:', a list marker and a leading 'by <when>,'."""
    text = re.sub(
        r"^[^:]{0,50}\b(?:goals?|aims?|targets?|objectives?|after|like to \w+|want)\b[^:]{0,40}:\s*",
        "",
        sentence,
        flags=re.IGNORECASE,
    )
    text = _GOAL_ITEM.sub("", text).strip()
    text = re.sub(r"^by\s[^,]{3,60},\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*\([^()]{0,80}\)", "", text)  # an aside: "(it's about 18% now)", "(2,300 unread)"
    return text.strip()


def _goals_of_entry(said: Sequence[Said]) -> list[Said]:
    """The goals a goal entry sets: each goal sentence or list item; headers are not goals. With
    none recognised, the sentence that reads most like a goal (a time and a measure) stands for it."""
    goals: list[Said] = []
    after_number = False
    for s in said:
        text = s.text.strip()
        if _ITEM_NUMBER.match(text):
            after_number = True
            continue
        if _GOAL_HEADER.match(text):
            after_number = False
            continue
        if after_number or _GOAL_ITEM.match(text) or _GOAL_SENTENCE.search(text) or _STATED_GOAL.search(text):
            goals.append(s)
        after_number = False
    if goals:
        return goals
    from ..smart import assess

    def promise(s: Said) -> int:
        met, _, _ = assess(s.text)
        return int(met["time_bound"]) + int(met["measurable"]) + int(not _GOAL_HEADER.match(s.text))

    return [max(said, key=promise)] if said else []


def find_goals(said: Sequence[Said], limit: int = 6) -> list[tuple[Said, str]]:
    """(sentence, goal) for each goal set: the goals of each goal entry, or a stated goal elsewhere."""
    found: list[tuple[Said, str]] = []
    by_entry: dict[int, list[Said]] = {}
    for s in said:
        by_entry.setdefault(s.entry.id, []).append(s)
    for sentences_of_entry in by_entry.values():
        if sentences_of_entry[0].entry.kind == "goal":
            found += [
                (s, g) for s in _goals_of_entry(sentences_of_entry) for g in split_goals(goal_text(s.text))
            ]
        else:
            stated = next((s for s in sentences_of_entry if _STATED_GOAL.search(s.text)), None)
            if stated is None and sentences_of_entry[0].entry.kind == "session_note":
                stated = next((s for s in sentences_of_entry if _REPORTED_GOAL.search(s.text)), None)
            if stated is not None:
                found.append((stated, goal_text(_REPORTED_GOAL.sub("", stated.text, count=1))))
    found.sort(key=lambda pair: (pair[0].entry.date, pair[0].entry.id))
    return found[-limit:]


def _about(person: str | None, s: Said, members: int, named: str | None = None) -> bool:
    """Whether a sentence can speak of this person's goal: in a pair always; in a group when its writer
    is the person, it names them, or the member last named before it in the entry ("Her grid says
    all eight children...") is them."""
    if person is None or members <= 2:
        return True
    return s.entry.author == person or first_name(person).lower() in s.text.lower() or named == person


def _last_named(said: Sequence[Said], pair: Pair) -> list[str | None]:
    """For each sentence, the member named most recently in its entry, up to and including it."""
    firsts = {first_name(m).lower(): m for m in pair.members}
    out: list[str | None] = []
    current: str | None = None
    entry_id = None
    for s in said:
        if s.entry.id != entry_id:
            entry_id, current = s.entry.id, None
        named = [m for f, m in firsts.items() if re.search(rf"\b{re.escape(f)}\b", s.text, re.IGNORECASE)]
        if len(named) == 1:
            current = named[0]
        elif len(named) > 1:
            current = None  # several people in one sentence: a later pronoun could be any of them
        out.append(current)
    return out


def _goal_owner(
    start: Said, said: Sequence[Said], pair: Pair, names: dict[str, str], named: str | None = None
) -> str | None:
    """Whose goal: the writer's, unless a coach's session note reports it for the person coached: the
    member last named before it ("Aisha is leading the move... Her goal: ..."), else the one coached."""
    author = start.entry.author
    if start.entry.kind != "session_note":
        return author
    if named is not None and named != author:
        return named
    in_entry = [s for s in said if s.entry.id == start.entry.id]
    coached = [c for s in in_entry for c in _coachees(s, names) if c != author]
    if coached:
        return coached[0]
    others = [m for m in pair.members if m != author]
    return others[0] if len(others) == 1 else author


def _latest_status(verdicts: list[str]) -> str:
    """The goal's status from what the latest report says: numbers compared with the target decide;
    otherwise a leftover ("a few people still ring the helpdesk") does not undo "all 312 accounts"."""
    numbers = [v.removeprefix("numbers:") for v in verdicts if v.startswith("numbers:")]
    if numbers:
        return "in_progress" if "in_progress" in numbers else "met"
    if "met" in verdicts:
        return "met"
    return "in_progress" if "in_progress" in verdicts else "met"


# a goal the group shares ("Shared goal from Ruth:", "Team target:", "our goal"): any member may report on it
_SHARED_GOAL = re.compile(
    r"\b(?:shared|team|group|joint|department)\s+(?:goal|target|aim)s?\b|"
    r"\bour\s+(?:shared\s+)?(?:goal|target|aim)s?\b|"
    r"\bas a (?:team|group)\b",
    re.IGNORECASE,
)


def goal_findings(said: Sequence[Said], pair: Pair) -> list[Finding]:
    findings = []
    names = {first_name(m).lower(): m for m in pair.members}
    named = dict(zip((id(s) for s in said), _last_named(said, pair), strict=True))
    goals = [
        (start, goal, _goal_owner(start, said, pair, names, named[id(start)]))
        for start, goal in find_goals(said)
    ]
    for index, (start, goal, owner) in enumerate(goals):
        words = content_words(goal)
        later = [s for s in said if (s.entry.date, s.entry.id) > (start.entry.date, start.entry.id)]
        # once the same person sets a new goal, a bare "my goal" is about the new one
        newer = next((g[0].entry.date for g in goals[index + 1 :] if g[2] == owner), None)
        evidence: list[tuple[Said, str]] = []
        mentions: list[Said] = []
        shared_goal = bool(_SHARED_GOAL.search(start.text))
        for s in later:
            if not shared_goal and not _about(owner, s, len(pair.members), named[id(s)]):
                continue
            shared = len(words & s.words)
            if not shared and "goal" not in s.text.lower():
                continue
            mentions.append(s)
            names_goal = re.search(r"\bgoal\b", s.text, re.IGNORECASE) and (
                newer is None or s.entry.date < newer
            )
            numbers = numbers_say(goal, s.text)
            if shared < 2 and not names_goal and not (shared and (numbers == "met" or says_met(s.text))):
                continue  # a passing mention, not a progress report
            if numbers:
                evidence.append((s, f"numbers:{numbers}"))
            elif _NOT_YET.search(s.text):
                evidence.append((s, "in_progress"))
            elif says_met(s.text):
                evidence.append((s, "met"))
        status = "no_news" if not mentions else "in_progress"
        sources = [start.ref(goal)]
        if evidence:
            last_entry = evidence[-1][0].entry.id
            latest = [(s, v) for s, v in evidence if s.entry.id == last_entry]
            status = _latest_status([v for _, v in latest])
            sources += _per_entry([s for s, _ in latest])
        elif mentions:
            sources.append(mentions[-1].ref())
        who = first_name(owner) if owner else "the coachee"
        state = {"met": "met", "in_progress": "not met yet", "no_news": "no later entry mentions it"}[status]
        findings.append(
            Finding(
                kind="goal",
                summary=f"{who}'s goal from {start.entry.date} ({state}): {shorten(goal, 24)}",
                status=status,
                person=owner,
                sources=sources,
            )
        )
    return findings


# -- commitments -----------------------------------------------------------------------------------

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
    r"\b(?P<subject>I|we|he|she|they|(?-i:[A-Z][a-z]+(?:-[a-z]+)?))\s*"
    r"(?:'ll|\swill|\swould|'d|\sam going to|'m going to|\sare going to|'re going to|\sis going to|"
    r"'s going to|\sam planning to|'m planning to|"
    r"\sis planning to|'s planning to|'s planning(?=\s+an?\s)|'m planning(?=\s+an?\s)|\sintends? to|"
    r"\splans? to|"
    r"\smeans? to|(?:'ll|\swill) be(?=\s+\w+ing\b)|(?:'ll|\swill) have(?=\s+\w+(?:ed|en|t)\b))\s+"
    r"(?P<what>(?!be\b|have\b|never\b|not\b|like\b|love\b|rather\b|prefer\b)[^.;!?]{3,140})"
    r"|\b(?P<subject2>I|we|he|she|they|(?-i:[A-Z][a-z]+(?:-[a-z]+)?))"
    r"\s*(?:\s+has\s+|\s+have\s+|'s\s+|'ve\s+|\s+)"
    r"(?:decided|agreed|committed|promised|offered|volunteered|undertook|undertaken|pledged|arranged|"
    r"signed up)(?:\s+\w+self)?\s+to\s+(?P<what2>[^.;!?]{3,140})"
    r"|\b(?:commitment|action(?: for [\w-]+)?|actions|next steps?(?: for [\w ]{2,20})?|to-?do[^:]{0,30}|"
    r"agreed|"
    r"plan(?: for next time)?)\s*:\s*(?P<what3>[^.;!?]{3,140})"
    r"|\b(?P<subject4>my|our|her|his|their|(?-i:[A-Z][a-z]+)'s)\s+(?:agreed\s+)?(?:plan|next step|next move|"
    r"first step|action|homework|task|commitment|intention)(?:\s+[^.;:]{0,25}?)?\s+is\s+"
    r"(?:to\s+|for\s+|that\s+)?"
    r"(?P<what4>[^.;!?]{3,140})"
    r"|\b(?:the plan (?:we|I) (?:landed on|agreed)|we settled on)\s+(?:is\s+)?(?:that\s+|to\s+)?"
    r"(?P<what5>[^.;!?]{3,140})"
    r"|\b(?:next week|tomorrow|on \w+day|this week|by \w+day)\s*,?\s*(?P<subject6>I|we|he|she)"
    r"(?:'m|\sam|'s|\sis)\s+"
    r"(?P<what6>\w+ing\b[^.;!?]{3,140})"
    # minutes style: "Tom to ask IT about the printer.", "Agreed she'd have another go after half term."
    rf"|(?:^|[.;:]\s*)(?P<subject7>(?-i:[A-Z][a-z]+))\s+to\s+(?P<what7>(?-i:{_TASK_VERBS})\b[^.;!?]{{3,140}})"
    r"|\bagreed,?\s+(?:that\s+)?(?P<subject8>I|we|he|she|they|(?-i:[A-Z][a-z]+))\s*(?:'d|\swould|'ll|\swill)\s+"
    r"(?P<what8>(?!never\b|not\b)[^.;!?]{3,140})",
    re.IGNORECASE,
)
_WHAT_GROUPS = ("what", "what2", "what3", "what4", "what5", "what6", "what7", "what8")
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
    others = [m for m in pair.members if m != entry.author]
    return others[0] if len(others) == 1 else None


_PRONOUNS = {"i", "we", "he", "she", "they"}


def _subject_ok(match: re.Match[str], pair: Pair) -> bool:
    """A pronoun, or the first name of someone in the pair ("Maya will ...", not "This will ...")."""
    members = {first_name(m).lower() for m in pair.members}
    for group in ("subject", "subject2", "subject4", "subject7", "subject8"):
        word = (match.group(group) or "").removesuffix("'s").lower()
        if word and word not in _PRONOUNS and word not in {"my", "our", "her", "his", "their"}:
            return word in members
    return True


def commitment_findings(said: Sequence[Said], pair: Pair) -> list[Finding]:
    """Commitments the rules can parse: "X will ...", "her plan is to ...", "Action: ..."."""
    findings = []
    for i, s in enumerate(said):
        match = next((m for m in _COMMITMENT.finditer(s.text) if _subject_ok(m, pair)), None)
        if match is None:
            continue
        what = next((match.group(g) for g in _WHAT_GROUPS if match.group(g)), "")
        said_would = re.search(r"(?:\swould|'d)\s", match.group(0)) is not None
        if match.group("what") and said_would and not _REPORTED_WOULD.search(s.text):
            continue
        if _HYPOTHETICAL.search(s.text[: match.start()][-20:]):
            continue
        what = re.split(r",\s*(?:so|which|because|but|and then)\b|\s+so that\b|\s+because\b", what)[0].strip()
        if len(content_words(what)) < 1:
            continue
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
        owner = _owner(subject, match.group("speaker"), s.entry, pair)
        words = content_words(what)
        later = [o for o in said[i + 1 :] if o.entry.id != s.entry.id]
        echo = next((o for o in later if shares(words, set(o.words), share=0.5, at_least=3)), None)
        sources = [s.ref()] + ([echo.ref()] if echo else [])
        who = first_name(owner) if owner else "someone"
        state = f"mentioned again on {echo.entry.date}" if echo else "not mentioned since"
        findings.append(
            Finding(
                kind="commitment",
                summary=f"{who} planned to {shorten(what, 18)} ({s.entry.date}; {state})",
                status="followed_up" if echo else "not_mentioned",
                person=owner,
                sources=sources,
            )
        )
    return findings


def commitment_phrase(finding: Finding) -> str:
    """'set up one Google Doc per group', in the second person, from a commitment finding."""
    text = finding.summary.split(" planned to ", 1)[1].rsplit(" (", 1)[0]
    return to_second_person(text)


# -- implementation dips ------------------------------------------------------------------------------

_DIP = re.compile(
    r"\b(?:slower than|(?:felt|feel|feels|feeling) slow\w*|take[sn]? (?:me |us |her |him )?(?:much )?longer|"
    r"took (?:me |us |her |him )?(?:much )?longer|taking (?:much )?longer|giving up|give up|gave up|"
    r"go(?:ing)? back to|went back to|back to the old|revert\w*|close to (?:quitting|stopping|going back)|"
    r"tempted to (?:drop|abandon|stop|quit|go back|ditch|scrap)|frustrat\w*|"
    r"not sure (?:it's|it is|this is) worth|isn't worth|not worth it|don't see the point|resent\w*|deflated|"
    r"exhausted|worn out|fed up|drained|dreading|twice the|doubles the work|double the work|more time fixing|"
    r"chaotic|chaos|overwhelm\w*|struggl\w*|demoralis\w*|demoraliz\w*|discourag\w*|disheart\w*|nightmare|"
    r"harder than (?:before|I expected|expected)|don't know how I'll|not sure this (?:change )?is for me|"
    r"worse than before|step backwards?|ready to quit|waste of time|can't carry|went badly|paused the|"
    r"fell flat|backfired|lost confidence|losing confidence|like a beginner|at the end of (?:my|her|"
    r"his) tether|"
    r"eating (?:up )?(?:my|her|his|our|their) (?:evenings|weekends|time|lunch\w*)|stress(?:ed|ful)|"
    r"losing (?:patience|heart)|(?:nothing|none of it) (?:seems to )?work\w*|isn't working|wasn't working|"
    r"not working|didn't work|clunky|regret\w*|doubts? about|slower (?:now )?than|further behind|behind on|"
    r"(?:twice|two|three|four|five|\d+) times as long|fighting with|doing \w+ (?:jobs? )?badly|more mistakes|"
    r"pile (?:still )?(?:grows|growing)|scrapping|(?:dropping|ditching) the whole|in tears|close to tears|"
    r"second job|considered (?:\w+ )?(?:dropping|quitting|stopping|giving up|abandoning)|"
    r"(?:should|could) just go back|drowning|swamped|snowed under|lost (?:my|her|his) nerve|"
    r"(?:the |my |our )?worst (?:I've|we've|week|day|month|shift|close|run|it's)|(?:was|been|is) a disaster|"
    r"gone back to|instead of the usual|(?:went|gone) up to over|"
    # self-blame and fear of one's own failing: "letting the team down", "scared I'll miss the alert",
    # "I feel like a nag"; a setback told as a delay: "the close ran two days late"
    r"letting (?:\w+ ){0,2}down|what's the point|feel(?:s|ing)? like a (?:nag|fraud|failure|nuisance)|"
    r"(?:I'm|I am) (?:worried|scared|afraid|frightened) (?:that )?I(?:'m|'ll| am| will| might)|"
    r"(?:ran|running|came in|finished) (?:\w+ ){0,2}(?:days?|hours?|weeks?) late|"
    # the urge to undo the change: "ready to shelve the iPads", "about ready to switch the bookings off",
    # "considering putting the keyboards back out"
    r"(?:ready|tempted|considering|thinking of|about) to (?:shelve|mothball|bin|switch (?:\w+ ){1,3}off|"
    r"turn (?:\w+ ){1,3}off)|considering (?:putting|going|switching|moving|taking) (?:\w+ ){0,3}back)\b",
    re.IGNORECASE,
)


def dip_findings(said: Sequence[Said]) -> list[Finding]:
    """One finding for the pair: every sentence that reads like an implementation dip, oldest first.

    The dip words count on their own; strain told in other words only when it recurs (two sentences
    or more), so one "errors" or "slower" in passing does not make a dip."""
    strong = [s for s in said if _DIP.search(s.text)]
    weak = [s for s in said if not _DIP.search(s.text) and strained(s.text)]
    if not strong and len(weak) < 2:
        return []
    hits = [s for s in said if s in strong or s in weak]
    dates = sorted({s.entry.date for s in hits})
    latest = hits[-1]
    span = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    return [
        Finding(
            kind="dip",
            summary=f"signs of an implementation dip ({span}), latest: “{shorten(latest.text, 20)}”",
            sources=_per_entry(hits)[-8:],
        )
    ]


def _per_entry(hits: Sequence[Said]) -> list[EntryRef]:
    """One reference per entry, quoting every sentence of it that counted."""
    refs: dict[int, EntryRef] = {}
    for s in hits:
        if s.entry.id in refs:
            ref = refs[s.entry.id]
            refs[s.entry.id] = ref.model_copy(update={"quote": f"{ref.quote} … {s.text}"})
        else:
            refs[s.entry.id] = s.ref()
    return list(refs.values())


# a dip told in other words: strain or loss ...
_STRAIN = re.compile(
    r"\b(?:slow(?:er)?|longer|later|worse|fewer|doubled|tripled|behind|backwards|overrun\w*|"
    r"dread\w*|stress\w*|"
    r"tired|exhaust\w*|cr(?:y|ied|ying)|tears|hate[sd]?|stupid|humiliat\w*|embarrass\w*|confidence|"
    r"burn(?:ing)? out|"
    r"strain|worn|weary|defeated|shattered|can't cope|cannot cope|battle|ordeal|bottleneck|firefight\w*|"
    r"apologis\w*|apologiz\w*|mistakes?|errors?|near miss\w*|fail(?:s|ed|ing)?|misfir\w*|broke|breaking|"
    r"fixing|patching|re-?entering|second-guess\w*|hesitant|avoid(?:ing|ed)|hiding|stopped trusting|"
    r"deskilled|"
    r"beginner|newly qualified|treacle|snowdrift|obstacle course|running on (?:empty|fumes)|"
    r"out of (?:my|her|his) "
    r"depth|lost (?:my|her|his|the) (?:edge|rhythm|thread|voice)|knot in my stomach|sinking|buried|"
    r"unmanageable|"
    r"fragment\w*|exhausting|draining|hopeless\w*|flattened|headaches?|snapping|short with|fiddly|messier|"
    r"grown by|queues?|chasing|barely sleeping|nothing left|letting (?:people|them|everyone) down|"
    r"left behind|"
    r"ground keeps moving|two steps forward|wearing (?:me|her|him|us) down|taken the joy|feel(?:s|"
    r"ing)? like a robot|hitting walls|slipped|slowed|(?:to )?a crawl|eating (?:up |"
    r"into )?(?:\w+ ){0,2}(?:minutes|"
    r"time|hours|evenings|work)|can't spare|frighten\w*|running to stand still|anxious|stopped volunteering|"
    r"phantom|missing (?:items|field)|so wrong|cancelled|without the information|death by|slog|"
    r"grown, not shrunk|"
    r"close to the edge|no idea how|working through lunch|after hours|on top of (?:everything|the old)|"
    r"can't (?:even|find|keep|remember)|treading water|running through sand|like learning to|stuck in a loop|"
    r"groan\w*|my energy|cutting corners|bounce[sd]? back|losing work|recovering files|"
    r"thinking of (?:telling|stopping|quitting|giving|dropping)|should stop|(?:don't|"
    r"doesn't) think (?:I|she|he|we) "
    r"can|better \w+ before|added (?:\w+ ){0,3}(?:minutes|hours|a week|days)|spend(?:ing)? longer|"
    r"confidently wrong|hardest|harder than ever|less engaged|handing (?:\w+ ){0,4}back|takes so long|"
    r"want to scream|losing my voice|hunting for|gone from|feel (?:about )?\w+ years old|"
    r"fights? the software|"
    r"cut out for|not enjoying|change the tyres|taken over my|not knowing which|gone backwards|"
    r"rather return to|"
    r"left on time|keep pace|so much correcting)\b",
    re.IGNORECASE,
)


# ... unless it is told as over, or as a plan
_RECOVERED = re.compile(
    r"\bused to\b[^.;]*\b(?:but|now)\b[^.;]*\b(?:now|shrug\w*|fine|easy|easier|quick\w*|gone)\b|"
    r"\bno longer (?:anxious|worried|dread\w*|stressed|nervous|a problem|an issue)\b|"
    r"\b(?:has|have) gone\b|\b(?:has|have) dropped\b|\bdropped to\b|\bwas worth\b|\bwithout a single\b|"
    r"\bshortest\b|\b(?:has|have) grown to\b|\bshrugs? off\b|\bturned out\b|\bcatch(?:es)? errors\b|"
    r"\btally\b|"
    r"\b(?:will|'ll|agreed|committed|plan(?:s|ned)? to|going to)\b|longer-term|any longer|scale of|"
    r"\brate (?:his|her|my|their) confidence\b",
    re.IGNORECASE,
)


def is_dip(text: str) -> bool:
    """Things getting harder after a change: the dip words, or strain that is not told as over."""
    return _DIP.search(text) is not None or strained(text)


def strained(text: str) -> bool:
    """Strain or loss told in other words: weaker evidence, counted only when it recurs."""
    if text.rstrip().endswith("?") or _STATED_GOAL.search(text):
        return False
    return bool(_STRAIN.search(text)) and not _RECOVERED.search(text)


def sentence_kinds(text: str, pair: Pair) -> set[str]:
    """What the rules read in one sentence: dip, raised (a worry, question or aside), commitment."""
    kinds = set()
    if is_dip(text):
        kinds.add("dip")
    if raises(text) and not _DIP.search(text):
        kinds.add("raised")
    if any(_subject_ok(m, pair) for m in _COMMITMENT.finditer(text)):
        kinds.add("commitment")
    return kinds


# -- topics raised and never followed up -------------------------------------------------------

_RAISED = re.compile(
    r"\b(?:wonder(?:ed|ing|s)?\s+(?:whether|if|about|how|what|who)|worr(?:y|ies|ied)\s+(?:me|about|"
    r"that|whether)|"
    r"which worries|concern(?:ed|s)?\s+(?:about|that|whether)|as an aside|in passing|separate(?:ly| thought)|"
    r"side note|by the way|one more thing|(?:also|then|briefly)\s+(?:raised|mentioned|asked|flagged|"
    r"brought up)|"
    r"not sure\s+(?:whether|if|about|how|who)|(?:isn't|wasn't|aren't|weren't)\s+sure\s+(?:whether|"
    r"if|about|how)|"
    r"not clear (?:whether|if|who|how)|unsure (?:whether|if|about|how)|unclear (?:whether|if|who|"
    r"how)|no idea (?:whether|if|who|how)|"
    r"should (?:check|ask|find out|look into)|need to (?:check|find out|look into)|one day|at some point|"
    r"nobody (?:owns|knows|seems)|no one (?:owns|knows|seems)|never got|curious (?:whether|if|about)|"
    r"question (?:of|about) whether|asked(?:,[^,]{1,40},)?\s+(?:whether|if)|in the back of (?:my|"
    r"her|his) mind|"
    r"nagging|wondered aloud|raised a (?:worry|concern|question)|(?:isn't|wasn't|not) sure (?:that |"
    r"the |how )|"
    r"(?:might|may) (?:apply|move|leave|retire)|(?:also|then) (?:wondered|noticed|said))\b",
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
    r"at the (?:very )?end\b(?! of (?:the |each |every |a |this |next )?(?:term|year|month|week|day|shift|"
    r"round|lesson|quarter))|"
    r"anxious about|back of (?:my|her|his) mind|separate worry|keep thinking|"
    r"(?:a )?whole (?:other|different|separate) (?:thing|story|conversation|question|matter)|"
    r"mentioned(?:,[^,]{1,40},)? (?:that|"
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


def topic_findings(said: Sequence[Said], limit: int = 6) -> list[Finding]:
    """Topics someone raised that no later entry comes back to (only when a later entry exists).

    Words most of the pair's entries use (their tool, their class) say nothing about one topic, so they
    do not count towards a later mention."""
    common = common_words(said)
    findings = []
    for i, s in enumerate(said):
        if not raises(s.text) or _DIP.search(s.text):
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


# -- whose turn -----------------------------------------------------------------------------------------

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
    r"|\b([A-Z][a-z]+)'s\s+(?:turn|session)\b(?!\s+(?:really|next|to\s+coach|as\s+(?:the\s+)?coach\b|"
    r"notes?|plan))"
    # "Aisha up first again", "Round two starts with Ben", "Nadia swapped in", "Back round to Grace."
    r"|\b([A-Z][a-z]+)\s+up\s+first\b|\b(?:starts|started|begins|began)\s+with\s+([A-Z][a-z]+)\b"
    r"|\b([A-Z][a-z]+)\s+swapped\s+in\b|(?:^|[.;]\s*)[Bb]ack\s+(?:round\s+)?to\s+([A-Z][a-z]+)\b"
    r"|(?:^|[.;,]\s*)(?:[Cc]oached|[Cc]oaching)\s+([A-Z][a-z]+)\b"
    r"|\bmy\s+turn\s+(?P<me>as\s+(?:the\s+)?coachee|in\s+the\s+hot seat|to\s+be\s+coached)"
)


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
    for s in said:
        turns += [(s, person) for person in _coachees(s, names) if person in pair.members]
    if not turns:
        return None
    last_turn: dict[str, int] = {}
    for index, (_, person) in enumerate(turns):
        last_turn[person] = index
    just_coached = turns[-1][1]
    waiting = [m for m in pair.members if m not in last_turn]
    if waiting:
        nxt = waiting[0]
    else:
        candidates = [m for m in pair.members if m != just_coached]
        nxt = min(candidates, key=lambda m: last_turn[m])
    return Finding(
        kind="turn",
        summary=(
            f"{first_name(nxt)} is next to be coached: "
            + (
                "not coached yet in the sessions recorded"
                if nxt in waiting
                else "waited longest since a turn"
            )
            + f"; {first_name(just_coached)} was coached last ({turns[-1][0].entry.date})"
        ),
        person=nxt,
        sources=[s.ref() for s, _ in turns[-len(pair.members) :]],
    )
