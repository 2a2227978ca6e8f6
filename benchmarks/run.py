"""Benchmarks: `python benchmarks/run.py` prints medians (and writes benchmarks/results/latest.json).

Timing targets live here, not in unit tests. Each figure is the median of several repeats on this
machine; cold figures start a fresh `reflectai` process each time.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold(args: list[str], home: str, repeats: int = 5, stdin: str = "") -> float:
    # a regular install has its bytecode compiled; let the source tree cache it too, then warm up once
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["REFLECTAI_HOME"] = home

    def once() -> None:
        subprocess.run(
            [sys.executable, "-m", "reflectai", *args],
            input=stdin.encode(),
            env=env,
            check=True,
            capture_output=True,
        )

    once()
    return median_seconds(once, repeats)


def main() -> None:
    from reflectai.coach import Coach
    from reflectai.config import Settings

    home = tempfile.mkdtemp(prefix="reflectai-bench-")
    coach = Coach(Settings.load(home=home))
    results: dict[str, float] = {}

    sentences = [
        f"Week {i}: the night shift tried the new rota tool and it was slower at first." for i in range(320)
    ]
    coach.embedder.embed(sentences[:8])
    # the figure: plain batches of 32, whatever their padded size
    budget = coach.embedder.tokens_per_batch
    coach.embedder.tokens_per_batch = 10**9
    results["embedding_sentences_per_s_batch32"] = len(sentences) / median_seconds(
        lambda: coach.embedder.embed(sentences), 5
    )
    coach.embedder.tokens_per_batch = budget
    # what the engine does: batches of at most `tokens_per_batch` padded tokens
    results["embedding_sentences_per_s_budgeted"] = len(sentences) / median_seconds(
        lambda: coach.embedder.embed(sentences), 5
    )
    passages = [
        " ".join(f"Week {i}, note {j}: the ward tried the new rota tool, slower at first." for j in range(12))
        for i in range(48)
    ]
    for name, budget_now in (("batch32", 10**9), ("budgeted", budget)):
        coach.embedder.tokens_per_batch = budget_now
        results[f"embedding_long_passages_per_s_{name}"] = len(passages) / median_seconds(
            lambda: coach.embedder.embed(passages), 3
        )
    coach.embedder.tokens_per_batch = budget

    results["knowledge_rebuild_s"] = median_seconds(coach.knowledge.rebuild, 3)
    query = "things got worse right after we switched systems"
    coach.search_knowledge(query)
    results["knowledge_search_warm_p50_ms"] = 1000 * median_seconds(lambda: coach.search_knowledge(query), 50)
    results["knowledge_search_cold_s"] = cold(["knowledge", "search", query], home)

    utterances = [
        json.loads(line)["text"]
        for line in (ROOT / "evals" / "datasets" / "tone.jsonl").read_text().splitlines()
    ][:256]
    coach.tone.label_turns(utterances[:4])
    results["tone_utterances_per_s_batch"] = len(utterances) / median_seconds(
        lambda: coach.tone.label_turns(utterances), 5
    )
    results["tone_one_call_p50_ms"] = 1000 * median_seconds(lambda: coach.tone.label(utterances[7]), 50)

    reflection = (ROOT / "prompts" / "examples" / "demo_reflection.txt").read_text()
    words = reflection.split()
    reflection_150 = " ".join(words[:150])
    coach.ask(reflection_150)
    results["ask_warm_p50_ms"] = 1000 * median_seconds(lambda: coach.ask(reflection_150), 30)
    # the engine embeds a 150-word reflection as one window: that is the model's share of the work
    results["embedding_of_that_reflection_p50_ms"] = 1000 * median_seconds(
        lambda: coach.embedder.embed([reflection_150]), 30
    )
    results["ask_warm_to_embedding_ratio"] = (
        results["ask_warm_p50_ms"] / results["embedding_of_that_reflection_p50_ms"]
    )
    results["ask_cold_s"] = cold(["ask", "-"], home, stdin=reflection_150)

    for name, value in results.items():
        print(f"{name:42s} {value:10.3f}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
