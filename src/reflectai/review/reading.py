"""The sentences of a pair's history, the shared layer the agenda's readers work on: each entry split into
sentences (`Said`), the first name of a member, and one reference per entry for a finding's sources.

Each concern reads these sentences in its own module: goals and whether they were met (`goals.py`),
commitments and whether anyone came back to them (`commitments.py`), implementation dips (`dips.py`),
topics raised and never followed up (`topics.py`), whose turn it is to be coached (`turns.py`), and what
the rules read in a single sentence (`sentence_kinds.py`). Everything there is rules over sentences (fast
enough for a thousand entries); SAMR movement, which needs the embedding model, is read in `agenda.py` on
a bounded number of entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import Entry, EntryRef
from ..tone.text import sentences
from .words import content_words


@dataclass(frozen=True)
class Said:
    """One sentence of one entry."""

    entry: Entry
    text: str
    words: frozenset[str] = field(default_factory=frozenset)

    def ref(self, quote: str | None = None) -> EntryRef:
        return EntryRef(entry_id=self.entry.id, date=self.entry.date, quote=quote or self.text)


def read_sentences(entries: Sequence[Entry]) -> list[Said]:
    return [
        Said(entry, s, frozenset(content_words(s)))
        for entry in entries
        for line in entry.text.splitlines()
        for s in sentences(line.strip())
    ]


def first_name(person: str) -> str:
    parts = [
        p for p in person.replace(".", " ").split() if p.lower() not in {"dr", "mr", "mrs", "ms", "prof"}
    ]
    return parts[0] if parts else person


def _per_entry(hits: Sequence[Said]) -> list[EntryRef]:
    """One reference per entry, quoting every sentence of it that counted."""
    refs: dict[int, EntryRef] = {}
    for s in hits:
        if s.entry.id in refs:
            ref = refs[s.entry.id]
            refs[s.entry.id] = ref.model_copy(update={"quote": f"{ref.quote} … {s.text}"})
        else:
            refs[s.entry.id] = s.ref()
    return list(refs.values())
