"""SAMR (Puentedura 2006): classify a described use of technology by how much it changes the task.

The level belongs to the task, not the tool. Two readings are combined:
- cues a coach would notice ("instead of paper", "automatically", "co-edit", "with a class in another
  country"), each pointing at one level;
- a classifier trained on team-written exemplars (every prompts/samr/exemplars*.jsonl).
When neither says enough, the answer is `unclear`, with the question that would settle it.
See docs/samr.md for the design.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import wordbag
from .analysis.reflection import analyse_reflection, tools_named
from .errors import InputError
from .language import check_user_text
from .linear import Matrix, load_weights, save_weights, softmax, train, train_cached
from .models import NoteRef, SamrAssessment, SamrLevel
from .resources import data_dir, read_jsonl
from .tone.text import sentences
from .wordbag import WordModel

if TYPE_CHECKING:
    from .embeddings import Embedder, Vectors
    from .knowledge import KnowledgeBase
    from .tone.checker import ToneChecker

LEVELS: tuple[SamrLevel, ...] = ("substitution", "augmentation", "modification", "redefinition")
MAX_TEXT_CHARS = 10_000
CLASSES: tuple[str, ...] = (*LEVELS, "unclear")
TRAIN_STEPS = 1500
CUE_WEIGHT = 0.5  # added to a level's log-probability when the text carries one of its cues
WORD_WEIGHT = 1.0  # the word reading's log-probabilities count as much as the embedding's
# each further cue of the same level adds the weight again, up to this many: a use told as unchanged
# three times over ("same columns, same entries", "same length, same kind of comments, same turnaround")
# is surer than one told so once, and the classifier reads a spreadsheet as a gain whatever is said
MAX_CUES_COUNTED = 3
NO_USE_WEIGHT = 0.5  # added to `unclear` when no verb of use is found ("Our department is excited about X")
READINGS_PREFIX = "samr-readings-"  # levels of entries already read, by a hash of their text
MAX_REMEMBERED = 50_000
UNNAMED_SURE = 0.7  # confidence needed to assess a use whose technology is never named
MIN_WORDS = 6  # fewer words than this cannot describe a use ("Teams, OneDrive, Padlet, Kahoot.")

_CUES: dict[SamrLevel, re.Pattern[str]] = {
    "substitution": re.compile(
        r"\b(?:instead of (?:paper|printing|handing out|writing|the whiteboard|photocop\w*|hand[- ]?written|"
        r"(?:by )?(?:fax|post|phone)|the (?:old|wooden|paper|printed) \w+|pulling|unrolling|"
        r"being (?:unrolled|printed|posted|glued|pinned))|"
        r"rather than (?:paper|print\w*)|same (?:as before|worksheet|task|form|questions|way)|nothing else "
        r"(?:changed|is different)|just (?:typed|type|scan\w*|upload\w*|post\w*)|a pdf of|digital copy|"
        r"typed up|on screen instead|exactly the same|no different|"
        r"by hand (?:like|as|the same)|like last year|"
        r"(?:as|like) (?:i|we|they|she|he) always did|just (?:as|like) (?:i|we|they|she|he) did|"
        # the habit told as kept: "as we always have", "the same old songs", "just as they used to",
        # "his usual talk", "Same people, same agenda"
        r"(?:as|like) (?:i|we|they|she|he|you) (?:always|have always) (?:have|had|do)|same old|"
        r"just as (?:\w+ ){1,2}used to|(?:his|her|their|our|my) usual|same \w+(?: \w+)?, (?:the )?same \w+|"
        # the task told as unchanged: "the minutes are identical", "the same boxes, in the same order"
        r"identical|just as (?:it|they) (?:was|were)|just like (?:with |on )?(?:the )?(?:paper\w*|before|"
        r"old \w+|card|notebook)|same (?:boxes|order|length|things|kind of|turnaround|layout|wording|steps|"
        r"content|format|names|list|chart|checklist|rota|information|times|template|briefing|round-robin|"
        r"process|routine|procedure|sheet|handout|book)|says? the same|still (?:check|mark|go through|do|"
        r"process|log) (?:\w+ ){0,3}(?:myself|by hand|in the ledger)|as usual|"
        r"exactly as (?:\w+ ){0,4}(?:did|was|were|marked|appeared|before)|nothing else about|"
        r"(?:the|a) paper \w+ on (?:a )?screen|instead of (?:faxed|faxing|posting|ringing|phoning|"
        r"initialling|triplicate)|"
        # the digital form goes back to paper or the old steps: "prints a blank one every morning and fills
        # it in with a biro", "the rest of the process stays the same", "adds up the totals on a calculator"
        r"prints? (?:off |out )?(?:a |the )?blank\b|prints? (?:it|them|one|a copy) (?:out |off )?(?:and|to) "
        r"(?:fill|write|sign|tick|stick)|with a biro|"
        r"(?:process|rest|routine) (?:\w+ ){0,2}stays? the same|on a calculator|(?:my |a |the )paper diary|"
        # the only change told as the medium, or the old habit kept: "The only change is that the due time
        # is printed", "the way I used to open the diary", "same words as he used to call out", "I don't
        # share it or set reminders"
        r"the only (?:change|difference) is|the way (?:i|we|they|she|he) used to|same words|"
        r"(?:don't|doesn't|do not|does not|never) (?:\w+ ){0,2}(?:share (?:it|them)|set (?:any )?reminders)|"
        r"with no (?:scores|timer|feedback|alerts|marking)|"
        # the old work kept alongside, or the new one seen by nobody: "I still write each time on the
        # clipboard", "Each month I retype it", "which nobody but them ever opens", "only I can see"
        r"still (?:\w+ ){0,5}(?:by hand|on paper|on the clipboard|"
        r"from (?:her|his|my|their|our|the) paper \w+)|"
        r"re-?typ(?:e|es|ed|ing)\b|"
        r"nobody (?:else |but (?:them|me|him|her|us) )?(?:ever )?(?:reads?|opens?|sees?|looks? at)\b|"
        r"only (?:i|we|they|she|he) (?:can )?(?:see|open|read)s?\b|same columns|"
        # what the tool could add is left off: "nothing recorded and nothing written in the chat",
        # "nothing gets posted", "alerts, but they haven't been switched on yet"
        r"nothing (?:gets |is |was )?(?:recorded|written|posted|saved|uploaded|shared)|"
        r"(?:not|never|(?:have|has|is|are|was|were)n't) (?:been |yet )*(?:switched|turned) on|"
        # the old medium named as what the screen replaces: "rather than in their lab books",
        # "instead of from CDs", "rather than held up on a flipchart"
        r"(?:instead of|rather than) (?:(?:held|kept|written|pinned|read|played) (?:up )?)?"
        r"(?:(?:on|in|from|at) )?"
        r"(?:the |a |an |their |our |his |her |my )?(?:old )?(?:paperbacks?|(?:lab |exercise |note)?books?|"
        r"flip ?charts?|chalk ?boards?|blackboards?|cds|cassettes?|tapes?|diary|ledgers?|clipboards?|"
        r"binders?|folders?|notice ?boards?|wall|slips? of paper|index cards?|cards?))\b",
        re.IGNORECASE,
    ),
    "augmentation": re.compile(
        r"\b(?:spell[- ]?check\w*|auto[- ]?(?:save|saves|saved|correct\w*|sync\w*|fill\w*|mark\w*)|"
        r"automatic\w*|instant(?:ly)? (?:feedback|results|marked)|search(?:es|ed|able)?|version history|"
        r"reminders?|sync(?:s|ed|ing)?|track(?:ed)? changes|hyperlinks?|quicker to find|faster to|"
        r"scores? (?:straight|immediately)|self-marking|templates?|alerts? (?:me|us) when|dictat\w*|"
        r"text-to-speech|read aloud|captions?|filter\w*|sort(?:ed|s)? by|"
        # the gain told in plain words: sooner, fewer errors, less chasing
        r"at a glance|straight away|the same (?:day|afternoon)|in seconds|"
        r"within (?:a minute|minutes|seconds)|"
        r"in half the time|(?:a|the) (?:report|summary|chart|list) (?:showing|of who)|latest version|"
        r"without (?:anyone|having to|retyping|copying|tallying|phoning|waiting|chasing)|"
        r"no longer (?:has|have|needs?) to|(?:fewer|no more|no) (?:copying )?(?:mistakes|errors|slips)|"
        r"one (?:tap|click) away|warns?|pops? up|notifications? (?:on|when|if)|voice typing|"
        r"speech recognition|screen[- ]readers?|saves? (?:me|us|her|him|them) (?:an?|the) (?:evening|hour|"
        r"morning|day|afternoon)|clickable|just faster|"
        # the machine tells someone when something happens: "it emails the technician when a machine is due",
        # "sends a message to the carer whenever a shift is changed"
        r"(?:e-?mails?|texts?|messages?|pings?|notif(?:y|ies)|reminds?|alerts?|warns?|buzz(?:es)?)\s+"
        r"(?:[\w']+\s+){0,4}?(?:when|whenever|as soon as)|"
        # the manual step the machine spares: "so nobody fills in a timesheet by hand", "without a stopwatch"
        r"(?:nobody|no one|no-one|no longer) (?!could)(?:[\w']+ ){0,5}?(?:by hand|on paper)|"
        r"without (?:a|the) (?:stopwatch|pencil|calculator|clipboard|tally)|"
        # reading made easier for one reader: "a larger font and a tinted background", "zoom in and see"
        r"larger (?:font|text|print)|(?:font|text) size|large print|tinted|zoom in (?:on|to|and)|can zoom in|"
        # always current: "it always shows the latest swaps", "up to date"
        r"shows? the latest|up[- ]to[- ]date|"
        # what someone can now do with it that they could not do as easily before: "so we can see when each
        # parcel was signed for", "they can move paragraphs around", "a reader can return a whole stack"
        r"(?:so|and|but|now|they|we|she|he|you|reader|readers|staff|patients)\s+(?:[\w']+\s+){0,2}?"
        r"(?:can|could)\s+"
        r"(?:now\s+)?(?:see|find|check|hear|zoom|move|make|return|point|track|undo|spot|tell|enlarge)\b|"
        r"remembers|searchable)\b",
        re.IGNORECASE,
    ),
    "modification": re.compile(
        r"\b(?:co-?edit\w*|at the same time|in real time|real-time|simultaneous\w*|peer (?:feedback|review)|"
        r"comment(?:s|ed)? on each other'?s|each other'?s (?:work|drafts|posts)|redesign\w*|rebuil\w*|"
        r"restructur\w*|re-?organis\w*|rethought|whole (?:process|workflow) (?:now|has)|collaborativ\w*|"
        r"together on (?:one|a shared|the same)|shared (?:doc\w*|board|notebook|dashboard) (?:that|where)|"
        r"built (?:the|our) \w+ around|around (?:a|the) live|groups? (?:build|create|edit)\w*|"
        # the people change what they do with it: regrouping, planning around the results
        r"regroup\w*|split the class|(?:planned|organi[sz]ed|built|decided) (?:a)?round (?:them|it|the|what)|"
        # the work is planned from what the tool gathers: "the carers plan the week's activities with the
        # resident from what the family has added", "night checks are planned from the sensor readings"
        r"(?:plans?|planned|planning) (?:[\w']+ ){0,5}?from (?:what|the|their|a|those)|"
        r"decides? (?:together|with the others)|"
        # the work passes between the people doing it: "teach the key points back to each other", "the next
        # group has to answer", "run against every classmate's submission", "half led by parents"
        r"to each other\b|the next (?:group|pair|team|student)|every classmate'?s|"
        r"(?:half |partly )?led by (?:the )?"
        r"(?:parents|students|pupils|patients|residents|learners|families))\b",
        re.IGNORECASE,
    ),
    "redefinition": re.compile(
        r"\b(?:another country|other countries|around the world|worldwide|global(?:ly)? audience|"
        r"real audience|"
        r"international\w*|published (?:online )?(?:for|to) (?:the public|parents|the world|readers)|"
        r"remote(?:ly)? monitor\w*|from (?:their|his|her) homes?|(?:live|video) (?:link|call)s? with "
        r"(?:a|an|the) (?:school|class|hospital|expert|scientist|author|museum)|(?:would|could) ?n[o']t have "
        r"(?:been possible|happened|done)|no (?:one|human|person) could (?:ever )?have|could never have|"
        r"never (?:been )?possible|impossible (?:before|without)|"
        # what was out of reach until now, ending the clause: "a conversation we simply couldn't have
        # with them before." (not "couldn't see the scores before Friday")
        r"(?:could ?n[o']t|could not) (?:\w+ ){1,4}before(?=\s*(?:[.,;:!?]|$))|"
        r"across (?:\w+ ){0,2}(?:sites|hospitals|schools|campuses|countries|branches)|data from (?:\w+ )?"
        r"(?:sites|schools|hospitals)|thousands of (?:people|readers|viewers)|"
        # an audience of strangers in the hundreds, who answer back: "more than 900 residents dropped pins",
        # "about nine hundred people took part", "an online festival where viewers voted"
        r"(?:\d[\d,]{2,}|hundred|thousand) (?:people|residents|viewers|readers|listeners|visitors|citizens|"
        r"members of the public|took part|joined|signed)|"
        r"(?:online|virtual) (?:festival|exhibition|conference|competition|gallery)|"
        r"viewers (?:voted|commented|left|sent)|"
        # people outside use the work or answer back: "the council's road safety officers now use it",
        # "now used every day by the charities' volunteers", "the author replied", "a thousand comments"
        r"(?:council|charity|charities|the public|developers|the author|residents|families)(?:'s|s')? "
        r"(?:[\w']+ ){0,3}(?:now use|now uses|replied|reviewed (?:their|our|the)|order straight)|"
        r"now used (?:every day |daily )?by|(?:a|one|two|three|several) thousand (?:comments|replies|views)|"
        # work handed between offices in different time zones, so it never stops
        r"(?:across|different|other) time ?zones|(?:a)?round[- ]the[- ]clock|follows? the sun|"
        # people out of reach before: "customers they'll never meet", "countries we never shipped to"
        r"(?:they|we|you|i)(?:'ll| will)? never (?:meet|met|shipped|reached|see)|customers abroad|"
        r"(?:readers|customers|clients|families|viewers|audiences?) (?:from|in|across) "
        r"(?:\w+ ){0,2}countries)\b",
        re.IGNORECASE,
    ),
}
# talk about a tool with no use of it in it: a wish, a plan, a request, hearsay or a vague amount
# ("wondering whether we could use Forms", "keeps telling us to use the shared drive more", "I use Excel for
# lots of things", "we're rolling out Teams next term"); each adds CUE_WEIGHT to `unclear`
_NO_USE_TOLD = re.compile(
    r"\b(?:wonder\w* (?:whether|if)|thinking (?:about|of) (?:using|trying|getting)|"
    r"(?:ask|asks|asking|asked|keeps? telling|kept telling) (?:\w+ ){0,2}(?:whether|if|to use|to try)|"
    r"(?:telling|told) (?:us|me|them|him|her) to (?:use|try)|(?:been|was|were|are|is) told to (?:use|try)|"
    # talk and feelings about a tool, with no use told: "Gradescope has come up at a few meetings"
    r"(?:has|have) come up|(?:lots of |a lot of )?talk (?:about|of)|"
    r"(?:very |really |quite |so )?(?:positive|enthusiastic|excited) about|"
    r"(?:i|we|they|you|she|he) (?:could|should|might) (?:use|try|stick with)|"
    r"(?:want|wants|plan|plans|planning|hope|hoping|going) to (?:try|start using)|"
    r"(?:lots|all sorts|loads) of (?:things|stuff)|for everything|"
    r"(?:use|uses|using|used) (?:[\w-]+ ){1,3}a (?:bit|lot)|"
    r"experimenting with|details to follow|(?:haven't|have not|not yet) decided|rolling out|rolled out|"
    # praise or a try-out with no task in it: "Mentimeter has been a game changer for my form group!"
    r"(?:has been|was|is) (?:a |an )?(?:real |total |complete |big )?(?:game[- ]changer|lifesaver|revelation|"
    r"godsend|big part of)|tried \w+ (?:\w+ ){0,3}once|"
    # much of it, asked about, or announced, with no task told: "Year 10 are on Quizizz a lot", "Patrons
    # keep asking us about e-audiobooks", "sent round a memo about", "the feedback has been positive"
    r"(?:are|is|been) on [\w-]+ (?:a lot|all the time)|(?:keep|keeps|kept) asking (?:\w+ )?about|"
    r"(?:memo|email|newsletter|announcement) about|"
    r"feedback (?:has been|was) (?:really |very )?(?:positive|good|great))\b",
    re.IGNORECASE,
)
_TECH = re.compile(
    r"\b(?:app|apps|online|digital\w*|software|device\w*|computer\w*|laptop\w*|tablet\w*|ipads?|phones?|"
    r"website|platform|portal|system|screens|electronic\w*|trackers?|automatic\w*|notifications?|upload\w*|"
    r"spreadsheet|email\w*|video\w*|recording|screen|scanner\w*|"
    r"chatbot|ai|electronic|virtual|internet|wi-?fi|cloud|database|dashboard|camera|robot\w*|"
    r"whiteboard|projector|headset|sensor\w*|kiosk\w*|barcode|qr code|podcast\w*|blog\w*|forum|"
    r"microsoft|google|zoom|teams|kindle|e-?readers?|e-?books?|audiobooks?|cad|3d|printers?|pcs?|"
    r"repositor\w*|full-text|scan\w*|files tab|text messages?|sms|wristbands?|print-release|pdfs?|"
    r"word documents?|google docs?|slides?|slide decks?|kindles?|web ?(?:page|site|form|link)s?|"
    r"intranet|wiki\w*|vle|lms|e-?portfolio\w*|touch-?screens?|bluetooth|spotify|stream\w*|livestream\w*|"
    r"live (?:link|poll\w*|chat)|simulat(?:ion|or)s?|vr|virtual reality|wearables?|"
    r"connected (?:scales|devices?)|"
    r"monitors?|data loggers?|handhelds?|text analytics|attachments?|download\w*|log(?:s|ged)? in|login|"
    r"click\w*|tap|hyperlinks?|links?|voice notes?|audio(?: files?)?|clips?|notebooks? (?:app|online)|"
    r"jupyter|minecraft|wikipedia|open[- ]source|crowdsourc\w*|telehealth|tele-?\w+|"
    r"(?:inter)?active (?:board|panel)s?|smart ?boards?|channel|inbox|mailbox|"
    r"captions?|grammarly|chat|widget|animations?|stop[- ]motion|motion capture|datasets?|open data|"
    r"data (?:from|with)|digitis\w*|digitiz\w*|photos?|photograph\w*|recordings?|text-to-speech|"
    r"text-mining|tv|network|satellite|e-?twinning|class (?:page|site|blog)|public (?:page|site)|"
    r"(?:taught|answered|streamed|watched|shown|broadcast|held|run) live|live (?:data|video|session|chart|"
    r"board|trend|feed|map|q&a|document|doc|file)|"
    r"typ(?:ed|ing)|types? (?:up|into|in|out)|key(?:ed|s)? (?:in|into)|"
    r"(?:gets?|got|sends?|sent|by) (?:a |them a )?texts?|in real time|real-time|alerts?|submits?|"
    r"perusall|sutori|libguides|book creator|"
    r"shared (?:\w+ )?(?:doc|document|drive|folder|board|file|sheet|workbook|log|calendar|deck|space|screen|"
    r"bibliography|knowledge base|list|record|tracker|cop(?:y|ies)|glossar(?:y|ies))s?|"
    # electronic anything, and devices told by what they do
    r"e-\w{4,}|smart[- ](?:meters?|speakers?|watch\w*|pens?|plugs?|sensors?)|alarms?|"
    r"card (?:readers?|machines?)|translation memor(?:y|ies)|open (?:\w+ )?data|"
    # software and devices told by what they are, not by brand
    r"(?:online |digital |web |electronic |sign-up |booking |feedback )?forms?|workbooks?|"
    r"(?:online |digital |shared |interactive )?maps?|calendars?|(?:the |their |a |our )(?:site|record)|"
    r"(?:discussion|message|notice) boards?|servers?|usb|cds?|dvds?|speakers?|glasses|goggles|"
    r"checkers?|comment (?:box|bank)s?|remote[- ]control\w*|gadgets?|kit|equipment|machines?|"
    r"tech|technology|technologies|live from|subtitl\w*|"
    r"discord|whatsapp|slack|trello|moodle|canvas|padlet|kahoot|seesaw|canva|flip|"
    r"(?:text|group|chat) (?:thread|group)s?|hotspots?|chromebooks?|smartphones?|"
    # what only a machine does: it pings, logs, sends, updates itself, works things out
    r"pings?|beeps?|buzz(?:es)?|flags? (?:up|it|them|anyone)|logs? (?:the|each|every|when)|"
    r"(?:sends?|feeds?|pushes|pulls?) (?:each|every|the|it|them|our|their) \w+ (?:straight|directly|into|to)|"
    r"updates? (?:as|itself|on its own|live|instantly)|works? out|calculat\w*|counts? (?:up|them|it) for|"
    r"(?:posted|pinned|uploaded|shared) (?:from|to|on|in)|votes? (?:on|for)|workflow tools?|"
    r"running (?:record|log)s?|routes? (?:each|every) \w+ to|"
    r"greys? out|weighs (?:the|each|every)|reads? (?:\w+ ){0,3}aloud|lights? up|detects?|algorithms?|"
    r"on the board|"
    # kit named by what it is or does: "a laser cutter", "live GPS tracks", "multispectral images",
    # "whole-genome sequencing", "recorded calls", "an announcement over the PA", "self-service lockers"
    r"lasers?|gps|satnav|imag(?:es|ing)|sequenc(?:ing|ers?)|ultrasound|x-?rays?|telematics|"
    r"recorded (?:calls?|announcements?|messages?|lectures?|lessons?|sessions?|talks?|readings?)|"
    r"live (?:lessons?|class(?:es)?|lectures?|tracks?|tracking|broadcasts?)|self-service|"
    r"public address|tannoy|loudspeakers?|(?:anonymi[sz]ed|raw|sensor|card|patient|usage|sales) data)\b|"
    # a product named in CamelCase or iStyle: "GarageBand", "PowerPoint", "iMovie"
    r"(?-i:\b(?:[A-Z][a-z]+[A-Z][A-Za-z]+|i[A-Z][a-z]+|PA)\b)",
    re.IGNORECASE,
)
_USE_VERB = re.compile(
    r"\b(?:use[sd]?|using|post\w*|type[sd]?|typing|share[sd]?|sharing|upload\w*|record\w*|scan\w*|"
    r"edit\w*|write|wrote|written|writing|submit\w*|mark\w*|track\w*|send|sent|publish\w*|comment\w*|"
    r"collaborat\w*|monitor\w*|book\w*|search\w*|build|built|create[sd]?|make|made|run|ran|hold|held|"
    r"check\w*|replace[sd]?|instead|now|switch\w*|moved?|turn\w*|read|watch\w*|log\w*|answer\w*|fill\w*|"
    r"join\w*|talk\w*|video-?call\w*|chat\w*|present\w*|print\w*|send\w*|store[sd]?|keep|kept)\b",
    re.IGNORECASE,
)


_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|without|never|nor|can'?t|cannot|isn'?t|aren'?t|don'?t|doesn'?t|switched off|turned off|"
    r"disabled)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_NEGATION_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,2}(?:(?:switched|turned|is|are) off|disabled)\b", re.IGNORECASE
)


def _negated(text: str, match: re.Match[str]) -> bool:
    """A cue said not to apply: "autocorrect switched off", "no peer feedback", "comments are off"."""
    return bool(
        _NEGATION_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
        or _NEGATION_AFTER.search(text[match.end() : match.end() + 40])
    )


def _gain_follows(text: str, match: re.Match[str]) -> bool:
    """'the same way, but they only pay for what they collect': the contrast brings in a gain, so the
    sameness is not the whole story."""
    # the contrast may open the next sentence: "instead of exercise books. It's the same letter, but the
    # spell-checker underlines mistakes"
    rest = " ".join(re.split(r"[.!?]", text[match.end() :], maxsplit=2)[:2])
    contrast = re.search(r"\bbut\b", rest, re.IGNORECASE)
    if contrast is None:
        return False
    # "..., but she grades each one herself, exactly as before": the contrast keeps things the same
    after = rest[contrast.end() :]
    return not re.search(
        r"\b(?:still|exactly|as usual|the same|by hand|herself|himself|nothing)\b", after, re.I
    )


# the same task kept, then a gain after "but": "The chaplains visit the same wards as before, but they
# can check on their phones who has asked for a visit", "Staff still shelve by hand, but the wand beeps",
# "the practical ran as usual, but the microscope camera sent the image to the board"
_KEPT_BUT = re.compile(
    r"\b(?:the same\b|same \w+|still\b|as before\b|unchanged\b|as usual\b|"
    r"as (?:it|they) always (?:was|were|did)\b)[^.;:]{0,90}?,? but (?:now |also |it |they |the )?",
    re.IGNORECASE,
)


def _kept_but_gained(text: str) -> str | None:
    """The words of a kept-then-gained contrast, when what follows 'but' is not more of the same."""
    for match in _KEPT_BUT.finditer(text):
        after = re.split(r"[.;]", text[match.end() :], maxsplit=1)[0]
        same_again = r"\b(?:still|exactly|as usual|the same|by hand|nothing|no one|nobody)\b"
        if after and not re.search(same_again, after, re.IGNORECASE):
            return match.group(0).strip()
    return None


@dataclass(frozen=True)
class UseReading:
    text: str
    level: SamrLevel
    confidence: float
    tool: str | None


@dataclass(frozen=True)
class Exemplars:
    texts: list[str]
    levels: list[str]


@cache
def _exemplars() -> Exemplars:
    """Every prompts/samr/exemplars*.jsonl: each file is one author's labelled descriptions."""
    rows = [row for path in _exemplar_files() for row in read_jsonl(path)]
    return Exemplars([r["text"] for r in rows], [r["level"] for r in rows])


@cache
def _rules_digest() -> str:
    """This module's cues and decisions: remembered levels are void once they change."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def shipped_weights_path() -> Path:
    return data_dir("prompts") / "samr" / "classifier.npz"


def _exemplar_files() -> list[Path]:
    return sorted((data_dir("prompts") / "samr").glob("exemplars*.jsonl"))


@cache
def weights_stamp(model_id: str) -> str:
    """What the weights were trained on: the exemplar files, the model and the training settings."""
    digest = wordbag.exemplar_digest(_exemplar_files())
    digest.update(json.dumps([model_id, CLASSES, TRAIN_STEPS]).encode())
    return str(digest.hexdigest()[:24])


def shipped_word_model_path() -> Path:
    return data_dir("prompts") / "samr" / "words.npz"


@cache
def word_stamp() -> str:
    """What the word reading was trained on: the exemplar files and how words become features."""
    return wordbag.word_stamp(_exemplar_files(), CLASSES)


def _readings(words: bool) -> float:
    """How many readings a score sums, by weight: the embedding's, and the words' when asked for."""
    return 1.0 + WORD_WEIGHT if words else 1.0


@cache
def _word_model() -> WordModel:
    """The shipped word reading when it was trained on these exemplars; otherwise trained here (~1 s)."""
    model = WordModel.load(shipped_word_model_path(), word_stamp())
    if model is None:
        examples = _exemplars()
        model = WordModel.train(examples.texts, examples.levels, CLASSES)
    return model


@cache
def _questions() -> dict[str, list[str]]:
    bank: dict[str, list[str]] = {}
    for item in read_jsonl(data_dir("prompts") / "samr" / "questions.jsonl"):
        bank.setdefault(item["level"], []).append(item["text"])
    return bank


# the channel the coaching itself runs on ("we meet on Teams every fortnight", "first Zoom session
# with Aoife") is not a use of technology by the coachee, and reads as redefinition if classified
_CONFERENCING = (
    r"(?:zoom|(?:microsoft )?teams|google meet|skype|facetime|webex|video(?: ?call)?|the phone|phone)"
)
_COACHING_CHANNEL = re.compile(
    rf"\b(?:meet|meets|met|meeting|coach|coaching|session|sessions|talk|talked|spoke|"
    rf"catch up|caught up|check in|checked in)\b(?:\s+[\w']+){{0,5}}?\s+(?:on|over|via|by|through|using)\s+"
    rf"{_CONFERENCING}\b"
    rf"|\b(?:first|second|third|our|this|last|next|weekly|fortnightly|monthly)\s+{_CONFERENCING}\s+"
    rf"(?:session|call|meeting|catch-up|check-in)s?\b"
    # a session note's opening: "Did this one on Teams as...", "Done on Teams because...", "Short one on
    # Zoom", "Over Teams as..."
    rf"|^(?:(?:did|done) (?:this|it|today)?(?: one| session)?|(?:a )?(?:short|quick) one|this one|"
    rf"today(?:'s session)?|"
    rf"session (?:one|two|three|four|five|\d+)|over|via)\b[^.]{{0,20}}?\b(?:on|over|via)?\s*"
    rf"{_CONFERENCING}\b|^{_CONFERENCING}\s+(?:call|session|meeting|chat|catch-up)\b"
    # "Helen's turn, on Teams as she was at Medical", "Coffee in the staff room, or Teams if..."
    rf"|\b(?:turn|session|catch-up|check-in)\b,?\s+(?:on|over|via)\s+{_CONFERENCING}\b"
    rf"|\bor\s+{_CONFERENCING}\s+if\b",
    re.IGNORECASE,
)
# a product the lexicon does not know, told by what it holds or makes: "a Scratch game", "the Access
# table", "a shared Goodreads shelf" (case-sensitive: only a capitalised name, and no place has shelves)
_UNKNOWN_PRODUCT = re.compile(
    r"(?-i:\b(?!(?:The|Our|My|Their|Each|Every|This|That|A|An|I|We|Times|Year|Lab)\b)[A-Z][\w:.-]+ "
    r"(?:games?|shelf|shelves|studio|tables?|notebooks?|workspaces?|servers?|bots?|accounts?|feeds?|"
    r"channels?))\b"
)
# Where a description turns from what the change was called to what actually happened ("IT said it was
# just a new ticket form. What actually happened is...", "On paper it's the messaging function. On our
# unit, though, ..."), the level is read from that part on: the team labels what was done.
_REALITY = re.compile(
    r"\b(?:what (?:actually |really )?(?:happened|changed|made (?:it|the) difference|made it different|is "
    r"different|we actually did)|in practice|in reality|the difference is|the only difference|what it means "
    r"is|for (?:our|my) team that means)\b|(?:^|[.,;]\s*)(?:really|actually),|,\s*though,",
    re.IGNORECASE,
)


# ...or whose first sentence only reports what the change was called ("The head describes it as 'fully
# digital'.", "We were told the new CRM would revolutionise..."): the rest tells what was done. (A first
# sentence saying how little it is, "It's only a spreadsheet.", was tried too: two sets up, three down.)
_FRAMING = re.compile(
    r"\bcall(?:s|ed)? (?:it|them|this|that|our|the|its|their)\b[^.]{0,40}['‘“\"]|\b(?:were|was) told\b|"
    r"\b(?:describe[sd]?|market(?:s|ed)?|bill(?:s|ed)?|brand(?:s|ed)?) (?:[\w'-]+ ){1,5}as\b|"
    r"\bpress release\b",
    re.IGNORECASE,
)


def _reality_told(text: str) -> str | None:
    """The text from the sentence where it turns to what actually happened; None when it does not turn,
    or turns in its first sentence (then the whole text is the account)."""
    parts = sentences(text)
    starts, at = [], 0
    for part in parts:
        at = text.find(part, at)
        starts.append(at)
        at += len(part)
    if len(parts) > 1 and _FRAMING.search(parts[0]):
        first = 1
    elif turn := _REALITY.search(text):
        first = max((i for i, at in enumerate(starts) if 0 <= at <= turn.start()), default=0)
    else:
        return None
    return text[starts[first] :].strip() if first and starts[first] > 0 else None


# ...unless the people the work is for are in it: "students talk to a partner school on Teams"
_SERVED = re.compile(
    r"\b(?:students?|pupils?|children|child|class|classes|patients?|parents?|residents?|learners?|"
    r"customers?|clients?|families|readers|borrowers|members of the public|cohort)\b",
    re.IGNORECASE,
)


class SamrClassifier:
    def __init__(self, embedder: Embedder, tone: ToneChecker, knowledge: KnowledgeBase | None = None) -> None:
        self.embedder = embedder
        self.tone = tone
        self.knowledge = knowledge
        self._vectors: Vectors | None = None
        self._weights: tuple[Matrix, Matrix] | None = None
        self._known: dict[str, list[tuple[SamrLevel, float]]] | None = None
        self._unsaved = False

    def _exemplar_vectors(self) -> Vectors:
        if self._vectors is None:
            from .embeddings import embed_cached

            self._vectors = embed_cached("samr", list(_exemplars().texts), self.embedder, self.tone.cache_dir)
        return self._vectors

    def _model(self) -> tuple[Matrix, Matrix]:
        """The shipped weights when they were trained on these exemplars with this model; otherwise
        trained here (embedding every exemplar: seconds) and cached under REFLECTAI_HOME."""
        if self._weights is None:
            self._weights = load_weights(shipped_weights_path(), weights_stamp(self.embedder.model_id))
        if self._weights is None:
            vectors = self._exemplar_vectors().astype(np.float64)
            self._weights = train_cached(
                "samr",
                vectors,
                _exemplars().levels,
                CLASSES,
                self.tone.cache_dir,
                steps=TRAIN_STEPS,
            )
        return self._weights

    def level_scores(
        self, text: str, vector: Vectors, words: bool = True
    ) -> tuple[dict[str, float], dict[str, str]]:
        """Per-level log-probabilities from the two readings (the embedding's and, with `words`, the
        words'), tilted by the cues found in the text."""
        weights, bias = self._model()
        probs = softmax(vector.astype(np.float64)[None, :] @ weights + bias)[0]
        said = _word_model().log_probabilities(text) if words else np.zeros(len(CLASSES))
        scores = {
            level: float(np.log(p + 1e-9)) + WORD_WEIGHT * float(w)
            for level, p, w in zip(CLASSES, probs, said, strict=True)
        }
        tilt = _readings(words)  # a cue tilts both readings, as it tilted one
        found: dict[str, str] = {}
        for level, pattern in _CUES.items():
            matches = [
                m
                for m in pattern.finditer(text)
                if not _negated(text, m) and not (level == "substitution" and _gain_follows(text, m))
            ]
            if matches:
                found[level] = matches[0].group(0)
                scores[level] += tilt * CUE_WEIGHT * min(len(matches), MAX_CUES_COUNTED)
        kept_but = _kept_but_gained(text)
        if kept_but:
            found.setdefault("augmentation", kept_but)
            scores["augmentation"] += tilt * CUE_WEIGHT
        told_no_use = len(_NO_USE_TOLD.findall(text))
        if _COACHING_CHANNEL.search(text) and not _SERVED.search(text):
            told_no_use += 1  # "my coach and I talked on Teams about the app": a talk about it, not a use
        scores["unclear"] += tilt * CUE_WEIGHT * min(told_no_use, MAX_CUES_COUNTED)
        if not _USE_VERB.search(text):  # a hint, not a veto: many uses are told with other verbs
            scores["unclear"] += tilt * NO_USE_WEIGHT
        return scores, found

    def decide(
        self, text: str, vector: Vectors, words: bool = True
    ) -> tuple[SamrLevel, float, dict[str, str]]:
        """The level (or `unclear`), its confidence and the cues found, from the text and its embedding."""
        scores, found = self.level_scores(text, vector, words)
        best = max(scores, key=lambda name: scores[name])
        # two readings add their log-probabilities: their geometric mean is the calibrated belief (the
        # plain sum counts shared evidence twice and would make every reading look surer than it is)
        tempered = {name: value / _readings(words) for name, value in scores.items()}
        peak = tempered[best]
        confidence = round(1.0 / sum(float(np.exp(v - peak)) for v in tempered.values()), 3)
        level: SamrLevel = next((lv for lv in LEVELS if lv == best), "unclear")
        if len(text.split()) < MIN_WORDS:
            level = "unclear"  # a tool is named, but no use of it is described
        return level, confidence, found

    def assess(self, text: str, vector: Vectors | None = None) -> SamrAssessment:
        """The level of one use; pass `vector` when the text is already embedded."""
        _check(text)
        analysis = analyse_reflection(text)
        tool = analysis.tools[0] if analysis.tools else None
        # "It was just a Padlet wall. What made it different was...": the use actually told is read
        told = _reality_told(text) or text
        if told != text or vector is None:
            vector = self.embedder.embed_one(told)
        level, confidence, found = self.decide(told, vector)
        named = tool is not None or _TECH.search(text) or _UNKNOWN_PRODUCT.search(text)
        if not named and (level == "unclear" or not self._sure_of_a_use(told, vector)):
            # no technology named: only a use the classifier is sure of ("each lead writes their own
            # section of the same document") is assessed; anything else is not about technology
            raise InputError(
                "no use of technology is described in this text", "say which tool was used and what for"
            )
        evidence = found.get(level, "") if level != "unclear" else ""
        if level != "unclear" and not evidence:
            evidence = self._closest_sentence(text, level)
        return SamrAssessment(
            text=text.strip(),
            level=level,
            confidence=confidence,
            evidence=evidence,
            evidence_spans=[found[k] for k in LEVELS if k in found],
            rationale=_rationale(level, evidence, tool),
            tool=tool,
            questions=self._questions(level, tool),
            sources=self._sources(),
        )

    def _sure_of_a_use(self, text: str, vector: Vectors) -> bool:
        """Whether a text that names no technology still reads surely as a use of it. The embedding
        reading judges that alone: the words of a redesign ("each other's essays") are the same with
        or without a machine in it."""
        level, confidence, _ = self.decide(text, vector, words=False)
        return level != "unclear" and confidence >= UNNAMED_SURE

    def _described_uses(self, text: str) -> tuple[list[str], Vectors | None]:
        """The uses of technology a longer text describes, and their vectors (one batch)."""
        described = self._use_texts(text)
        return described, self.embedder.embed(described) if described else None

    def _use_texts(self, text: str) -> list[str]:
        _check(text)
        parts = [s for line in text.splitlines() for s in sentences(line.strip())]
        parts = [p for p in parts if not (_COACHING_CHANNEL.search(p) and not _SERVED.search(p))]
        uses: list[str] = []
        for i, part in enumerate(parts):
            mentions_tech = bool(_TECH.search(part) or tools_named(part))
            # "What actually happened is...", or what follows "We were told it would...", tells the same use
            turns = bool(uses) and bool(_REALITY.search(part) or (i == 1 and _FRAMING.search(parts[0])))
            if (mentions_tech and not turns) or not uses:
                uses.append(part)
            else:
                uses[-1] = f"{uses[-1]} {part}"  # a sentence without a tool continues the last use
        return [u for u in uses if _TECH.search(u) or tools_named(u)]

    def read_uses(self, text: str) -> list[UseReading]:
        """The level of each described use and nothing more (no evidence, rationale or questions):
        what the agenda needs to see how the level moved, at a fraction of `assess_uses`' cost.
        Levels are remembered on disk by a hash of the text (no words are stored), so an agenda over
        a long history embeds only the entries it has not read before."""
        return self.read_uses_of([text])[0]

    def read_uses_of(self, texts: Sequence[str]) -> list[list[UseReading]]:
        """`read_uses` for many texts, embedding the uses not read before in one batch. A text
        `read_uses` would refuse (empty, too long) reads as no use at all."""
        known = self._remembered()
        stamp = self._readings_stamp()
        described: list[list[str]] = []
        for text in texts:
            try:
                described.append(self._use_texts(text))
            except InputError:
                described.append([])
        keys = [hashlib.sha256(f"{stamp}\0{text}".encode()).hexdigest()[:32] for text in texts]
        unread = [
            i
            for i, (key, uses) in enumerate(zip(keys, described, strict=True))
            if len(known.get(key) or []) != len(uses) or key not in known
        ]
        to_embed = [use for i in unread for use in described[i]]
        vectors = iter(self.embedder.embed(to_embed)) if to_embed else iter(())
        for i in unread:
            known[keys[i]] = [self.decide(use, next(vectors))[:2] for use in described[i]]
            self._unsaved = True
        readings = []
        for key, uses in zip(keys, described, strict=True):
            one = []
            for use, (level, confidence) in zip(uses, known[key], strict=True):
                tools = tools_named(use)
                one.append(UseReading(use.strip(), level, confidence, tools[0] if tools else None))
            readings.append(one)
        return readings

    def _readings_stamp(self) -> str:
        return f"{weights_stamp(self.embedder.model_id)}-{_rules_digest()}-{word_stamp()[:8]}"

    def _readings_path(self) -> Path | None:
        cache_dir = self.tone.cache_dir
        return cache_dir / f"{READINGS_PREFIX}{self._readings_stamp()}.json" if cache_dir else None

    def _remembered(self) -> dict[str, list[tuple[SamrLevel, float]]]:
        if self._known is None:
            self._known = {}
            path = self._readings_path()
            try:
                if path is not None and path.is_file():
                    stored = json.loads(path.read_text(encoding="utf-8"))
                    self._known = {k: [(lv, float(c)) for lv, c in v] for k, v in stored.items()}
            except (OSError, ValueError, TypeError):
                self._known = {}  # a damaged cache only costs re-reading
        return self._known

    def remember_readings(self) -> None:
        """Write the levels read since the last call (a no-op when nothing is new)."""
        path = self._readings_path()
        if not self._unsaved or path is None or self._known is None:
            return
        if len(self._known) > MAX_REMEMBERED:
            self._known = {}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(self._known), encoding="utf-8")
            partial.replace(path)
            self._unsaved = False
        except OSError:
            pass  # a read-only home only costs re-reading next time

    def assess_uses(self, text: str) -> list[SamrAssessment]:
        """Each described use of technology in a longer text, assessed on its own."""
        described, vectors = self._described_uses(text)
        if not described:  # no technology named anywhere: `assess` decides if it is still a sure use
            return [self.assess(text)]
        results = []
        for i, use in enumerate(described):
            assert vectors is not None
            try:
                results.append(self.assess(use, vectors[i]))
            except InputError:
                continue
        if not results:
            raise InputError(
                "no use of technology is described in this text", "say which tool was used and what for"
            )
        return results

    def _closest_sentence(self, text: str, level: str) -> str:
        """The sentence the classifier reads as most like `level`: the evidence when no cue was found."""
        parts = sentences(text) or [text]
        if len(parts) == 1:
            return parts[0]
        weights, bias = self._model()
        column = CLASSES.index(level)
        scores = self.embedder.embed(parts).astype(np.float64) @ weights[:, column] + bias[column]
        return parts[int(np.argmax(scores))]

    def _questions(self, level: str, tool: str | None) -> list[str]:
        options = [q.replace("{tool}", tool or "this tool") for q in _questions()[level]]
        verdicts = self.tone.label_turns(options)
        return [q for q, v in zip(options, verdicts, strict=True) if v.label == "open_question"]

    def _sources(self) -> list[NoteRef]:
        if self.knowledge is None:
            return []
        refs = []
        for note_id in ("samr-model", "samr-examples"):
            note = self.knowledge.corpus.get(note_id)
            if note is not None:
                refs.append(note.ref)
        return refs


def _check(text: str) -> None:
    check_user_text(
        text,
        "description",
        MAX_TEXT_CHARS,
        "describe how you used the technology",
        "describe one use at a time",
    )


_EXPLAINED = {
    "substitution": "the task stays the same; the technology replaces what was done before",
    "augmentation": "the task stays the same but gains something it did not have",
    "modification": "the task itself has been redesigned around what the technology allows",
    "redefinition": "the task could not have happened without the technology",
    "unclear": "the text names the technology but not enough of how the task changed",
}


def _rationale(level: str, evidence: str, tool: str | None) -> str:
    said = f" (“{evidence}”)" if evidence else ""
    using = f" with {tool}" if tool else ""
    return f"{level.capitalize()}{using}: {_EXPLAINED[level]}{said}."


def main() -> None:
    """Retrain on the exemplars and write the shipped weights: `python -m reflectai.samr`."""
    from .embeddings import Embedder

    embedder = Embedder()
    examples = _exemplars()
    vectors = embedder.embed(examples.texts).astype(np.float64)
    weights, bias = train(vectors, examples.levels, CLASSES, steps=TRAIN_STEPS)
    save_weights(shipped_weights_path(), weights, bias, weights_stamp(embedder.model_id))
    print(f"wrote {shipped_weights_path()}")
    WordModel.train(examples.texts, examples.levels, CLASSES).save(shipped_word_model_path(), word_stamp())
    print(f"wrote {shipped_word_model_path()}")


if __name__ == "__main__":
    main()
