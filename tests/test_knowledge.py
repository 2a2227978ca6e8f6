from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reflectai.coach import Coach
from reflectai.config import Settings
from reflectai.embeddings import Embedder
from reflectai.errors import InputError
from reflectai.knowledge import KeywordIndex, KnowledgeBase, chunk_note, fuse, load_corpus, parse_note
from reflectai.resources import data_dir
from reflectai.tokens import count

REQUIRED_TOPICS = [
    "peer-coaching-models",
    "group-coaching-rotating-roles",
    "virtual-coaching",
    "cross-functional-coaching",
    "data-coaching",
    "trust-and-voluntariness",
    "power-dynamics",
    "non-directive-questioning",
    "coach-roles",
    "open-and-closed-questions",
    "reflective-listening",
    "grow-model",
    "appreciative-inquiry",
    "reciprocal-coaching",
    "smart-goals",
    "samr-model",
    "samr-examples",
    "implementation-dip",
    "andragogy",
    "constructivism",
    "action-research-cycle",
    "impact-stories",
    "sustaining-a-programme",
    "blended-learning",
    "barriers-time-and-commitment",
    "notifications-and-digital-overload",
    "trust-in-ai-tools",
]


def test_shipped_corpus_is_complete_and_clean() -> None:
    corpus = load_corpus()
    assert corpus.problems == []
    ids = [n.id for n in corpus.notes]
    assert len(ids) >= 25 and len(set(ids)) == len(ids)
    assert not set(REQUIRED_TOPICS) - set(ids)
    for note in corpus.notes:
        assert note.sources and all(s.author and s.year and s.title for s in note.sources)
        assert len(note.body.split()) > 150, f"{note.id} is too thin"


def test_chunks_respect_headings_and_token_limit() -> None:
    note = parse_note(data_dir("knowledge") / "grow-model.md")
    chunks = chunk_note(note, max_tokens=60, overlap=10)
    assert len(chunks) > 2
    assert all(count(c.text) <= 62 for c in chunks)  # decode/encode may shift a token or two
    assert len({c.heading for c in chunks}) > 1
    assert [c.id for c in chunks] == [f"grow-model#{i}" for i in range(len(chunks))]


def _copy_corpus(tmp_path: Path, names: list[str]) -> Path:
    directory = tmp_path / "knowledge"
    directory.mkdir()
    for name in names:
        shutil.copy(data_dir("knowledge") / f"{name}.md", directory)
    return directory


def test_broken_front_matter_names_the_file_and_the_rest_still_indexes(
    tmp_path: Path, embedder: Embedder
) -> None:
    directory = _copy_corpus(tmp_path, ["grow-model", "implementation-dip"])
    (directory / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    (directory / "no-sources.md").write_text("---\nid: no-sources\ntitle: T\n---\nbody\n")
    corpus = load_corpus(directory)
    assert sorted(n.id for n in corpus.notes) == ["grow-model", "implementation-dip"]
    messages = sorted(str(p) for p in corpus.problems)
    assert messages[0].startswith("broken.md: front matter is not valid YAML")
    assert messages[1].startswith("no-sources.md: front matter sources")
    kb = KnowledgeBase(Settings.load(env={}, home=tmp_path / "home"), embedder, directory)
    hits = kb.search("a temporary drop after changing how we work", k=2)
    assert hits[0].note_id == "implementation-dip"


def test_index_rebuilds_when_a_note_changes(tmp_path: Path, embedder: Embedder) -> None:
    directory = _copy_corpus(tmp_path, ["grow-model", "smart-goals"])
    settings = Settings.load(env={}, home=tmp_path / "home")
    first = KnowledgeBase(settings, embedder, directory)
    first.search("structure of a conversation", k=1)
    assert first.status()["state"] == "up to date"
    note = directory / "smart-goals.md"
    note.write_text(note.read_text() + "\n## Zebra crossings\nStriped zebras graze the savannah.\n")
    second = KnowledgeBase(settings, embedder, directory)
    assert second.status()["state"].startswith("stale")
    hit = second.search("zebras eating grass on the savannah", k=1)[0]
    assert hit.note_id == "smart-goals" and "zebra" in hit.text.lower()
    assert second.status()["state"] == "up to date"


def test_snapshot_answers_like_the_collection_and_survives_damage(tmp_path: Path, embedder: Embedder) -> None:
    directory = _copy_corpus(tmp_path, ["grow-model", "smart-goals", "implementation-dip"])
    settings = Settings.load(env={}, home=tmp_path / "home")
    query = "things got worse right after we changed systems"
    built = KnowledgeBase(settings, embedder, directory)
    from_chroma = built._open().query(query_embeddings=[embedder.embed_one(query)], n_results=40)
    snapshot = built.snapshot_path
    assert snapshot.exists() and built.status()["snapshot"] == "up to date"
    fresh = KnowledgeBase(settings, embedder, directory)
    hits = fresh.search(query, k=3)
    assert fresh._collection is None  # answered from the snapshot, Chroma never opened
    assert hits[0].note_id == from_chroma["metadatas"][0][0]["note_id"] == "implementation-dip"
    assert hits[0].score == pytest.approx(1.0 - from_chroma["distances"][0][0], abs=1e-4)

    snapshot.write_bytes(b"not an npz file")  # a damaged snapshot is ignored and written again
    damaged = KnowledgeBase(settings, embedder, directory)
    assert [h.note_id for h in damaged.search(query, k=3)] == [h.note_id for h in hits]
    assert damaged._collection is not None and snapshot.stat().st_size > 1000

    note = directory / "grow-model.md"  # a changed corpus makes the snapshot stale: rebuilt
    note.write_text(note.read_text() + "\n## Zebra crossings\nStriped zebras graze the savannah.\n")
    changed = KnowledgeBase(settings, embedder, directory)
    assert changed.search("zebras eating grass on the savannah", k=1)[0].note_id == "grow-model"
    assert changed._collection is not None


def test_a_snapshot_that_cannot_be_written_costs_nothing_but_speed(
    tmp_path: Path, embedder: Embedder
) -> None:
    directory = _copy_corpus(tmp_path, ["grow-model", "implementation-dip"])
    settings = Settings.load(env={}, home=tmp_path / "home")
    kb = KnowledgeBase(settings, embedder, directory)
    kb.snapshot_path.mkdir(parents=True)  # a directory where the file should go: every write fails
    assert kb.search("a temporary drop after changing how we work", k=1)[0].note_id == "implementation-dip"
    assert kb.snapshot_path.is_dir() and not list(kb.snapshot_path.parent.glob(".knowledge.npz.*"))


def test_cold_search_does_not_import_chromadb_once_the_index_exists(coach: Coach, shared_home: Path) -> None:
    coach.search_knowledge("an index built once for the session", k=1)
    home = shared_home
    probe = (
        "import sys; from reflectai.coach import Coach; "
        "hits = Coach().search_knowledge('staying motivated when the new system slows us down', k=3); "
        "print(len(hits), 'chromadb' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFLECTAI_", "OPENAI_"))}
    env["REFLECTAI_HOME"] = str(home)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.split() == ["3", "False"], out.stderr


def test_search_returns_cited_notes(coach: Coach) -> None:
    hits = coach.search_knowledge("things got worse right after we switched systems", k=3)
    assert len(hits) == 3 and len({h.note_id for h in hits}) == 3
    assert hits[0].note_id == "implementation-dip"
    assert hits[0].sources and hits[0].title
    assert hits[0].score >= hits[1].score >= hits[2].score


@pytest.mark.parametrize("query", ["", "   \n\t ", "x" * 100_000])
def test_bad_queries_are_refused_clearly(coach: Coach, query: str) -> None:
    with pytest.raises(InputError, match="empty|too long"):
        coach.search_knowledge(query)


def test_rank_fusion_rewards_agreement() -> None:
    assert fuse([["a", "b", "c"], ["b", "c"]]) == ["b", "c", "a"]
    assert fuse([]) == []


def test_keyword_index_finds_exact_terms_only() -> None:
    index = KeywordIndex(load_corpus().notes)
    ranked = index.rank("SMART goals measurable time-bound")
    assert ranked[0] == "smart-goals"
    assert index.rank("zzzz qqqq") == []


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_every_search_mode_returns_distinct_cited_notes(coach: Coach, mode: str) -> None:
    hits = coach.knowledge.search("SAMR levels with examples from a library", k=4, mode=mode)  # type: ignore[arg-type]
    assert len(hits) == 4 and len({h.note_id for h in hits}) == 4
    assert {"samr-model", "samr-examples"} & {h.note_id for h in hits[:2]}
