"""SMART goals (Doran 1981): which criteria a goal states, a transparent rewrite, and open questions
for what is missing ("ask, don't tell").

The criteria are read with cues a coach would use. Time expressions are found with patterns and
resolved to dates by dateparser. The rewrite keeps the coachee's words and puts every number, date or
reason they did not give in an explicit <placeholder>, so it never invents a target.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from .analysis.lexicon import GOAL_FRAMES
from .analysis.reflection import to_second_person, tools_named
from .errors import InputError
from .language import check_user_text
from .models import SmartAnalysis, SmartCriterion, SmartQuestion
from .resources import data_dir, read_jsonl

if TYPE_CHECKING:
    from .tone.checker import ToneChecker

MAX_GOAL_CHARS = 10_000
CRITERIA: tuple[SmartCriterion, ...] = ("specific", "measurable", "achievable", "relevant", "time_bound")

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    "hundred|a dozen|a couple of|half"
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekday|working day|day|morning|evening"
_PERIODS = "day|week|fortnight|month|term|half-term|semester|quarter|year|shift|session|lesson|sprint"
_SEASONAL = (
    r"(?:spring|summer|autumn|winter|easter|christmas|michaelmas|lent|trinity) "
    r"(?:term|half-term|half term|semester|holidays?|break|vacation)"
)
# an event or period a goal can be anchored to: "by the next INSET day", "ahead of the go-live"
_TIME_NOUNS = (
    r"days?|weekend|weeks?|fortnight|months?|terms?|half-term|semester|quarter|years?|season|summer|spring|"
    r"autumn|winter|holidays?|break|birthday|meeting|visit|inspection|audit|go-live|launch|review|rotation|"
    r"placement|exams?|mocks|christmas|easter|shifts?|open day|inset day|reading week|freshers' week|"
    r"appraisal|deadline|bank holiday|conference|term's end|session"
)
_ANCHOR = (
    r"by|before|until|till|ahead of|in time for|no later than|in the run-up to|for the rest of|after|from|"
    r"starting|at|over|during|every|each"
)
_TIME = re.compile(
    rf"\b(?!by a (?:quarter|third|half)\b)(?:"
    rf"(?:{_ANCHOR}) (?:the |my |our |this |next |every |each )?"
    rf"(?:(?:end|start|last week|first week|rest) of (?:the |my |our |this |next )?)?"
    rf"(?:[\w'-]+ ){{0,2}}?(?:{_TIME_NOUNS})\b"
    rf"|(?:this|next) (?:{_TIME_NOUNS})\b|"
    rf"on (?:{_DAYS}s?|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MONTHS})|(?:{_MONTHS}) \d{{1,2}})"
    rf"|(?:by|before|until|till|no later than|from|starting|ahead of|in time for) (?:the )?"
    rf"(?:end of (?:the |this |next )?(?:{_PERIODS}|{_MONTHS})|start of (?:the |this |next )?"
    rf"(?:{_PERIODS}|{_MONTHS})|(?:next |this )?(?:{_DAYS}|{_MONTHS}|{_PERIODS}|christmas|easter|summer|"
    rf"half-term|half term|the holidays|the audit|the inspection|my induction|{_SEASONAL})"
    rf"(?: \d{{1,2}}(?:st|nd|rd|th)?)?(?: {_MONTHS})?(?: \d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MONTHS})"
    rf"(?: \d{{4}})?|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|tomorrow|tonight|next (?:{_DAYS}|{_PERIODS}))"
    rf"|(?:within|in|over|for|during) (?:the |my |our |their |his |her )?(?:next |first |coming )?"
    rf"(?:\d+|{_NUMBER_WORDS}|a|an) (?:working |school |business )?"
    rf"(?:{_PERIODS})s?"
    rf"|(?:within|over|during|throughout) (?:the |my |our |their )?(?:next |coming |first |this )"
    rf"(?:{_PERIODS})"
    # a time limit after an event: "within 60 minutes of every dose", "within two days of the request"
    rf"|within (?:\d+|{_NUMBER_WORDS}) (?:minutes?|hours?|(?:working |school )?days?) of\b"
    # something sent or held on a schedule: "send a fortnightly update" (not "the weekly newsletter")
    rf"|(?:send|post|share|run|hold|publish|email) an? (?:[\w-]+ )?"
    rf"(?:daily|weekly|fortnightly|monthly|termly)"
    # "per year group", "a day centre" name a kind of thing, not a period
    rf"|(?:this|next|each|every|per|(?<!by )a) (?:{_PERIODS}|{_DAYS}|{_MONTHS})(?! group| centre)"
    # a schedule tied to an event: "the same day", "on the day it goes out"
    rf"|\bthe same (?:day|week|shift)\b|\bon the day (?:it|they|we|i|you|he|she)\b"
    rf"|(?:every|each) (?:of (?:my|our|the|their) )?(?:{_DAYS})|(?<!the )(?<!a )(?<!our )(?<!my )(?<!their )"
    rf"(?:daily|weekly|fortnightly|monthly|termly|annually|nightly)(?! (?:newsletter|report|bulletin|email|"
    rf"meeting|summary|summaries|digest|magazine|notes?|paperwork|tasks?|routines?))"
    rf"|(?:by|before|in) (?:{_MONTHS})(?: \d{{4}})?|(?:by|before) (?:christmas|easter|half-term|half term|"
    rf"the summer|the holidays|tomorrow)|tomorrow|tonight|this (?:spring|summer|autumn|winter)"
    rf"|(?:end|start) of (?:the |this |next )?(?:{_PERIODS}|{_MONTHS}|q[1-4])"
    rf"|(?:by|before) the end of (?:my|our|the|this|her|his) (?:preceptorship|probation|placement|rotation|"
    rf"contract|apprenticeship|induction|course|module|secondment|internship|training|pilot)"
    rf"|by \d{{1,2}}[.:]\d{{2}}|on (?:work|school|week) ?nights|(?:\w+-)?hourly|today"
    rf"|this (?:morning|afternoon)"
    rf"|within (?:the|this) (?:year|month|week|term|quarter)"
    rf"|(?:by|before) (?:the )?next (?:pay ?run|payroll|board meeting|audit|inspection|intake|staff meeting|"
    rf"team meeting|review)"
    rf"|(?:by|before|in|from|until|after) (?:the )?(?:spring|summer|autumn|winter|mid-\w+|week \d+|"
    rf"the \d{{1,2}}(?:st|nd|rd|th)|q[1-4]|20\d\d\b(?! (?:intake|cohort|report|annual|class|students))|"
    rf"the time\b|the next \w+ meeting|the next review)"
    rf"|(?:this|next|the) (?:academic|school|financial|calendar) year"
    rf"|every other (?:{_DAYS}|{_PERIODS})|(?:twice|once|three times) (?:a|per|each) (?:{_PERIODS})"
    rf"|\b(?:deadline|due date)\b"
    rf"|(?:in|during|over|by|before|until) (?:the )?(?:end of the )?{_SEASONAL}"
    rf"|(?:in|during) (?:the )?(?:spring|summer|autumn|winter)(?: term| semester)?"
    # "in the new year", "during December", "between now and Easter", "in the run-up to it",
    # "before the library reopens", "before I build the seminar groups"
    rf"|in the new year|during (?:{_MONTHS})|between (?:now|(?:{_MONTHS})|(?:{_DAYS})|christmas|easter) and\b"
    rf"|in the run-up to\b|before (?:i|we|she|he|they|the \w+(?: \w+)?) (?:reopens?|opens?|starts?|"
    rf"begins?|goes live|go live|launch(?:es)?|build|move|leave|go|arrive|come back|return)\b"
    rf")\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    rf"(?:\b\d+(?:[.,]\d+)*(?!\s?[dD]\b)\s?(?:%|percent|per cent)?|"
    rf"\b(?:{_NUMBER_WORDS})\b(?! day\b| of these days)|"
    rf"\b(?:all|every|each|every one|"
    rf"none|no more than|at least|at most|fewer than|less than|more than|twice|once|"
    # "under" is a limit only before an amount ("in under two hours"), not in "under control"
    rf"under(?= (?:\d|(?:{_NUMBER_WORDS})\b|an? )|\d)|"
    rf"the whole of|the whole|every single|doubled?|halved?|by a (?:quarter|third|half)|"
    rf"no \w+ (?:\w+ )?ever|nobody (?:\w+ )?ever|(?:one|two) thirds?|three quarters)\b)",
    re.IGNORECASE,
)
# time spans that also count or repeat: a schedule ("each Friday"), a set trial period ("for a
# fortnight"), a lead time ("at least seven days in advance")
_SCHEDULE = re.compile(
    rf"\b(?:every|each|daily|weekly|monthly|per|(?:\w+-)?hourly|twice|once|times a)\b|"
    rf"^for (?:a|an|\d+|{_NUMBER_WORDS}) (?:{_PERIODS})s?$|^at (?:least|most) ",
    re.IGNORECASE,
)
# a count per period is a schedule: "one day a month", "two hours a week" (not "most of a day")
_RATE = re.compile(rf"\b(?:\d+|{_NUMBER_WORDS}) (?:[\w-]+ ){{0,2}}?a (?:{_PERIODS})\b", re.IGNORECASE)
_EMOTION_OUTCOME = re.compile(
    r"\b(?:love|loves|enjoy|embrace|enthusiastic|happy|confident|comfortable|excited|less nervous|"
    r"more confident|like it|stop complaining|fans? of|a (?:genuine |real |big )?fan|passionate|adore|"
    r"stop (?:dreading|being scared|being frightened|worrying)|guru|"
    r"keen (?:users?|readers?|learners?)|stop feeling|relaxed|calm|calmer|at ease|less anxious|"
    r"less stressed|stop panicking)\b",
    re.IGNORECASE,
)
_COMPLETION = re.compile(
    # an adverb before the verb does not change the outcome ("eventually move the catalogue")
    r"^(?:i (?:will|want to|'ll|aim to|plan to) |i'm (?:aiming|going|planning|hoping) to |"
    r"i am (?:aiming|going|planning|hoping) to |my aim is to )?"
    r"(?:eventually |finally |also |just )?(?:have )?"
    r"(?:finish|finished|complete|completed|pass|"
    r"passed|publish|published|launch|launched|submit|submitted|build|built|create|created|set up|"
    r"move|moved|migrate|migrated|label|labelled|write|written|record|recorded|run|hold|deliver|present|"
    r"presented|approve|approved|get \w+ approved|replace|replaced|clear|cleared|switch|switched|archive|"
    r"climb|repaint|paint|swim|win|visit|read|double|halve|have [\w' -]{3,40} set up|stop|no longer|"
    r"convince|persuade|get [\w' -]{0,30}(?:certification|certificate|qualification|accreditation)|"
    r"get (?:\w+ ){1,3}to (?:agree|sign off|approve)|"
    r"be able to|get the whole \w+ to|get \w+ to switch|"
    r"digitise|digitize|scan|scanned|install|installed|rename|renamed|draft|drafted|rearrange|"
    r"reorgani[sz]e|organi[sz]e [\w' -]{3,40} into|colou?r-code|automate|apply for|"
    r"sort [\w' -]{3,40} into|"
    # made, sent or got rid of: a thing exists, has gone out or has gone
    r"redecorate|decorate|plant|design|send|decline|get rid of|put [\w' -]{3,40} (?:on|onto|into)|"
    r"get (?:it|them|this|that|the [\w' -]{1,30}) (?:printed|laminated|framed|fitted|fixed|repaired|"
    r"serviced|installed|signed off)|"
    r"get (?:\w+ ){1,3}to (?:buy|fund|order|pay for))\b",
    re.IGNORECASE,
)
# evaluative or comparative outcomes are never specific, whatever tool they name
_VAGUE_ALWAYS = re.compile(
    r"\b(?:get better|be better|get faster|be faster|be amazing|the best|famous|sort out|get into|"
    r"get (?:my|your) head round|easier to|smoother|properly|better\.?$|watch more|read more|"
    r"more professional|feel(?:s)? (?:more |okay|ok|supported|unsupported)|love \w+|do more|spend less|"
    r"at some point|feels? okay|ever feels?|less painful|(?:a bit |much |a lot )?fitter|"
    r"(?:stay|get|keep) on top of|world-class|up to speed|communicate better|learn a bit about|"
    r"go-to (?:expert|person)|more productive|as much as (?:i|we) can|get (?:my|your|our) head around)\b|"
    # "more", "quicker", "confidently" as the whole outcome: how much more, by when, is the open part
    r"\bused? (?:[\w-]+ ){0,4}?(?:a (?:bit|lot|little) |much |even |far )?more(?: often)?"
    r"(?: (?:instead of|with|in|for|on|across) [\w' ]{1,30})?\s*[.!]?$|"
    r"\b(?:be|get|become) (?:much |a bit |a lot |far )?(?:quicker|faster|slicker|more efficient)\b|"
    r"\bmake (?:the |our |my |their )?[\w -]{1,30} (?:faster|quicker|better|easier|smoother)\b|"
    r"\bmore (?:engaged|popular|efficient|organised|organized|consistent)\b|\bmost popular\b|"
    r"\b(?:used|visited|borrowed) more\b|\bgive more\b|"
    r"\b(?:confidently|properly|effectively|efficiently|better)\s*[.!]?$",
    re.IGNORECASE,
)
# ...while "learn X so I can ..." or "well enough to ..." gives it one, however vague the wording
_LEARN_USE = re.compile(r"^learn\b.*?\b(?:so (?:that )?(?:i|we) can|well enough to) (.+)$", re.IGNORECASE)
# a standard to reach or a practice to give up is a check: "learn to surf well enough to stand up on
# the board", "... so we can stop paying the printer"
_THRESHOLD = re.compile(
    r"\bwell enough to \w+|\bso (?:that )?(?:i|we) can (?:stop|no longer) \w+", re.IGNORECASE
)
# "make the food bank run better by putting the stock list on a shared spreadsheet": a vague aim
# backed by a concrete action is specific; the action is read on its own
_BY_MEANS = re.compile(r"^.+?\s+by ((?!the\b)\w+ing\b.+)$", re.IGNORECASE)
# ...but practising, trying or learning is no more concrete than the aim ("get better at Excel by
# practising every day")
_SOFT_MEANS = re.compile(
    r"^(?:trying|practi[sc]ing|learning|exploring|working on|looking|reading up|getting|being|doing)\b",
    re.IGNORECASE,
)
_SOFT = re.compile(
    # "learn how to set up a syringe driver" is an action like "learn to ..."; "learn how to use X" is not
    r"\b(?:get better|be better|improve|explore|understand|learn (?:more )?about|learn how(?! to (?!use\b))|"
    r"get to know|"
    r"get comfortable|get familiar|become familiar|feel|try out|play around|look into|think about|"
    r"be more|be less|work smarter|modernise|modernize|make more use|use (?:\w+ ){0,3}more\b|"
    r"engage with|keep up|more done|get more|be back to|old self)\b",
    re.IGNORECASE,
)
_GENERIC_OBJECT = re.compile(
    r"\b(?:technology|technologies|tech|digital(?: tools)?|ai|apps|computers|things|tools|software|stuff|"
    r"everything|improvements|all things digital|new things|gadgets|devices)\b"
    # ...as the thing itself, not naming a kind of something bounded ("a tech help session", "the
    # library's digital catalogue")
    r"(?!\s+(?:help|support|session|sessions|drop-in|catalogue|form|forms|record|records|register|"
    r"archive|clinic|club|champions?|rota|log|checklist|newsletter|display|booking|inventory|audit))",
    re.IGNORECASE,
)
# a quota of unnamed kinds is no more specific than "technology": "six new computer skills", "12 hours of
# IT training", "three tech newsletters", "100 different websites" (a named course is a thing)
_CATCH_ALL_KIND = re.compile(
    r"\b(?:digital|tech|computer|online|online-learning|e-learning|edtech|device|device-help|(?-i:IT))"
    r"(?: computer)? "
    r"(?:skills|tricks|training|courses|activities|tutorials|newsletters|cpd)\b"
    r"(?!\s+(?:room|rooms|session|sessions|day|days|budget|plan|record|records|log|slot|calendar|team))|"
    rf"\b(?:\d+|{_NUMBER_WORDS}) (?:new |different )?websites\b|"
    r"\b(?:books|articles|videos|podcasts|blogs|posts) (?:about|on) (?:the internet|technology|tech|"
    r"computers|computing|ai|social media)\b|\bevery kind of (?:computing|technology|tech|software|apps?)\b",
    re.IGNORECASE,
)
_GRANDIOSE = re.compile(
    r"\b(?:world expert|greatest|complete genius|genius|master (?:every|all|\d+|fifty|\w+ new)|perfect|"
    r"never again|fluent|100% of (?:the |our |my )?(?:tech )?problems|whole company|every single|finest|"
    r"of all time|better than anything)\b",
    re.IGNORECASE,
)
# an outcome no one could check, whatever gets written or built ("a novel better than anything Tolstoy wrote")
_UNCHECKABLE = re.compile(
    r"\b(?:finest|of all time|better than anything|greatest|genius|world expert|like (?:monet|a pro))\b", re.I
)
_OTHERS_CHOICE = re.compile(
    r"\b(?:convince|persuade|make|get) (?:every|all|everyone|everybody|the whole|the head|the council|"
    r"management|it|the cfo|my manager|the consultants|every one|100% of)\b",
    re.IGNORECASE,
)
_SHORT_TIME = re.compile(
    r"\b(?:tomorrow|tonight|by (?:this |next )?(?:monday|tuesday|wednesday|thursday|friday)|"
    r"start of next week|within (?:a|one|two|three|\d) days?|by the end of (?:the|this) day|"
    r"(?:in|within) (?:a|one|two|three|\d) days?)\b",
    re.IGNORECASE,
)
_NAMED_NUMBER = re.compile(
    r"\b(?:(?:year|yr|y|grade|ward|room|class|unit|bay|set|form|level|band|key stage|ks)\s?\d+[a-z]?|"
    r"(?:19|20)\d\d|(?:microsoft|office|m|dynamics) 365|windows \d+|ios \d+)\b",
    re.IGNORECASE,
)
_LARGE_NUMBER = re.compile(r"\b(?:\d{3,}|\d{1,3},\d{3}|hundred|thousand)\b", re.IGNORECASE)
_WORK = re.compile(
    r"\b(?:class|classes|students?|pupils?|year \d+|ward|patients?|team|library|office|colleagues?|"
    r"department|job|work|role|teaching|lessons?|nursing|finance|staff|helpdesk|faculty|lectures?|"
    r"clinic|school|manager|customers?|patrons?|borrowers?|clients?|shift|unit|invoices|course|"
    r"seminars?|marking|homework|rota|handover|meetings?|inbox|caseload|practice|branch|catalogue|"
    r"kiosk|desk|accounts|hr|it team|admin|reports?)\b",
    re.IGNORECASE,
)
_PURPOSE = re.compile(
    r"\b(?:so that|so i can|so we can|to help|to save|in order to|because|which will|to support|"
    r"to make (?:my|our) (?:job|work)|for my (?:job|work|role|students|team|class))\b",
    re.IGNORECASE,
)
_GOAL_CUE = re.compile(
    rf"\b(?:{GOAL_FRAMES}|by [^,.]{{2,30}},? i will|\w+ will (?!be able)\w+)\b", re.IGNORECASE
)
# a goal framed for someone else: "Dev wants to automate ...", "Jamal, an IT technician, wants to
# repaint ...", "The library team will rearrange ..."; the action starts after the frame
_THIRD_PERSON = re.compile(
    r"^(?:(?-i:[A-Z][\w.'-]*)(?: [\w.'-]+){0,3}?(?:, [^,]{1,60},)? "
    r"(?:wants|would like|hopes|plans|aims|intends) to|(?:the|our|my) [\w' -]{1,30}? will) ",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^(?:what|how|why|which|who|where|when|should|could|can|do|does|is|are|would)\b", re.IGNORECASE
)
_PLACEHOLDER = re.compile(r"<[^>]*>")


@cache
def _questions() -> dict[str, list[str]]:
    bank: dict[str, list[str]] = {}
    for item in read_jsonl(data_dir("prompts") / "questions" / "smart.jsonl"):
        bank.setdefault(item["criterion"], []).append(item["text"])
    return bank


@cache
def _date_parser(base: date) -> Any:
    """A parser whose relative dates ("in three weeks") count from `base`, not from the clock."""
    from dateparser import DateDataParser

    settings = {
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
    }
    return DateDataParser(languages=["en"], settings=settings)


def resolve_deadline(span: str, today: date | None = None) -> str | None:
    """The date a time expression points at ("within six weeks" -> a date), or None for schedules
    ("every Monday") and things no parser can place ("by half-term")."""
    base = today or date.today()
    text = span.lower().strip()
    if re.search(
        r"\b(?:every|each|per|daily|weekly|monthly|fortnightly|termly|nightly|a week|a day)\b", text
    ):
        return None
    end_of = bool(re.search(r"\bend of\b", text))
    text = re.sub(
        r"^(?:by|before|until|till|no later than|on|within|in|over|ahead of|in time for)\s+", "", text
    )
    text = re.sub(r"^(?:the )?(?:end|start) of (?:the )?", "", text)
    for word, digit in (
        ("one", "1"),
        ("two", "2"),
        ("three", "3"),
        ("four", "4"),
        ("five", "5"),
        ("six", "6"),
        ("seven", "7"),
        ("eight", "8"),
        ("nine", "9"),
        ("ten", "10"),
        ("twelve", "12"),
        ("a", "1"),
        ("an", "1"),
    ):
        text = re.sub(rf"^(?:the )?(?:next |coming )?{word} ", f"{digit} ", text)
    if re.match(r"^\d+ \w+s?$", text):
        text = f"in {text}"
    if text in ("this week", "this month", "this term", "this year", "the week", "the month", "the year"):
        text = text.split()[-1]
        end_of = True
    try:
        data = _date_parser(base).get_date_data(text)
    except Exception:  # dateparser raises a variety of errors on odd input
        return None
    parsed: datetime | None = data.date_obj
    if parsed is None:
        return None
    result = parsed.date().replace(year=parsed.year) if isinstance(parsed, datetime) else parsed
    if text in ("week",):
        return None
    if (end_of or data.period == "month") and data.period in ("month", "year"):
        if data.period == "year":
            return date(result.year, 12, 31).isoformat()
        return date(result.year, result.month, monthrange(result.year, result.month)[1]).isoformat()
    if result < base:
        return None
    return result.isoformat()


def split_goals(text: str) -> list[str]:
    """The goals in a text: sentences with a goal cue, split further at '; ' and numbered items.
    A text without any cue is one goal."""
    parts = [
        p.strip(" -•*\t") for p in re.split(r"(?:^|\n)\s*(?:\d+[.)]|[-•*])\s+|;\s+|\n+", text) if p.strip()
    ]
    goals: list[str] = []
    for part in parts:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", part) if s.strip()]
        cued = [s for s in sentences if _GOAL_CUE.search(s)]
        if cued:
            goals.extend(cued)
        elif sentences:
            goals.append(part)
    return [g for g in goals if len(g.split()) >= 2] or [text.strip()]


def _goal_body(goal: str) -> str:
    """The goal's action in the coachee's words, without its framing ("I want to ...")."""
    body = re.sub(rf"^.*?\b{GOAL_FRAMES}\s+", "", goal, count=1, flags=re.IGNORECASE)
    return body.strip().rstrip(".!")


def _grandiose_outcome(text: str) -> bool:
    """An outcome no count can check ("the finest saxophonist of all time"); "every single door" counts."""
    return any(m.group(0).lower() != "every single" for m in _GRANDIOSE.finditer(text))


def _generic_object(text: str) -> str | None:
    """A generic object ("apps", "technology"), unless it is part of a product's name ("Power Apps")."""
    for match in _GENERIC_OBJECT.finditer(text):
        word = match.group(0)
        if not (word.istitle() and re.search(r"\S\s+[A-Z][\w.-]*\s$", text[: match.start()])):
            return match.group(0)
    return None


def _means_completion(action: str) -> str | None:
    """The completion named by a means clause ("... by putting the stock list on a spreadsheet"):
    the gerund is put back in its plain form ("put", "move", "scan") and read as a completion."""
    means = _BY_MEANS.search(action)
    if not means:
        return None
    gerund, _, rest = means.group(1).partition(" ")
    stem = gerund.lower()[:-3]
    stems = [stem, stem + "e"] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
    for verb in stems:
        done = _COMPLETION.search(f"{verb} {rest}")
        if done and not _SOFT.search(rest) and not _VAGUE_ALWAYS.search(rest):
            return means.group(1)
    return None


def _measure(text: str, vague_object: bool) -> str | None:
    """The words that make a goal countable. A number always counts; a bare quantifier ("all",
    "every") counts only when the goal's object is concrete: "all things digital" measures nothing."""
    matches = [m.group(0).strip() for m in _QUANTITY.finditer(text)]
    numbers = [m for m in matches if re.search(rf"\d|\b(?:{_NUMBER_WORDS}|twice|once)\b", m, re.IGNORECASE)]
    if numbers:
        return numbers[0]
    return matches[0] if matches and not vague_object else None


def assess(
    goal: str, today: date | None = None
) -> tuple[dict[SmartCriterion, bool], dict[SmartCriterion, str | None], str | None]:
    """Criteria met, the words that meet each, and the deadline as a date."""
    lower = goal.lower()
    body = _goal_body(goal)
    time_match = _TIME.search(goal)
    times = [m.group(0) for m in _TIME.finditer(goal)]
    # numbers that name things ("Year 5", "Ward 7") or times ("within two months") measure nothing
    counted = _NAMED_NUMBER.sub(" ", _TIME.sub(" ", body))
    action = re.sub(r"^[\s,]+", "", _TIME.sub("", body))  # the goal's verb first, times taken out
    action = _THIRD_PERSON.sub("", action)
    quantity = _measure(
        counted,
        vague_object=bool(_SOFT.search(body) or _generic_object(body) or _grandiose_outcome(body)),
    )
    tools = tools_named(body)
    emotion = _EMOTION_OUTCOME.search(goal)
    measurable_by = None
    if quantity and not emotion:
        measurable_by = quantity
    elif (schedule := next(filter(_SCHEDULE.search, times), None)) and not emotion:
        measurable_by = schedule
    elif (rate := _RATE.search(goal)) and not emotion:
        measurable_by = rate.group(0)
    elif (threshold := _THRESHOLD.search(action)) and not emotion:
        measurable_by = threshold.group(0)
    elif (means_done := _means_completion(action)) and not emotion:
        measurable_by = means_done
    elif (
        (done := _COMPLETION.search(action))
        and not _SOFT.search(body)
        and not _VAGUE_ALWAYS.search(action)
        and not _UNCHECKABLE.search(body)
        and not emotion
    ):
        measurable_by = done.group(0)
    soft = _SOFT.search(body)
    # "IT" alone is generic ("get better at IT"); "IT tickets", "the IT department" are things
    generic = (
        _generic_object(body)
        or _CATCH_ALL_KIND.search(body)
        or re.search(
            r"\bIT\b(?!\s+(?:department|desk|team|tickets?|support|"
            r"service|staff|helpdesk|help desk|policy|systems?|technicians?|asset|assets|register|inventory|"
            r"suite|rooms?|budget|manager|lead|induction|training|requests?)\b)",
            body,
        )
    )
    # specific: a concrete action on something bounded. Evaluative outcomes ("get better at", "make it
    # smoother") never are; "technology", "apps", "explore" are not unless a tool or system anchors them
    # "explore Power Apps for handling leave requests": trying a thing out for a named use
    for_use = re.search(r"(?i)\bfor \w+ing\b", action) and not generic
    vague = (
        bool(_VAGUE_ALWAYS.search(action))
        or bool((soft or generic) and not tools and not for_use)
        or bool(soft and len(action.split()) < 6)
        or (len(action.split()) < 3 and not re.search(r"^\w+\s+[A-Z]", action))  # "climb Kilimanjaro"
    )
    use = _LEARN_USE.search(action)
    means = _BY_MEANS.search(action)
    if (use and not _SOFT.search(use.group(1))) or (
        means
        and len(means.group(1).split()) >= 3
        and not _SOFT_MEANS.search(means.group(1))
        and not _VAGUE_ALWAYS.search(means.group(1))
        and not _SOFT.search(means.group(1))
        and not _generic_object(means.group(1))
    ):
        vague = False
    specific_by = None if vague else body
    large = _LARGE_NUMBER.search(goal)
    unrealistic = (
        bool(_GRANDIOSE.search(goal))
        or bool(_OTHERS_CHOICE.search(goal))
        or bool(large and _SHORT_TIME.search(goal))
        or bool(_SHORT_TIME.search(goal) and re.search(r"\b(?:all|every|everyone|whole|\d{2,})\b", lower))
    )
    work = _WORK.search(goal) or _PURPOSE.search(goal)
    criteria: dict[SmartCriterion, bool] = {
        "specific": specific_by is not None,
        "measurable": measurable_by is not None,
        "achievable": not unrealistic,
        "relevant": work is not None,
        "time_bound": time_match is not None,
    }
    evidence: dict[SmartCriterion, str | None] = {
        "specific": specific_by,
        "measurable": measurable_by,
        "achievable": None,
        "relevant": work.group(0) if work else None,
        "time_bound": time_match.group(0) if time_match else None,
    }
    deadline = resolve_deadline(time_match.group(0), today) if time_match else None
    return criteria, evidence, deadline


def rewrite(
    goal: str, criteria: dict[SmartCriterion, bool], evidence: dict[SmartCriterion, str | None]
) -> str:
    """The coachee's own goal, with explicit <placeholders> for what only they can decide."""
    body = _goal_body(goal)
    # "I want students to recommend books" -> "students will recommend books"
    wanted = re.match(r"(?i)I\s+(?:want|would like|'d like|need|hope for)\s+(.+?)\s+to\s+(.+)$", body)
    if wanted and len(wanted.group(1).split()) <= 6:
        body = f"{wanted.group(1)} will {wanted.group(2)}"
    if all(criteria.values()):
        return body[0].upper() + body[1:] + "."
    action = body  # the coachee's own words, still in the first person
    if not criteria["specific"]:
        action = f"{action} (specifically: <the task or situation you choose>)"
    if not criteria["measurable"]:
        action = f"{action}, measured by <a number or a check you choose>"
    if not criteria["relevant"]:
        action = f"{action}, so that <why it matters to your work>"
    has_subject = re.search(r"\bwill\b", body, re.IGNORECASE) is not None  # "80% of my class will submit..."
    if has_subject:
        sentence = action[0].upper() + action[1:]
    else:
        sentence = f"I will {action[0].lower() + action[1:]}"
    if not criteria["time_bound"]:
        opening = sentence if sentence.startswith("I ") else sentence[0].lower() + sentence[1:]
        sentence = f"By <a date you choose>, {opening}"
    if not criteria["achievable"]:
        sentence += " (a first step that is in my control: <the part you can do yourself>)"
    return sentence.rstrip(".") + "."


def numbers_outside_placeholders(text: str) -> list[str]:
    """Digits and number words in `text` that are not inside <placeholders>."""
    visible = _PLACEHOLDER.sub(" ", text)
    return [m.group(0).strip() for m in _QUANTITY.finditer(visible) if re.search(r"\d", m.group(0))]


def questions_for(goal: str, criteria: dict[SmartCriterion, bool], tone: ToneChecker) -> list[SmartQuestion]:
    """One open question per missing criterion, in the coachee's words where the bank allows;
    every question is checked by the tone checker."""
    short_goal = to_second_person(_goal_body(goal))
    short_goal = short_goal[0].lower() + short_goal[1:] if short_goal else short_goal
    drafts: list[tuple[SmartCriterion, list[str]]] = []
    for criterion in CRITERIA:
        if criteria[criterion]:
            continue
        options = _questions()[criterion]
        filled = [
            q.replace("{goal}", short_goal)
            for q in options
            if "{goal}" in q and len(short_goal.split()) <= 10
        ]
        plain = [q for q in options if "{goal}" not in q]
        drafts.append((criterion, filled + plain))
    chosen: list[SmartQuestion] = []
    for criterion, options in drafts:
        verdicts = tone.label_turns(options)
        for option, verdict in zip(options, verdicts, strict=True):
            if verdict.label == "open_question":
                chosen.append(SmartQuestion(criterion=criterion, text=option))
                break
    return chosen


def with_context(
    goal: str,
    criteria: dict[SmartCriterion, bool],
    evidence: dict[SmartCriterion, str | None],
    context: str,
) -> None:
    """What the surrounding text (a reflection, earlier entries) can settle, and nothing else:
    - relevant: the goal takes up what the coachee wrote about (two or more shared content words);
    - specific: a goal about "it" or "the new system" is anchored by the tool the context names.
    Numbers and dates are never taken from the context: only the coachee can decide those."""
    from .review.words import content_words

    if not criteria["relevant"]:
        shared = sorted(content_words(goal) & content_words(context))
        if len(shared) >= 2:
            criteria["relevant"] = True
            evidence["relevant"] = "takes up what you wrote about: " + ", ".join(shared[:4])
    if not criteria["specific"] and not _VAGUE_ALWAYS.search(goal):
        tools = tools_named(context)
        anchored = re.search(
            r"\b(?:it|the (?:new )?(?:system|tool|app|software|platform))\b", goal, re.IGNORECASE
        )
        if tools and anchored and len(goal.split()) >= 4:
            criteria["specific"] = True
            evidence["specific"] = f"{goal.strip()} ({anchored.group(0)} = {tools[0]})"


def analyse_goal(
    goal: str, tone: ToneChecker, today: date | None = None, context: str | None = None
) -> SmartAnalysis:
    criteria, evidence, deadline = assess(goal, today)
    if context:
        with_context(goal, criteria, evidence, context)
    return SmartAnalysis(
        goal=goal.strip(),
        criteria=criteria,
        evidence=evidence,
        deadline=deadline,
        rewrite=rewrite(goal, criteria, evidence),
        questions=questions_for(goal, criteria, tone),
    )


def analyse_goals(
    text: str, tone: ToneChecker, today: date | None = None, context: str | None = None
) -> list[SmartAnalysis]:
    check_user_text(
        text, "goal", MAX_GOAL_CHARS, "write the goal you have in mind", "state one goal at a time"
    )
    if context is not None:
        check_user_text(context, "context", 50_000, "pass the reflection the goal comes from", "shorten it")
    if text.strip().endswith("?") and not _GOAL_CUE.search(text) and _QUESTION_START.match(text.strip()):
        raise InputError(
            "this looks like a question, not a goal", "state what you want to achieve, e.g. 'I want to ...'"
        )
    return [analyse_goal(g, tone, today, context) for g in split_goals(text)]
