"""Journal benchmarks: `python benchmarks/journal.py [--max 100000]` prints medians.

- `journal add` throughput (real Journal.add calls, one transaction each)
- pair-filtered search latency (query embedding + Chroma + SQLite) at 1k, 10k and 100k entries,
  spread over 20 pairs. Building 100k real embeddings would take ~5 minutes, so the bulk load embeds
  2,000 distinct synthetic entries and gives each stored entry one of those vectors plus small noise;
  the search itself runs exactly as in the product.
- reindex time for 10k entries (real: every entry embedded again)
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

from reflectai.coach import Coach
from reflectai.config import Settings

TOOLS = ["Teams", "Padlet", "the EHR", "OneDrive", "Kahoot", "Canvas", "the rota app", "Excel", "Copilot"]
GROUPS = ["Year 9", "the night shift", "the front desk", "the finance team", "8B", "Ward 7", "the patrons"]
FEELINGS = ["slow", "stressed", "proud", "stuck", "relieved", "curious", "overwhelmed"]


def synthetic(rng: random.Random) -> str:
    return (
        f"This week I used {rng.choice(TOOLS)} with {rng.choice(GROUPS)} and felt {rng.choice(FEELINGS)}; "
        f"the {rng.choice(['upload', 'handover', 'quiz', 'booking', 'report'])} took "
        f"{rng.randint(5, 90)} minutes and {rng.choice(GROUPS)} noticed."
    )


def bulk_load(
    coach: Coach, total: int, pool_vectors: np.ndarray, pool_texts: list[str], rng: random.Random
) -> None:
    journal, index = coach.journal, coach.history
    pairs = [f"bench-pair-{i:02d}" for i in range(20)]
    existing = {p.id for p in journal.pairs()}
    for pair in pairs:
        if pair not in existing:
            journal.create_pair(pair)
    have = journal.count()
    noise = np.random.default_rng(7)
    for start in range(have, total, 5000):
        size = min(5000, total - start)
        choices = [rng.randrange(len(pool_texts)) for _ in range(size)]
        rows = [
            (
                str(uuid.uuid4()),
                pairs[(start + i) % len(pairs)],
                "reflection",
                None,
                "2026-11-01",
                pool_texts[c],
                "[]",
                "2026-11-01T00:00:00+00:00",
                1,
            )
            for i, c in enumerate(choices)
        ]
        with journal.transaction() as db:
            db.executemany(
                "INSERT INTO entries (uid, pair_id, kind, author, date, text, tags, created_at, indexed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        uids = [r[0] for r in rows]
        stored = {e.uid: e for e in journal.by_uid(uids)}
        vectors = pool_vectors[choices] + noise.normal(0, 0.02, (size, pool_vectors.shape[1]))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        for pair in pairs:
            mine = [i for i, u in enumerate(uids) if stored[u].pair_id == pair]
            index._open(pair).upsert(
                ids=[f"{uids[i]}#0" for i in mine],
                embeddings=list(vectors[mine].astype(np.float32)),
                documents=[stored[uids[i]].text for i in mine],
                metadatas=[{"pair_id": pair, "entry_id": stored[uids[i]].id, "uid": uids[i]} for i in mine],
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(3)
    home = Path(tempfile.mkdtemp(prefix="reflectai-journal-bench-"))
    coach = Coach(Settings.load(home=home))
    results: dict[str, float] = {}

    coach.create_pair("throughput-pair")
    texts = [synthetic(rng) for _ in range(500)]
    start = time.perf_counter()
    for text in texts:
        coach.add_entry("throughput-pair", text)
    results["journal_add_per_s"] = len(texts) / (time.perf_counter() - start)
    coach.delete_pair("throughput-pair")

    pool_texts = list({synthetic(rng) for _ in range(2000)})
    pool_vectors = coach.embedder.embed(pool_texts)
    queries = ["slow uploads with the night shift", "proud of Year 9 quiz", "stuck with the rota app"]
    for size in (1_000, 10_000, 100_000):
        if size > args.max:
            break
        bulk_load(coach, size, pool_vectors, pool_texts, rng)
        coach.search_history("bench-pair-03", queries[0])
        timings = []
        for i in range(60):
            begin = time.perf_counter()
            coach.search_history(f"bench-pair-{i % 20:02d}", queries[i % 3], k=5)
            timings.append(time.perf_counter() - begin)
        results[f"search_p50_ms_at_{size}"] = 1000 * statistics.median(timings)
        print(
            f"search at {size:>7,} entries: p50 {results[f'search_p50_ms_at_{size}']:.1f} ms", file=sys.stderr
        )

    reindex_home = Path(tempfile.mkdtemp(prefix="reflectai-reindex-bench-"))
    other = Coach(Settings.load(home=reindex_home))
    other.__dict__["embedder"] = coach.embedder
    other.create_pair("reindex-pair")
    with other.journal.transaction() as db:
        db.executemany(
            "INSERT INTO entries (uid, pair_id, kind, date, text, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (str(uuid.uuid4()), "reindex-pair", "reflection", "2026-11-01", synthetic(rng), "2026-11-01")
                for _ in range(10_000)
            ],
        )
    start = time.perf_counter()
    other.reindex_history()
    results["reindex_10k_s"] = time.perf_counter() - start

    for name, value in results.items():
        print(f"{name:32s} {value:10.2f}")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "journal.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
