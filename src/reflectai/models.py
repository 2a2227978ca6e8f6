"""The pydantic types every layer speaks. Field names here are the JSON the CLI prints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Source(_Model):
    """A published work a knowledge note rests on."""

    author: str = Field(min_length=1)
    year: int | str
    title: str = Field(min_length=1)

    def cite(self) -> str:
        return f"{self.author} ({self.year}) {self.title}"


class NoteRef(_Model):
    """A pointer to a knowledge note, as cited by questions and search results."""

    id: str
    title: str


class Note(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    answers: list[str] = Field(
        default_factory=list, description="questions people ask that this note answers (indexed too)"
    )
    body: str

    @property
    def ref(self) -> NoteRef:
        return NoteRef(id=self.id, title=self.title)


class Chunk(_Model):
    id: str
    note_id: str
    heading: str
    text: str


class SearchHit(_Model):
    note_id: str
    title: str
    heading: str
    text: str
    score: float
    sources: list[Source]


ToneLabelName = Literal["open_question", "closed_question", "reflection", "directive", "other"]


class Utterance(_Model):
    text: str
    label: ToneLabelName
    confidence: float = Field(ge=0.0, le=1.0)
    cue: str
    suggestion: str | None = None


class ToneSummary(_Model):
    utterances: int
    open_question_share: float = Field(description="open questions / all questions")
    reflection_to_question_ratio: float | None
    directive_count: int
    counts: dict[str, int]


class ToneReport(_Model):
    utterances: list[Utterance]
    summary: ToneSummary
    non_directive: bool
    notices: list[str] = Field(default_factory=list)


GrowStage = Literal["goal", "reality", "options", "will"]


class Question(_Model):
    text: str
    stage: GrowStage
    rationale: str
    sources: list[NoteRef] = Field(default_factory=list)
    id: str | None = Field(default=None, description="the question bank entry it came from")
    engine: str = Field(default="offline", description="which engine wrote it: offline or llm")


class QuestionSet(_Model):
    questions: list[Question]
    engine: str
    acknowledgement: str | None = Field(default=None, description="a reflection offered before asking")
    support: str | None = Field(
        default=None, description="set instead of questions when coaching is not right"
    )
    notices: list[str] = Field(default_factory=list)
    entry_id: int | None = Field(default=None, description="the journal entry the reflection was saved as")


CoachingModel = Literal["one_to_one", "group", "cross_functional", "data", "virtual"]
EntryKind = Literal["reflection", "goal", "session_note"]


class Pair(_Model):
    """A coaching pair or group: who is in it and how they coach each other."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{2,63}$")
    name: str
    model: CoachingModel = "one_to_one"
    members: list[str] = Field(default_factory=list)
    created_at: str


class Entry(_Model):
    """One thing a pair wrote down: a reflection, a goal or a session note."""

    id: int
    uid: str
    pair_id: str
    kind: EntryKind
    author: str | None = None
    date: str = Field(description="ISO date the entry is about")
    text: str
    tags: list[str] = Field(default_factory=list)
    created_at: str


class JournalHit(_Model):
    entry: Entry
    score: float


SmartCriterion = Literal["specific", "measurable", "achievable", "relevant", "time_bound"]


class SmartQuestion(_Model):
    criterion: SmartCriterion
    text: str


class SmartAnalysis(_Model):
    """Which SMART criteria a goal states (Doran 1981), with the words that state them."""

    goal: str
    criteria: dict[SmartCriterion, bool]
    evidence: dict[SmartCriterion, str | None]
    deadline: str | None = Field(default=None, description="the time-bound words resolved to a date")
    rewrite: str
    questions: list[SmartQuestion]
    engine: str = Field(default="offline", description="which engine wrote the rewrite and questions")
    notices: list[str] = Field(default_factory=list)


SamrLevel = Literal["substitution", "augmentation", "modification", "redefinition", "unclear"]


class SamrAssessment(_Model):
    """Where a described use of technology sits on Puentedura's SAMR model, and why."""

    text: str = Field(description="the description that was assessed")
    level: SamrLevel
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: str = Field(description="the words that decided the level ('' when unclear)")
    evidence_spans: list[str] = Field(default_factory=list)
    rationale: str
    tool: str | None = None
    questions: list[str] = Field(default_factory=list)
    sources: list[NoteRef] = Field(default_factory=list)
    engine: str = Field(default="offline", description="which engine wrote the rationale and questions")
    notices: list[str] = Field(default_factory=list)


# -- agenda and story: what a pair's history shows --------------------------------------------

FindingKind = Literal["goal", "commitment", "dip", "samr_change", "unfollowed_topic", "turn"]
AgendaSectionKey = Literal["check_in", "goal_review", "reality", "options", "commitments", "coaching"]


class EntryRef(_Model):
    """A pointer to one journal entry: what an agenda item or story line rests on."""

    entry_id: int
    date: str
    quote: str = Field(default="", description="the words in the entry that the item rests on")


class Finding(_Model):
    """Something in the history a coach should know before the session, with its sources."""

    kind: FindingKind
    summary: str = Field(description="one line for the coach")
    status: str | None = Field(
        default=None, description="goal: met | in_progress | no_news; commitment: followed_up | not_mentioned"
    )
    person: str | None = None
    tool: str | None = None
    sources: list[EntryRef] = Field(default_factory=list)


class AgendaQuestion(_Model):
    text: str
    sources: list[EntryRef] = Field(default_factory=list)
    engine: str = Field(default="offline", description="which engine wrote it: offline or llm")


class AgendaSection(_Model):
    key: AgendaSectionKey
    title: str
    minutes: int = Field(ge=1)
    questions: list[AgendaQuestion] = Field(min_length=1, max_length=3)
    notes: list[str] = Field(default_factory=list, description="for the coach, not to be read out")


class Agenda(_Model):
    """A timed GROW agenda for the next session, drafted from the pair's history for the coach to edit."""

    pair_id: str
    minutes: int
    coachee: str | None = Field(default=None, description="who is coached next, when the history shows it")
    since: str | None = Field(
        default=None, description="'reality since last time' reads entries after this date"
    )
    entries_read: int
    sections: list[AgendaSection]
    findings: list[Finding] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    engine: str = "offline"


class StoryMoment(_Model):
    label: str
    text: str
    source: EntryRef


class Story(_Model):
    """A before-and-after account of a pair's journey, to share as an impact story."""

    pair_id: str
    title: str
    period: str
    before: list[StoryMoment]
    after: list[StoryMoment]
    goals: list[Finding] = Field(default_factory=list)
    samr: Finding | None = None
    summary: str
    questions: list[str] = Field(default_factory=list, description="open questions to close the story with")
    entries_read: int
    notices: list[str] = Field(default_factory=list)
