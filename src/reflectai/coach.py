"""`Coach`: the one entry object. The CLI and other tools call these methods; nothing here prints."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .config import Settings
from .embeddings import Embedder
from .errors import InputError, ReflectAIError
from .knowledge import KnowledgeBase
from .models import (
    Agenda,
    CoachingModel,
    Entry,
    EntryKind,
    JournalHit,
    Pair,
    QuestionSet,
    SamrAssessment,
    SearchHit,
    SmartAnalysis,
    Story,
    ToneReport,
)

if TYPE_CHECKING:
    from .engines.llm import LLMEngine
    from .engines.offline import OfflineEngine
    from .review.agenda import AgendaBuilder
    from .samr import SamrClassifier
    from .store.index import JournalIndex
    from .store.journal import Journal
    from .tone.checker import ToneChecker


class Coach:
    """Holds the settings and lazily builds the parts a call needs (model, indexes, engines)."""

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        self.settings = settings if settings is not None else Settings.load(**overrides)

    @cached_property
    def embedder(self) -> Embedder:
        return Embedder.from_settings(self.settings)

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        return KnowledgeBase(self.settings, self.embedder)

    @cached_property
    def tone(self) -> ToneChecker:
        from .tone.checker import ToneChecker

        return ToneChecker(self.embedder, cache_dir=self.settings.path("cache"))

    @cached_property
    def offline_engine(self) -> OfflineEngine:
        from .engines.bank import QuestionBank
        from .engines.offline import OfflineEngine

        return OfflineEngine(self.embedder, self.tone, self.knowledge, QuestionBank())

    # -- engines -------------------------------------------------------------------------------

    @cached_property
    def llm_engine(self) -> LLMEngine:
        from .engines.llm import LLMEngine
        from .llm.cache import ResponseCache
        from .llm.client import ChatClient

        cache = ResponseCache(self.settings.path("cache", "llm.sqlite3")) if self.settings.llm_cache else None
        client = ChatClient(self.settings, cache)
        return LLMEngine(client, self.offline_engine, self.tone, self.knowledge, redact=self.settings.redact)

    @cached_property
    def engine_choice(self) -> tuple[str, str | None]:
        """(engine, notice): which engine answers, and why not the one asked for when it differs."""
        wanted = self.settings.engine
        if wanted == "offline":
            return "offline", None
        if not self.settings.llm_configured:
            if wanted == "llm":
                return "offline", "the LLM engine is not configured (set OPENAI_API_KEY or OPENAI_BASE_URL)"
            return "offline", None
        if wanted == "auto" and not self.llm_engine.client.reachable():
            return "offline", f"{self.llm_engine.client.where} is not reachable; the offline engine answered"
        return "llm", None

    def _with_notice(self, result: QuestionSet) -> QuestionSet:
        notice = self.engine_choice[1]
        return result.model_copy(update={"notices": [notice, *result.notices]}) if notice else result

    def ask(self, text: str, pair: str | None = None, n: int = 5, save: bool = True) -> QuestionSet:
        """Open, non-directive follow-up questions for a written reflection.

        With `pair`, the questions build on the pair's history (earlier goals, questions already asked)
        and, unless `save` is False, the reflection and the questions are added to the journal.
        """
        if text.strip():
            self.embedder.preload()  # overlaps the model's set-up with analysing the reflection
        use_llm = self.engine_choice[0] == "llm"
        if pair is None:
            result = self.llm_engine.ask(text, n=n) if use_llm else self.offline_engine.ask(text, n=n)
            return self._with_notice(result)
        from .engines.context import build_context

        context = build_context(self.journal, pair)
        if use_llm:
            entries = self.journal.entries(pair, limit=50)
            history = [f"{e.date} ({e.kind.replace('_', ' ')}): {e.text}" for e in entries]
            members = self.journal.pair(pair).members
            result = self.llm_engine.ask(text, n=n, context=context, history=history, names=members)
        else:
            result = self.offline_engine.ask(text, n=n, context=context)
        result = self._with_notice(result)
        if not save:
            return result
        entry = self.journal.add(pair, text, kind="reflection")
        self.journal.record_questions(pair, entry.id, [(q.id, q.text) for q in result.questions])
        return result.model_copy(update={"entry_id": entry.id})

    def smart(self, text: str, context: str | None = None) -> list[SmartAnalysis]:
        """SMART analysis of each goal in `text` (one goal, several, or goals inside a reflection).

        `context` (the reflection or notes the goal comes from) can show the goal is relevant and what
        "it" refers to; numbers and dates only ever come from the goal itself."""
        from .smart import analyse_goals

        analyses = analyse_goals(text, self.tone, context=context)
        if self.engine_choice[0] == "llm":
            return [self.llm_engine.smart(a) for a in analyses]
        return analyses

    @cached_property
    def samr_classifier(self) -> SamrClassifier:
        from .samr import SamrClassifier

        return SamrClassifier(self.embedder, self.tone, self.knowledge)

    def samr(self, text: str) -> SamrAssessment:
        """The SAMR level of one described use of technology."""
        assessed = self.samr_classifier.assess(text)
        return self.llm_engine.samr(assessed) if self.engine_choice[0] == "llm" else assessed

    def samr_uses(self, text: str) -> list[SamrAssessment]:
        """Each use of technology described in a longer text, with its SAMR level."""
        uses = self.samr_classifier.assess_uses(text)
        return [self.llm_engine.samr(u) for u in uses] if self.engine_choice[0] == "llm" else uses

    # -- pairs and their journal ---------------------------------------------------------------

    @cached_property
    def journal(self) -> Journal:
        from .store.journal import Journal

        return Journal(self.settings.path("journal.sqlite3"))

    @cached_property
    def history(self) -> JournalIndex:
        from .store.index import JournalIndex

        return JournalIndex(
            self.journal, self.embedder, self.settings.path("index", "chroma"), self.settings.chroma_url
        )

    def create_pair(
        self, name: str, model: CoachingModel = "one_to_one", members: Sequence[str] = ()
    ) -> Pair:
        return self.journal.create_pair(name, model, members)

    def delete_pair(self, pair_id: str) -> dict[str, int]:
        """Erase a pair's entries, questions and index passages; returns what was deleted."""
        deleted = self.journal.delete_pair(pair_id)
        self.history.remove_pair(pair_id)
        from .embeddings import RememberedVectors
        from .samr import READINGS_PREFIX

        cache = self.settings.path("cache")
        # hashes with levels or vectors, no words; but a deletion is a clean slate
        for remembered in [
            *cache.glob(f"{READINGS_PREFIX}*.json"),
            *cache.glob(f"{RememberedVectors.PREFIX}*.npz"),
        ]:
            remembered.unlink(missing_ok=True)
        for remembering in ("agenda_builder", "samr_classifier"):
            self.__dict__.pop(remembering, None)  # forget what this process remembered too
        return deleted

    def add_entry(
        self,
        pair_id: str,
        text: str,
        kind: EntryKind = "reflection",
        author: str | None = None,
        on: str | None = None,
        tags: Sequence[str] = (),
    ) -> Entry:
        return self.journal.add(pair_id, text, kind=kind, author=author, on=on, tags=tags)

    def delete_entry(self, pair_id: str, entry_id: int) -> Entry:
        entry = self.journal.delete_entry(pair_id, entry_id)
        self.history.remove_entry(entry)
        return entry

    def search_history(self, pair_id: str, query: str, k: int = 5) -> list[JournalHit]:
        return self.history.search(pair_id, query, k=k)

    def export_pair(self, pair_id: str, fmt: str = "json") -> str:
        from .store.export import to_json, to_markdown

        data = self.journal.export(pair_id)
        if fmt == "json":
            return to_json(data)
        if fmt == "md":
            return to_markdown(data)
        raise InputError(f"unknown export format {fmt!r}", "use json or md")

    def import_pair(self, content: str) -> tuple[Pair, int]:
        from .store.export import from_json

        return self.journal.import_export(from_json(content))

    def reindex_history(self) -> int:
        return self.history.rebuild()

    # -- preparing sessions -------------------------------------------------------------------

    @cached_property
    def agenda_builder(self) -> AgendaBuilder:
        from .review.agenda import AgendaBuilder

        return AgendaBuilder(self.tone, self.embedder, self.samr_classifier)

    def agenda(self, pair: str, minutes: int = 30, since: str | None = None, record: bool = False) -> Agenda:
        """A timed GROW agenda for the pair's next session, drafted from its history for the coach to edit.

        `since` is the date of the last session (default: the latest session note). Questions asked
        recently are not asked again; with `record`, this agenda's questions count as asked.
        """
        from .review.agenda import LAST_SESSION, check_minutes

        check_minutes(minutes)
        self.embedder.preload()  # overlaps the model's set-up with reading the history
        if since is not None:
            from .store.journal import check_date

            since = check_date(since)
        pair_record = self.journal.pair(pair)
        entries = self.journal.entries(pair)
        asked = [text for _, text in self.journal.recent_questions(pair, LAST_SESSION)]
        result = self.agenda_builder.build(pair_record, entries, asked, minutes=minutes, since=since)
        if self.engine_choice[0] == "llm":
            result = self.llm_engine.agenda(result, self.agenda_builder, asked, names=pair_record.members)
        elif self.engine_choice[1]:
            result = result.model_copy(update={"notices": [self.engine_choice[1], *result.notices]})
        if record:
            latest = entries[-1].id if entries else None
            self.journal.record_questions(
                pair, latest, [(None, q.text) for s in result.sections for q in s.questions]
            )
        return result

    def story(self, pair: str) -> Story:
        """A before-and-after account of the pair's journey, with its sources, to share as an impact story."""
        from .review.story import build_story

        record = self.journal.pair(pair)
        return build_story(record, self.journal.entries(pair), self.agenda_builder)

    def check_tone(self, text: str, suggest: bool = False) -> ToneReport:
        """Label each utterance of a coach's draft; with `suggest`, offer open rewrites."""
        return self.tone.analyse(text, suggest=suggest)

    def search_knowledge(self, query: str, k: int = 5) -> list[SearchHit]:
        return self.knowledge.search(query, k=k)

    def doctor(self) -> dict[str, Any]:
        """A health report: settings in force, data location, model, index, engines."""
        report: dict[str, Any] = {
            "settings": {
                name: {"value": value, "from": self.settings.origins.get(name, "default")}
                for name, value in self.settings.public_view().items()
            },
            "data_dir": str(self.settings.home),
        }
        model: dict[str, Any] = {"path": None, "ok": False}
        try:
            model["path"] = str(self.embedder.model_path)
            model["sha256"] = self.embedder.verify()
            model["ok"] = True
        except ReflectAIError as exc:
            model["problem"] = str(exc)
        report["embedding_model"] = model
        corpus = self.knowledge.corpus
        report["knowledge"] = {
            "notes": len(corpus.notes),
            "problems": [str(p) for p in corpus.problems],
            "index": self.knowledge.status() if model["ok"] else {"state": "unavailable"},
        }
        report["journal"] = {
            "path": str(self.journal.path),
            "pairs": len(self.journal.pairs()) if self.journal.path.exists() else 0,
            "entries": self.journal.count() if self.journal.path.exists() else 0,
            "chroma": self.settings.chroma_url or str(self.settings.path("index", "chroma")),
        }
        report["engines"] = {
            "offline": {
                "available": model["ok"],
                "why": "local model and question bank" if model["ok"] else model.get("problem"),
            },
            "llm": {
                "available": self.settings.llm_configured,
                "why": (
                    f"model {self.settings.model} at {self.settings.openai_base_url or 'the OpenAI API'}; "
                    f"personal details {'redacted' if self.settings.redact else 'sent as written'}"
                )
                if self.settings.llm_configured
                else "OPENAI_API_KEY / OPENAI_BASE_URL not set",
            },
        }
        engine, notice = self.engine_choice
        report["engine_in_use"] = {"engine": engine, "asked_for": self.settings.engine, "why": notice}
        return report
