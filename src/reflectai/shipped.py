"""Vectors of the texts that ship with reflectai, embedded once by the shipped model and carried as
package data under prompts/vectors/: the question bank and acknowledgements (`ask`), the agenda's
fixed templates (`agenda`) and the knowledge notes (every search). A new home then embeds none of
them: the first `reflectai demo` in a new home no longer spends seconds embedding the notes.

Each file is named by a hash of its texts and the model (`embeddings.vectors_file`; the knowledge
snapshot carries the index fingerprint), so an edited text or another model simply embeds as before.
`python -m reflectai.shipped` writes them again; a test fails when one no longer matches its texts.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .config import Settings
from .embeddings import DEFAULT_MODEL_ID, Embedder, embed_cached, shipped_vectors_dir, vectors_file


def fixed_texts() -> dict[str, list[str]]:
    """Each shipped vector file's name and the texts it embeds, in the order their users ask."""
    from .engines.bank import QuestionBank
    from .review.agenda import fixed_templates

    bank = QuestionBank()
    return {
        "bank": bank.fixed_texts("bank"),
        "acks": bank.fixed_texts("acks"),
        "agenda-templates": fixed_templates(),
    }


def expected_files() -> list[str]:
    """The files prompts/vectors/ must hold for the texts as they are now."""
    return [vectors_file(name, texts, DEFAULT_MODEL_ID) for name, texts in fixed_texts().items()] + [
        "knowledge.npz"
    ]


def write_all(directory: Path | None = None) -> list[Path]:
    """Embed every shipped text with the shipped model and write the files (old ones removed)."""
    from .knowledge import KnowledgeBase

    target = directory or shipped_vectors_dir()
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.np[yz]"):
        old.unlink()
    embedder = Embedder()
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        for name, texts in fixed_texts().items():
            embed_cached(name, texts, embedder, cache)
            file = vectors_file(name, texts, embedder.model_id)
            shutil.copyfile(cache / file, target / file)
        knowledge = KnowledgeBase(Settings.load(env={}, home=Path(scratch) / "home"), embedder)
        knowledge.rebuild()
        shutil.copyfile(knowledge.snapshot_path, target / "knowledge.npz")
    return sorted(target.iterdir())


def main() -> None:
    for path in write_all():
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
