"""The offline engine: read the reflection, rank the question bank, fill slots, keep it diverse,
cover the GROW stages, and let only open questions through the tone guard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..analysis import ReflectionAnalysis, analyse_reflection
from ..analysis.reflection import redact
from ..errors import InputError
from ..language import check_user_text
from ..models import NoteRef, Question, QuestionSet
from .bank import BankQuestion, QuestionBank

if TYPE_CHECKING:
    from ..embeddings import Embedder, Vectors
    from ..knowledge import KnowledgeBase
    from ..tone.checker import ToneChecker

STAGES = ("goal", "reality", "options", "will")
MAX_REFLECTION_CHARS = 50_000
MIN_QUESTIONS, MAX_QUESTIONS = 1, 7
SIMILAR = 0.78  # two filled-in questions closer than this ask the same thing
POOL = 12  # candidates per GROW stage that are embedded and tone-checked

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

    def ask(self, text: str, n: int = 5) -> QuestionSet:
        check_reflection(text, n)
        analysis = analyse_reflection(text)
        if "crisis" in analysis.signals:
            return QuestionSet(
                questions=[],
                engine=self.name,
                support=SUPPORT_MESSAGE,
                notices=["no coaching questions: the reflection shows signs of crisis"],
            )
        sentence_vectors = self.embedder.embed(analysis.sentences[:80] or [text])
        centre = sentence_vectors.mean(axis=0)
        centre = centre / max(float(np.linalg.norm(centre)), 1e-9)
        notes = [h.note_id for h in self.knowledge.search(text[:2000], k=3, vector=centre)]
        candidates = self._rank(analysis, centre, notes)
        chosen = self._select(candidates, n)
        questions = [self._explain(c, analysis, sentence_vectors) for c in chosen]
        notices = []
        if len(questions) < n:
            notices.append(f"only {len(questions)} questions passed the tone check")
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

    # -- ranking -------------------------------------------------------------------------------

    def _rank(self, analysis: ReflectionAnalysis, centre: Vectors, notes: list[str]) -> list[_Candidate]:
        slots = analysis.slots
        situations = analysis.situations
        vectors = self.bank.vectors(self.embedder, self.tone.cache_dir)
        similarity = vectors @ centre
        candidates = []
        for index, question in enumerate(self.bank.questions):
            if "follow_up" in question.situations:
                continue  # needs a pair's history
            text = question.fill(slots)
            if text is None:
                continue
            score = float(similarity[index])
            score += 0.12 * min(2, len(set(question.themes) & set(analysis.themes)))
            special = set(question.situations) - {"general"}
            score += 0.3 * len(special & situations & {"asks_advice", "dip", "vague", "stuck"})
            score += 0.1 * len(special & situations & {"success", "goal_stated", "no_goal"})
            if "first_session" in question.situations or "group_coaching" in question.situations:
                score -= 0.1
            score += 0.25 * len(question.slots)  # the coachee's own specifics beat generic wording
            score += 0.08 * len(set(question.sources) & set(notes))
            candidates.append(_Candidate(question, text, score, vectors[index], question.slots))
        candidates.sort(key=lambda c: -c.score)
        return candidates

    def _select(self, candidates: list[_Candidate], n: int) -> list[_Candidate]:
        """Best per needed stage first, then the best of the rest; no near-duplicates; tone-guarded.

        The strongest few per stage are embedded as filled in (the coachee's words change the meaning)
        and tone-checked in one batch; only open questions are eligible.
        """
        pool = [c for stage in STAGES for c in [c for c in candidates if c.question.stage == stage][:POOL]]
        pool.sort(key=lambda c: -c.score)
        vectors = self.embedder.embed([c.text for c in pool])
        verdicts = self.tone.label_turns([c.text for c in pool], vectors=vectors)
        eligible = [
            _Candidate(c.question, c.text, c.score, vectors[i], c.used_slots)
            for i, c in enumerate(pool)
            if verdicts[i].label == "open_question"
        ]
        chosen: list[_Candidate] = []

        def acceptable(candidate: _Candidate) -> bool:
            if any(c.question.id == candidate.question.id for c in chosen):
                return False
            if any(float(candidate.vector @ c.vector) > SIMILAR for c in chosen):
                return False
            reused = sum(1 for c in chosen for s in candidate.used_slots if s in c.used_slots)
            return reused < 2

        def take(options: list[_Candidate]) -> bool:
            for candidate in options:
                if acceptable(candidate):
                    chosen.append(candidate)
                    return True
            return False

        if any(c.used_slots for c in eligible):  # at least one question in the coachee's own words
            take([c for c in eligible if c.used_slots])
        best_by_stage = sorted(
            STAGES, key=lambda s: -max((c.score for c in eligible if c.question.stage == s), default=-9.0)
        )
        for stage in best_by_stage[:n]:
            if len(chosen) < n and not any(c.question.stage == stage for c in chosen):
                take([c for c in eligible if c.question.stage == stage])
        while len(chosen) < n and take(eligible):
            pass
        return sorted(chosen, key=lambda c: STAGES.index(c.question.stage))

    # -- explaining ------------------------------------------------------------------------------

    def _explain(
        self, candidate: _Candidate, analysis: ReflectionAnalysis, sentence_vectors: Vectors
    ) -> Question:
        question = candidate.question
        slots = analysis.slots
        if question.slots:
            evidence = " and ".join(slots[s] for s in question.slots)
            rationale = f"You mentioned {evidence}; this asks about {question.purpose}."
        else:
            closest = (
                analysis.sentences[int(np.argmax(sentence_vectors @ candidate.vector))]
                if analysis.sentences
                else analysis.text
            )
            excerpt = redact(closest)
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
            affects = ["self_blame", "strain"]
        elif "asks_advice" in signals:
            affects = ["asks_advice"]
        elif "dip" in signals and analysis.feelings:
            affects = ["overwhelm", "strain", "mixed"] if "success" not in signals else ["mixed"]
        else:
            return None
        slots = analysis.slots
        options = [
            a for a in self.bank.acknowledgements if a.affect in affects and all(s in slots for s in a.slots)
        ]
        if not options:
            return None
        texts = []
        for option in options:
            text = option.text
            for slot in option.slots:
                text = text.replace("{" + slot + "}", slots[slot])
            texts.append(text)
        vectors = self.embedder.embed(texts)
        for index in np.argsort(-(vectors @ centre)):
            if self.tone.label(texts[int(index)]).label == "reflection":
                return texts[int(index)]
        return None


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
