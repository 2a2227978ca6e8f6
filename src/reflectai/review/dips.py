"""Implementation dips: signs that things got harder after a change, and strain told in other words."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from ..models import Finding
from .goals import _STATED_GOAL
from .reading import Said, _per_entry
from .words import shorten

_DIP = re.compile(
    r"\b(?:slower than|(?:felt|feel|feels|feeling) slow\w*|take[sn]? (?:me |us |her |him )?(?:much )?longer|"
    r"took (?:me |us |her |him )?(?:much )?longer|taking (?:much )?longer|giving up|give up|gave up|"
    r"go(?:ing)? back to|went back to|back to the old|revert\w*|close to (?:quitting|stopping|going back)|"
    r"tempted to (?:just |really |quietly |simply )?(?:drop|abandon|stop|quit|go back|ditch|scrap)|"
    r"frustrat\w*|"
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
    r"letting (?:\w+ ){0,2}down|what's the point|why (?:I'm |I am |we're |she's |he's |I )?bother(?:ing)?|"
    r"taken on (?:something|more than|too much)|bitten off more than|"
    r"feel(?:s|ing)? like a (?:nag|fraud|failure|nuisance)|"
    r"(?:I'm|I am) (?:worried|scared|afraid|frightened) (?:that )?I(?:'m|'ll| am| will| might)|"
    r"(?:ran|running|came in|finished) (?:\w+ ){0,2}(?:days?|hours?|weeks?) late|"
    # the urge to undo the change: "ready to shelve the iPads", "about ready to switch the bookings off",
    # "considering putting the keyboards back out"
    r"(?:ready|tempted|considering|thinking of|about) to (?:shelve|mothball|bin|switch (?:\w+ ){1,3}off|"
    r"turn (?:\w+ ){1,3}off)|considering (?:putting|going|switching|moving|taking) (?:\w+ ){0,3}back|"
    # ...or to keep the old way: "half tempted to keep the clipboard", "about ready to tell them to use card"
    r"tempted to (?:keep|stick with|stay with|hang on to)|"
    # ...told as putting the old thing back: "half ready to put the iPads back in the trolley", "close to
    # asking the manager to bring the whiteboard back", "I nearly pulled the scanners"
    r"(?:close to|(?:half |about |almost |nearly )?ready to|thinking of|considering|tempted to) "
    r"(?:[\w']+ ){1,8}?back\b|"
    r"(?:nearly|almost) (?:pulled|scrapped|binned|ditched|dropped|gave up|abandoned|quit|stopped)|"
    r"box-?ticking|tick-?box exercise|"
    # second thoughts about taking it on, the old way told as quicker, the work done twice
    r"wonder(?:ing|ed)? (?:why|if|whether) (?:I|she|he|we|they)(?:'ve| have| had)? (?:ever )?"
    r"(?:agreed|dragged|signed up|took|taken|made a mistake|bitten)|"
    r"could have (?:[\w']+ ){1,6}?in (?:an hour|half an hour|half the time|a fraction of|ten minutes|"
    r"minutes)|"
    r"two jobs|"
    # the same work done over: "I did the notes for Room 12 three times on Tuesday", "had to re-enter it"
    r"(?:did|typed|entered|wrote|filled in) (?:[\w']+ ){1,6}?(?:twice|three times|four times) "
    r"(?:on|in|this|that|last|yesterday|today|over)|"
    r"had to (?:redo|re-?enter|re-?type|start (?:it |them )?again|do (?:it|them) again)|"
    # doubt that it is worth it, fear of how it looks, the urge to put it away: "wondering whether this is
    # worth the extra evenings", "worried the department will think I've lost the plot", "tempted to put
    # the scanners in a drawer and forget them"
    r"wonder\w* (?:whether|if) (?:this|it|all this)(?:'s| is| was) (?:really |even )?worth "
    r"(?:it\b|the (?:extra )?(?:time|effort|evenings|hours|hassle|trouble|stress|bother))|"
    r"worried (?:that )?(?:\w+ ){1,3}(?:will|would|might) think|"
    # second thoughts about the pace or the old way: "wondering whether he pushed the team too fast",
    # "questioning whether the old paper list was safer", "worried she's making the practice look bad"
    r"wonder\w* (?:whether|if) (?:I|we|he|she|they)(?:'d| had)? (?:pushed|rushed|moved|went) (?:\w+ ){0,3}"
    r"too (?:fast|quickly|soon|far)|"
    r"question\w* (?:whether|if) (?:the )?(?:old|paper|previous|original) (?:[\w-]+ ){0,3}(?:was|is|were) "
    r"(?:safer|better|quicker|easier|more reliable)|"
    r"making (?:\w+ ){0,3}look bad|"
    r"(?:tempted|ready|about|close|going) to (?:put|shove|stick|lock) (?:\w+ ){0,3}(?:in|into|back in) "
    r"(?:a|the) (?:drawer|cupboard)|"
    # a fear about the change, told by the coach: "Bea's big fear is...", "Marta's worry is the warehouse"
    r"(?-i:[A-Z][a-z]+)'s (?:big |biggest |main |real |only )?(?:worry|fear|concern) (?:is|was)|"
    r"(?:about|almost|nearly) ready to (?:tell|give|throw|pack|bin|scrap|chuck|walk)|"
    # the new thing as a burden, the old way as quicker: "I could do without the app on top of all this",
    # "one more thing to keep updated", "The old way was quicker", "Paper is quicker to flick through"
    r"could do without|on top of (?:all|everything)(?: else| this| that)?|one more thing to|"
    r"(?:the old way|old system|paper|pen and paper|by hand|the (?:paper|old) [\w-]+) (?:is|was|'s|were) "
    r"(?:still |just |so much |much |a lot )?(?:quicker|faster|easier|simpler)|"
    # a bad stretch, time swallowed, a session that went wrong in front of people
    r"(?:rubbish|awful|terrible|horrible|grim|rough|tough|bad|hard) (?:week|day|fortnight|shift|session|"
    r"lesson|morning|afternoon|night|month)|disappeared into|swallowed (?:my|the|our|her|his)|"
    r"(?:started|kept) drifting|lost the (?:room|class|group)|stood there (?:\w+ ){0,6}?waiting|"
    r"(?:couldn't|could not|can't|cannot) get (?:it|them|the [\w-]+) to (?:work|load|trigger|connect|open|"
    r"sync|play|show|print)|"
    # the new habit lapsing, the urge to skip it: "I have stopped mentioning it in the huddle",
    # "I drive home thinking I could just put a film on instead"
    r"stopped (?:mentioning|bothering|pushing|reminding|nagging)|"
    r"(?:could|should|might as well) just (?:[\w']+ ){1,5}?instead|"
    # "half a mind to finish it in SketchUp", "I feel like I'm neglecting the children", "the old way was
    # fine and I'm just making work for myself", "I've made a rod for my own back"
    r"(?:half a mind|a good mind|half inclined) to|"
    r"feel(?:s|ing)? like (?:I'm|I am|she's|he's|we're|they're) "
    r"(?:neglecting|failing|drowning|cheating|wasting)|"
    r"old way (?:was|is) (?:fine|better|good enough)|making (?:more )?work for (?:myself|herself|himself|"
    r"ourselves|themselves)|rod for (?:my|her|his|our|their) own back|"
    # "more hassle than it's worth", "more trouble than the clipboard", "forget the whole thing", "caught
    # myself writing in the red book again", "a month learning a tool to save no time at all", "I'd rather
    # just keep my shops off it", "feels like an unpaid call-centre supervisor rather than a teacher"
    r"more (?:hassle|trouble|faff|bother|work) than|forget (?:the whole thing|about it|the lot)|"
    r"caught (?:myself|herself|himself) \w+ing\b[^.;]{0,40}\bagain|"
    r"(?:save|saves|saved|saving) (?:me |us )?(?:no|zero) time|"
    r"(?:I'd|I would|she'd|he'd) (?:much )?rather (?:just )?(?:keep|go back|stick|stay|do it)|"
    r"feel(?:s|ing)? like (?:an? )?(?:unpaid |glorified )?[\w-]+ (?:[\w-]+ )?rather than (?:a|an)\b|"
    # "I should have just used clipboards", "slipped back to the stamper", "quicker to just write it for
    # him", "Wondering if I've wasted six weeks", "whether she's too old for this"
    r"should(?:'ve| have) just (?:used|stuck|kept|stayed|done|gone)|"
    r"(?:slipped|slid|drifted|crept|fallen|fell) back (?:to|into|on)|quicker to just|"
    r"(?:I've|I have|we've|we have) wasted|too old for (?:this|it|all this))\b",
    re.IGNORECASE,
)


def dip_findings(said: Sequence[Said], read_as_dips: Collection[int] = ()) -> list[Finding]:
    """One finding for the pair: every sentence that reads like an implementation dip, oldest first.

    The dip words count on their own, as do the sentences `read_as_dips` (their ids; sentence_reading.py);
    strain told in other words only when it recurs (two sentences or more), so one "errors" or
    "slower" in passing does not make a dip."""
    dipped = [bool(_DIP.search(s.text)) or id(s) in read_as_dips for s in said]
    strong = [s for s, dip in zip(said, dipped, strict=True) if dip]
    weak = [s for s, dip in zip(said, dipped, strict=True) if not dip and strained(s.text)]
    if not strong and len(weak) < 2:
        return []
    marked = {id(s) for s in [*strong, *weak]}
    hits = [s for s in said if id(s) in marked]
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
