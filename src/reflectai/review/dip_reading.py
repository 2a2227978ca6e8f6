"""Dips told in words no rule expects: each recent sentence read by its words, then by its meaning.

The rules in dips.py know the dip words ("frustrated", "slower than", "go back to"). New writers
mostly say it otherwise: "Sunday disappeared into forty clips", "Paper is quicker to flick through at
4am", "Portal is one more thing to keep updated". On first readings of new writers' histories the
rules found about half of the labelled dips.

This reading is trained on 800 journal sentences the team wrote for it (prompts/agenda/
dip_sentences_*.jsonl: dips said in everyday ways, beside hard negatives on the same topics, such as
successes, external problems, dips told as over, plans and questions), none from the evaluation data.
A sentence the rules pass over is first read by its words (`wordbag.WordModel`); only one the words
find likely enough is embedded, and flagged when the mean of the two readings is high. Reading words
first keeps the embedding to a sixth of the sentences, and only the latest entries are read this way:
the agenda cites the latest dips.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import wordbag
from ..linear import Matrix, load_weights, save_weights, softmax, train
from ..resources import data_dir, read_jsonl
from ..wordbag import WordModel

if TYPE_CHECKING:
    from ..embeddings import Vectors

CLASSES = ["dip", "other"]
WORDS_FIRST = 0.5  # the word reading's P(dip) a sentence needs before it is embedded at all
THRESHOLD = 0.7  # the mean P(dip) of the two readings that flags a sentence (figures in the commit)
ENTRIES = 15  # the latest entries read this way
TRAIN_STEPS = 2000

Embed = Callable[[Sequence[str]], "Vectors"]


def exemplar_files() -> list[Path]:
    return sorted((data_dir("prompts") / "agenda").glob("dip_sentences_*.jsonl"))


def shipped_word_model_path() -> Path:
    return data_dir("prompts") / "agenda" / "dip_words.npz"


def shipped_weights_path() -> Path:
    return data_dir("prompts") / "agenda" / "dip_meaning.npz"


def _exemplar_digest() -> Any:
    digest = hashlib.sha256()
    for path in exemplar_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest


@cache
def word_stamp() -> str:
    digest = _exemplar_digest()
    digest.update(Path(wordbag.__file__).read_bytes() + json.dumps(CLASSES).encode())
    return str(digest.hexdigest()[:24])


@cache
def weights_stamp(model_id: str) -> str:
    digest = _exemplar_digest()
    digest.update(json.dumps([model_id, CLASSES, TRAIN_STEPS]).encode())
    return str(digest.hexdigest()[:24])


@cache
def _exemplars() -> tuple[list[str], list[str]]:
    rows = [row for path in exemplar_files() for row in read_jsonl(path)]
    return [str(r["text"]) for r in rows], [str(r["label"]) for r in rows]


@cache
def _word_model() -> WordModel:
    """The shipped word reading when it was trained on these exemplars; otherwise trained here."""
    texts, labels = _exemplars()
    return WordModel.load(shipped_word_model_path(), word_stamp()) or WordModel.train(texts, labels, CLASSES)


def train_meaning(embed: Embed) -> tuple[Matrix, Matrix]:
    texts, labels = _exemplars()
    return train(np.asarray(embed(texts), dtype=np.float64), labels, CLASSES, steps=TRAIN_STEPS)


class DipReader:
    """Flags sentences as dips; `embed` is the caller's (the agenda remembers its vectors)."""

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self._weights: tuple[Matrix, Matrix] | None = None

    def _meaning(self, embed: Embed) -> tuple[Matrix, Matrix]:
        if self._weights is None:
            stamp = weights_stamp(self.model_id)
            self._weights = load_weights(shipped_weights_path(), stamp) or train_meaning(embed)
        return self._weights

    def flags(self, texts: Sequence[str], embed: Embed) -> list[bool]:
        words = _word_model()
        by_words = [float(np.exp(words.log_probabilities(t)[0])) for t in texts]
        likely = [i for i, p in enumerate(by_words) if p >= WORDS_FIRST]
        flagged = [False] * len(texts)
        if not likely:
            return flagged
        weights, bias = self._meaning(embed)
        vectors = np.asarray(embed([texts[i] for i in likely]), dtype=np.float64)
        by_meaning = softmax(vectors @ weights + bias)[:, 0]
        for i, meaning in zip(likely, by_meaning, strict=True):
            flagged[i] = (by_words[i] + float(meaning)) / 2 >= THRESHOLD
        return flagged


def main() -> None:
    """Retrain on the exemplars and write the shipped readings: `python -m reflectai.review.dip_reading`."""
    from ..embeddings import Embedder

    embedder = Embedder()
    texts, labels = _exemplars()
    WordModel.train(texts, labels, CLASSES).save(shipped_word_model_path(), word_stamp())
    weights, bias = train_meaning(embedder.embed)
    save_weights(shipped_weights_path(), weights, bias, weights_stamp(embedder.model_id))
    print(f"wrote {shipped_word_model_path()} and {shipped_weights_path()}")


if __name__ == "__main__":
    main()
