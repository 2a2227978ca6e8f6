from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from reflectai.coach import Coach
from reflectai.config import Settings
from reflectai.embeddings import Embedder
from reflectai.models import Entry, Finding, Pair
from reflectai.review.goals import goal_findings
from reflectai.review.reading import read_sentences

_ENV_VARS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "REFLECTAI_MODEL",
    "REFLECTAI_ENGINE",
    "REFLECTAI_EMBEDDING_MODEL",
    "REFLECTAI_CHROMA_URL",
    "REFLECTAI_CONFIG",
)


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every test gets its own REFLECTAI_HOME and no LLM configuration from the outside."""
    for var in _ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("REFLECTAI_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return Embedder(cache_dir=tmp_path_factory.mktemp("model-cache"))


@pytest.fixture(scope="session")
def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose knowledge index is built once for the whole session."""
    return tmp_path_factory.mktemp("shared-home")


@pytest.fixture(scope="session")
def coach(shared_home: Path, embedder: Embedder) -> Iterator[Coach]:
    settings = Settings.load(env={}, home=shared_home)
    instance = Coach(settings)
    instance.__dict__["embedder"] = embedder  # share the loaded model across tests
    yield instance


def goal_after(goal: str, *updates: str, by: str = "Coachee") -> Finding:
    """The agenda's finding on a coachee's goal after later entries (one a month) written `by`."""
    found = goals_after(goal, *updates, by=by)
    assert found, "the goal was not found"
    return found[0]


def goals_after(goal_entry: str, *updates: str, by: str = "Coachee") -> list[Finding]:
    """The agenda's findings on the goals of a coachee's goal entry after later entries (one a month)."""
    pair = Pair(id="pair-a", name="p", members=["Coachee", "Coach"], created_at="2026-01-01")
    entries = [
        *entries_of([("goal", goal_entry)], monthly=True),
        *entries_of([("reflection", u) for u in updates], author=by, monthly=True, first=2),
    ]
    return goal_findings(read_sentences(entries), pair)


def entries_of(
    rows: Sequence[tuple[str, str]],
    author: str = "Coachee",
    pair_id: str = "pair-a",
    monthly: bool = False,
    first: int = 1,
) -> list[Entry]:
    """Entries of (kind, text), ids from `first` in date order: one a day from 1 January 2026, or one on
    the first of each month."""

    def day(n: int) -> str:
        return f"2026-{n:02d}-01" if monthly else f"2026-{1 + (n - 1) // 28:02d}-{1 + (n - 1) % 28:02d}"

    return [
        Entry(
            id=n,
            uid=str(n),
            pair_id=pair_id,
            kind=kind,
            author=author,
            date=day(n),
            text=text,
            created_at="x",
        )
        for n, (kind, text) in enumerate(rows, start=first)
    ]


def run_cli(
    *args: str,
    stdin: bytes | None = None,
    home: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess."""
    full_env = {k: v for k, v in os.environ.items() if k not in _ENV_VARS}
    if home is not None:
        full_env["REFLECTAI_HOME"] = str(home)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "reflectai", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=full_env,
        timeout=120,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
