"""The curated question bank and acknowledgements in prompts/questions/, with cached embeddings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..embeddings import embed_cached
from ..resources import data_dir, read_jsonl

if TYPE_CHECKING:
    from ..embeddings import Embedder, Vectors


def fill_slots(text: str, slots: tuple[str, ...], values: dict[str, str]) -> str | None:
    """`text` with each {slot} replaced by the coachee's words; None when a slot has no value."""
    if any(slot not in values for slot in slots):
        return None
    for slot in slots:
        text = text.replace("{" + slot + "}", values[slot])
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class BankQuestion:
    id: str
    text: str
    stage: str
    themes: tuple[str, ...]
    situations: tuple[str, ...]
    slots: tuple[str, ...]
    purpose: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Acknowledgement:
    id: str
    text: str
    affect: str
    slots: tuple[str, ...]


def _template(text: str) -> str:
    return text.replace("{", "").replace("}", "")


class QuestionBank:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or data_dir("prompts") / "questions"
        self.questions = [
            BankQuestion(
                id=str(q["id"]),
                text=str(q["text"]),
                stage=str(q["stage"]),
                themes=tuple(q["themes"]),
                situations=tuple(q["situations"]),
                slots=tuple(q["slots"]),
                purpose=str(q["purpose"]),
                sources=tuple(q["sources"]),
            )
            for q in read_jsonl(self.directory / "bank.jsonl")
        ]
        self.acknowledgements = [
            Acknowledgement(str(a["id"]), str(a["text"]), str(a["affect"]), tuple(a.get("slots", ())))
            for a in read_jsonl(self.directory / "acknowledgements.jsonl")
        ]
        self._vectors: dict[str, Vectors] = {}

    def vectors(self, embedder: Embedder, cache_dir: Path | None) -> Vectors:
        """Embeddings of the bank's questions as written (slot names in place of values)."""
        return self._cached("bank", embedder, cache_dir)

    def acknowledgement_vectors(self, embedder: Embedder, cache_dir: Path | None) -> Vectors:
        return self._cached("acks", embedder, cache_dir)

    def fixed_texts(self, name: str) -> list[str]:
        """What is embedded of the questions ("bank") or acknowledgements ("acks"): slot names in place."""
        items: Sequence[BankQuestion] | Sequence[Acknowledgement] = (
            self.questions if name == "bank" else self.acknowledgements
        )
        return [_template(item.text) for item in items]

    def _cached(self, name: str, embedder: Embedder, cache_dir: Path | None) -> Vectors:
        if name not in self._vectors:  # the texts are listed only once: this runs on every `ask`
            self._vectors[name] = embed_cached(name, self.fixed_texts(name), embedder, cache_dir)
        return self._vectors[name]
