"""What each suite's task does with a dataset: predict, then score. One function per task."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .metrics import classification_report, mean, recall_at_k

if TYPE_CHECKING:
    from ..coach import Coach

Items = list[dict[str, Any]]
# returns (metrics for the threshold checks, details for people, per-item records)
TaskResult = tuple[dict[str, float], dict[str, Any], list[dict[str, Any]]]
Task = Callable[["Coach", Items, dict[str, Any]], TaskResult]

TONE_LABELS = ["open_question", "closed_question", "reflection", "directive", "other"]
T = TypeVar("T")
R = TypeVar("R")


def parallel_map(coach: Coach, action: Callable[[T], R], items: list[T]) -> list[R]:
    """In order; with the LLM engine, `settings.concurrency` calls at a time (the model is the wait)."""
    if coach.engine_choice[0] != "llm" or len(items) < 2:
        return [action(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor

    _ = coach.llm_engine.offline.bank, coach.knowledge.corpus  # build shared parts before the threads race
    with ThreadPoolExecutor(max_workers=coach.settings.concurrency) as pool:
        return list(pool.map(action, items))


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


def retrieval_task(coach: Coach, items: Items, options: dict[str, Any]) -> TaskResult:
    """Does the expected note come back in the top k? Hybrid search is gated; the embedding and the
    BM25 keyword rankings on their own are reported for comparison."""
    queries = [str(item["query"]) for item in items]
    expected = [str(item["expected"]) for item in items]
    metrics: dict[str, float] = {}
    rankings: dict[str, list[list[str]]] = {}
    for mode in ("hybrid", "dense", "keyword"):
        ranked = [[h.note_id for h in coach.knowledge.search(q, k=5, mode=mode)] for q in queries]
        rankings[mode] = ranked
        prefix = "" if mode == "hybrid" else f"{mode}."
        for k in (1, 3, 5):
            metrics[f"{prefix}recall_at_{k}"] = recall_at_k(ranked, expected, k)
    records = [
        {"id": item.get("id"), "expected": e, "query": q, **{m: r[i][:3] for m, r in rankings.items()}}
        for i, (item, e, q) in enumerate(zip(items, expected, queries, strict=True))
    ]
    return metrics, {}, records


def questions_task(coach: Coach, items: Items, options: dict[str, Any]) -> TaskResult:
    """Ask for questions on each reflection; check tone, grounding, duplicates and GROW coverage."""
    n = int(options.get("n", 5))
    results = parallel_map(coach, lambda item: coach.ask(str(item["text"]), n=n), items)
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


def smart_task(coach: Coach, items: Items, options: dict[str, Any]) -> TaskResult:
    """Per-criterion accuracy; no rewrite may add a number the goal did not give; questions are open."""
    from datetime import date

    from ..smart import CRITERIA, analyse_goal, numbers_outside_placeholders

    today = date.fromisoformat(str(options.get("today", "2026-11-23")))
    analyses = [analyse_goal(str(item["goal"]), coach.tone, today) for item in items]
    if (
        coach.engine_choice[0] == "llm"
    ):  # the criteria are read offline; the model words rewrite and questions
        analyses = parallel_map(coach, coach.llm_engine.smart, analyses)
    metrics: dict[str, float] = {}
    for criterion in CRITERIA:
        gold = [bool(item["criteria"][criterion]) for item in items]
        metrics[f"accuracy.{criterion}"] = mean(
            [float(a.criteria[criterion] == g) for a, g in zip(analyses, gold, strict=True)]
        )
    invented = 0
    for item, analysis in zip(items, analyses, strict=True):
        given = set(numbers_outside_placeholders(str(item["goal"])))
        invented += any(n not in given for n in numbers_outside_placeholders(analysis.rewrite))
    questions = [q.text for a in analyses for q in a.questions]
    labels = [u.label for u in coach.tone.label_turns(questions)] if questions else []
    metrics["invented_numbers"] = float(invented)
    metrics["questions_open_share"] = labels.count("open_question") / len(labels) if labels else 1.0
    metrics["questions_per_missing_criterion"] = len(questions) / max(
        1, sum(1 for a in analyses for met in a.criteria.values() if not met)
    )
    records = [
        {"id": item.get("id"), "gold": item["criteria"], "predicted": a.criteria, "rewrite": a.rewrite}
        for item, a in zip(items, analyses, strict=True)
    ]
    return metrics, {}, records


SAMR_LABELS = ["substitution", "augmentation", "modification", "redefinition", "unclear"]


def _samr_level(coach: Coach, text: str) -> str:
    from ..errors import InputError

    try:
        return coach.samr(text).level
    except InputError:  # "no technology described": the closest answer is that the text cannot tell
        return "unclear"


def samr_task(coach: Coach, items: Items, options: dict[str, Any]) -> TaskResult:
    """SAMR level per description; confusions two or more levels apart are counted separately."""
    predicted = parallel_map(coach, lambda item: _samr_level(coach, str(item["text"])), items)
    gold = [str(item["level"]) for item in items]
    report = classification_report(gold, predicted, SAMR_LABELS)
    order = SAMR_LABELS[:4]
    far = sum(
        1
        for g, p in zip(gold, predicted, strict=True)
        if g in order and p in order and abs(order.index(g) - order.index(p)) >= 2
    )
    metrics = {
        "accuracy": report["accuracy"],
        "macro_f1": report["macro_f1"],
        "non_adjacent_confusions": float(far),
    }
    for label in SAMR_LABELS:
        metrics[f"recall.{label}"] = report["per_label"][label]["recall"]
    metrics["min_level_recall"] = min(metrics[f"recall.{label}"] for label in order)
    records = [
        {"id": item.get("id"), "gold": g, "predicted": p, "text": item["text"]}
        for item, g, p in zip(items, gold, predicted, strict=True)
    ]
    return metrics, {"confusion": report["confusion"]}, records


def agenda_task(coach: Coach, items: Items, options: dict[str, Any]) -> TaskResult:
    """Draft an agenda from each labelled history (in memory, never in the user's journal) and check
    that it surfaces the labelled facts, repeats no question asked last session and stays open."""
    from ..review.agenda import REPEAT, note_words
    from ..review.facts import fact_surfaced, history_from_item

    minutes = int(options.get("minutes", 45))
    builder = coach.agenda_builder
    surfaced: dict[str, list[float]] = {}
    repeats = self_repeats = timebox_errors = 0
    questions: list[str] = []
    notes: list[str] = []
    records = []
    findings_count = []
    for item in items:
        pair, entries = history_from_item(item)
        last_session = [str(q) for q in item.get("last_session_questions", [])]
        agenda = builder.build(pair, entries, last_session, minutes=minutes)
        if coach.engine_choice[0] == "llm":  # the findings are read offline; the model words the questions
            agenda = coach.llm_engine.agenda(agenda, builder, last_session, names=pair.members)
        asked = [q.text for s in agenda.sections for q in s.questions]
        questions += asked
        notes += [n for s in agenda.sections for n in s.notes]
        timebox_errors += sum(s.minutes for s in agenda.sections) != minutes
        findings_count.append(len(agenda.findings))
        missed = []
        for fact in item["facts"]:
            hit = fact_surfaced(fact, agenda)
            surfaced.setdefault(str(fact["type"]), []).append(float(hit))
            if not hit:
                missed.append(f"{fact['type']}: {fact['about']}")
        repeats += _repeats(coach, asked, last_session, REPEAT)
        # the next agenda, after this one's questions were asked, must not ask them again
        again = builder.build(pair, entries, asked, minutes=minutes)
        self_repeats += _repeats(coach, [q.text for s in again.sections for q in s.questions], asked, REPEAT)
        records.append(
            {"id": item.get("id"), "missed": missed, "questions": asked, "coachee": agenda.coachee}
        )
    labels = [u.label for u in coach.tone.label_turns(questions)] if questions else []
    note_labels = [u.label for u in coach.tone.label_turns([note_words(n) for n in notes])] if notes else []
    every = [v for values in surfaced.values() for v in values]
    metrics = {
        "facts_surfaced": mean(every),
        **{f"surfaced.{kind}": mean(values) for kind, values in sorted(surfaced.items())},
        "repeats_of_last_session": float(repeats),
        "repeats_after_asking": float(self_repeats),
        "open_share": labels.count("open_question") / len(labels) if labels else 0.0,
        "directive_notes": float(note_labels.count("directive")),
        "timebox_errors": float(timebox_errors),
        "findings_per_history": mean([float(n) for n in findings_count]),
    }
    return metrics, {}, records


def _repeats(coach: Coach, new: list[str], old: list[str], threshold: float) -> int:
    if not new or not old:
        return 0
    vectors = coach.embedder.embed(new + old)
    close = (vectors[: len(new)] @ vectors[len(new) :].T).max(axis=1) >= threshold
    exact = {q.strip().lower() for q in old}
    return sum(1 for q, c in zip(new, close, strict=True) if c or q.strip().lower() in exact)


def history_sentences_task(coach: Coach, items: Items, options: dict[str, Any]) -> TaskResult:
    """Precision and recall of the agenda's sentence readings (dip, raised, commitment) on sentences
    written independently of them; the capitalised words of a sentence stand for the pair's names."""
    import re

    from ..models import Pair
    from ..review.sentence_kinds import sentence_kinds
    from ..review.sentence_reading import READINGS

    kinds = ("dip", "raised", "commitment")
    counts = {k: {"tp": 0, "fp": 0, "fn": 0} for k in kinds}
    records = []
    # what the rules pass over is read as the agenda reads it (sentence_reading.py)
    texts = [str(i["text"]) for i in items]
    embed, model_id = coach.embedder.embed, coach.embedder.model_id
    read = {kind: READINGS[kind].flags(texts, embed, model_id) for kind in kinds}
    for index, item in enumerate(items):
        text, gold = str(item["text"]), str(item["label"])
        names = re.findall(r"\b[A-Z][a-z]+\b", text)
        pair = Pair(id="eval-sentences", name="eval", members=names, created_at="2026-01-01")
        found = sentence_kinds(text, pair) | {kind for kind, flags in read.items() if flags[index]}
        for kind in kinds:
            hit, wanted = kind in found, gold == kind
            if hit and wanted:
                counts[kind]["tp"] += 1
            elif hit:
                counts[kind]["fp"] += 1
            elif wanted:
                counts[kind]["fn"] += 1
        records.append({"text": text, "gold": gold, "rules": sorted(found)})
    metrics: dict[str, float] = {}
    for kind, c in counts.items():
        metrics[f"precision.{kind}"] = c["tp"] / max(1, c["tp"] + c["fp"])
        metrics[f"recall.{kind}"] = c["tp"] / max(1, c["tp"] + c["fn"])
    return metrics, {}, records


def goal_status_task(coach: Coach, items: Items, options: dict[str, Any]) -> TaskResult:
    """Does the agenda read a goal as met from the later entries? One goal and its updates per item."""
    from ..models import Entry, Pair
    from ..review.goals import goal_findings
    from ..review.reading import read_sentences

    pair = Pair(id="eval-goals", name="eval", members=["Coachee", "Coach"], created_at="2026-01-01")
    correct, met_right, met_total, records = 0, 0, 0, []
    for item in items:
        texts = [str(item["goal"]), *[str(u) for u in item["updates"]]]
        entries = [
            Entry(
                id=i + 1,
                uid=f"goal-{i}",
                pair_id=pair.id,
                kind="goal" if i == 0 else "reflection",
                author="Coachee",
                date=f"2026-{9 + i:02d}-01",
                text=text,
                created_at="2026-01-01",
            )
            for i, text in enumerate(texts)
        ]
        found = goal_findings(read_sentences(entries), pair)
        predicted = "met" if found and found[0].status == "met" else "not_met"
        gold = str(item["status"])
        correct += predicted == gold
        if gold == "met":
            met_total += 1
            met_right += predicted == "met"
        records.append({"id": item.get("id"), "gold": gold, "predicted": predicted})
    n = len(items)
    not_met_total = n - met_total
    metrics = {
        "accuracy": correct / n if n else 0.0,
        "recall.met": met_right / met_total if met_total else 0.0,
        "recall.not_met": (correct - met_right) / not_met_total if not_met_total else 0.0,
    }
    return metrics, {}, records


TASKS: dict[str, Task] = {
    "goal_status": goal_status_task,
    "history_sentences": history_sentences_task,
    "agenda": agenda_task,
    "samr": samr_task,
    "smart": smart_task,
    "questions": questions_task,
    "tone": tone_task,
    "retrieval": retrieval_task,
}
