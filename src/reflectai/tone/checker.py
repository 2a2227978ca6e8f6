"""The tone checker: label utterances, summarise a text, and guard what the engines say.

Each turn gets the label of the embedding classifier, tilted by the surface cues of its sentences:
a strong cue (advice, a leading question, an invitation) decides; a weak cue adds weight; the
form of the turn (does it ask a question?) limits which labels are possible. A turn with any directive
sentence is directive; otherwise the last question decides. `reflectai eval tone` measures the rules
alone, the classifier alone and this combination.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..language import check_user_text
from ..models import ToneLabelName, ToneReport, ToneSummary, Utterance
from .classifier import ToneClassifier
from .rewrite import open_rewrite
from .rules import LABELS, Cue, cues, echoed_statement, is_rhetorical, looks_like_question, rising_reflection
from .text import is_question_mark, normalise, sentences

if TYPE_CHECKING:
    from ..embeddings import Embedder, Vectors

Mode = Literal["hybrid", "rules", "model"]

MAX_TEXT_CHARS = 200_000
FALLBACK_OPEN_QUESTION = "What feels most important to you about this right now?"
STRONG_WEIGHT = 6.0
WEAK_WEIGHT = 1.2
QUESTION_LABELS = frozenset({"open_question", "closed_question", "directive"})
STATEMENT_LABELS = frozenset({"reflection", "directive", "other", "open_question"})
_REPORTED_SPEECH = re.compile(
    r"^(?:so )?(?:you (?:feel|felt|think|thought|believe|said|worry|"
    r"wonder)|part of you|it sounds like|sounds like|it seems)\b"
)


@dataclass(frozen=True)
class _Sentence:
    text: str
    norm: str
    question: bool
    cues: tuple[Cue, ...]


def _read(sentence: str) -> _Sentence:
    norm = normalise(sentence)
    echoed = echoed_statement(sentence)
    question = (
        (is_question_mark(sentence) or looks_like_question(norm))
        and not is_rhetorical(norm)
        and not rising_reflection(norm)
        and not echoed
    )
    found = cues(norm, question)
    if echoed and not any(c.label == "reflection" for c in found):
        found.append(Cue("reflection", "a summary with a rising tone", True))
    if _REPORTED_SPEECH.search(norm):  # "You feel you ought to..." reports, it does not advise
        found = [c for c in found if c.label != "directive"]
    return _Sentence(sentence, norm, question, tuple(found))


class ToneChecker:
    def __init__(self, embedder: Embedder, cache_dir: Path | None = None) -> None:
        self.embedder = embedder
        self.cache_dir = cache_dir
        self._classifier: ToneClassifier | None = None

    @property
    def classifier(self) -> ToneClassifier:
        if self._classifier is None:
            self._classifier = ToneClassifier.for_embedder(self.embedder, self.cache_dir)
        return self._classifier

    # -- labelling ---------------------------------------------------------------------------

    def label_turns(
        self, turns: Sequence[str], mode: Mode = "hybrid", vectors: Vectors | None = None
    ) -> list[Utterance]:
        """Label each turn (one speaker's 1–3 sentences) as a whole; pass `vectors` if already embedded."""
        read = [[_read(s) for s in (sentences(t) or [t])] for t in turns]
        probs = None
        if mode != "rules" and turns:
            embedded = vectors if vectors is not None else self.embedder.embed(list(turns))
            probs = self.classifier.probabilities(embedded)
        labelled = []
        for i, (turn, parts) in enumerate(zip(turns, read, strict=True)):
            row = None if probs is None else [float(p) for p in probs[i]]
            labelled.append(self._decide(turn, parts, row, mode))
        return labelled

    def label(self, turn: str, mode: Mode = "hybrid") -> Utterance:
        return self.label_turns([turn], mode)[0]

    def _decide(self, turn: str, parts: list[_Sentence], probs: list[float] | None, mode: Mode) -> Utterance:
        questions = [p for p in parts if p.question]
        deciding = questions[-1] if questions else parts[-1]
        allowed = QUESTION_LABELS if questions else STATEMENT_LABELS

        directive = next((c for p in parts for c in p.cues if c.label == "directive" and c.strong), None)
        if mode != "model" and directive is not None:
            return Utterance(text=turn, label="directive", confidence=0.95, cue=directive.name)

        scores = {label: 0.0 for label in LABELS}
        if probs is not None:
            scores = {label: math.log(max(p, 1e-6)) for label, p in zip(LABELS, probs, strict=True)}
        cue_names: dict[str, str] = {}
        if mode != "model":
            for found in deciding.cues:
                if found.label in allowed:
                    scores[found.label] += STRONG_WEIGHT if found.strong else WEAK_WEIGHT
                    cue_names.setdefault(found.label, found.name)
            if any(c.label == "reflection" for p in parts for c in p.cues) and not questions:
                scores["reflection"] += WEAK_WEIGHT / 2
        if mode == "rules" and not cue_names:
            # no cue at all: a question is open by default, a statement "other"
            fallback: ToneLabelName = "open_question" if questions else "other"
            return Utterance(text=turn, label=fallback, confidence=0.4, cue="no cue (default)")
        if not (mode != "model" and any(c.label == "open_question" and c.strong for c in deciding.cues)):
            # a statement is open only when it invites (a strong cue); the model alone may not say so
            if not questions:
                scores["open_question"] -= 2.0
        best = max(allowed, key=lambda label: scores[label])
        confidence = _confidence(scores, allowed, best)
        decided_by = cue_names.get(best) or ("classifier" if probs is not None else "no cue")
        return Utterance.model_validate(
            {"text": turn, "label": best, "confidence": round(confidence, 3), "cue": decided_by}
        )

    # -- whole texts -------------------------------------------------------------------------

    def analyse(self, text: str, suggest: bool = False) -> ToneReport:
        """Split a text into utterances and label each; summarise how non-directive it is."""
        check_user_text(text, "text", MAX_TEXT_CHARS, "pass the words you want checked", "check it in parts")
        utterances = self.label_turns(split_utterances(text))
        if suggest:
            utterances = self._with_suggestions(utterances)
        return ToneReport(
            utterances=utterances,
            summary=summarise(utterances),
            non_directive=not any(u.label == "directive" for u in utterances),
        )

    def _with_suggestions(self, utterances: list[Utterance]) -> list[Utterance]:
        """Each directive or closed question gets an open rewrite that itself checks as open."""
        targets = [u for u in utterances if u.label in ("directive", "closed_question")]
        drafts = [open_rewrite(u.text, u.label) for u in targets]
        verdicts = self.label_turns(drafts) if drafts else []
        accepted = {
            id(u): draft if verdict.label == "open_question" else FALLBACK_OPEN_QUESTION
            for u, draft, verdict in zip(targets, drafts, verdicts, strict=True)
        }
        return [
            u.model_copy(update={"suggestion": accepted[id(u)]}) if id(u) in accepted else u
            for u in utterances
        ]

    # -- guarding engine output --------------------------------------------------------------

    def guard(self, questions: Sequence[str]) -> tuple[list[str], list[Utterance]]:
        """Keep only what checks as an open question; return (kept, rejected with their labels)."""
        labelled = self.label_turns(list(questions))
        kept = [u.text for u in labelled if u.label == "open_question"]
        return kept, [u for u in labelled if u.label != "open_question"]


def split_utterances(text: str) -> list[str]:
    """Lines, then sentences; a statement that leads into a question stays with it
    ("So you moved the files. What happened next?" is one utterance). Advice stands alone."""
    utterances: list[str] = []
    for line in text.splitlines():
        pending: list[str] = []
        for sentence in sentences(line.strip()):
            read = _read(sentence)
            advice = any(c.label == "directive" and c.strong for c in read.cues)
            if advice:
                if pending:
                    utterances.append(" ".join(pending))
                    pending = []
                utterances.append(sentence)
            elif read.question:
                # only the statement right before a question leads into it; greetings stand alone
                lead = pending[-1:] if pending and not _is_other(pending[-1]) else []
                utterances.extend(pending[: len(pending) - len(lead)])
                utterances.append(" ".join([*lead, sentence]))
                pending = []
            else:
                pending.append(sentence)
        if pending:
            # trailing statements: keep a reflection together, but split a run of many
            utterances.append(" ".join(pending)) if len(pending) <= 2 else utterances.extend(pending)
    return utterances


def _is_other(sentence: str) -> bool:
    return any(c.label == "other" for c in _read(sentence).cues)


def summarise(utterances: Sequence[Utterance]) -> ToneSummary:
    counts = {label: sum(1 for u in utterances if u.label == label) for label in LABELS}
    questions = counts["open_question"] + counts["closed_question"]
    return ToneSummary(
        utterances=len(utterances),
        open_question_share=round(counts["open_question"] / questions, 3) if questions else 0.0,
        reflection_to_question_ratio=round(counts["reflection"] / questions, 3) if questions else None,
        directive_count=counts["directive"],
        counts=counts,
    )


def _confidence(scores: dict[str, float], allowed: frozenset[str], best: str) -> float:
    peak = max(scores[label] for label in allowed)
    total = sum(math.exp(scores[label] - peak) for label in allowed)
    return math.exp(scores[best] - peak) / total
