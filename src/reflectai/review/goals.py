"""Goals: the goals a pair set, whose they are, and whether a later entry reports them met."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from ..models import Finding, Pair
from .figures import NUMBER as _NUMBER
from .figures import NUMBER_WORDS as _WORDS
from .figures import PLANNED as _PLANNED
from .figures import change_says, compare, per_period_says, tally_says
from .figures import value_of as _value
from .goal_reports import reads_as_met
from .reading import Said, _per_entry, first_name
from .turns import _coachees
from .words import content_words, shorten

_ANY_FIGURE = re.compile(
    rf"\d|\b(?:{_WORDS}|an? (?:minute|hour|day|week|month|year)|half|thirds?|quarters?)\b", re.IGNORECASE
)

_GOAL_SENTENCE = re.compile(
    r"\b(?:(?:my|our|the)\s+)?(?:goal|aim|target|objective|ambition)s?\b[^.:]{0,40}:|"
    r"\bI(?:\s+(?:want|would like|would love|aim|hope|plan)|'d\s+(?:like|love))\b|"
    r"^(?:also\s+)?(?:would|'d)\s+love\b|\b(?:I'm|I am|we're|we are)\s+after\s*:|"
    r"\bby\s+(?:the end of|\d{1,2}\s+[A-Z][a-z]+|mid-|[A-Z][a-z]+\s+\d)",
    re.IGNORECASE,
)
# a goal set outside a goal entry: "My goal is ...", "Carys's goals: ..."; not a report on one ("Half-term
# check on my goal: ...")
_STATED_GOAL = re.compile(
    r"(?<!\bon )(?<!\babout )(?<!\btowards )(?<!\bwith )(?<!\bfor )"
    r"\b(?:my|our|his|her|their|(?-i:[A-Z][a-z]+)'s)\s+(?:new\s+)?(?:goal\s*(?:is\b|for\b[^.:]{0,30}(?::|\bis\b)|:)|"
    r"goals\s*(?:are|for\b[^.:]{0,30})?:)|^goals?\b[^.:]{0,30}:",
    re.I,
)
# a coach's note of what the coachee wants: "Olu wants to get the over-70s onto the app", "she wants a
# written handover pack by Christmas", "She'd like the students to actually search a database"
# ...also in a clause of its own ("his problem is time: he wants to hear every child read at least once a
# fortnight"), or as what is next ("Tariq's next project is an accessibility check on every list")
_REPORTED_GOAL = re.compile(
    r"(?:^|(?<=[:;])\s*|\s[-–]\s+)(?:next|now|and|so|also)?,?\s*(?:she|he|they|(?-i:[A-Z][a-z]+))"
    r"(?:\s+(?:wants|would like|is aiming|aims|hopes)|'d\s+like)\s+"
    r"(?:to\s+)?(?=(?:\w+\s+){0,6}?(?:by|every|all|at least|each|before|until|\d)\b|get|have|take|hear)|"
    r"\b(?:(?-i:[A-Z][a-z]+)'s|his|her|their)\s+(?:next|new|own|main)\s+(?:project|thing|focus|target)"
    r"\s+is\s+(?:to\s+)?",
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
    # "that's the goal done", "that's the in-the-room goal done", "so that goal is met"
    r"\b(?:my|our|the|this|that)\s+(?:[\w'-]+\s+){0,2}?goal\s+(?:is\s+|was\s+|has been\s+)?(?:now\s+)?"
    r"(?:done|met|achieved|reached|"
    r"complete\w*|ticked off)|"
    r"\bcall(?:ing)?\s+(?:my|the|our|it|that|this)(?:\s+one|\s+goal)?\s+(?:done|met|a success|a win)\b|"
    r"\bnext goal\b|\bnew goal\b|"
    r"\b(?:achieved|accomplished|smashed|exceeded|surpassed)\b|\bwe made it\b|\bgot there\b|\bdone it\b|"
    r"\bwe did it\s*[:!.,;]|"
    r"\b(?:hit|met|reached|beat)\s+(?:my|our|the|that)\s+(?:target|goal|figure)\b|\btarget (?:met|"
    r"reached|hit)\b|"
    r"\bnow (?:just )?(?:routine|part of|second nature|the norm|how we)\b|\bjust part of the\b|"
    r"\b(?:went|gone|is now|are now) live\b|\b(?:launched|rolled out) (?:on|last|this|to)\b|"
    r"\b(?:\d+|twenty|thirty|forty)[- ]\w*\s+(?:of|out of)\s+(?:the\s+)?(?:\d+|twenty|thirty|"
    r"forty)[- ]?\w*\s+"
    r"(?:\w+\s+){0,3}(?:have|has)\s+now\b|"
    rf"\b(?:all|every)\b(?:\s+[\w'-]+){{0,9}}?\s+(?:have|has|had)\s+(?:now\s+|all\s+)?{_PAST}\b|"
    rf"\ball\s+(?:[\w-]+\s+){{0,3}}of\s+(?:my|our|the)\s+\w+\s+{_PAST}\b|"
    # the work itself goes through ("every booking went through the page"), not people ("we went through it")
    r"(?<!\bwe )(?<!\bI )(?<!\bhe )(?<!\bshe )(?<!\bthey )(?<!\byou )"
    r"\b(?:went|goes|go|arrive[sd]?|runs?|ran)\s+(?:out\s+)?(?:automatically|as the|as a|through|via)\b|"
    r"\bticked off\b|\b(?:finished|completed|fitted|installed|caught) the last\b|\bno exceptions?\b|"
    # "which completes the set: all six year groups now have something"
    rf"\bcompletes? the set\b|"
    rf"\b(?:all|every)\s+(?:(?:{_NUMBER})\s+)?(?:[\w-]+\s+){{0,2}}now\s+(?:have|has)\b|"
    # a count that is everyone: "29 clips from 9X2 and 26 from 9X4, which is both full classes"
    r"\b(?:which is|which was|that's|that is|so)\s+(?:both|all|the|every)\s+(?:\w+\s+)?"
    r"(?:full|whole|entire)\s+(?:class|classes|group|groups|team|teams|cohort|list|ward|unit)\b|"
    r"\bthe last (?:[\w-]+ ){0,3}(?:went in|went live|were done|was done|got done|came off|came down|"
    r"(?:was|were) (?:removed|taken down|retired|binned))\b|"
    # none needed since: "Haven't had to write a single note the morning after since the 23rd"
    r"\b(?:haven't|have not|hasn't|has not) (?:had|needed) (?:to |a |any |one )[^.;]{0,60}\bsince\b|"
    # kept up since: "has triggered for every new starter since March", "a full lesson every week since
    # week 4", "No leave requests have come in by email since"
    r"\bevery\s+(?:[\w'-]+\s+){0,3}since\b|\bno\s+(?:[\w'-]+\s+){0,3}(?:have|has)\s+(?:come|been|gone)\b"
    r"[^.;]{0,40}\bsince\b|"
    # a run without the trouble: "gone seven weekends without running short", "her last eight lessons on
    # the board with no calls to IT"
    rf"\b(?:{_NUMBER})\s+(?:[\w'-]+\s+){{0,2}}(?:weeks|weekends|days|months|lessons|shifts|sessions|"
    r"terms|runs|nights)\b[^.;]{0,40}?\b(?:without|with no|with zero)\b",
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
    r"(?:is|are|am) still building|working on the|halfway|half(?:-| )done|gave up|giving up|"
    r"stalled|"
    r"behind (?:schedule|plan|where)|slipped|pushed back|postponed|missed (?:the|my|our)|short of|"
    r"so far only|"
    r"partly|partially|not all|none of|not there|not what I (?:aimed|wanted|hoped)|but not the|well short|"
    r"one of (?:two|three|four|five|six)|too big|not (?:yet )?(?:done|finished|met)|"
    # undone since: "two forms are back on paper slips", "Year 6 lost their slot to SATs booster sessions"
    r"(?:are|is|went|gone|going) back (?:on|to)|lost (?:their|its|the|our|my) \w+ to|"
    # some there, the rest not: "the other three still type up at 5am", "Night notes are mixed"
    rf"(?:the other|the rest|the remaining)\s+(?:(?:{_NUMBER})\s+)?(?:[\w-]+\s+)?still|"
    r"(?:are|is|were|was) (?:still )?(?:mixed|patchy))\b",
    re.IGNORECASE,
)


_NEGATED = re.compile(r"(?:rather than|\bnot|n't|\bnever|\buntil|\bbefore)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


_ALL_DONE = re.compile(
    r"\b(?:all|every|both)\b[^.;]{0,60}?\b(?:published|uploaded|built|passed|logged in|filed|"
    r"enforced|released|"
    r"migrated|completed|done|live|signed|trained|submitted|moved|set up|switched|sent|delivered|"
    r"recorded|approved|"
    r"checked|installed|certified|connected|correctly|on time|on their own|independently|posted|"
    r"registered)\b|"
    r"\bzero (?:unmatched|errors|missed|outstanding|left|complaints|calls)\b|\bnone (?:left|"
    r"outstanding|missed)\b|"
    r"\b(?:uploaded|published|moved|migrated|trained|enforced|completed|passed|built|filed|sent|checked|"
    r"connected|delivered|approved|certified|converted|transferred|enabled|issued|drafted|released|"
    r"returned|marked|fitted|replaced|upgraded|installed|rolled out|switched on)\s+"
    r"(?:(?:for|to|on|across|in|at)\s+)?(?:all|every|each)\b|"
    rf"\b(?:all|every)\b(?:\s+[\w'-]+){{0,6}}?\s+(?:were|was|are|is|got)\s+(?:now\s+|all\s+)?{_PAST}\b|"
    # everyone counted has what the goal wanted: "all 40 had a documented demonstration", "All eleven
    # team members have tasks on Planner", "every submitter got two reviews"
    rf"\b(?:all|every)\s+(?:of the (?:last )?)?(?:{_NUMBER}|one of the {_NUMBER})(?:\s+[\w'-]+){{0,3}}?\s+"
    r"(?:had|have|has|got)\s+(?:a|an|the|their|its|\w+s)\b|\bevery (?:[\w'-]+ ){1,5}?got\b|"
    # the goal's state, for everyone it names: "Every child has a plant diary on Seesaw", "Every access
    # booking is in Spektrix"
    r"^(?:\w+[,:]\s+)?(?:every|all)\s+(?:[\w'-]+\s+){1,3}?(?:has|have|is|are)\s+(?!to\b|still\b|not\b)"
    r"(?:a|an|its|their|in|on|now|through)\b|"
    r"\b(?:all|every)\b[^.;]{0,60}?\b(?:came|come|comes)\s+(?:in\s+)?(?:straight\s+)?"
    r"(?:through|via|out of)\b|"
    # said without a verb: "All 6 kids on Widgit timetables now"
    rf"^(?:\w+[,:]\s+)?(?:all|every)\s+(?:(?:{_NUMBER})\s+)?(?:[\w'-]+\s+){{0,2}}?(?:on|in|onto|using)\s+"
    r"[^.;,]{1,40}?\bnow\b|"
    # everyone counted, doing it: "every one of the eleven writing in eLabFTW"
    rf"\bevery (?:single )?one of (?:the|my|our|her|his|their) (?:{_NUMBER})\s+(?:\w+ing|{_PAST})\b|"
    # as many done as there were: "fourteen starters, fourteen contracts signed"
    rf"\b(?P<whole>{_NUMBER})\s+[\w-]+,\s+(?P=whole)\s+[\w-]+\s+{_PAST}\b",
    re.IGNORECASE,
)


# a completion promised, not reported: "next lesson I'll get every student logged in"
_PROMISED = re.compile(
    r"(?:'ll|\bwill|\bgoing to|\bplan(?:ning)? to|\bwants? to|\bhope to|\baim to)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
# "...after every comment, which they have never done before": the completion itself is negated
_NEGATED_END = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,2}\w+$", re.IGNORECASE)


# what keeps a sentence from asserting a state: doubt, a part, a wish, a plan, a condition
_NOT_ASSERTED = re.compile(
    r"\b(?:not|never|no|one|nearly|almost|some|half|few|most|start\w*|try\w*|tried|still|yet|if|when|once|"
    r"would|will|could|should|might|may|want\w*|hope\w*|plan\w*|aim\w*|goal|target|until|unless|"
    r"whether|more|less|fewer|only|except|but)\b|n't|'ll|'d\b|\?",
    re.IGNORECASE,
)
_ASSERTS = re.compile(r"\b(?:is|are|was|were|has|have|now)\b|'s\b|'re\b|'ve\b", re.IGNORECASE)


def states_goal(goal: str, text: str) -> bool:
    """Whether a sentence asserts the goal's own state in most of its words, without doubt or a part:
    "Since yesterday our readings are pinned on the citizen science map" for "our river readings are on
    the citizen science map"."""
    core = content_words(re.split(r"[,;]| - | instead of | rather than ", goal)[0])
    common = core & content_words(text)
    return (
        not has_target(goal)
        and len(common) >= 3
        and len(common) >= 0.5 * len(core)
        and bool(_ASSERTS.search(text))
        and not _NOT_ASSERTED.search(text)
        and not _SEEN_RATIO.search(text)  # a count of a whole is for the numbers to judge
    )


# where one sentence holds two reports: "Every access booking is in Spektrix and I haven't touched the pad"
_CLAUSE_BREAK = re.compile(
    r";|,?\s+(?:and|but|though|although|while)\s+(?=(?:I|we|she|he|they|it|nobody|no one)\b)|\s[-–]\s",
    re.IGNORECASE,
)


def clause_reading(goal_words: set[str], text: str) -> str | None:
    """When a sentence both doubts and reports done, the reading of the clauses that speak of the goal:
    'met' or 'in_progress', None when they do not settle it."""
    clauses = [c for c in _CLAUSE_BREAK.split(text) if goal_words & content_words(c)]
    if not clauses or len(clauses) == len(_CLAUSE_BREAK.split(text)):
        return None
    if any(_NOT_YET.search(c) for c in clauses):
        return "in_progress"
    return "met" if any(says_met(c) for c in clauses) else None


def says_met(text: str) -> bool:
    """A completion cue that is not negated ("rather than call it done" is not done) or promised."""
    cues = [*_MET.finditer(text), *_ALL_DONE.finditer(text)]
    return any(
        not _NEGATED.search(text[: m.start()])
        and not _PROMISED.search(text[: m.start()])
        and not _NEGATED_END.search(m.group(0))
        for m in cues
    )


# which way a target points: "at least 80%", "under 10 minutes"
_DIRECTION = r"at least|over|above|more than|below|under|less than|fewer than|no more than"
_TARGET_PERCENT = re.compile(
    rf"(?P<dir>{_DIRECTION}|to)?\s*"
    r"(?P<n>\d+(?:\.\d+)?)\s*(?:%|per ?cent)",
    re.IGNORECASE,
)
# a count to reach, and what is counted: "at least 15 families", "fewer than five a week"
_TARGET_COUNT = re.compile(
    rf"(?P<dir>{_DIRECTION})\s+(?P<n>{_NUMBER})\b"
    # who or where, not what is counted: "schools more than fifty miles away", "patients over 75 years old"
    r"(?!\s+(?:miles?|km|kilomet\w+|met(?:re|er)s?|feet|foot|years?\s+old|year-olds?)\b)"
    r"(?:\s+(?P<noun>[a-z]{3,}))?",
    re.IGNORECASE,
)
_SEEN_COUNT = re.compile(
    rf"(?<![\w.,:/-])(?P<n>{_NUMBER})(?![\w,:/%-]|[.,]\d)(?:\s+(?P<noun>[a-z]+))?(?:\s+(?P<noun2>[a-z]+))?",
    re.IGNORECASE,
)
# a share named in words: "at least eight of every ten new patients", "nine in ten referrals"
_TARGET_SHARE = re.compile(
    rf"(?P<dir>{_DIRECTION})?\s*"
    rf"(?<!every )(?<!each )\b(?P<a>{_NUMBER}) (?:in|of|out of) (?:every |(?:my|our|the|their|his|her) )?"
    rf"(?P<b>{_NUMBER})\b"
    r"(?! (?:of|per)\b)",
    re.IGNORECASE,
)
_FRACTIONS = {
    "half": 50.0,
    "a third": 100 / 3,
    "two thirds": 200 / 3,
    "a quarter": 25.0,
    "three quarters": 75.0,
}
_TARGET_FRACTION = re.compile(
    rf"(?P<dir>{_DIRECTION})\s+(?P<f>{'|'.join(_FRACTIONS)})\s+(?:of|the|our|my|all)\b", re.IGNORECASE
)
_SHARE_AS_AIM = re.compile(
    rf"(?:^|:\s*|\bwant\s+|\bget\s+)(?P<f>{'|'.join(_FRACTIONS)})\s+of\s+(?:the\s+|my\s+|our\s+|all\s+)?"
    r"(?:new\s+)?[a-z]",
    re.IGNORECASE,
)
_SEEN_FRACTION = re.compile(
    r"\b(?:(?P<dir>more than|over|above|under|less than|about|around|nearly|almost)\s+)?"
    rf"(?P<f>{'|'.join(_FRACTIONS)})\b",
    re.IGNORECASE,
)
_WHICH_GOAL = re.compile(r"\b(?:the|my|our|that|this|her|his)\s+((?:[\w'-]+\s+){1,2}?)goal\b", re.IGNORECASE)
_UNIVERSAL = re.compile(r"\b(?:every|all|each)\b", re.IGNORECASE)
_SEEN_PERCENT = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?:%|per ?cent)", re.IGNORECASE)
# "118 of 160", "1,940 online requests out of 3,700", "31 of her 36 students", "Seventeen of my 22"
_SEEN_RATIO = re.compile(
    rf"(?<!every )(?<!each )(?<!every single )\b(?P<a>{_NUMBER})(?:\s+[a-z-]+){{0,2}}?\s+(?:of|out of)\s+"
    rf"(?:(?:the|my|our|her|his|their)\s+)?(?:[\w-]+'s\s+)?(?:last\s+)?(?P<b>{_NUMBER})\b(?!\s*%)",
    re.IGNORECASE,
)
_SEEN_NUMBER = re.compile(r"(?<![\d.,:/-])(?P<n>\d+)(?![\d,:/%-]|[.,]\d)")  # "Backlog is 41." counts
# a count per period: "five a week" needs every week's count (`figures.per_period_says`)
_PER_PERIOD = re.compile(
    r"(?:\s+[a-z-]+){0,3}?\s+(?:a|per|each|every)\s+(?:week|day|month|term|time|session|half)", re.I
)
# the part of a whole: "812 loans this term, of which 73 are overdue"
_OF_WHICH = re.compile(
    rf"\b(?P<b>{_NUMBER})\s+[a-z-]+(?:\s+[a-z-]+){{0,3}},?\s+of (?:which|whom|those)\s+(?P<a>{_NUMBER})\b",
    re.IGNORECASE,
)
# the whole, then the part: "412 assignments were due and 379 were handed in on time"
_WHOLE_AND_PART = re.compile(
    rf"\b(?P<b>{_NUMBER})\s+(?:[a-z-]+\s+){{0,3}}?(?:were|was)\s+(?:due|booked|set|expected|sent|"
    rf"issued|admitted|referred|registered|scheduled|made|received)\b[^.;]{{0,30}}?\band\s+(?P<a>{_NUMBER})\b",
    re.IGNORECASE,
)
# ...or after a comma: "22 new cases in the north, 14 arrived with recordings through the app"
_WHOLE_COMMA_PART = re.compile(
    rf"\b(?P<b>{_NUMBER})\s+(?:new\s+)?[a-z-]+(?:\s+[a-z-]+){{0,4}},\s+(?P<a>{_NUMBER})\s+(?:of them\s+)?"
    r"(?:arrived|came|were|had|did|used|sent|booked|paid|signed)\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\bby\s+\d+\s*%|\b(?:halve|double|cut|reduce|raise|increase)\b", re.IGNORECASE)
# an amount of time: "under two hours", "1 hour 47 minutes", "28 days", "2.4 working days"
_MINUTES = {
    "minute": 1,
    "min": 1,
    "hour": 60,
    "hr": 60,
    "day": 1440,
    "week": 10080,
    "month": 43200,
    "year": 525600,
}
_UNIT_RANK = {"minute": 0, "min": 0, "hour": 1, "hr": 1, "day": 2, "week": 3, "month": 4, "year": 5}
_AMOUNT = (
    rf"(?P<n>\d+(?:\.\d+)?|{_WORDS}|an?)(?P<half>\s+and\s+a\s+half)?[\s-]+(?:working[\s-]+)?"
    r"(?P<unit>minute|min|hour|hr|day|week|month|year)s?"
    r"(?:,?\s+(?:and\s+)?(?P<rest>\d+)(?:\s+(?:minutes?|mins?))?)?\b"
)
_SEEN_AMOUNT = re.compile(rf"(?<![\w.,-])(?<!from )(?<!than ){_AMOUNT}", re.IGNORECASE)
_TARGET_AMOUNT = re.compile(
    rf"(?P<dir>{_DIRECTION}|within|down to|to)\s+{_AMOUNT}|{_AMOUNT.replace('?P<', '?P<or_')}\s+or\s+"
    r"(?P<or>less|fewer|under|below|more|over)\b",
    re.IGNORECASE,
)
# a day counted in the month: "closed on the second working day", "done by working day 3"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
_NTH_DAY = re.compile(
    rf"\bthe (?P<nth>{'|'.join(_ORDINALS)}) working day\b|\bworking day (?P<n>\d+)\b", re.IGNORECASE
)
_MIN_SEC = re.compile(r"\b(\d{1,3})m\s?(\d{1,2})s\b")
_AVERAGE_BEFORE = re.compile(r"\baverage(?:d)?\b(?:\s+[\w-]+){0,3}\s*$", re.IGNORECASE)
_ONE_CASE = re.compile(
    r"\b(?:worst|longest|slowest|quickest|fastest|shortest|outlier|exception|single)\b", re.IGNORECASE
)
_DOWNWARD = re.compile(r"\b(?:reduce|cut|down|lower|shorten|fewer|less|drop)\b", re.IGNORECASE)


_AIMED_AT = re.compile(
    r"\b(?:reach(?:ing)?|hit(?:ting)?|get(?:ting)? to|towards|aim(?:ing)? for|target of|goal of)\s+"
    r"(?:the\s+)?\d+(?:\.\d+)?\s*(?:%|per ?cent)|"
    r"\d+(?:\.\d+)?\s*(?:%|per ?cent)\s+(?:target|goal|aim|mark)\b|"
    # the aim told again: "I wanted twelve and I wanted half"
    rf"\b(?:wanted|hoped for|aimed for|was aiming for)\s+(?:(?:at least|about|around)\s+)?"
    rf"(?:{'|'.join(_FRACTIONS)}|\d+(?:\.\d+)?\s*(?:%|per ?cent)?|{_WORDS})\b",
    re.IGNORECASE,
)


_DONE_VERB = r"(?:\w+ed|went|done|made|ran|sent|got|came|gave|took|did|finished|now)"
# the last ones told as done: "The last three went in", "Both resits were passed", "Made the last seven calls"
_THE_REST = re.compile(
    rf"\b(?:the (?:last|other|remaining|final)\s+(?P<n>{_NUMBER})|(?P<both>both)|the rest)\b"
    rf"(?:\s+(?:of them|[\w']+)){{0,3}}?\s+{_DONE_VERB}\b|"
    rf"\b{_DONE_VERB}\s+the (?:last|other|remaining|final)\s+(?P<n2>{_NUMBER})\b",
    re.IGNORECASE,
)


def left_to_do(goal: str, text: str) -> int | None:
    """How many a goal for all has still to go by an update's count ("21 of 26": 5); None if no count."""
    if not _UNIVERSAL.search(goal):
        return None
    ratio = _SEEN_RATIO.search(text) or _OF_WHICH.search(text)
    if not ratio:
        return None
    done, whole = _value(ratio.group("a")), _value(ratio.group("b"))
    return int(whole - done) if 0 < done < whole else None


def finishes_the_rest(text: str, left: int) -> bool:
    """Whether a sentence reports the last ones done: "The last three went in", "Both of them are
    registered now", "Made the last seven calls" (not "The other two resit next month")."""
    rest = _THE_REST.search(text)
    if not rest or _PLANNED.search(text) or _NOT_YET.search(text):
        return False
    if number := rest.group("n") or rest.group("n2"):
        return _value(number) == left
    return left == 2 if rest.group("both") else True


@lru_cache(maxsize=256)
def has_target(goal: str) -> bool:
    """Whether a goal names a figure to reach: a share, an amount of time or a count."""
    return bool(_percent_targets(goal) or _time_target(goal) or _TARGET_COUNT.search(goal))


def _minutes(match: re.Match[str], prefix: str = "") -> float:
    """An amount of time in minutes: '1 hour 47 minutes' is 107, 'two days' 2880, 'four and a half
    minutes' 4.5."""
    unit = _MINUTES[match.group(prefix + "unit").lower()]
    rest = match.group(prefix + "rest")
    count = _value(match.group(prefix + "n")) + (0.5 if match.group(prefix + "half") else 0.0)
    return count * unit + (float(rest) if rest and unit == 60 else 0.0)


# the unit said once: "from about three hours to one"
_FROM_TO = re.compile(
    rf"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?{_AMOUNT}\s+(?:down\s+|up\s+)?to\s+"
    rf"(?:just\s+)?(?P<to>\d+(?:\.\d+)?|{_WORDS})\b(?![\s-]+(?:working[\s-]+)?(?:minute|min|hour|hr|day|week|"
    r"month|year))",
    re.IGNORECASE,
)


# the time a task should take: "letters to take 15 minutes each, not the 45 they take now"
_TAKES = re.compile(
    rf"\btak(?:e|es|ing)\s+(?:me\s+|us\s+|her\s+|him\s+|them\s+)?(?:about\s+|around\s+|just\s+)?{_AMOUNT}",
    re.IGNORECASE,
)
# times said in words: "half an hour", "an hour and a half", "a quarter of an hour"
_WORDED_TIMES = [
    (re.compile(r"\ban hour and a half\b", re.I), "90 minutes"),
    (re.compile(r"\bhalf an hour\b", re.I), "30 minutes"),
    (re.compile(r"\bthree quarters of an hour\b", re.I), "45 minutes"),
    (re.compile(r"\b(?:a )?quarter of an hour\b", re.I), "15 minutes"),
]


@lru_cache(maxsize=4096)
def _in_minutes(text: str) -> str:
    for worded, minutes in _WORDED_TIMES:
        text = worded.sub(minutes, text)
    return text


# an old figure given in brackets: "Jan 99.2 (old 2-day induction)" reports nothing on the goal
_OLD_FIGURE = re.compile(
    r"\((?:[^()]{0,20}\b(?:old|previous|previously|before|last year|baseline|was)\b[^()]{0,40})\)", re.I
)


def _time_target(goal: str) -> tuple[str, float, str] | None:
    """The amount of time a goal sets ('under two hours', 'from 45 days to 30 days', 'from three hours
    to one', '30 minutes or less') as a direction, minutes and unit; None when it sets none."""
    goal = _in_minutes(goal)
    found = _TARGET_AMOUNT.search(goal)
    if not found and (takes := _TAKES.search(goal)):
        return "no more than", _minutes(takes), takes.group("unit").lower()
    if not found and (elided := _FROM_TO.search(goal)):
        unit = elided.group("unit").lower()
        start, aim = _minutes(elided), _value(elided.group("to")) * _MINUTES[unit]
        return ("no more than" if aim < start else "at least"), aim, unit
    if not found:
        return None
    if found.group("or"):
        more = found.group("or").lower() in {"more", "over"}
        return (
            ("at least" if more else "no more than"),
            _minutes(found, "or_"),
            found.group("or_unit").lower(),
        )
    direction, amount = found.group("dir").lower(), _minutes(found)
    if direction in {"to", "down to", "within"}:
        earlier = [_minutes(m) for m in _SEEN_AMOUNT.finditer(goal[: found.start()])]
        direction = _which_way(direction, goal[: found.start()], amount, earlier)
    return direction, amount, found.group("unit").lower()


def _which_way(direction: str, before: str, amount: float, earlier: list[float]) -> str:
    """Where a 'to' target points: down for "reduce ... to", "from 6% to 4.5%", "down to", "within"."""
    down = direction != "to" or _DOWNWARD.search(before) or any(value > amount for value in earlier)
    return "no more than" if down else "at least"


def _near_unit(seen: str, unit: str) -> bool:
    """An hour can report on a goal in minutes; "the past two weeks" cannot."""
    return abs(_UNIT_RANK[seen.lower()] - _UNIT_RANK[unit]) <= 1


def _percent_targets(goal: str) -> list[tuple[str, float]]:
    """(direction, percentage) of each share a goal names: "at least 80%", "nine in ten", "half". The
    shares it heads for ("to 4.5%", "at least 55%") come last, after any that describe who ("students
    under 40%"): the last one is the target."""
    aims: list[tuple[str, float]] = []
    others: list[tuple[str, float]] = []
    for t in _TARGET_PERCENT.finditer(goal):
        value, direction = float(t.group("n")), (t.group("dir") or "").lower()
        if direction == "to":
            earlier = [float(p.group("n")) for p in _SEEN_PERCENT.finditer(goal[: t.start()])]
            aims.append((_which_way("to", goal[: t.start()], value, earlier), value))
        else:
            (aims if direction in {"at least", "over", "above", "more than"} else others).append(
                (direction, value)
            )
    for share in _TARGET_SHARE.finditer(goal):
        if (value_ := _share(share)) is not None:
            direction = (share.group("dir") or "").lower()
            (aims if direction in {"at least", "over", "above", "more than"} else others).append(
                (direction, value_)
            )
    aims += [
        (t.group("dir").lower(), _FRACTIONS[t.group("f").lower()]) for t in _TARGET_FRACTION.finditer(goal)
    ]
    if not aims and not _DOWNWARD.search(goal) and not _RELATIVE.search(goal):
        # the share itself as the aim: "half of new noise complaints to come in with recordings"
        aims += [("at least", _FRACTIONS[t.group("f").lower()]) for t in _SHARE_AS_AIM.finditer(goal)][:1]
    return others + aims


@lru_cache(maxsize=8192)  # asked of every later sentence for every goal
def numbers_say(goal: str, text: str) -> str | None:
    """'met' or 'in_progress' when the goal names a number to reach and the update gives one to compare
    (80% target, "118 of 160" seen; "under two hours", "1 hour 47 minutes" seen); None when the numbers
    cannot be compared."""
    if not _ANY_FIGURE.search(text) and not _NTH_DAY.search(text):
        return None
    text = _in_minutes(_OLD_FIGURE.sub(" ", text))
    goal = _in_minutes(goal)
    ratio = (
        _SEEN_RATIO.search(text)
        or _OF_WHICH.search(text)
        or _WHOLE_AND_PART.search(text)
        or _WHOLE_COMMA_PART.search(text)
    )
    parts = (_value(ratio.group("a")), _value(ratio.group("b"))) if ratio else None
    if parts and not 0 < parts[0] <= parts[1]:
        parts = None
    incomplete = bool(_UNIVERSAL.search(goal) and parts and parts[0] < parts[1])
    targets = _percent_targets(goal)
    # a share is what a goal counts when it names one; a time beside it qualifies what is counted
    # ("eight in ten open it within a week")
    time_target = None if targets else _time_target(goal)
    if time_target:
        if incomplete:
            return "in_progress"  # "within a day for ten of the twelve weeks": not yet for all of them
        # the goal's own words repeated ("done in under 10 minutes") restate it; they report nothing
        target_words = _TARGET_AMOUNT.search(goal) or _TAKES.search(goal) or _FROM_TO.search(goal)
        said = text.replace(target_words.group(0), " ")  # type: ignore[union-attr]
        amounts = [m for m in _SEEN_AMOUNT.finditer(said) if _near_unit(m.group("unit"), time_target[2])]
        if not amounts and time_target[2] in {"minute", "min"}:
            # a stopwatch time: "9am wait averaged 1m 35s across the month, worst day 2m 50s"
            times = [(m, int(m.group(1)) + int(m.group(2)) / 60) for m in _MIN_SEC.finditer(said)]
            if "average" in goal.lower():
                times = [t for t in times if _AVERAGE_BEFORE.search(said[: t[0].start()])] or times
            if len({compare(v, time_target[1], time_target[0]) for _, v in times}) == 1:
                return compare(times[0][1], time_target[1], time_target[0])
        if not amounts and time_target[2] == "day" and (nth := _NTH_DAY.search(said)):
            days = _ORDINALS[nth.group("nth").lower()] if nth.group("nth") else int(nth.group("n"))
            return compare(days * 1440.0, time_target[1], time_target[0])
        if "average" in goal.lower():  # "an average of 2.4 days", not "the worst took nine"
            averages = [m for m in amounts if _AVERAGE_BEFORE.search(said[: m.start()])]
            if not averages and _ONE_CASE.search(said):
                return None  # one case says nothing about the average
            amounts = averages or amounts
        verdicts = {compare(_minutes(m), time_target[1], time_target[0]) for m in amounts}
        return verdicts.pop() if len(verdicts) == 1 else None
    if _RELATIVE.search(goal) and not any(d for d, _ in targets) and not _TARGET_COUNT.search(goal):
        return None  # "cut by 30%" needs the baseline: not compared; "cut it below 10%" does not
    if targets:
        seen: float | None = None
        text = _AIMED_AT.sub(" ", text)  # "not confident we'll reach 55%", "the 85% target": the aim again
        if parts:
            seen = 100 * parts[0] / parts[1]
        elif percent := _SEEN_PERCENT.search(text):
            seen = float(percent.group("n"))
        elif fraction := _SEEN_FRACTION.search(text):
            # "More than half", "at about three quarters now": just over, or about, the share named
            nudge = {"more than": 0.01, "over": 0.01, "above": 0.01, "under": -0.01, "less than": -0.01}
            seen = _FRACTIONS[fraction.group("f").lower()] + nudge.get(
                (fraction.group("dir") or "").lower(), 0.0
            )
        return None if seen is None else compare(seen, targets[-1][1], targets[-1][0])
    if _UNIVERSAL.search(goal) and parts:
        # "every student in 9M2 will have..." and "21 of 26 students have...": all, or not yet
        return "in_progress" if incomplete else "met"
    count = _TARGET_COUNT.search(goal)
    if count and _PER_PERIOD.match(goal, count.end()) and not _PLANNED.search(text):
        return per_period_says(count, text)
    if count and not _PLANNED.search(text):
        # the goal's own words repeated ("a piece of at least 30 seconds") restate it; they report nothing
        text = re.sub(re.escape(count.group(0)), " ", text, flags=re.IGNORECASE)
        # ...and so does the bound told again: "Two months in a row under 8"
        text = re.sub(
            rf"\b(?:{_DIRECTION})\s+{re.escape(count.group('n'))}\b", " ", text, flags=re.IGNORECASE
        )
        noun = (count.group("noun") or "").lower().rstrip("s")
        named = [  # "Eighteen families", "three complete investigations"
            m
            for m in _SEEN_COUNT.finditer(text)
            if noun and noun in {(m.group(g) or "").lower().rstrip("s") for g in ("noun", "noun2")}
        ]
        # what the goal counts, when the update names it ("Eighteen families came"); else the one figure
        # given, for a target in figures ("at least 30", not "at least one resource")
        figures = [_value(m.group("n")) for m in named]
        if not figures and count.group("n").isdigit():
            figures = [float(m.group("n")) for m in _SEEN_NUMBER.finditer(text)]
        if len(figures) != 1:
            return None  # several numbers: which one is the count is a guess
        return compare(figures[0], _value(count.group("n")), count.group("dir").lower())
    return None


def _share(match: re.Match[str]) -> float | None:
    """'eight of every ten' as a percentage (80.0); None for a share of nothing."""
    a, b = (_value(n) for n in match.group("a", "b"))
    return 100 * a / b if b and a <= b else None


# an item of a list of goals: "One: ...", "2) ...", "Second goal, longer term: ..."
_GOAL_ITEM = re.compile(
    r"^(?:\(?\d{1,2}[.):]|[-•*–]\s|(?:one|two|three|four|first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth)\s*[:.)-]|"
    r"(?:my\s+|the\s+)?(?:first|second|third|other|next|another|last)\s+(?:goal|one)\b[^.:]{0,30}[:,-]|"
    # "Second, and this is the one I'm more nervous about: get my marking down"
    r"(?:first|second|third|fourth)(?:ly)?,[^.:]{0,60}:|"
    r"by\s+[^:,.]{2,30}:)",
    re.IGNORECASE,
)
# a bullet that qualifies the goal before it, not a goal of its own
_PART_OF_GOAL = re.compile(
    r"^[-•*–]\s+(?:by|so|so that|before|in time for|to|and|with|which|because)\b", re.I
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


# ...or each has its own date: "no attachments for a month, by the end of March, and the old S: drive
# archived by the end of April"
_AND = re.compile(r",?\s+and\s+", re.IGNORECASE)
_BY_WHEN = re.compile(r"\bby\s+(?:the end of|(?:mid-)?[A-Z][a-z]+\b|\d{1,2}\s+[A-Z][a-z]+)")


def split_goals(goal: str) -> list[str]:
    """A goal, or the goals a sentence lists when each begins with its verb or has its own date."""
    parts = [p.strip(" ,;.") for p in _NEXT_GOAL.split(goal)]
    if len(parts) > 1 and _FIRST_GOAL.match(parts[0]):
        return parts
    for joint in _AND.finditer(goal):
        first, second = goal[: joint.start()], goal[joint.end() :]
        if _BY_WHEN.search(first) and _BY_WHEN.search(second):
            return [first.strip(" ,;."), second.strip(" ,;.")]
    return [goal]


def goal_text(sentence: str) -> str:
    """The goal itself: without 'My goal for this term:', a list marker and a leading 'by <when>,'."""
    text = re.sub(
        r"^[^:]{0,50}\b(?:goals?|aims?|targets?|objectives?|after|like to \w+|want)\b[^:]{0,40}:\s*",
        "",
        sentence,
        flags=re.IGNORECASE,
    )
    text = _GOAL_ITEM.sub("", text).strip()
    # "My goal for February and March is to rebook ..."
    text = re.sub(
        r"^(?:my|our|his|her|their)\s+goal\s+for\s+[^.:,]{2,40}?\s+is\s+(?:to\s+)?", "", text, flags=re.I
    )
    text = re.sub(r"^by\s[^,]{3,60},\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*\([^()]{0,80}\)", "", text)  # an aside: "(it's about 18% now)", "(2,300 unread)"
    return text.strip()


def _goals_of_entry(said: Sequence[Said], read_as_goals: Collection[int] = ()) -> list[Said]:
    """The goals a goal entry sets: each goal sentence or list item, and each sentence `read_as_goals`
    (their ids; sentence_reading.py); headers are not goals. With none recognised, the sentence that
    reads most like a goal (a time and a measure) stands for it."""
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
        if _PART_OF_GOAL.match(text):
            continue  # "- by February half-term", "- so parents can listen at home": the goal above, told on
        if (
            after_number
            or _GOAL_ITEM.match(text)
            or _GOAL_SENTENCE.search(text)
            or _STATED_GOAL.search(text)
            or id(s) in read_as_goals
        ):
            goals.append(s)
        after_number = False
    if goals:
        return goals
    from ..smart import assess

    def promise(s: Said) -> int:
        met, _, _ = assess(s.text)
        return int(met["time_bound"]) + int(met["measurable"]) + int(not _GOAL_HEADER.match(s.text))

    return [max(said, key=promise)] if said else []


def unread_goal_sentences(said: Sequence[Said], entries: int = 6) -> list[Said]:
    """The sentences of the latest goal entries that the rules take neither as goals nor as headers or
    parts of a goal: what a goal-statement reading may still find a goal in. Only as many goal entries
    as goals are kept are read."""
    by_entry: dict[int, list[Said]] = {}
    for s in said:
        if s.entry.kind == "goal":
            by_entry.setdefault(s.entry.id, []).append(s)
    unread = []
    for sentences_of_entry in list(by_entry.values())[-entries:]:
        taken = {id(s) for s in _goals_of_entry(sentences_of_entry)}
        unread += [
            s
            for s in sentences_of_entry
            if id(s) not in taken
            and not any(rule.match(s.text.strip()) for rule in (_ITEM_NUMBER, _GOAL_HEADER, _PART_OF_GOAL))
        ]
    return unread


def find_goals(
    said: Sequence[Said], limit: int = 6, read_as_goals: Collection[int] = ()
) -> list[tuple[Said, str]]:
    """(sentence, goal) for each goal set: the goals of each goal entry, or a stated goal elsewhere."""
    found: list[tuple[Said, str]] = []
    by_entry: dict[int, list[Said]] = {}
    for s in said:
        by_entry.setdefault(s.entry.id, []).append(s)
    # newest entry first, until `limit` goals are found: an older entry's goals would sort before them
    newest_first = sorted(by_entry.values(), key=lambda ss: (ss[0].entry.date, ss[0].entry.id), reverse=True)
    for sentences_of_entry in newest_first:
        if len(found) >= limit:
            break
        if sentences_of_entry[0].entry.kind == "goal":
            found += [
                (s, g)
                for s in _goals_of_entry(sentences_of_entry, read_as_goals)
                for g in split_goals(goal_text(s.text))
                if g  # a header ("Goals to end of June:") sets no goal itself
            ]
        else:
            stated = next((s for s in sentences_of_entry if _STATED_GOAL.search(s.text)), None)
            if stated is None and sentences_of_entry[0].entry.kind == "session_note":
                stated = next((s for s in sentences_of_entry if _REPORTED_GOAL.search(s.text)), None)
            if stated is not None:
                reported = _REPORTED_GOAL.search(stated.text)
                told = goal_text(stated.text[reported.end() :] if reported else stated.text)
                found += [(stated, goal) for goal in split_goals(told)]
    found.sort(key=lambda pair: (pair[0].entry.date, pair[0].entry.id))
    return found[-limit:]


# what a goal does away with: "no paper photo cards as backup", "through Spond, not WhatsApp polls", "stop
# relying on the printed Scratch cards"
_OLD_WAY = re.compile(
    r"\b(?:no|not|without|instead of|rather than|no more|no longer|away from|"
    r"stop(?:ped|ping)? (?:doing|relying on|using|printing|sending|carrying|keeping))\s+"
    r"(?P<old>[^,;.]{3,60})",
    re.IGNORECASE,
)
# ...and an update that puts it away: "the box of photo cards never came off the trolley", "I archived the
# old WhatsApp group", "The box of cards went back to the stockroom and nobody has asked for it since"
_PUT_AWAY = re.compile(
    r"\b(?:never came (?:off|out)|stayed (?:in|on) the (?:box|bag|drawer|cupboard|trolley|shelf)|"
    r"(?:went|gone|put|packed|moved|sent)\s+(?:back\s+)?(?:in|into|to|off to)\s+(?:the\s+)?"
    r"(?:stockroom|store ?room|cupboard|skip|bin|recycling|drawer|loft|archive|stores)|"
    r"in the (?:skip|bin|recycling)|nobody (?:has )?(?:asked for|missed|noticed)|gathering dust|"
    r"(?:has|have) gone from|(?:doesn't|don't|didn't) miss (?:it|them)|"
    r"archived|retired|binned|scrapped|decommissioned|shredded)\b",
    re.IGNORECASE,
)


# a goal to do something alone or with confidence, and an update that says it was done so: "I sent
# Thursday's batch by myself and didn't think twice about it", "I ran the demo start to finish"
_ALONE_GOAL = re.compile(
    r"\b(?:confident\w*|on (?:my|her|his|their) own|by (?:my|her|him|them)sel(?:f|ves)|independently|unaided|"
    r"without (?:asking|help|reading|shouting|calling|checking|looking|phoning|ringing))\b",
    re.IGNORECASE,
)
_DONE_ALONE = re.compile(
    r"\b(?:by (?:my|her|him|them)sel(?:f|ves)|on (?:my|her|his|their) own|didn't think twice|"
    rf"(?:{_PAST}|did) (?:[\w'-]+ ){{0,3}}(?:my|her|him|them)sel(?:f|ves)|"
    r"without (?:a second thought|thinking twice|asking anyone|any help|a hitch)|unaided|single-handed\w*|"
    r"start to finish|(?:from )?beginning to end)\b",
    re.IGNORECASE,
)


_HEDGED = re.compile(r"\b(?:apart from|except|mostly|almost|nearly|still|yet|not quite|partly)\b", re.I)


def done_alone(goal: str, text: str) -> bool:
    """Whether an update reports done alone, or without a hitch, what a goal wanted done so. Not for a
    goal that counts ("the three most-viewed pages", "every class"): once alone is not all of them."""
    done = _DONE_ALONE.search(text)
    return bool(
        done
        and _ALONE_GOAL.search(goal)
        and not _ANY_FIGURE.search(goal)
        and not _UNIVERSAL.search(goal)
        and re.search(rf"\b(?:{_PAST}|did)\b", text[: done.end()], re.IGNORECASE)
        and not _PLANNED.search(text)
        and not _PROMISED.search(text[: done.start()])
        and not _NEGATED.search(text[: done.start()])
        and not _HEDGED.search(text)  # "herself apart from the formula fields", "myself, mostly"
    )


def retires_old_way(goal: str, text: str) -> bool:
    """Whether an update reports the thing a goal does away with put away, in words of the goal's own."""
    old_words = {w for m in _OLD_WAY.finditer(goal) for w in content_words(m.group("old"))}
    put_away = _PUT_AWAY.search(text)
    clause = next((c for c in re.split(r"[;,]|\s[-–]\s", text) if put_away and put_away.group(0) in c), "")
    return bool(
        old_words
        and put_away
        and old_words & content_words(clause)
        and not _PLANNED.search(text)
        and not _PROMISED.search(text[: put_away.start()])
        and not _NEGATED.search(text[: put_away.start()])
    )


# a goal to stop something, and that thing not done since
_STOP_GOAL = re.compile(
    r"\b(?:stop(?:ped|ping)?|no longer|no more|give up|giving up|cut out)\b|^(?:no|zero)\s", re.IGNORECASE
)
_NONE_SINCE = re.compile(
    r"\b(?:haven't|have not|hasn't|has not|not)\s+(?:\w+\s+){0,2}?(?:done|had|used|needed|written|printed|"
    r"touched|sent|opened|typed|rung|called)\b[^.;]{0,60}\bsince\b|"
    r"\b(?:not (?:one|a single)|zero)\s+[^.;]{0,60}\bsince\b|"
    # "Last sticky note I wrote was 24 Nov."
    r"\blast\s+(?:[\w'-]+\s+){1,3}(?:I|we|she|he|they)\s+(?:wrote|used|printed|sent|did|filled in|typed|"
    r"made|had)\s+was\b",
    re.IGNORECASE,
)
# the cue's own words: what was not done is the rest
_NONE_WORDS = content_words("not one single zero since last wrote used printed sent did filled typed was")
_OWN_SIDE = re.compile(
    r"\b(?:on my (?:side|end|part)|my own (?:goal|figure|target|group|class|numbers))\b", re.I
)


def _about(person: str | None, s: Said, members: int, named: str | None = None) -> bool:
    """Whether a sentence can speak of this person's goal: in a pair always; in a group when its writer
    is the person, it names them, or the member last named before it in the entry ("Her grid says
    all eight children...") is them."""
    if person is None:
        return True
    if (
        s.entry.author != person
        and _OWN_SIDE.search(s.text)
        and first_name(person).lower() not in s.text.lower()
    ):
        return False  # the writer on their own goal: "On my side I admitted I'm still at about half"
    if members <= 2:
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
    if "met" in verdicts or ("state" in verdicts and "in_progress" not in verdicts):
        return "met"
    return "in_progress" if "in_progress" in verdicts else "met"


# a goal the group shares ("Shared goal from Ruth:", "Team target:", "our goal"): any member may report on it
_SHARED_GOAL = re.compile(
    r"\b(?:shared|team|group|joint|department)\s+(?:goal|target|aim)s?\b|"
    r"\bour\s+(?:shared\s+)?(?:goal|target|aim)s?\b|"
    r"\bas a (?:team|group)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def _goal_words(goal: str) -> frozenset[str]:
    """A goal's content words, read once: every later sentence is compared with every goal."""
    return frozenset(content_words(goal))


def _told_of(other_goal: str, s: Said, later: Sequence[Said], position: int) -> bool:
    """Whether a sentence speaks of another goal by its words, or carries on the sentence before it that
    did ("Notes: still maybe half done in session. The other half come home with me.")."""
    words = _goal_words(other_goal)
    if len(words & s.words) >= 2:
        return True
    before = later[position - 1] if position > 0 else None
    return before is not None and before.entry.id == s.entry.id and len(words & before.words) >= 2


def goal_findings(said: Sequence[Said], pair: Pair, read_as_goals: Collection[int] = ()) -> list[Finding]:
    findings = []
    names = {first_name(m).lower(): m for m in pair.members}
    named = dict(zip((id(s) for s in said), _last_named(said, pair), strict=True))
    goals = [
        (start, goal, _goal_owner(start, said, pair, names, named[id(start)]))
        for start, goal in find_goals(said, read_as_goals=read_as_goals)
    ]
    for index, (start, goal, owner) in enumerate(goals):
        words = content_words(goal)
        later = [s for s in said if (s.entry.date, s.entry.id) > (start.entry.date, start.entry.id)]
        # once the same person sets a new goal, a bare "my goal" is about the new one
        newer = next((g[0].entry.date for g in goals[index + 1 :] if g[2] == owner), None)
        evidence: list[tuple[Said, str]] = []
        mentions: list[Said] = []
        shared_goal = bool(_SHARED_GOAL.search(start.text))
        left: int | None = None  # how many a goal for all still had to go, at its last count
        reports: list[str] = []  # what the owner said about the goal's words, in order
        reported_at = -2  # where in `later` the owner last wrote about the goal's words
        for position, s in enumerate(later):
            if not shared_goal and not _about(owner, s, len(pair.members), named[id(s)]):
                continue
            if left and finishes_the_rest(
                s.text, left
            ):  # "Eleven of the fourteen", then "The last three went in"
                mentions.append(s)
                evidence.append((s, "met"))
                left = None
                continue
            left = left_to_do(goal, s.text) or left
            shared = len(words & s.words)
            if any(
                # more of another goal's words than of this one's: twice as many once it shares two
                len(_goal_words(other) & s.words) > (shared if shared < 2 else 2 * shared - 1)
                for j, (set_in, other, who) in enumerate(goals)
                if j != index and who == owner and set_in.entry.date <= s.entry.date
            ):
                # about another goal of theirs, by its words: "29 clips from 9X2 and 26 from 9X4, which is
                # both full classes" reports on the clips, not on the marking time
                continue
            numbers = numbers_say(goal, s.text) if shared or has_target(goal) else None
            # a change is measured from the first figure reported ("Baseline was 64 missed doses."), and
            # the next sentence may carry on the report ("We've recorded 30 this quarter.")
            measured = None
            if shared or position - 1 == reported_at:
                reports.append(s.text)
                measured = change_says(goal, reports)
            measured = measured or tally_says(goal, s.text)
            numbers = numbers or measured
            if shared:
                reported_at = position
            # a figure that only this goal of theirs can be measured by reports on it, named or not:
            # "Semester two was 7%" after "late submissions under 10%"
            only_measure = (
                numbers is not None
                and has_target(goal)
                and not any(
                    numbers_say(other, s.text) or (not shared and _told_of(other, s, later, position))
                    for j, (_, other, who) in enumerate(goals)
                    if j != index and who == owner
                )
            )
            if not shared and not only_measure and not measured and "goal" not in s.text.lower():
                continue
            mentions.append(s)
            names_goal = re.search(r"\bgoal\b", s.text, re.IGNORECASE) and (
                newer is None or s.entry.date < newer
            )
            # "the in-the-room goal": a goal named by its words is that goal, not any other of theirs
            if (
                names_goal
                and (which := _WHICH_GOAL.search(s.text))
                and not words & content_words(which.group(1))
            ):
                names_goal = False
            if (
                shared < 2
                and not names_goal
                and not only_measure
                and not measured
                and not (
                    shared
                    and (
                        numbers
                        or says_met(s.text)
                        or retires_old_way(goal, s.text)
                        or done_alone(goal, s.text)
                    )
                )
            ):
                continue  # a passing mention, not a progress report

            if numbers:
                evidence.append((s, f"numbers:{numbers}"))
            elif retires_old_way(goal, s.text):
                evidence.append((s, "met"))
            elif done_alone(goal, s.text):
                evidence.append((s, "state"))  # done alone once: met unless the same report says otherwise
            elif _STOP_GOAL.search(goal) and any(
                words & (content_words(m.group(0)) - _NONE_WORDS) for m in _NONE_SINCE.finditer(s.text)
            ):
                # "stop doing my notes in the car": "haven't done notes in the car since June"
                evidence.append((s, "met"))
            elif _NOT_YET.search(s.text):
                evidence.append((s, clause_reading(words, s.text) or "in_progress"))
            elif says_met(s.text):
                evidence.append((s, "met"))
            elif states_goal(goal, s.text):
                evidence.append((s, "state"))
        status = "no_news" if not mentions else "in_progress"
        sources = [start.ref(goal)]
        if evidence:
            last_entry = evidence[-1][0].entry.id
            latest = [(s, v) for s, v in evidence if s.entry.id == last_entry]
            status = _latest_status([v for _, v in latest])
            sources += _per_entry([s for s, _ in latest])
        elif mentions:
            # no rule could read the latest report: the word reading of that entry's sentences decides
            last_entry = mentions[-1].entry.id
            report = [s for s in mentions if s.entry.id == last_entry]
            texts = [s.text for s in report]
            # "haven't done notes in the house since June" meets only a goal of stopping something
            absent = any(_NONE_SINCE.search(t) for t in texts) and not _STOP_GOAL.search(goal)
            if reads_as_met(texts) and not absent:
                status = "met"
            sources += _per_entry(report) if status == "met" else [mentions[-1].ref()]
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
