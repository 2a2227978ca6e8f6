"""The offline engine: read the reflection, rank the question bank, fill slots, keep it diverse,
cover the GROW stages, and let only open questions through the tone guard."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ..analysis import ReflectionAnalysis, analyse_reflection
from ..analysis.lexicon import THEMES
from ..analysis.reflection import redact
from ..errors import InputError
from ..language import check_user_text
from ..models import NoteRef, Question, QuestionSet
from .bank import BankQuestion, QuestionBank, fill_slots
from .context import PairContext

if TYPE_CHECKING:
    from ..embeddings import Embedder, Vectors
    from ..knowledge import KnowledgeBase
    from ..tone.checker import ToneChecker

STAGES = ("goal", "reality", "options", "will")
MAX_REFLECTION_CHARS = 50_000
MIN_QUESTIONS, MAX_QUESTIONS = 1, 7
SIMILAR = 0.78  # two filled-in questions closer than this ask the same thing
SLOT_EVIDENCE = {"feeling": "feeling {}", "goal": "wanting to {}"}  # how a slot reads after "You mentioned"
GUARD_ROUNDS = 6  # plan, embed and tone-check, replace what failed
WINDOW_WORDS = 150  # about 200 tokens: fits the model's 256-token window
MAX_WINDOWS = 16

SUPPORT_MESSAGE = (
    "What you've written sounds like more than a coaching question, and this tool is not the right "
    "support for it. Please talk to someone you trust today — a colleague, your manager, your "
    "occupational health or employee assistance service, or your doctor. If you are in danger or "
    "thinking about harming yourself, contact your local emergency number or a crisis line now."
)


@dataclass
class _Candidate:
    question: BankQuestion
    text: str
    score: float
    vector: Vectors
    used_slots: tuple[str, ...]
    follow_up: bool = False


class OfflineEngine:
    name = "offline"

    def __init__(
        self,
        embedder: Embedder,
        tone: ToneChecker,
        knowledge: KnowledgeBase,
        bank: QuestionBank,
    ) -> None:
        self.embedder = embedder
        self.tone = tone
        self.knowledge = knowledge
        self.bank = bank

    def ask(self, text: str, n: int = 5, context: PairContext | None = None) -> QuestionSet:
        check_reflection(text, n)
        analysis = analyse_reflection(text)
        if "crisis" in analysis.signals:
            return QuestionSet(
                questions=[],
                engine=self.name,
                support=SUPPORT_MESSAGE,
                notices=["no coaching questions: the reflection shows signs of crisis"],
            )
        centre = self.knowledge.warm_while(lambda: self._reflection_vector(analysis))
        notes = [h.note_id for h in self.knowledge.search(text[:2000], k=3, vector=centre)]
        chosen = self._select(self._rank(analysis, centre, notes, context), n)
        questions = [self._explain(c, analysis, context) for c in chosen]
        notices = []
        if len(questions) < n:
            notices.append(f"only {len(questions)} questions passed the tone check")
        if context is not None:
            notices.extend(_changes(context, analysis))
        if analysis.word_count < 8:
            notices.append(
                "a very short reflection: the questions are general; a few more lines "
                "about what happened would let them be specific"
            )
        return QuestionSet(
            questions=questions,
            engine=self.name,
            acknowledgement=self._acknowledge(analysis, centre),
            notices=notices,
        )

    def _reflection_vector(self, analysis: ReflectionAnalysis) -> Vectors:
        """One vector for the reflection: windows of whole sentences that fit the model, averaged."""
        windows: list[str] = []
        current: list[str] = []
        for sentence in analysis.sentences or [analysis.text]:
            if current and len(" ".join(current).split()) + len(sentence.split()) > WINDOW_WORDS:
                windows.append(" ".join(current))
                current = []
            current.append(sentence)
        windows.append(" ".join(current))
        vectors = self.embedder.embed(windows[:MAX_WINDOWS])
        centre: Vectors = vectors.mean(axis=0)
        return centre / max(float(np.linalg.norm(centre)), 1e-9)

    # -- ranking -------------------------------------------------------------------------------

    def _rank(
        self, analysis: ReflectionAnalysis, centre: Vectors, notes: list[str], context: PairContext | None
    ) -> list[_Candidate]:
        slots = analysis.slots
        earlier_goal = context.goal if context else None
        situations = analysis.situations
        vectors = self.bank.vectors(self.embedder, self.tone.cache_dir)
        similarity = vectors @ centre
        candidates = []
        for index, question in enumerate(self.bank.questions):
            follow_up = "follow_up" in question.situations and earlier_goal is not None
            if (
                "follow_up" in question.situations
                and not follow_up
                and "goal_stated" not in question.situations
            ):
                continue  # asks about an earlier goal, and there is none
            values = {**slots, "goal": earlier_goal} if follow_up and earlier_goal else slots
            text = fill_slots(question.text, question.slots, values)
            if text is None or (context and _asked_before(question.id, text, context)):
                continue
            score = float(similarity[index])
            if follow_up:
                score += 0.45  # a pair's own earlier goal is the most specific thing to ask about
            score += 0.12 * min(2, len(set(question.themes) & set(analysis.themes)))
            special = set(question.situations) - {"general"}
            score += 0.3 * len(special & situations & {"asks_advice", "dip", "vague", "stuck"})
            score += 0.1 * len(special & situations & {"success", "goal_stated", "no_goal"})
            if "first_session" in question.situations or "group_coaching" in question.situations:
                score -= 0.1
            score += 0.25 * len(question.slots)  # the coachee's own specifics beat generic wording
            score += 0.08 * len(set(question.sources) & set(notes))
            candidates.append(_Candidate(question, text, score, vectors[index], question.slots, follow_up))
        candidates.sort(key=lambda c: -c.score)
        return candidates

    def _select(self, candidates: list[_Candidate], n: int) -> list[_Candidate]:
        """Plan a set on the bank's cached vectors, then guard it as filled in: every question is
        embedded and tone-checked in one batch; rejects and near-duplicates are replaced, in rounds."""
        accepted: list[_Candidate] = []
        excluded: set[str] = set()
        for _ in range(GUARD_ROUNDS):
            plan = self._plan([c for c in candidates if c.question.id not in excluded], accepted, n)
            fresh = plan[len(accepted) :]
            if not fresh:
                break
            vectors = self._filled_vectors(fresh)
            verdicts = self.tone.label_turns([c.text for c in fresh], vectors=vectors)
            for candidate, vector, verdict in zip(fresh, vectors, verdicts, strict=True):
                excluded.add(candidate.question.id)
                filled = replace(candidate, vector=vector)
                if verdict.label == "open_question" and all(
                    float(vector @ c.vector) <= SIMILAR for c in accepted
                ):
                    accepted.append(filled)
            if len(accepted) >= n:
                break
        return sorted(accepted[:n], key=lambda c: STAGES.index(c.question.stage))

    def _filled_vectors(self, candidates: list[_Candidate]) -> Vectors:
        """Vectors of the questions as filled in: a question without slots reads exactly as in the
        bank, so its cached vector serves; only filled-in ones are embedded."""
        result = np.stack([c.vector for c in candidates])
        filled = [i for i, c in enumerate(candidates) if c.question.slots]
        if filled:
            result[filled] = self.embedder.embed([candidates[i].text for i in filled])
        return result

    @staticmethod
    def _plan(candidates: list[_Candidate], accepted: list[_Candidate], n: int) -> list[_Candidate]:
        """`accepted` extended to n: one in the coachee's own words, the best of each GROW stage,
        then the best of the rest; no two asking the same thing, no slot value three times."""
        chosen = list(accepted)

        def acceptable(candidate: _Candidate) -> bool:
            if any(float(candidate.vector @ c.vector) > SIMILAR for c in chosen):
                return False
            if candidate.follow_up and any(c.follow_up for c in chosen):
                return False  # one question about the earlier goal is enough
            reused = sum(1 for c in chosen for s in candidate.used_slots if s in c.used_slots)
            return reused < 2

        def take(options: list[_Candidate]) -> bool:
            for candidate in options:
                if len(chosen) < n and acceptable(candidate):
                    chosen.append(candidate)
                    return True
            return False

        if not any(c.used_slots for c in chosen):
            take([c for c in candidates if c.used_slots])
        best_by_stage = sorted(
            STAGES, key=lambda s: -max((c.score for c in candidates if c.question.stage == s), default=-9.0)
        )
        for stage in best_by_stage[:n]:
            if not any(c.question.stage == stage for c in chosen):
                take([c for c in candidates if c.question.stage == stage])
        while take(candidates):
            pass
        return chosen

    # -- explaining ------------------------------------------------------------------------------

    def _explain(
        self, candidate: _Candidate, analysis: ReflectionAnalysis, context: PairContext | None = None
    ) -> Question:
        question = candidate.question
        if candidate.follow_up and context is not None and context.goal_entry is not None:
            rationale = (
                f"{context.goal_when().capitalize()} you aimed to {context.goal} "
                f"(entry {context.goal_entry.id}); this asks about {question.purpose}."
            )
        elif question.slots:
            evidence = " and ".join(
                SLOT_EVIDENCE.get(s, "{}").format(analysis.slots[s]) for s in question.slots
            )
            rationale = f"You mentioned {evidence}; this asks about {question.purpose}."
        else:
            excerpt = redact(_evidence_sentence(question, analysis))
            excerpt = excerpt if len(excerpt) <= 90 else excerpt[:87].rsplit(" ", 1)[0] + "…"
            rationale = f"You wrote “{excerpt}”; this asks about {question.purpose}."
        sources = []
        for note_id in question.sources:
            note = self.knowledge.corpus.get(note_id)
            if note is not None:
                sources.append(NoteRef(id=note.id, title=note.title))
        return Question(
            text=candidate.text,
            stage=question.stage,  # type: ignore[arg-type]
            rationale=rationale,
            sources=sources,
            id=question.id,
        )

    def _acknowledge(self, analysis: ReflectionAnalysis, centre: Vectors) -> str | None:
        signals = analysis.signals
        if "distress" in signals:
            affects = {"self_blame", "strain"}
        elif "asks_advice" in signals:
            affects = {"asks_advice"}
        elif "dip" in signals and analysis.feelings:
            affects = {"overwhelm", "strain", "mixed"} if "success" not in signals else {"mixed"}
        else:
            return None
        vectors = self.bank.acknowledgement_vectors(self.embedder, self.tone.cache_dir)
        for index in np.argsort(-(vectors @ centre)):
            option = self.bank.acknowledgements[int(index)]
            text = fill_slots(option.text, option.slots, analysis.slots) if option.affect in affects else None
            if text is None:
                continue
            as_written = vectors[int(index)][None, :] if not option.slots else None
            if self.tone.label_turns([text], vectors=as_written)[0].label == "reflection":
                return text
        return None


def _asked_before(question_id: str, text: str, context: PairContext) -> bool:
    return question_id in context.asked_ids or text.lower() in context.asked_texts


def _changes(context: PairContext, analysis: ReflectionAnalysis) -> list[str]:
    """What is different from the pair's recent entries, for the coachee to notice."""
    notes = []
    if "dip" in context.earlier_signals and "success" in analysis.signals and "dip" not in analysis.signals:
        notes.append("change over time: recent entries described a dip; this one describes things working")
    if (
        "success" in context.earlier_signals
        and "dip" in analysis.signals
        and "success" not in analysis.signals
    ):
        notes.append(
            "change over time: recent entries described progress; this one describes a dip, "
            "which is a normal part of changing practice"
        )
    return notes


def _evidence_sentence(question: BankQuestion, analysis: ReflectionAnalysis) -> str:
    """The sentence of the reflection that best shows why a slot-free question fits: the one with
    most words of the question's themes, else the first that shows a signal, else the first."""
    if not analysis.sentences:
        return analysis.text

    def weight(sentence: str) -> int:
        lower = sentence.lower()
        return sum(1 for theme in question.themes for cue in THEMES.get(theme, ()) if cue in lower)

    best = max(analysis.sentences, key=weight)
    return best if weight(best) > 0 else analysis.sentences[0]


def check_reflection(text: str, n: int) -> None:
    if not MIN_QUESTIONS <= n <= MAX_QUESTIONS:
        raise InputError(f"n must be between {MIN_QUESTIONS} and {MAX_QUESTIONS} (got {n})")
    check_user_text(
        text,
        "reflection",
        MAX_REFLECTION_CHARS,
        "write a few lines about what happened",
        "paste the part you want to think about",
    )
