"""Agenda benchmark: `python benchmarks/agenda.py` prints medians for a pair with 1,000 entries.

The issue's target is < 2 s for an agenda over 1,000 entries. The history cycles through the dev
histories of evals/datasets/agenda.jsonl (real goals, dips, commitments and tool use), re-dated one per
day, so every detector has work to do. Figures: the in-process call once the model is loaded (what a
tool calling the library sees), the first call in a process (model and classifiers loading), and the
CLI from a fresh process: once with nothing remembered (the first agenda for this history) and once
with the SAMR levels of already-read entries and the vectors of already-checked questions and notes
remembered (every later agenda).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from reflectai.coach import Coach
from reflectai.config import Settings
from reflectai.embeddings import RememberedVectors
from reflectai.samr import READINGS_PREFIX

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = 1000


def main() -> None:
    home = tempfile.mkdtemp(prefix="reflectai-bench-agenda-")
    histories = [json.loads(line) for line in (ROOT / "evals" / "datasets" / "agenda.jsonl").open()]
    dev = [h for h in histories if h["split"] == "dev"]
    source = [(h, e) for h in dev for e in h["entries"]]
    coach = Coach(Settings.load(home=home))
    pair = coach.create_pair("Busy pair", "one_to_one", dev[0]["pair"]["members"])
    start_day = date(2024, 1, 1)
    with coach.journal.transaction() as db:
        for i in range(ENTRIES):
            _, entry = source[i % len(source)]
            db.execute(
                "INSERT INTO entries (uid, pair_id, kind, author, date, text, tags, created_at, indexed) "
                "VALUES (?, ?, ?, ?, ?, ?, '[]', '2026-01-01', 0)",
                (
                    f"bench-{i}",
                    pair.id,
                    entry["kind"],
                    dev[0]["pair"]["members"][i % 2],
                    (start_day + timedelta(days=i)).isoformat(),
                    entry["text"],
                ),
            )
    coach.journal.close()

    fresh = Coach(Settings.load(home=home))
    t = time.perf_counter()
    fresh.agenda(pair.id)
    first_call = time.perf_counter() - t
    warm = []
    for _ in range(7):
        t = time.perf_counter()
        fresh.agenda(pair.id)
        warm.append(time.perf_counter() - t)

    def cli_run() -> float:
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "reflectai", "--home", home, "agenda", "-p", pair.id, "--json"],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - t

    # the first agenda for a history reads every SAMR entry; later ones find their levels remembered
    cli_first = []
    for _ in range(3):
        cache = Path(home) / "cache"
        for remembered in [
            *cache.glob(f"{READINGS_PREFIX}*.json"),
            *cache.glob(f"{RememberedVectors.PREFIX}*.npz"),
        ]:
            remembered.unlink()
        cli_first.append(cli_run())
    cli = [cli_run() for _ in range(3)]

    # this machine's speed on the day: the model alone on a 150-word reflection (compare across runs)
    words = " ".join((ROOT / "prompts" / "examples" / "demo_reflection.txt").read_text().split()[:150])
    fresh.embedder.embed([words])
    model = []
    for _ in range(20):
        t = time.perf_counter()
        fresh.embedder.embed([words])
        model.append(time.perf_counter() - t)

    results = {
        "calibration_model_150_words_ms": 1000 * statistics.median(model),
        "agenda_1000_entries_warm_p50_s": statistics.median(warm),
        "agenda_1000_entries_first_call_s": first_call,
        "agenda_1000_entries_cli_nothing_remembered_p50_s": statistics.median(cli_first),
        "agenda_1000_entries_cli_p50_s": statistics.median(cli),
    }
    for name, value in results.items():
        print(f"{name:42s} {value:10.3f}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "agenda.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
