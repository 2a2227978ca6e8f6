"""The LLM engine: the same capabilities through an OpenAI-compatible model, inside the same guard.

Every question passes the tone checker as open; a directive or closed one is repaired once by the model,
else dropped; if too few remain, the offline engine tops the set up. Any provider failure gives a notice
and the offline result, never a traceback. A reflection showing signs of crisis never leaves the machine:
the offline engine answers it with its support message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..analysis import analyse_reflection
from ..errors import ProviderError
from ..llm.budget import context_window, fit_oldest_first
from ..llm.privacy import Redactor, likely_names
from ..llm.prompts import load_prompt
from ..llm.schemas import LLMAgenda, LLMQuestion, LLMQuestionSet, LLMSamrRationale, LLMSmartRewrite
from ..models import (
    Agenda,
    AgendaQuestion,
    EntryRef,
    NoteRef,
    Question,
    QuestionSet,
    SamrAssessment,
    SmartAnalysis,
    SmartQuestion,
)
from ..tokens import count
from .context import PairContext
from .offline import check_reflection

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase
    from ..llm.client import ChatClient
    from ..review.agenda import AgendaBuilder
    from ..tone.checker import ToneChecker
    from .offline import OfflineEngine

HISTORY_SHARE = 0.4  # of the model's context window given to earlier entries
MAX_CONTEXT = 16_000  # tokens: even a large window gains little from more history than this
SIMILAR = 0.85


def fallback_notice(exc: ProviderError) -> str:
    return f"the LLM engine failed ({exc}); the offline engine answered instead"


class LLMEngine:
    name = "llm"

    def __init__(
        self,
        client: ChatClient,
        offline: OfflineEngine,
        tone: ToneChecker,
        knowledge: KnowledgeBase,
        redact: bool,
    ) -> None:
        self.client = client
        self.offline = offline
        self.tone = tone
        self.knowledge = knowledge
        self.redact = redact

    # -- questions -------------------------------------------------------------------------------

    def ask(
        self,
        text: str,
        n: int = 5,
        context: PairContext | None = None,
        history: Sequence[str] = (),
        names: Sequence[str] = (),
    ) -> QuestionSet:
        check_reflection(text, n)
        analysis = analyse_reflection(text)
        if "crisis" in analysis.signals:
            return self.offline.ask(text, n=n, context=context)
        try:
            return self._ask(text, n, context, history, [*names, *analysis.people, *likely_names(text)])
        except ProviderError as exc:
            result = self.offline.ask(text, n=n, context=context)
            return result.model_copy(update={"notices": [fallback_notice(exc), *result.notices]})

    def _ask(
        self, text: str, n: int, context: PairContext | None, history: Sequence[str], names: Sequence[str]
    ) -> QuestionSet:
        redactor = Redactor(names) if self.redact else None

        def out(value: str) -> str:
            return redactor.redact(value) if redactor else value

        notices: list[str] = []
        budget = int(min(context_window(self.client.model), MAX_CONTEXT) * HISTORY_SHARE) - count(text)
        fitted = fit_oldest_first(list(history), budget, self.client.model)
        if fitted.notice:
            notices.append(fitted.notice)
        hits = self.knowledge.search(text[:2000], k=3)
        knowledge = "\n".join(f"[{h.note_id}] {h.title}: {h.text[:600]}" for h in hits) or "(none)"
        asked = sorted(context.asked_texts) if context else []
        answer = self.client.structured(
            load_prompt("questions"),
            LLMQuestionSet,
            reflection=out(text),
            n=n,
            knowledge=knowledge,
            history=out("\n\n".join(fitted.kept)) or "(none)",
            avoid="\n".join(f"- {q}" for q in asked) or "(none)",
        )
        drafts = [
            q.model_copy(update={"text": redactor.restore(q.text) if redactor else q.text})
            for q in answer.questions
        ]
        kept, repaired = self._guard(drafts, text, redactor, set(asked))
        if repaired:
            notices.append(f"{repaired} question(s) were rewritten by the model to be open and non-directive")
        informed_by = list({h.note_id: NoteRef(id=h.note_id, title=h.title) for h in hits}.values())
        questions = [
            Question(
                text=q.text,
                stage=q.stage,
                rationale=q.rationale or "written by the model",
                sources=informed_by,  # the notes the model was given as context
                engine="llm",
            )
            for q in kept[:n]
        ]
        engine = "llm"
        if len(questions) < n:
            topped = self._top_up(text, n, context, questions)
            if topped:
                engine = "llm+offline"
                notices.append(f"{len(topped)} question(s) came from the offline engine to make up {n}")
                questions += topped
        return QuestionSet(questions=questions, engine=engine, notices=notices)

    def _guard(
        self,
        drafts: list[LLMQuestion],
        reflection: str,
        redactor: Redactor | None,
        asked: set[str],
    ) -> tuple[list[LLMQuestion], int]:
        """Open questions pass; the rest are repaired once by the model, then checked again."""
        verdicts = self.tone.label_turns([q.text for q in drafts]) if drafts else []
        kept = [q for q, v in zip(drafts, verdicts, strict=True) if v.label == "open_question"]
        failing = [q for q, v in zip(drafts, verdicts, strict=True) if v.label != "open_question"]
        repaired = 0
        if failing:
            try:
                fixed = self.client.structured(
                    load_prompt("repair"),
                    LLMQuestionSet,
                    questions="\n".join(
                        f"- {redactor.redact(q.text) if redactor else q.text}" for q in failing
                    ),
                    reflection=redactor.redact(reflection) if redactor else reflection,
                ).questions
            except ProviderError:
                fixed = []
            fixed = [
                q.model_copy(update={"text": redactor.restore(q.text) if redactor else q.text}) for q in fixed
            ]
            second = self.tone.label_turns([q.text for q in fixed]) if fixed else []
            good = [q for q, v in zip(fixed, second, strict=True) if v.label == "open_question"]
            repaired = len(good)
            kept += good
        unique: list[LLMQuestion] = []
        seen = {a.lower() for a in asked}
        for q in kept:
            if q.text.lower() not in seen:
                seen.add(q.text.lower())
                unique.append(q)
        return unique, repaired

    def _top_up(self, text: str, n: int, context: PairContext | None, have: list[Question]) -> list[Question]:
        extra = self.offline.ask(text, n=n, context=context).questions
        if not have:
            return extra[:n]
        embed = self.offline.embedder.embed
        mine = embed([q.text for q in have])
        theirs = embed([q.text for q in extra]) if extra else None
        chosen: list[Question] = []
        for i, q in enumerate(extra):
            assert theirs is not None
            if len(have) + len(chosen) >= n:
                break
            if float((mine @ theirs[i]).max()) < SIMILAR:
                chosen.append(q)
        return chosen

    # -- SMART and SAMR: the offline analysis decides, the model words it --------------------------

    def smart(self, analysis: SmartAnalysis, names: Sequence[str] = ()) -> SmartAnalysis:
        from ..smart import numbers_outside_placeholders

        missing = [c for c, met in analysis.criteria.items() if not met]
        redactor = Redactor([*names, *likely_names(analysis.goal)]) if self.redact else None
        try:
            answer = self.client.structured(
                load_prompt("smart"),
                LLMSmartRewrite,
                goal=redactor.redact(analysis.goal) if redactor else analysis.goal,
                missing=", ".join(missing) or "none",
            )
        except ProviderError as exc:
            return analysis.model_copy(update={"notices": [fallback_notice(exc)]})
        rewrite = redactor.restore(answer.rewrite) if redactor else answer.rewrite
        given = set(numbers_outside_placeholders(analysis.goal))
        if any(number not in given for number in numbers_outside_placeholders(rewrite)):
            return analysis.model_copy(
                update={"notices": ["the model's rewrite invented a number; the offline rewrite is shown"]}
            )
        asked = [q for q in answer.questions if q.criterion in missing]
        verdicts = self.tone.label_turns([q.text for q in asked]) if asked else []
        questions = [
            SmartQuestion(criterion=q.criterion, text=redactor.restore(q.text) if redactor else q.text)
            for q, v in zip(asked, verdicts, strict=True)
            if v.label == "open_question"
        ]
        covered = {q.criterion for q in questions}
        questions += [q for q in analysis.questions if q.criterion not in covered]  # offline fills gaps
        return analysis.model_copy(update={"rewrite": rewrite, "questions": questions, "engine": "llm"})

    def samr(self, assessment: SamrAssessment) -> SamrAssessment:
        if assessment.level == "unclear":
            return assessment
        names = [*analyse_reflection(assessment.text).people, *likely_names(assessment.text)]
        redactor = Redactor(names) if self.redact else None
        try:
            answer = self.client.structured(
                load_prompt("samr"),
                LLMSamrRationale,
                description=redactor.redact(assessment.text) if redactor else assessment.text,
                level=assessment.level,
                evidence=assessment.evidence or "(none)",
            )
        except ProviderError as exc:
            return assessment.model_copy(update={"notices": [fallback_notice(exc)]})
        restored = [redactor.restore(q) if redactor else q for q in answer.questions]
        verdicts = self.tone.label_turns(restored) if restored else []
        questions = [q for q, v in zip(restored, verdicts, strict=True) if v.label == "open_question"]
        return assessment.model_copy(
            update={
                "rationale": redactor.restore(answer.rationale) if redactor else answer.rationale,
                "questions": questions or assessment.questions,
                "engine": "llm",
            }
        )

    # -- agendas: the offline reading of the history decides what matters, the model words the questions

    def agenda(
        self, drafted: Agenda, builder: AgendaBuilder, asked: Sequence[str], names: Sequence[str] = ()
    ) -> Agenda:
        """The offline agenda with each section's questions rewritten by the model where they pass the
        guard (open, new, citing findings that exist); a section the model fails keeps its own."""
        redactor = Redactor(names) if self.redact else None

        def out(text: str) -> str:
            return redactor.redact(text) if redactor else text

        findings = drafted.findings
        listed = "\n".join(
            f"[{i}] {f.kind}: {out(f.summary)} (entries: {', '.join(s.date for s in f.sources)})"
            for i, f in enumerate(findings, start=1)
        )
        sections = "\n".join(f"- {s.key}: {s.title}, {s.minutes} minutes" for s in drafted.sections)
        try:
            answer = self.client.structured(
                load_prompt("agenda"),
                LLMAgenda,
                coachee=out(drafted.coachee or "the coachee"),
                sections=sections,
                findings=listed or "(none: this is a first session)",
                avoid="\n".join(f"- {q}" for q in asked) or "(none)",
            )
        except ProviderError as exc:
            return drafted.model_copy(update={"notices": [fallback_notice(exc), *drafted.notices]})
        proposed: list[tuple[str, str, list[EntryRef]]] = []  # (section, text, sources)
        for section in answer.sections:
            for q in section.questions:
                cited = [findings[i - 1] for i in q.findings if 1 <= i <= len(findings)]
                sources = [ref for f in cited for ref in f.sources[:2]]
                proposed.append((section.key, redactor.restore(q.text) if redactor else q.text, sources))
        kept = builder.fresh_and_open([text for _, text, _ in proposed], asked)
        by_section: dict[str, list[AgendaQuestion]] = {}
        for i in kept:
            key, text, sources = proposed[i]
            by_section.setdefault(key, [])
            if len(by_section[key]) < 3:
                by_section[key].append(AgendaQuestion(text=text, sources=sources, engine="llm"))
        new_sections = [
            s.model_copy(update={"questions": by_section[s.key]}) if by_section.get(s.key) else s
            for s in drafted.sections
        ]
        kept_all = all(by_section.get(s.key) for s in drafted.sections)
        notices = list(drafted.notices)
        if not kept_all:
            notices.append(
                "some sections keep the offline engine's questions (the model's did not pass the guard)"
            )
        return drafted.model_copy(
            update={
                "sections": new_sections,
                "engine": "llm" if kept_all else "llm+offline",
                "notices": notices,
            }
        )
