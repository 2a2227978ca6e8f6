"""The coach's session agenda: GROW sections with time boxes, grounded in what the pair wrote.

Reading the history gives findings (goals.py, commitments.py, dips.py, topics.py and turns.py, over the
sentences of reading.py); each finding suggests questions from prompts/agenda/questions.jsonl, filled with
the coachee's own words. Questions already asked last session are skipped, every question must pass the
tone checker as open, and every note for the coach must check as non-directive.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from ..embeddings import DIMENSIONS, RememberedVectors, embed_cached
from ..errors import InputError
from ..models import (
    Agenda,
    AgendaQuestion,
    AgendaSection,
    AgendaSectionKey,
    Entry,
    EntryRef,
    Finding,
    Pair,
)
from ..resources import data_dir, read_jsonl
from .commitments import commitment_findings, commitment_phrase, parse_commitment
from .dips import dip_findings, is_dip
from .goals import goal_findings, unread_goal_sentences
from .reading import Said, first_name, read_sentences
from .sentence_reading import COMMITMENTS, DIPS, ENTRIES, GOALS, RAISED, SentenceReading
from .topics import raises, topic_findings
from .turns import turn_finding
from .words import shorten

if TYPE_CHECKING:
    from ..embeddings import Embedder, Vectors
    from ..samr import SamrClassifier, UseReading
    from ..tone.checker import ToneChecker

MIN_MINUTES, MAX_MINUTES = 10, 180
WINDOW = 60  # entries read in full; goals are looked for in the whole history
SAMR_ENTRIES = 10  # entries whose technology use is classified (the embedding model is the slow part)
FURTHEST_USES = 4  # uses cited as the furthest the pair went, between the first and the latest
_TECH_WORDS = re.compile(
    r"\b(?:online|digital|app|software|system|platform|device|tablet|laptop|screen)\w*", re.I
)
REPEAT = 0.85  # a question this close to one asked last session counts as asked again
QUESTIONS_PER_SECTION = 3
LAST_SESSION = 30  # how many recently asked questions count as already asked (about two sessions)

SECTIONS: tuple[tuple[AgendaSectionKey, str, float], ...] = (
    ("check_in", "Check-in", 0.10),
    ("goal_review", "Goal review", 0.20),
    ("reality", "Reality since last time", 0.25),
    ("options", "Options", 0.20),
    ("commitments", "Commitments and next steps", 0.15),
    ("coaching", "Reflection on the coaching", 0.10),
)
SAMR_ORDER = ("substitution", "augmentation", "modification", "redefinition")
DIP_NOTE = (
    "A dip in confidence and speed after starting something new is a normal phase of change "
    "(Fullan 2001; Hall & Hord 2015), and it usually passes. See the knowledge note 'implementation-dip'."
)


@dataclass(frozen=True)
class Template:
    id: str
    section: AgendaSectionKey
    use: str
    text: str


@cache
def templates() -> tuple[Template, ...]:
    rows = read_jsonl(data_dir("prompts") / "agenda" / "questions.jsonl")
    return tuple(Template(r["id"], r["section"], r["use"], r["text"]) for r in rows)


def fixed_templates() -> list[str]:
    """The templates with no slot to fill: their vectors ship with the package (`reflectai.shipped`)."""
    return [t.text for t in templates() if "{" not in t.text]


def timeboxes(minutes: int) -> list[int]:
    """Whole minutes per section, each at least one, adding up to `minutes` (largest remainder)."""
    check_minutes(minutes)
    raw = [minutes * weight for _, _, weight in SECTIONS]
    boxes = [max(1, int(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while sum(boxes) < minutes:
        boxes[order[i % len(order)]] += 1
        i += 1
    while sum(boxes) > minutes:  # only when rounding up to 1 overshot
        widest = max(range(len(boxes)), key=lambda j: boxes[j])
        boxes[widest] -= 1
    return boxes


def check_minutes(minutes: int) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InputError(
            f"a session of {minutes} minutes is outside {MIN_MINUTES}–{MAX_MINUTES}",
            f"pass --minutes between {MIN_MINUTES} and {MAX_MINUTES}",
        )


def spoken_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B')}"


@dataclass
class _Candidate:
    section: AgendaSectionKey
    text: str
    sources: list[EntryRef]
    template: str
    about: str  # the finding it comes from ("" for generic questions)


class AgendaBuilder:
    def __init__(self, tone: ToneChecker, embedder: Embedder, samr: SamrClassifier | None = None) -> None:
        self.tone = tone
        self.embedder = embedder
        self.samr = samr
        self.cache_dir = tone.cache_dir
        self._vectors: RememberedVectors | None = None
        self._fixed: dict[str, Vectors] = {}
        self._samr_cache: dict[str, list[UseReading]] = {}  # entry text -> its uses at a SAMR level

    # -- reading -------------------------------------------------------------------------------

    def findings(self, pair: Pair, entries: Sequence[Entry]) -> tuple[list[Finding], list[str]]:
        """Everything the agenda rests on, and notices about what was read."""
        notices = []
        window = list(entries[-WINDOW:])
        if len(entries) > WINDOW:
            notices.append(
                f"read the latest {WINDOW} of {len(entries)} entries in full (goals from all of them)"
            )
        older_goals = [e for e in entries[:-WINDOW] if e.kind == "goal"] if len(entries) > WINDOW else []
        said = read_sentences([*older_goals, *window])
        in_window = {e.id for e in window}
        recent = [s for s in said if s.entry.id in in_window]
        # what the rules pass over (in the latest goal entries, and the latest entries) is read by words
        # and meaning (sentence_reading)
        in_latest = {e.id for e in window[-ENTRIES:]}
        latest = [s for s in recent if s.entry.id in in_latest]
        read = self.read_as(
            {
                GOALS: unread_goal_sentences(said),
                COMMITMENTS: [s for s in latest if parse_commitment(s, pair) is None],
                DIPS: [s for s in latest if not is_dip(s.text)],
                RAISED: [s for s in latest if not raises(s.text)],
            }
        )
        found = goal_findings(said, pair, read[GOALS.kind])
        found += commitment_findings(recent, pair, read[COMMITMENTS.kind])[-8:]
        found += dip_findings(recent, read[DIPS.kind])
        samr = self.samr_finding(window)
        if samr:
            found.append(samr)
        found += topic_findings(recent, read[RAISED.kind])
        turn = turn_finding(recent, pair)
        if turn:
            found.append(turn)
        return found, notices

    def read_as(self, candidates: Mapping[SentenceReading, Sequence[Said]]) -> dict[str, set[int]]:
        """For each reading, the ids of its candidate sentences that read as its kind. The sentences any
        reading will embed are embedded first in one batch (the readings then find them remembered)."""
        texts = {reading: [s.text for s in said] for reading, said in candidates.items()}
        by_words = {reading: reading.by_words(texts[reading]) for reading in candidates}
        likely = (
            t
            for reading in candidates
            for t, p in zip(texts[reading], by_words[reading], strict=True)
            if p >= reading.words_first
        )
        self.embed(list(dict.fromkeys(likely)))
        read = {}
        for reading, said in candidates.items():
            flags = reading.flags(texts[reading], self.embed, self.embedder.model_id, by_words[reading])
            read[reading.kind] = {id(s) for s, flagged in zip(said, flags, strict=True) if flagged}
        return read

    def samr_finding(self, entries: Sequence[Entry]) -> Finding | None:
        """How the SAMR level of described technology use moved, on a bounded number of entries."""
        if self.samr is None:
            return None
        if len(entries) < 2:
            return None
        first_few = SAMR_ENTRIES // 3  # where it started matters less than where it went
        chosen = (
            list(entries)
            if len(entries) <= SAMR_ENTRIES
            else [*entries[:first_few], *entries[-(SAMR_ENTRIES - first_few) :]]
        )
        self._read_levels([e.text for e in chosen])
        uses = [(entry, use) for entry in chosen for use in self._samr_cache[entry.text]]
        self.samr.remember_readings()
        if len({use.level for _, use in uses}) < 2:
            return None
        # where it started, the few uses that went furthest, and where it is now. "Furthest" is the
        # level, then a use told as what is done now ("they now hold the tablet themselves"), then how
        # sure the reading is: a journal is full of sentences that only brush against a tool, read at
        # some level with little confidence. It is read from what was done, not from goals and plans,
        # when anything was done.
        done = [u for u in uses if not _INTENDED.search(u[1].text)] or uses
        ranked = sorted(
            done,
            key=lambda u: (SAMR_ORDER.index(u[1].level), bool(_DONE_NOW.search(u[1].text)), u[1].confidence),
        )
        furthest = ranked[-FURTHEST_USES:]
        picked = {id(u): u for u in [uses[0], *furthest, uses[-1]]}.values()
        points = sorted(picked, key=lambda u: (u[0].date, u[0].id))
        moved = " → ".join(f"{use.level} ({entry.date})" for entry, use in points)
        first, last = uses[0][1], uses[-1][1]
        return Finding(
            kind="samr_change",
            summary=f"SAMR level of the technology use described: {moved}",
            tool=last.tool or first.tool,
            sources=[EntryRef(entry_id=entry.id, date=entry.date, quote=use.text) for entry, use in points],
        )

    def _read_levels(self, texts: list[str]) -> None:
        """The uses of technology each text describes at a SAMR level, remembered; the texts not read
        before in this process are read in one batch."""
        assert self.samr is not None
        unread = list(dict.fromkeys(t for t in texts if t not in self._samr_cache))
        if len(self._samr_cache) + len(unread) > 2000:
            self._samr_cache.clear()
            unread = list(dict.fromkeys(texts))
        for text, readings in zip(unread, self.samr.read_uses_of(unread), strict=True):
            self._samr_cache[text] = [r for r in readings if r.level in SAMR_ORDER]

    # -- writing -------------------------------------------------------------------------------

    def build(
        self,
        pair: Pair,
        entries: Sequence[Entry],
        asked: Sequence[str],
        minutes: int = 30,
        since: str | None = None,
    ) -> Agenda:
        boxes = timeboxes(minutes)
        findings, notices = self.findings(pair, entries) if entries else ([], [])
        coachee = _coachee(pair, entries, findings)
        if since is None:
            notes = [e for e in entries if e.kind == "session_note"]
            since = notes[-1].date if notes else None
        candidates = self._candidates(findings, coachee, first_session=not entries)
        kept = self._guard(candidates, asked)
        sections = []
        section_notes = self._all_notes(findings, entries, since, coachee)
        for (key, title, _), box in zip(SECTIONS, boxes, strict=True):
            chosen = _pick([c for c in kept if c.section == key], QUESTIONS_PER_SECTION)
            if not chosen:
                raise InputError(f"no open question passed the tone check for '{title}'")  # bank is broken
            sections.append(
                AgendaSection(
                    key=key,
                    title=title,
                    minutes=box,
                    questions=[AgendaQuestion(text=c.text, sources=c.sources) for c in chosen],
                    notes=section_notes.get(key, []),
                )
            )
        if not entries:
            notices.append("no entries yet: this is a first-session agenda")
        self.remember_vectors()
        return Agenda(
            pair_id=pair.id,
            minutes=minutes,
            coachee=coachee,
            since=since,
            entries_read=min(len(entries), WINDOW),
            sections=sections,
            findings=findings,
            notices=notices,
        )

    def _candidates(
        self, findings: list[Finding], coachee: str | None, first_session: bool
    ) -> list[_Candidate]:
        """Specific questions first (in the order findings matter), then the generic ones."""
        by_use: dict[str, list[Template]] = {}
        for t in templates():
            by_use.setdefault(t.use, []).append(t)
        out: list[_Candidate] = []

        def add(use: str, section: AgendaSectionKey | None, sources: list[EntryRef], **slots: str) -> None:
            for t in by_use.get(use, []):
                if section is None or t.section == section:
                    text = t.text
                    for name, value in slots.items():
                        text = text.replace("{" + name + "}", value)
                    if "{" not in text:
                        about = sources[0].model_dump_json() if sources else ""
                        out.append(_Candidate(t.section, text, sources, t.id, about))

        if first_session:
            add("first_session", None, [])
            add("generic", "options", [])
            return out

        mine = [
            f for f in findings if f.person in (None, coachee) or coachee is None or f.kind == "samr_change"
        ]
        if any(f.kind == "turn" for f in findings):
            add("turn", None, [])
        dips = [f for f in findings if f.kind == "dip"]
        recent = sorted({s.date for f in findings for s in f.sources})[-2:]
        if dips and dips[0].sources[-1].date >= recent[0]:  # only a dip that is still going on
            latest = dips[0].sources[-1]
            add("dip", None, [latest], date=spoken_date(latest.date))
        goals = [f for f in mine if f.kind == "goal"]
        for goal in sorted(goals, key=lambda g: g.status == "met"):  # open goals first
            use = "goal_met" if goal.status == "met" else "goal_open"
            add(use, None, goal.sources, date=spoken_date(goal.sources[0].date), goal=_goal_words(goal))
        if not goals:
            add("no_goal", None, [])
        for topic in reversed([f for f in findings if f.kind == "unfollowed_topic"]):
            source = topic.sources[0]
            words = topic.summary.split(": ", 1)[1]
            add("topic", None, [source], date=spoken_date(source.date), topic=words.rstrip("…"))
        for samr in [f for f in findings if f.kind == "samr_change" and f.tool]:
            add("samr", None, samr.sources, tool=samr.tool or "")
        commitments = [f for f in mine if f.kind == "commitment" and f.person in (None, coachee)]
        for c in sorted(commitments, key=lambda c: c.status == "followed_up"):
            source, phrase = c.sources[0], commitment_phrase(c)
            if phrase is not None:  # a next step quoted whole is in the notes, not in a question
                add("commitment", None, [source], date=spoken_date(source.date), commitment=phrase)
        add("generic", None, [])
        return out

    def _guard(self, candidates: list[_Candidate], asked: Sequence[str]) -> list[_Candidate]:
        """Candidates that are new and open, at most one per template and section: every one that
        `_pick` could choose. A candidate is embedded and tone-checked only while it could still be
        chosen, in rounds: a history with many findings does not check every question it might ask."""
        seen = {_norm(q) for q in asked}
        order = []  # the first of each wording, in priority order
        for i, c in enumerate(candidates):
            if _norm(c.text) not in seen:
                seen.add(_norm(c.text))
                order.append(i)
        passed: dict[int, bool] = {}
        while wanted := _still_open(candidates, order, passed):
            fine = set(self.fresh_and_open([candidates[i].text for i in wanted], asked))
            passed.update({i: j in fine for j, i in enumerate(wanted)})
        return [candidates[i] for i in _first_per_template(candidates, order, passed)]

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embeddings, remembered: the fixed question templates once per model (no user words), the
        filled-in questions and the notes on disk until the pair is deleted, as they recur from one
        agenda to the next until the history changes."""
        if self._vectors is None:
            fixed = fixed_templates()
            vectors = embed_cached("agenda-templates", fixed, self.embedder, self.cache_dir)
            self._fixed = dict(zip(fixed, vectors, strict=True))
            self._vectors = RememberedVectors("agenda", self.embedder, self.cache_dir)
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        own = [i for i, t in enumerate(texts) if t not in self._fixed]
        for i, t in enumerate(texts):
            if t in self._fixed:
                result[i] = self._fixed[t]
        if own:
            result[own] = self._vectors.embed([texts[i] for i in own])
        return result

    def remember_vectors(self) -> None:
        if self._vectors is not None:
            self._vectors.save()

    def fresh_and_open(self, texts: Sequence[str], asked: Sequence[str]) -> list[int]:
        """Indices of the texts that repeat neither each other nor a recently asked question (word for
        word or in meaning) and that the tone checker labels open questions."""
        seen = {_norm(q) for q in asked}
        unique = []
        for i, text in enumerate(texts):
            if _norm(text) not in seen:
                seen.add(_norm(text))
                unique.append(i)
        if not unique:
            return []
        vectors = self.embed([texts[i] for i in unique] + list(asked))
        mine, theirs = vectors[: len(unique)], vectors[len(unique) :]
        if len(asked):
            too_close = (mine @ theirs.T).max(axis=1) >= REPEAT
            unique = [i for i, close in zip(unique, too_close, strict=True) if not close]
            mine = mine[~too_close]
        verdicts = self.tone.label_turns([texts[i] for i in unique], vectors=np.asarray(mine))
        return [i for i, verdict in zip(unique, verdicts, strict=True) if verdict.label == "open_question"]

    def _all_notes(
        self, findings: list[Finding], entries: Sequence[Entry], since: str | None, coachee: str | None
    ) -> dict[AgendaSectionKey, list[str]]:
        """Notes for the coach, by section; checked in one batch."""
        sections: dict[str, AgendaSectionKey] = {
            "turn": "check_in",
            "goal": "goal_review",
            "dip": "reality",
            "samr_change": "reality",
            "unfollowed_topic": "reality",
            "commitment": "commitments",
        }
        drafted: list[tuple[AgendaSectionKey, str]] = []
        for f in findings:
            cited = ", ".join(f"#{s.entry_id} {s.date}" for s in f.sources)
            drafted.append((sections[f.kind], f"{f.summary} [{cited}]"))
            if f.kind == "dip":
                drafted.append(("reality", DIP_NOTE))
        if since and entries:
            newer = sum(1 for e in entries if e.date > since)
            plural = "entry" if newer == 1 else "entries"
            drafted.append(("reality", f"{newer} {plural} written after the last session ({since})."))
        if coachee and not any(f.kind == "turn" for f in findings):
            who = first_name(coachee)
            drafted.append(("check_in", f"Coachee: {who} (who writes most of the reflections and goals)."))
        safe = set(self.tone_safe([text for _, text in drafted]))
        notes: dict[AgendaSectionKey, list[str]] = {}
        for key, text in drafted:
            if text in safe:
                notes.setdefault(key, []).append(text)
        return notes

    def tone_safe(self, notes: list[str]) -> list[str]:
        """Notes for the coach may describe and quote, but never tell anyone what to do."""
        if not notes:
            return notes
        words = [note_words(n) for n in notes]
        verdicts = self.tone.label_turns(words, vectors=self.embed(words))
        return [n for n, v in zip(notes, verdicts, strict=True) if v.label != "directive"]


_INTENDED = re.compile(
    r"\b(?:will|'ll|going to|plans? to|planning to|wants? to|would like|'d like|hopes? to|goal|agreed|"
    r"idea|could|might|wondering|thinking about|next step|next term|aim|"
    r"said (?:she|he|they|I|we)(?:'d| would))\b",
    re.IGNORECASE,
)
# a use told as the way things are done now
_DONE_NOW = re.compile(
    r"\b(?:now|these days|(?:have|has|'ve|'s) started|started|from now on)\b", re.IGNORECASE
)
_CITATIONS = re.compile(r"\s*\[#[^\]]*\]\s*$")


def note_words(note: str) -> str:
    """What a note says, without its citations ("[#12 2026-09-05, #15 ...]"): they carry no tone,
    only tokens for the model to read. The guard and the eval both check this."""
    return _CITATIONS.sub("", note)


def _first_per_template(
    candidates: list[_Candidate], order: list[int], passed: Mapping[int, bool | None]
) -> list[int]:
    """The first candidate of each template in each section that passed (or, when its verdict is None,
    may still pass), as long as fewer than QUESTIONS_PER_SECTION about different findings are kept."""
    kept: list[int] = []
    templates_used: set[tuple[str, str]] = set()
    different: dict[str, list[str]] = {}  # section -> the findings its kept questions are about
    for i in order:
        c = candidates[i]
        key = (c.section, c.template)
        shown = different.setdefault(c.section, [])
        if key in templates_used or len(shown) >= QUESTIONS_PER_SECTION or passed.get(i) is False:
            continue
        templates_used.add(key)
        kept.append(i)
        if not c.about or c.about not in shown:
            shown.append(c.about or f"#{i}")
    return kept


def _still_open(candidates: list[_Candidate], order: list[int], passed: dict[int, bool]) -> list[int]:
    """The candidates `_pick` could still choose whose verdict is not known yet, supposing each passes.
    Once a section has QUESTIONS_PER_SECTION about different findings, nothing after them can be chosen."""
    hopeful: dict[int, bool | None] = {i: passed.get(i) for i in order}
    return [i for i in _first_per_template(candidates, order, hopeful) if i not in passed]


def _pick(candidates: list[_Candidate], n: int) -> list[_Candidate]:
    """Up to n questions, about as many different findings as possible, in priority order."""
    chosen: list[_Candidate] = []
    for c in candidates:
        if len(chosen) < n and (not c.about or all(c.about != o.about for o in chosen)):
            chosen.append(c)
    for c in candidates:
        if len(chosen) < n and c not in chosen:
            chosen.append(c)
    return chosen


def _goal_words(goal: Finding) -> str:
    return shorten(goal.sources[0].quote, 22)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def _coachee(pair: Pair, entries: Sequence[Entry], findings: list[Finding]) -> str | None:
    turn = next((f for f in findings if f.kind == "turn"), None)
    if turn:
        return turn.person
    writers: dict[str, int] = {}
    for e in entries:
        if e.author and e.kind != "session_note":
            writers[e.author] = writers.get(e.author, 0) + 1
    if not writers:
        return None
    return max(writers, key=lambda a: writers[a])
