"""The curated question bank and acknowledgements in prompts/questions/, with cached embeddings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

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
        return self._cached("bank", [_template(q.text) for q in self.questions], embedder, cache_dir)

    def acknowledgement_vectors(self, embedder: Embedder, cache_dir: Path | None) -> Vectors:
        return self._cached("acks", [_template(a.text) for a in self.acknowledgements], embedder, cache_dir)

    def _cached(self, name: str, texts: list[str], embedder: Embedder, cache_dir: Path | None) -> Vectors:
        """Embeddings cached in memory and under REFLECTAI_HOME, keyed by the texts and the model."""
        if name in self._vectors:
            return self._vectors[name]
        stamp = hashlib.sha256("\n".join([embedder.model_id, *texts]).encode()).hexdigest()[:24]
        cached = cache_dir / f"{name}-{stamp}.npy" if cache_dir else None
        vectors: Vectors | None = None
        if cached is not None and cached.is_file():
            try:
                vectors = np.load(cached)
            except (OSError, ValueError):
                vectors = None
        if vectors is None:
            vectors = embedder.embed(texts)
            if cached is not None:
                try:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    tmp = cached.with_suffix(".tmp.npy")
                    np.save(tmp, vectors)
                    tmp.replace(cached)
                except OSError:
                    pass  # a read-only home only costs a re-embed next time
        self._vectors[name] = vectors
        return vectors
