"""Surface cues for the five tone labels (MITI vocabulary), applied to one normalised sentence.

A cue is *strong* when it decides the label on its own (advice in the first person, "you should",
leading questions that carry a suggestion) and *weak* when it only tilts the embedding classifier
(a sentence that opens like a reflection, a question that opens with an auxiliary verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LABELS = ("open_question", "closed_question", "reflection", "directive", "other")


@dataclass(frozen=True)
class Cue:
    label: str
    name: str
    strong: bool


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_WH = r"(?:what|how|which|why|in what way|to what extent|who|where|when)"
_AUX = (
    r"(?:do|does|did|is|are|was|were|have|has|had|can|could|will|would|should|shall|may|might|"
    r"am|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|haven't|hasn't|won't|wouldn't|"
    r"can't|couldn't|shouldn't)"
)
_ACTION = (
    r"(?:try|trying|use|using|switch|switching|set|setting|ask|asking|tell|telling|make|making|"
    r"move|moving|put|putting|start|starting|stop|stopping|turn|turning|book|booking|send|"
    r"sending|schedule|scheduling|create|creating|give|giving|add|adding|mute|muting|block|"
    r"blocking|limit|limiting|split|splitting|break|breaking|drop|dropping|swap|swapping|"
    r"introduce|introducing|run|running|get|getting|go|going|do|doing|have|having|check|"
    r"checking|email|emailing|call|calling|delegate|delegating|cut|cutting|just)"
)

# Advice, instructions and suggestions. Checked before anything else.
_DIRECTIVE_STRONG = _any(
    r"^(?!(?:what|how|which|why|where|when|who)\b)[^?]*(?<!feel )(?<!felt )(?<!think )(?<!thought )"
    r"\byou (?:really |definitely |probably |just |"
    r"simply |honestly )?(?:should|ought to|must|need to|have to|'d better|had better|gotta)\b",
    # not inside a question of one's own: "What did you learn that you'd want to keep?"
    r"^(?:(?!\b(?:what|how|which|where|when|who)\b)[^?])*?\byou(?:'d| would) (?:be better off|want to|"
    r"need to)\b",
    r"(?<!can )(?<!may )(?<!could )\bi(?:'d| would)? (?:strongly |really |definitely )?"
    r"(?:suggest|recommend|advise|propose|urge)\b",
    r"^(?:shouldn't|shouldnt|should not) (?:you|we|they|the|your)\b",
    r"^(?:couldn't|couldnt) (?:we|they|the|your|someone|somebody|one of)\b",
    r"^is there (?:any |a )?(?:reason|way) (?:why )?(?:you|we|they) "
    r"(?:can't|couldn't|don't|wouldn't|shouldn't)(?: just)?\b",
    r"^you(?:'ll| will) (?:want|need) to\b",
    r"^(?:isn't|isnt|wouldn't|wouldnt) it (?:be )?(?:better|safer|easier|quicker|best|wiser|simpler|more|"
    r"smarter|faster|kinder)\b",
    r"^(?:aren't|arent) you better\b",
    r"^(?:what do you think|how do you feel|how would you feel|what would you think|what would you say|"
    r"how would it be) (?:about|of|to|if you) (?:\w+ing|you \w+ed|just|maybe)\b",
    r"^(?:doesn't|doesnt) it make (?:more )?sense\b",
    r"^i (?:think|feel|reckon|believe) (?:that )?you (?:should|need|must|ought|could|might want)\b",
    r"^my (?:advice|suggestion|recommendation|tip)\b",
    r"^if i (?:were|was) you\b",
    r"^i(?:'d| would) (?:probably |just |definitely |personally )*(?:go|use|try|start|set|ask|tell|"
    r"move|switch|put|make|do|book|send|drop|get|limit|turn|mute|pick|stick|keep|focus)\b",
    r"\b(?:the )?(?:best|easiest|quickest|smartest|simplest) (?:thing|way|option|approach|move|fix|bet)"
    r" (?:is|would be|will be)\b",
    r"^(?:it(?:'d| would| might| may)? be|it's) (?:better|best|easier|wise|smart|good|a good idea|"
    r"worth|helpful) (?:to|if you)\b",
    r"^why (?:don't|do not|not|wouldn't|won't) you\b",
    r"^why not\b(?!,)",
    r"^(?:isn't|isnt|is it not) (?:it )?time\b",
    r"^(?:wouldn't|wouldnt) (?:a|an|the|some|just)\b",
    r"^when (?:are|will) you (?:going to )?(?:stop|start|finally|get round)\b",
    r"\bwhere else would you\b",
    r"^who better\b",
    r"^surely\b",
    r"^(?:how|what) about (?:you )?" + _ACTION.replace("(?:", "(?:", 1) + r"\b",
    r"^what if (?:you|we) (?!could\b|were able\b|felt\b|didn't have\b)\w+",
    r"^what if\b[^?]*\byou (?:just|only|simply)\b",
    r"^(?:have|had) you (?:considered|thought about|tried thinking about|looked into|thought of|tried) "
    r"(?:\w+ing|just|maybe|simply)\b",
    r"^(?:wouldn't|won't|wouldnt) it (?:be|make)\b",
    r"^(?:don't|do not|dont) you think (?:you|it)(?: would|'d| should| might)?\b",
    r"^(?:shouldn't|shouldnt|couldn't|couldnt|can't|cant) you (?:just|simply|maybe|try|use|ask|set)\b",
    r"^(?:could|can|would) you (?:not )?(?:just|simply) \w+",
    r"\byou (?:could|might|may) (?:just |always |also |maybe |perhaps )?(?:try|use|want to|consider|"
    r"switch|ask|set|start|think about using|look at using|book|send|put|move|mute|turn)\b",
    r"^(?:make sure|be sure|remember to|don't forget|do not forget|never|always|avoid|stop|don't|"
    r"do not|dont|please (?!tell|say|describe|share with me|walk|talk))\b",
    r"^let's (?:just |go ahead and )?(?:set|use|try|make|move|put|create|schedule|switch|get|book|"
    r"send|add|start using|plan to|agree that you)\b",
    r"^what you (?:need|should|have|want) to do is\b|^what you (?:need|should have) is\b",
    r"^(?:the|your) (?:answer|solution|fix) (?:is|would be)\b",
    r"^(?:here's|here is) what (?:you|i'd)\b",
    r"^you(?:'ve| have) got to\b",
)

# Imperatives that ask for action on the work (directive) vs invitations to talk (open).
_IMPERATIVE_VERBS = (
    r"set|try|use|send|make|put|move|switch|start|turn|book|schedule|create|give|write|call|email|"
    r"check|keep|add|delete|save|post|upload|install|get|take|go|consider|focus|prioriti[sz]e|"
    r"limit|mute|block|plan|break|split|print|record|update|ask|drop|cut|pick|stick|join|sign|"
    r"open|close|enable|disable|log|clear|sort|label|colour|color|archive|rename|delegate|"
    r"report|submit|file|follow|read|watch|list|assign|invite|remind|ring|text|message|"
    r"let them|have them|get them|change|reduce|speak|talk to|run|bring|stay|leave|note down|jot|show|"
    r"agree|provide|prepare|draft|arrange|contact|introduce|allow|avoid|ensure|make sure|remember to|"
    r"encourage|chase|nudge|loop in|hand over|pass|tidy"
)
_INVITATION = _any(
    rf"^(?:please )?(?:tell|remind|show) (?:me|us)\b(?!,? (?:{_AUX}|whether|if)\b)",
    r"^(?:please )?(?:say|share) (?:a (?:bit|little) )?more\b",
    r"^(?:please )?(?:walk|talk|take) (?:me|us) through\b",
    r"^(?:please )?(?:describe|explain|paint|picture|imagine|help me understand|give me (?:an|a|some)"
    r" (?:example|sense|picture)|give me (?:the|a) (?:tour|rundown|story)|fill me in|think back|unpack|"
    r"expand on|elaborate)\b",
    r"^i(?:'m| am) (?:curious|wondering|interested)\b",
    r"^i wonder (?:what|how|which|why|where|who|whether|if)\b",
    r"^i(?:'d| would) (?:love|like) to (?:hear|know|understand)\b",
    r"^i(?:'d| would) be (?:interested|curious|keen|glad) to (?:hear|know|understand)\b",
    r"^(?:go on|carry on|keep going)\b",
    r"^(?:and |so )?where (?:does|did|do|would) (?:that|this|it|all this|all that) (?:leave|take) you\b",
    r"^(?:please )?share with (?:me|us)\b",
)
_DIRECTIVE_IMPERATIVE = re.compile(
    r"^(?:(?:next time|even so|in future|from now on|for now|this time|tomorrow|instead|honestly|"
    r"for the next (?:round|session|term|one|cohort|batch)|"
    r"seriously|first|then|before (?:the|your|you|next) [\w' ]{1,30}|after (?:the|that|this) [\w' ]{1,30})"
    r"(?:,? though)?, )?"
    r"(?:please |just |maybe |perhaps |still,? |anyway,? |either way,? )?"
    r"(?!take care\b|have a (?:good|great|nice|lovely)\b|"
    r"give me (?:a|one|two|five|\d+) (?:sec|secs|second|seconds|moment|minute|minutes|mins?)\b)"
    rf"(?:{_IMPERATIVE_VERBS})\b"
)
# 6: "have a word with the caretaker" tells; it is not a question for lacking a question mark
_HAVE_A = re.compile(r"^(?:please |just |maybe )?have a (?:word|look|go|chat|think|try|quick look)\b")
# the coach narrating their own small actions: "Let me just find a pen."
_OWN_LOGISTICS = re.compile(
    r"^(?:give me|bear with me|hang on|hold on|one) (?:a |one |two |five |\d+ )?(?:sec|secs|second|seconds|"
    r"moment|minute|minutes|mins?)\b|"
    r"^let me (?:just |quickly )?(?:find|grab|get|check|open|look|see|note|write|pull up|share my screen|"
    r"make a note|jot)\b"
)
# the answers offered to choose from: "Which part first, the reports or the reminders?"
_OPTIONS_OFFERED = re.compile(
    r"^(?:which\b|what would you rather\b)[^?]*, (?!good or bad\b)[^,?]{1,40} or [^,?]{1,40}\?$"
    # after a dash or a colon: "How did it go - better or worse than last time?"
    r"|(?:\s[—–-]|:)\s*(?!good or bad\b)[^,?]{1,40} or [^,?]{1,40}\?$"
)
# "Is there anything that's helped at all?" asks yes or no (the invitation "...else you'd like to add" is
# read first, as a polite invitation)
_ANYTHING = re.compile(r"^(?:and |so |but )?is there anything\b")
_SELF_CARE_ADVICE = re.compile(
    r"^(?:please |just |try to )?(?:be (?:kinder|gentler|gentle|patient|easier|more|less|kind)|"
    r"treat yourself|go easy|give yourself|look after yourself|cut yourself|take (?:it|things) easy|"
    r"stop being so)\b"
)
# A single fact asked for: "the room number", "your staff ID", "the date of the training".
_FACT_NOUN = (
    r"number|name|date|time|day|address|code|link|password|email|deadline|version|room|"
    r"extension|id|postcode|price|cost|total|score|figure|(?:word|page|character|size|upload) limit|"
    r"word count"
)
_FACT = rf"(?:the|your|their|his|her|its) (?:{_FACT_NOUN})"
# "Would you say Primo is an improvement...?": a verdict asked for, yes or no ("say more" invites)
_VERDICT = (
    r" (?:that )?(?!more\b|a (?:bit|little)\b|something\b)(?:[\w'-]+ ){1,3}(?:is|was|are|were|has|had)\b"
)
# Questions: open invitations phrased with an auxiliary verb.
_OPEN_POLITE = _any(
    rf"^(?:can|could|would|will) you (?:please )?(?!tell (?:me|us) (?:whether|if|when|which|who|"
    rf"{_FACT}|the \w+ (?:{_FACT_NOUN}))\b)"
    rf"(?:tell|say(?! (?:that )?(?:you|it|this|they|he|she|we|the)\b|{_VERDICT})|describe|explain|walk|"
    r"talk|share|help me understand|give me (?:an|a|some)|paint|unpack|expand|elaborate|fill me in|"
    r"think of|imagine|take me|show me)\b",
    r"^(?:would|are) you (?:be )?(?:willing|happy|okay|ok) to (?:tell|say|share|describe|talk|walk|"
    r"explain|unpack)\b",
    r"^(?:do|would) you (?:mind )?(?:telling|saying|describing|sharing|walking|talking|explaining)"
    r"(?! (?:me|us) (?:whether|if|when|which|who|where|what time|how (?:many|much|long|often))\b)\b",
    r"^(?:do|would) you (?:want|like|care) to (?:tell|say|talk|share|walk|describe)\b",
    r"^is there (?:more|anything else) you(?:'d| would) (?:like|want) to (?:say|add|share)\b",
)
_CLOSED_WH = _any(
    r"\bon a scale of\b|\bout of (?:ten|10|five|5|a hundred|100)\b",
    # the fact named after the verb: "What did the quiz score come out at?"
    r"^what (?:did|was|were|is|does) (?:the|your|their|his|her|its) (?:\w+ )?(?:score|mark|total|figure|"
    r"number|date|time|deadline|price|cost|rate|percentage|count)\b",
    # a guess or a yes/no question after a dash or a preamble: "Where would it go — in the foyer?"
    rf"\s[—–-]\s*(?:{_AUX}|in|at|on|by)\b[^?]{{0,60}}\?$",
    r"\bwhich (?:one|of them|of the \w+)\b",
    r"^who (?:took|set|ran|made|gave|sent|wrote|got|led|kept|told|brought|found|put|saw|said|won|built|"
    r"chose|showed|covered|signed|booked|picked)\b",
    rf"^(?:can|could|would|will) you (?:please )?(?:tell|give|send|remind) (?:me|us) (?:{_FACT}|"
    rf"the \w+ (?:{_FACT_NOUN}))\b",
    r", [^,?]{1,40} or [^,?]{1,40}\?$",
    # a count asked after a preamble: "When you say it's slow, how many seconds are we talking?"
    r", how (?:many|much|long)\b",
    rf"^(?:tell me|be honest|out of interest|just checking|quick question),? {_AUX}\b",
    r"^how (?:many|much|long|often|old|far|soon)\b",
    r"^what (?:time|date|day|year|percentage|number|room|grade|size|version|floor|ward|page|score|mark|"
    r"total|price|cost|figure|rate|dose|proportion|budget)\b",
    r"^which (?:day|date|time|room|one|version|of the two|is it)\b",
    r"^when (?:is|was|does|did|will|are)\b|^when's\b",
    r"^where (?:is|are|was|were|do|does|did|can|should)\b"
    r"(?! you (?:see|think|want|feel|imagine|reckon|hope|picture)\b)"
    r"(?!(?: \w+){1,2} (?:go|goes|went) from (?:there|here)\b| (?:that|this|it) leave\b)",
    r"^who (?:is|was|are|were|do|does|did|\w+ed|(?!knows\b)\w+s)\b|^who(?:'s|'re)\b",
    # a yes/no question after a scene-setting clause: "When you tried the voice notes, did they work?"
    r"^(?:when|if|after|before|once|now that|since) [^,?]{2,80}, "
    r"(?:do|does|did|is|are|was|were|have|has|had|can|could|will|would|should)\b",
    r"^which (?:of (?:the|them|these|those)|\w+(?: \w+)? (?:did|do|does|is|are|was|were|will|would)\b)",
    r"^(?:would|do) you say (?:that )?(?:you|it|this|they|he|she|we|the)\b",
    rf"^(?:would|do) you say{_VERDICT}",
    r"^what(?:'s| is| was) (?:it|that|this|the \w+) called\b",
    rf"^what(?:'s| is| was) (?:the|your|their|his|her) (?:{_FACT_NOUN})\b",
    r"^what (?:age|age group|year group|colour|color|size|format|brand|model)\b",
)
# A yes/no question with its auxiliary dropped: "(Does that) make sense?", "(Are you) ready to go?"
_CLOSED_ELLIPTIC = re.compile(
    r"^(?:make sense|makes sense|sounds? (?:good|ok|okay|right|fair|like a plan)|all good|clear so far|"
    r"got (?:it|that|everything)|ready (?:to|for)|happy (?:with that|with this|to go|to leave it)|"
    r"okay (?:with|so far)|ok (?:with|so far)|any (?:questions|luck|joy|news)\b|fair enough|anything)\b"
)
_OPEN_WH = re.compile(rf"^(?:and |so |but |then )?{_WH}\b")
_AUX_START = re.compile(rf"^(?:and |so |but |then )?{_AUX}\b")
_CHOICE = re.compile(r"\b(?:or not|or did|or was|or is|or are|or do|, or\b|\bor\b [^?]{1,45}\?$)")

# "What's bothering you is what a flag does to the relationship.": a statement that names what the person
# feels or wants, in a wh-clause; it mirrors, it does not ask
_PSEUDO_CLEFT = re.compile(
    r"^(?:what|how|why|where|who)(?:'s| is)? [^?]*?\byou(?:'re|r)?\b[^?]*? (?:is|was|are|were) "
    r"(?!it\b|that\b|this\b|there\b|they\b|you\b)[^?]*[.!]?$"
    # "the real question for you is whether...", "whether to keep the paper charts is up in the air for you"
    r"|^(?:so )?the (?:real |big )?(?:question|dilemma|choice) for you is\b[^?]*[.!]?$"
    r"|^whether\b[^?]*\bfor you[.!]?$"
)
_REFLECTION = _any(
    _PSEUDO_CLEFT.pattern,
    r"^(?:it |that |this )?(?:sounds|seems|feels|looks)\b",
    r"^(?:it |that )sounds\b",
    r"^(?:it's|it is) (?:like|as if)\b",
    r"^(?:so )?(?:you're|you are|you were|you've|you have|you'd|you feel|you felt|you find|you found|"
    r"you want|you wanted|you'd like|you value|you care|you noticed|you see|you saw|you think|"
    r"you thought|you mean|you sound|you hope|you hoped|you wish|you know|you're not|you aren't|"
    r"you didn't|you don't|you can't|you couldn't|you got|you managed|you moved|you tried|you took|"
    r"you started|you did|you had|you said|you decided|you realised|you realized|you worry|"
    r"you'?re? (?:really|quite|pretty|a bit|feeling|finding|wondering|hoping|torn|proud|stuck))\b",
    r"^(?:what|how|where|when|which|who)\b[^?]*\byou(?:'re|'d|'ve)?\b[^?]*$",
    r"^(?:part of you|on (?:the )?one hand|what i'?m hearing|i'?m hearing|i hear|if i (?:understand|"
    r"heard|hear) (?:you|that|this) (?:right|correctly)|let me (?:see if|check i|make sure i)|"
    r"in other words|for you,|this (?:matters|is important) to you|that (?:must|would) have been)",
    r"^(?:so )?(?:monday|tuesday|wednesday|thursday|friday|this week|last week|that lesson|the "
    r"session|the shift)\b",
    # what something is to the person, said back to them: "...matters a lot to you", "...is driving you
    # up the wall", "you're weighing that up", "Saying no to her feels like letting her down."
    r"\b(?:matters?|mattered|means?|meant) (?:a (?:lot|great deal) |so much |more than \w+ )?to you\b",
    r"\b(?:is|are|was|were|keeps?|kept) (?:really )?(?:driving you|getting to you|wearing you|weighing on "
    r"you|bugging you|eating at you|getting you down)\b",
    r"\byou(?:'re| are) (?:weighing|torn|in two minds)\b|\byou haven't (?:yet )?decided\b",
    r"\bthe (?:habit|thing|part|bit) you(?:'d)? (?:want|wanted|like|would like) to\b",
    r"^\w+ing\b[^?]*\bfeels? like\b",
)
# "It sounds like the decision's already made": the classic opening of a reflection, unless what follows
# is advice ("it sounds like you should...", "...might be worth asking IT")
_SOUNDS_LIKE = re.compile(
    r"^(?:so,? )?(?:it |that )?(?:sounds|seems|feels) (?:like|as if|as though) (?!a plan\b)"
    r"(?![^.?!]*\b(?:should|need to|needs to|have to|has to|must|ought|worth|best|better|easier|time to|"
    r"might want|could try|could just|why not)\b)"
)
_OTHER = _any(
    r"^(?:hi|hello|hey|good (?:morning|afternoon|evening)|welcome|thanks|thank you|cheers|bye|"
    r"see you|take care|nice to|lovely to|good to see|great to see)\b",
    r"^(?:nice|great|good|well|brilliant|excellent|lovely|amazing|fantastic) (?:work|job|done|effort|"
    r"one|point)\b",
    r"^(?:we have|we've got|there are|there's) (?:about |around )?(?:\d+|ten|fifteen|twenty|thirty|"
    r"five|a few) (?:more )?minutes\b",
    r"^let's (?:start|begin|wrap up|get started|pick up|meet|talk|look|come back|pause|take a|"
    r"move on|recap|review|check in)\b",
    r"^(?:i|i'm|i've|i'd|i'll|my|we|we're|we've|our|for the record)\b(?! (?:hear|wonder|sense|get the "
    r"sense|notice|'m hearing|am hearing))",
    r"^(?:the|our|my) (?:next )?(?:training|meeting|session|workshop|call) (?:is|starts|will)\b",
    r"^(?:(?:ok|okay|right|sure|got it|i see|mm+|hmm+|uh-huh|yes|yeah|no|fair enough|fair point|of course|"
    r"totally|absolutely|definitely|true|exactly)[\s,.!]*)+$",
    r"^(?:no (?:rush|worries|problem|pressure|hurry)|not a problem)\b",
)


_AFFIRMATION = re.compile(
    r"^(?:you(?:'re| are|'ve| have| did)(?: been| done)? (?:a |such a |doing a |doing )?(?:great|good|"
    r"brilliant|fantastic|amazing|excellent|wonderful|superb|lovely|really well|so well|well)\b)|"
    # encouragement and praise of a result: "You're a natural", "You've got this", "That's a cracking result"
    r"^(?:you(?:'re| are) (?:a (?:total |real |absolute )?(?:natural|star|legend))|you(?:'ve| have) got "
    r"this)\b|^(?:huge |big |real |so much )?credit to you\b|"
    r"^(?:that's|that is|what) (?:a |an )?(?:really )?(?:cracking|great|brilliant|fantastic|amazing|"
    r"excellent|lovely|terrific|superb|huge|impressive) (?:result|job|effort|achievement|outcome|start|"
    r"audit|piece)\b"
)


def cues(sentence: str, is_question: bool) -> list[Cue]:
    """All cues that fire for a normalised sentence, strongest first."""
    found: list[Cue] = []
    if not is_question and _AFFIRMATION.search(sentence):
        found.append(Cue("other", "affirmation", True))
    if not is_question and is_rhetorical(sentence):
        found.append(Cue("other", "rhetorical question or exclamation", True))
    if _DIRECTIVE_STRONG.search(sentence):
        found.append(Cue("directive", "advice or suggestion", True))
    if _INVITATION.search(sentence):
        found.append(Cue("open_question", "invitation to say more", True))
    elif not is_question and (
        _DIRECTIVE_IMPERATIVE.search(sentence)
        or _SELF_CARE_ADVICE.search(sentence)
        or _HAVE_A.search(sentence)
    ):
        found.append(Cue("directive", "imperative about the work", True))
    if not is_question and _OWN_LOGISTICS.search(sentence):
        found.append(Cue("other", "the coach's own logistics", True))
    if is_question:
        if _PERMISSION.search(sentence):
            found.append(Cue("closed_question", "asks permission", True))
        elif _CLOSED_ELLIPTIC.search(sentence):
            found.append(Cue("closed_question", "yes/no question, auxiliary dropped", True))
        elif _OPEN_POLITE.search(sentence):
            found.append(Cue("open_question", "polite invitation", True))
        elif _ANYTHING.search(sentence):
            found.append(Cue("closed_question", "asks whether there is anything", True))
        elif _OPTIONS_OFFERED.search(sentence):
            found.append(Cue("closed_question", "offers the answers to choose from", True))
        elif _CLOSED_WH.search(sentence):
            found.append(Cue("closed_question", "asks for a single fact", False))
        elif _OPEN_WH.search(sentence):
            found.append(Cue("open_question", "what/how question", False))
        elif _AUX_START.search(sentence) or _CHOICE.search(sentence):
            found.append(Cue("closed_question", "yes/no question", False))
    else:
        if sentence.rstrip().endswith("?") and rising_reflection(sentence):
            found.append(Cue("reflection", "reflection with a rising tone", True))
        elif _SOUNDS_LIKE.search(sentence):
            found.append(Cue("reflection", "says back how it sounds", True))
        elif _REFLECTION.search(sentence):
            found.append(Cue("reflection", "mirrors what was said", False))
        if _OTHER.search(sentence):
            found.append(Cue("other", "greeting, thanks or logistics", False))
    return found


# Asking permission before offering an idea is the MI-consistent alternative to advice: a yes/no question.
_PERMISSION = _any(
    r"^(?:would|is) it (?:be )?(?:ok|okay|alright|all right|fine) (?:with you )?if i\b",
    r"^(?:can|may|could) i (?:offer|share|suggest|add|mention|tell you|make a suggestion)\b"
    r"(?! (?:that )?(?:you|we) (?!could\b|might\b)\w+)",
    r"^(?:would|do) you (?:like|want) (?:me to (?:share|suggest|offer)|an idea|a suggestion)\b",
)
_WH_PAST = re.compile(
    rf"^(?:and |so |but |then )?{_WH} (?:\w+ed|went|made|came|got|stood|felt|took|gave|kept|grew|"
    r"began|brought|caught|struck)\b(?![^,]*\b(?:was|is|were|are)\b)"
)
_WH_ORDER = re.compile(
    rf"^(?:and |so |but |then )?{_WH}(?:(?: \w+)? (?:{_AUX[3:-1]})\b|'s\b|'re\b|'d\b|'ll\b)"
)
_RHETORICAL = _any(
    r"^who (?:doesn't|does not|wouldn't|would not|isn't|hasn't|knows)\b",
    r"^(?:can|could) you believe\b",
    r"^(?:isn't|isnt|ain't) (?:it|technology|that) (?:wonderful|great|funny|amazing|typical|always)\b",
    r"^(?:what a|what an|how (?:lovely|nice|great|good|wonderful|funny|time flies))\b",
    r"^where was i\b",
    # a grumble shaped as a question: "Why does the printer only ever break on a Monday?"
    r"^why (?:is|does|do|are|must) (?:it|this|that|the \w+|these \w+|every\w*) (?:\w+ ){0,3}?"
    r"(?:always|only ever|never|every single)\b",
    r"^who (?:knew|even|actually|on earth|designs|thought)\b",
    r"^what is it with\b",
    r"\bhow hard can it be\b",
    r"[,.] (?:eh|huh)\W*$",
)
# A reflection said with a rising tone still mirrors rather than asks (MITI codes it as a reflection):
# "You're worried the residents will feel watched?", "Part of you wants to drop it?". A tag question
# ("..., right?", "..., yeah?") checks a fact and stays closed.
_RISING_REFLECTION = re.compile(
    r"^(?:so |and |but )?(?:you(?:'re| are| were| felt| feel| want| wanted| wish| seem| sound|'d rather|"
    r"'d like| don't want| didn't want| aren't sure|'re not sure|'ve been| have been| found| think|"
    r"'d hoped| hoped| expected|'d expected| thought|'d thought)|"
    r"part of you|(?:it )?sounds like|it seems|it's (?:less|more|not) (?:about|the)|"
    r"it's the \w+(?: \w+)? (?:that|more than|rather than))\b"
)
_TAG = re.compile(
    r"[,;] ?(?:right|yeah|yes|no|ok|okay|correct|isn't it|is it|aren't you|didn't you|don't you|"
    r"haven't you|wasn't it|won't you|did you|have you)\W*$"
)


def rising_reflection(sentence: str) -> bool:
    """A mirrored statement ending in '?', not a question in question order or a tag question."""
    return bool(_RISING_REFLECTION.search(sentence)) and not _TAG.search(sentence)


# "So the students liked it more than you expected?": a summary in statement order, rising at the end
_ECHOED_STATEMENT = re.compile(
    r"^(?:so|and so|right,? so|ok(?:ay)?,? so),? (?:the|your|his|her|their|our|my|its|it|they|she|he|we|"
    r"that|this|these|those|everyone|everybody|nobody|no one|most|some|all|both|none)\b",
    re.IGNORECASE,
)


# "So you love the idea, but the wifi lets it down?": two sides of what was said, put together
_ECHOED_CONTRAST = re.compile(
    r"^(?:so|and so|right,? so|ok(?:ay)?,? so),? [^?]{6,}\b(?:but|and nobody|and no one|yet)\b",
    re.IGNORECASE,
)


def echoed_statement(sentence: str) -> bool:
    """The raw sentence (before `normalise` drops the 'So') sums up in statement order with a '?'."""
    text = sentence.strip()
    if not text.endswith("?") or _TAG.search(text.lower()):
        return False
    rest = text[len(text.split()[0]) :].strip(" ,").lower()
    if looks_like_question(rest):
        return False
    if _ECHOED_STATEMENT.match(text) and "," not in rest:
        return True
    return bool(_ECHOED_CONTRAST.match(text))


def looks_like_question(sentence: str) -> bool:
    """A question even without its question mark, when the words are in question order ("how did
    that go", "did it help"); "What a week" and "How the upgrade will go, nobody knows" are not."""
    in_order = _WH_ORDER.search(sentence) or _WH_PAST.search(sentence) or _AUX_START.search(sentence)
    return (
        bool(in_order)
        and len(sentence.split()) > 2
        and not _HAVE_A.search(sentence)
        and not _PSEUDO_CLEFT.search(sentence)
    )


def is_rhetorical(sentence: str) -> bool:
    """Asks nothing: "Who doesn't love a spreadsheet?", "Can you believe it's June?"."""
    return bool(_RHETORICAL.search(sentence))
