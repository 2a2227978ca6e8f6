"""What the rules read in one sentence: a dip, a topic raised, a commitment (scored by agenda_sentences)."""

from __future__ import annotations

from ..models import Pair
from .commitments import _COMMITMENT, _subject_ok
from .dips import is_dip
from .topics import dip_first, raises


def sentence_kinds(text: str, pair: Pair) -> set[str]:
    """What the rules read in one sentence: dip, raised (a worry, question or aside), commitment."""
    kinds = set()
    if is_dip(text):
        kinds.add("dip")
    if raises(text) and not dip_first(text):
        kinds.add("raised")
    if any(_subject_ok(m, pair) for m in _COMMITMENT.finditer(text)):
        kinds.add("commitment")
    return kinds
