"""Goals, commitments, dips and raised topics told in words no rule expects: recent sentences read by
words, then meaning.

The rules in goals.py, commitments.py, dips.py and topics.py know the usual wording ("I want ... by",
"Goal:"; "I'll", "Action:"; "frustrated", "slower than"; "I wonder whether"). New writers often say it
otherwise: "Want the old bags under 40 by end of May", "Kerry going in next Wednesday to show the night
seniors", "Portal is one more thing to keep updated". On first readings of new writers' histories the
rules missed about one goal statement in seven, one commitment in eight, half of the dips and one
raised topic in five.

Each reading here is trained on journal sentences the team wrote for it (prompts/agenda/
<kind>_sentences_*.jsonl: the kind said in many forms, beside hard negatives on the same topics: for
dips, successes, external problems and dips told as over; for commitments, things already done, wishes,
aims and questions; for raised topics, worries settled in the same breath, struggles and plans; for
goals, the baselines, reasons, headers and first steps around them in a goal entry), none from the
evaluation data. A sentence the rules pass over is first read by its words (`wordbag.WordModel`); only
one the words find likely enough is embedded, and it is flagged when the mean of the two readings is
high. Reading words first keeps the embedding to a sixth of the sentences or less, and only the latest
entries are read this way (for goals, the latest goal entries, as many as goals are kept): the agenda
cites the latest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .. import wordbag
from ..linear import Matrix, load_weights, save_weights, softmax, train
from ..resources import data_dir, read_jsonl
from ..wordbag import WordModel

if TYPE_CHECKING:
    from ..embeddings import Vectors

Embed = Callable[[Sequence[str]], "Vectors"]
ENTRIES = 8  # the latest entries read this way (the dip finding cites the latest eight)
TRAIN_STEPS = 2000


@dataclass(eq=False)  # compared and hashed by identity: one reading per kind
class SentenceReading:
    """One kind of sentence ("dip", "commitment", ...) against "other"."""

    kind: str
    words_first: float  # the word reading's P(kind) a sentence needs before it is embedded at all
    threshold: float  # the mean P(kind) of the two readings that flags a sentence (figures in the commits)
    _words: WordModel | None = field(default=None, repr=False)
    _weights: dict[str, tuple[Matrix, Matrix]] = field(default_factory=dict, repr=False)

    @property
    def classes(self) -> list[str]:
        return [self.kind, "other"]

    def exemplar_files(self) -> list[Path]:
        return sorted((data_dir("prompts") / "agenda").glob(f"{self.kind}_sentences_*.jsonl"))

    def shipped_word_model_path(self) -> Path:
        return data_dir("prompts") / "agenda" / f"{self.kind}_words.npz"

    def shipped_weights_path(self) -> Path:
        return data_dir("prompts") / "agenda" / f"{self.kind}_meaning.npz"

    def word_stamp(self) -> str:
        return wordbag.word_stamp(self.exemplar_files(), self.classes)

    def weights_stamp(self, model_id: str) -> str:
        digest = wordbag.exemplar_digest(self.exemplar_files())
        digest.update(json.dumps([model_id, self.classes, TRAIN_STEPS]).encode())
        return str(digest.hexdigest()[:24])

    def exemplars(self) -> tuple[list[str], list[str]]:
        rows = [row for path in self.exemplar_files() for row in read_jsonl(path)]
        return [str(r["text"]) for r in rows], [str(r["label"]) for r in rows]

    def word_model(self) -> WordModel:
        """The shipped word reading when it was trained on these exemplars; otherwise trained here."""
        if self._words is None:
            saved = WordModel.load(self.shipped_word_model_path(), self.word_stamp())
            self._words = saved or WordModel.train(*self.exemplars(), self.classes)
        return self._words

    def train_meaning(self, embed: Embed) -> tuple[Matrix, Matrix]:
        texts, labels = self.exemplars()
        return train(np.asarray(embed(texts), dtype=np.float64), labels, self.classes, steps=TRAIN_STEPS)

    def _meaning(self, model_id: str, embed: Embed) -> tuple[Matrix, Matrix]:
        if model_id not in self._weights:
            saved = load_weights(self.shipped_weights_path(), self.weights_stamp(model_id))
            self._weights[model_id] = saved or self.train_meaning(embed)
        return self._weights[model_id]

    def by_words(self, texts: Sequence[str]) -> list[float]:
        """P(kind) of each text by its words alone; a text below `words_first` is not embedded."""
        words = self.word_model()
        return [float(np.exp(words.log_probabilities(t)[0])) for t in texts]

    def flags(
        self, texts: Sequence[str], embed: Embed, model_id: str, by_words: Sequence[float] | None = None
    ) -> list[bool]:
        """Which texts read as this kind; `embed` is the caller's (the agenda remembers its vectors),
        `by_words` the caller's `by_words(texts)` when it has them already."""
        by_words = self.by_words(texts) if by_words is None else by_words
        likely = [i for i, p in enumerate(by_words) if p >= self.words_first]
        flagged = [False] * len(texts)
        if not likely:
            return flagged
        weights, bias = self._meaning(model_id, embed)
        vectors = np.asarray(embed([texts[i] for i in likely]), dtype=np.float64)
        by_meaning = softmax(vectors @ weights + bias)[:, 0]
        for i, meaning in zip(likely, by_meaning, strict=True):
            flagged[i] = (by_words[i] + float(meaning)) / 2 >= self.threshold
        return flagged

    def write_shipped(self, embed: Embed, model_id: str) -> list[Path]:
        texts, labels = self.exemplars()
        WordModel.train(texts, labels, self.classes).save(self.shipped_word_model_path(), self.word_stamp())
        weights, bias = self.train_meaning(embed)
        save_weights(self.shipped_weights_path(), weights, bias, self.weights_stamp(model_id))
        return [self.shipped_word_model_path(), self.shipped_weights_path()]


DIPS = SentenceReading("dip", words_first=0.5, threshold=0.7)
COMMITMENTS = SentenceReading("commitment", words_first=0.4, threshold=0.7)
# a raised topic the rules miss displaces another from the agenda's six: only the surest are taken
RAISED = SentenceReading("raised", words_first=0.5, threshold=0.8)
# a goal found in error is a goal finding of its own, and may push a real one out of the six kept
GOALS = SentenceReading("goal", words_first=0.3, threshold=0.8)
READINGS = {reading.kind: reading for reading in (DIPS, COMMITMENTS, RAISED, GOALS)}


def main() -> None:
    """Retrain on the exemplars and write the shipped files: `python -m reflectai.review.sentence_reading`."""
    from ..embeddings import Embedder

    embedder = Embedder()
    for reading in READINGS.values():
        for path in reading.write_shipped(embedder.embed, embedder.model_id):
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
