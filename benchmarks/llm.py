"""LLM engine benchmarks: `python benchmarks/llm.py` prints medians.

The OpenAI-compatible stub (tests/openai_stub.py) runs in its own process on 127.0.0.1 and answers
every call with the same valid question set after a fixed delay, so what is measured is ours:

- client overhead: one structured call (render the prompt file, HTTP, parse, validate) minus the
  server's delay. The issue's target is < 10 ms.
- engine overhead: a whole `ask` through the LLM engine (knowledge search, redaction, the call, the tone
  guard on every question) minus the server's delay; the guard is the same work the offline engine does.
- throughput: the `questions` eval task on 100 reflections with the server answering in 200 ms, at the
  default concurrency (target >= 10 items/s). The response cache is off throughout.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reflectai.coach import Coach
from reflectai.config import Settings
from reflectai.evaluation.tasks import questions_task
from reflectai.llm.prompts import load_prompt
from reflectai.llm.schemas import LLMQuestionSet

ROOT = Path(__file__).resolve().parent.parent
ANSWER = {
    "questions": [
        {"text": "What did you notice about how your team responded this week?", "stage": "reality"},
        {"text": "What would a good outcome look like for you by the end of term?", "stage": "goal"},
        {"text": "What options can you see for the part that felt slowest?", "stage": "options"},
        {"text": "What will you try first, and how will you know it helped?", "stage": "will"},
        {"text": "Who else might see this differently, and what would they notice?", "stage": "reality"},
    ]
}


def start_stub(delay: float) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "openai_stub.py"),
            "--port",
            "0",
            "--delay",
            str(delay),
            "--content-json",
            json.dumps(ANSWER),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # "openai stub serving on http://127.0.0.1:PORT/v1 ..."
    return proc, line.split()[4]


def coach_for(base_url: str, home: str) -> Coach:
    return Coach(
        Settings.load(
            env={},
            home=home,
            engine="llm",
            openai_base_url=base_url,
            model="stub-model",
            llm_cache=False,
            max_retries=0,
        )
    )


def median_minus(action: object, delay: float, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return 1000 * (statistics.median(times) - delay)


def main() -> None:
    home = tempfile.mkdtemp(prefix="reflectai-bench-llm-")
    reflection = (ROOT / "prompts" / "examples" / "demo_reflection.txt").read_text()
    results: dict[str, float] = {}

    delay = 0.05
    proc, url = start_stub(delay)
    try:
        coach = coach_for(url, home)
        client = coach.llm_engine.client
        prompt = load_prompt("questions")
        inputs = {
            "reflection": reflection,
            "n": 5,
            "knowledge": "(none)",
            "history": "(none)",
            "avoid": "(none)",
        }
        client.structured(prompt, LLMQuestionSet, **inputs)
        results["client_overhead_p50_ms"] = median_minus(
            lambda: client.structured(prompt, LLMQuestionSet, **inputs), delay, 50
        )
        coach.ask(reflection)
        results["engine_ask_overhead_p50_ms"] = median_minus(lambda: coach.ask(reflection), delay, 20)
        coach.ask(reflection, pair=None)
        offline = Coach(Settings.load(env={}, home=home, engine="offline"))
        offline.ask(reflection)
        results["offline_ask_p50_ms"] = median_minus(lambda: offline.ask(reflection), 0.0, 20)
    finally:
        proc.terminate()
        proc.wait()

    delay = 0.2
    proc, url = start_stub(delay)
    try:
        coach = coach_for(url, home)
        items = [
            json.loads(line)
            for name in ("reflections.jsonl", "reflections_extra.jsonl")
            for line in (ROOT / "evals" / "datasets" / name).read_text().splitlines()
        ][:100]
        questions_task(coach, items[:4], {"n": 5})  # warm the model and the caches
        start = time.perf_counter()
        metrics, _, _ = questions_task(coach, items, {"n": 5})
        elapsed = time.perf_counter() - start
        results["eval_100_items_per_s_at_200ms"] = len(items) / elapsed
        results["eval_100_items_open_share"] = metrics["open_share"]
        results["concurrency"] = coach.settings.concurrency
    finally:
        proc.terminate()
        proc.wait()

    for name, value in results.items():
        print(f"{name:42s} {value:10.3f}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "llm.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
