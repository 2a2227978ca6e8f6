"""Agenda benchmark: `python benchmarks/agenda.py` prints medians for histories of 12 to 10,000 entries.

The issue's target is < 2 s for an agenda over 1,000 entries. A history cycles through the dev
histories of evals/datasets/agenda.jsonl (real goals, dips, commitments and tool use), re-dated one per
day, so every reading has work to do. Figures:

- in process, once the model is loaded (what a tool calling the library sees), at 12, 60, 1,000 and
  10,000 entries: how the time grows with the history;
- the first call in a process over 1,000 entries (the model and the readings' weights loading);
- the CLI from a fresh process over 1,000 entries, as every agenda after the first one for a history
  runs: the SAMR levels of entries already read and the vectors of questions and notes already checked
  are remembered;
- the CLI with nothing remembered (the first agenda ever for a history) over 1,000 entries and over 12:
  the two differ by what the history's size costs, the rest is what reading any history the first time
  costs in a new process.
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
SIZES = (12, 60, 1000, 10000)
CLI_RUNS = 5


def make_home(entries: int) -> tuple[str, str]:
    """A new home with one pair of `entries` entries; returns the home and the pair's id."""
    home = tempfile.mkdtemp(prefix=f"reflectai-bench-agenda-{entries}-")
    histories = [json.loads(line) for line in (ROOT / "evals" / "datasets" / "agenda.jsonl").open()]
    dev = [h for h in histories if h["split"] == "dev"]
    source = [e for h in dev for e in h["entries"]]
    members = dev[0]["pair"]["members"]
    coach = Coach(Settings.load(home=home))
    pair = coach.create_pair("Busy pair", "one_to_one", members)
    start_day = date(2000, 1, 1)
    with coach.journal.transaction() as db:
        for i in range(entries):
            entry = source[i % len(source)]
            db.execute(
                "INSERT INTO entries (uid, pair_id, kind, author, date, text, tags, created_at, indexed) "
                "VALUES (?, ?, ?, ?, ?, ?, '[]', '2026-01-01', 0)",
                (
                    f"bench-{i}",
                    pair.id,
                    entry["kind"],
                    members[i % 2],
                    (start_day + timedelta(days=i)).isoformat(),
                    entry["text"],
                ),
            )
    coach.journal.close()
    return home, pair.id


def forget(home: str) -> None:
    """Remove what earlier agendas remembered: the next one reads the history for the first time."""
    cache = Path(home) / "cache"
    for remembered in [
        *cache.glob(f"{READINGS_PREFIX}*.json"),
        *cache.glob(f"{RememberedVectors.PREFIX}*.npz"),
    ]:
        remembered.unlink()


def cli_run(home: str, pair: str) -> float:
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "reflectai", "--home", home, "agenda", "-p", pair, "--json"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t


def main() -> None:
    homes = {size: make_home(size) for size in SIZES}
    results: dict[str, float] = {}

    home, pair = homes[1000]
    fresh = Coach(Settings.load(home=home))
    t = time.perf_counter()
    fresh.agenda(pair)
    results["agenda_1000_entries_first_call_s"] = time.perf_counter() - t

    for size in SIZES:
        size_home, size_pair = homes[size]
        coach = fresh if size == 1000 else Coach(Settings.load(home=size_home))
        coach.agenda(size_pair)
        warm = []
        for _ in range(5):
            t = time.perf_counter()
            coach.agenda(size_pair)
            warm.append(time.perf_counter() - t)
        results[f"agenda_{size}_entries_warm_p50_s"] = statistics.median(warm)

    for size in (1000, 12):
        size_home, size_pair = homes[size]
        first = []
        for _ in range(CLI_RUNS):
            forget(size_home)
            first.append(cli_run(size_home, size_pair))
        results[f"agenda_{size}_entries_cli_nothing_remembered_p50_s"] = statistics.median(first)
        if size == 1000:
            results["agenda_1000_entries_cli_nothing_remembered_max_s"] = max(first)
    results["agenda_1000_entries_cli_p50_s"] = statistics.median(cli_run(home, pair) for _ in range(CLI_RUNS))

    # this machine's speed on the day: the model alone on a 150-word reflection (compare across runs)
    words = " ".join((ROOT / "prompts" / "examples" / "demo_reflection.txt").read_text().split()[:150])
    fresh.embedder.embed([words])
    model = []
    for _ in range(20):
        t = time.perf_counter()
        fresh.embedder.embed([words])
        model.append(time.perf_counter() - t)
    results = {"calibration_model_150_words_ms": 1000 * statistics.median(model), **results}

    for name, value in results.items():
        print(f"{name:52s} {value:8.3f}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "agenda.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
