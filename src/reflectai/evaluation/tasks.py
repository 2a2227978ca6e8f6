"""What each suite's task does with a dataset: predict, then score. One function per task."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .metrics import classification_report, mean, recall_at_k

if TYPE_CHECKING:
    from ..coach import Coach

Items = list[dict[str, Any]]
# returns (metrics for the threshold checks, details for people, per-item records)
TaskResult = tuple[dict[str, float], dict[str, Any], list[dict[str, Any]]]
Task = Callable[["Coach", Items, dict[str, Any]], TaskResult]

TONE_LABELS = ["open_question", "closed_question", "reflection", "directive", "other"]


def tone_task(coach: Coach, items: Items, options: dict[str, Any]) -> TaskResult:
    """Label each utterance; the hybrid checker is gated, rules-only and model-only are reported."""
    texts = [str(item["text"]) for item in items]
    gold = [str(item["label"]) for item in items]
    metrics: dict[str, float] = {}
    details: dict[str, Any] = {}
    records: list[dict[str, Any]] = []
    for mode in ("hybrid", "rules", "model"):
        labelled = coach.tone.label_turns(texts, mode=mode)
        predicted = [u.label for u in labelled]
        report = classification_report(gold, predicted, TONE_LABELS)
        prefix = "" if mode == "hybrid" else f"{mode}."
        metrics[f"{prefix}macro_f1"] = report["macro_f1"]
        metrics[f"{prefix}accuracy"] = report["accuracy"]
        if mode == "hybrid":
            metrics["kappa"] = report["kappa"]
            for label, scores in report["per_label"].items():
                metrics[f"precision.{label}"] = scores["precision"]
                metrics[f"recall.{label}"] = scores["recall"]
                metrics[f"f1.{label}"] = scores["f1"]
            details["confusion"] = report["confusion"]
            details["labels"] = TONE_LABELS
            records = [
                {"id": item.get("id"), "gold": g, "predicted": u.label, "cue": u.cue, "text": u.text}
                for item, g, u in zip(items, gold, labelled, strict=True)
            ]
    return metrics, details, records


_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the and or of to in on for with at by from is are was were be been it this that what how "
    "i we you they my our your their me us do does did can could would should about as so if not".split()
)


def _terms(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def keyword_ranking(coach: Coach, queries: list[str]) -> list[list[str]]:
    """BM25 over whole notes: the plain keyword baseline retrieval is compared with."""
    notes = coach.knowledge.corpus.notes
    documents = [_terms(f"{n.title} {' '.join(n.tags)} {' '.join(n.answers)} {n.body}") for n in notes]
    average = mean([float(len(d)) for d in documents])
    frequency = Counter(term for d in documents for term in set(d))
    counts = [Counter(d) for d in documents]
    n_docs = len(documents)
    rankings = []
    for query in queries:
        scores = []
        for document, tf in zip(documents, counts, strict=True):
            score = 0.0
            for term in set(_terms(query)):
                if term in tf:
                    idf = math.log(1 + (n_docs - frequency[term] + 0.5) / (frequency[term] + 0.5))
                    norm = tf[term] + 1.2 * (1 - 0.75 + 0.75 * len(document) / average)
                    score += idf * tf[term] * 2.2 / norm
            scores.append(score)
        order = sorted(range(n_docs), key=lambda i: -scores[i])
        rankings.append([notes[i].id for i in order])
    return rankings


def retrieval_task(coach: Coach, items: Items, options: dict[str, Any]) -> TaskResult:
    """Does the expected note come back in the top k? Compared with BM25 keyword search."""
    queries = [str(item["query"]) for item in items]
    expected = [str(item["expected"]) for item in items]
    ranked = [[hit.note_id for hit in coach.search_knowledge(q, k=5)] for q in queries]
    keyword = keyword_ranking(coach, queries)
    metrics = {
        "recall_at_1": recall_at_k(ranked, expected, 1),
        "recall_at_3": recall_at_k(ranked, expected, 3),
        "recall_at_5": recall_at_k(ranked, expected, 5),
        "keyword.recall_at_1": recall_at_k(keyword, expected, 1),
        "keyword.recall_at_3": recall_at_k(keyword, expected, 3),
        "keyword.recall_at_5": recall_at_k(keyword, expected, 5),
    }
    records = [
        {"id": item.get("id"), "expected": e, "ranked": r[:3], "keyword": k[:3], "query": q}
        for item, e, r, k, q in zip(items, expected, ranked, keyword, queries, strict=True)
    ]
    return metrics, {}, records


def questions_task(coach: Coach, items: Items, options: dict[str, Any]) -> TaskResult:
    """Ask for questions on each reflection; check tone, grounding, duplicates and GROW coverage."""
    n = int(options.get("n", 5))
    results = [coach.ask(str(item["text"]), n=n) for item in items]
    all_questions = [q.text for r in results for q in r.questions]
    labels = [u.label for u in coach.tone.label_turns(all_questions)] if all_questions else []
    grounded, duplicates, pairs, coverage, records = 0, 0, 0, [], []
    for item, result in zip(items, results, strict=True):
        texts = [q.text for q in result.questions]
        specifics = [str(s).lower() for s in item.get("specifics", [])]
        if any(s in t.lower() for t in texts for s in specifics):
            grounded += 1
        vectors = coach.embedder.embed(texts) if texts else None
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                pairs += 1
                assert vectors is not None
                if texts[i].lower() == texts[j].lower() or float(vectors[i] @ vectors[j]) > 0.85:
                    duplicates += 1
        coverage.append(len({q.stage for q in result.questions}) / 4)
        records.append({"id": item.get("id"), "questions": texts, "specifics": specifics})
    metrics = {
        "open_share": labels.count("open_question") / len(labels) if labels else 0.0,
        "directive_count": float(labels.count("directive")),
        "grounding": grounded / len(items),
        "duplicate_rate": duplicates / pairs if pairs else 0.0,
        "grow_coverage": mean(coverage),
        "questions_per_reflection": len(all_questions) / len(items),
    }
    return metrics, {}, records


TASKS: dict[str, Task] = {
    "questions": questions_task,
    "tone": tone_task,
    "retrieval": retrieval_task,
}
