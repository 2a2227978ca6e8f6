"""`Coach`: the one entry object. The CLI and other tools call these methods; nothing here prints."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from .config import Settings
from .embeddings import Embedder
from .errors import ReflectAIError
from .knowledge import KnowledgeBase
from .models import QuestionSet, SearchHit, ToneReport

if TYPE_CHECKING:
    from .engines.offline import OfflineEngine
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

    def ask(self, text: str, pair: str | None = None, n: int = 5) -> QuestionSet:
        """Open, non-directive follow-up questions for a written reflection."""
        if pair is not None:
            raise ReflectAIError("pair history is not available yet", "run without --pair")
        return self.offline_engine.ask(text, n=n)

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
        report["engines"] = {
            "offline": {
                "available": model["ok"],
                "why": "local model and question bank" if model["ok"] else model.get("problem"),
            },
            "llm": {
                "available": self.settings.llm_configured,
                "why": (f"model {self.settings.model} at {self.settings.openai_base_url or 'the OpenAI API'}")
                if self.settings.llm_configured
                else "OPENAI_API_KEY / OPENAI_BASE_URL not set",
            },
        }
        return report
