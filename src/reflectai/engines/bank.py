"""The curated question bank and acknowledgements in prompts/questions/, with cached embeddings."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..resources import data_dir

if TYPE_CHECKING:
    from ..embeddings import Embedder, Vectors


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

    def fill(self, values: dict[str, str]) -> str | None:
        """The question with the coachee's words in its slots; None when a slot has no value."""
        if any(slot not in values for slot in self.slots):
            return None
        text = self.text
        for slot in self.slots:
            text = text.replace("{" + slot + "}", values[slot])
        return text[0].upper() + text[1:]


@dataclass(frozen=True)
class Acknowledgement:
    id: str
    text: str
    affect: str
    slots: tuple[str, ...]


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class QuestionBank:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or data_dir("prompts") / "questions"
        self.questions = [
            BankQuestion(
                id=str(q["id"]),
                text=str(q["text"]),
                stage=str(q["stage"]),
                themes=tuple(q["themes"]),  # type: ignore[arg-type]
                situations=tuple(q["situations"]),  # type: ignore[arg-type]
                slots=tuple(q["slots"]),  # type: ignore[arg-type]
                purpose=str(q["purpose"]),
                sources=tuple(q["sources"]),  # type: ignore[arg-type]
            )
            for q in _read_jsonl(self.directory / "bank.jsonl")
        ]
        self.acknowledgements = [
            Acknowledgement(str(a["id"]), str(a["text"]), str(a["affect"]), tuple(a.get("slots", ())))  # type: ignore[arg-type]
            for a in _read_jsonl(self.directory / "acknowledgements.jsonl")
        ]
        self._vectors: Vectors | None = None

    def fingerprint(self, model_id: str) -> str:
        digest = hashlib.sha256((self.directory / "bank.jsonl").read_bytes())
        digest.update(model_id.encode())
        return digest.hexdigest()[:24]

    def vectors(self, embedder: Embedder, cache_dir: Path | None) -> Vectors:
        """Embeddings of the bank's questions (slots as written), cached by content and model."""
        if self._vectors is not None:
            return self._vectors
        stamp = self.fingerprint(embedder.model_id)
        cached = cache_dir / f"bank-{stamp}.npy" if cache_dir else None
        if cached is not None and cached.is_file():
            try:
                self._vectors = np.load(cached)
                return self._vectors
            except (OSError, ValueError):
                pass
        vectors = embedder.embed([q.text.replace("{", "").replace("}", "") for q in self.questions])
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(".tmp.npy")
                np.save(tmp, vectors)
                tmp.replace(cached)
            except OSError:
                pass
        self._vectors = vectors
        return vectors
