"""Is this English? reflectai's cues, question bank and evals are English only, so other languages
are refused with a clear message instead of being answered with nonsense."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)

_ENGLISH = frozenset(
    """
a about after all also am an and any are as at be because been but by can could did do does don't
for from had has have he her him his how i i'm if in into is it it's its just me my no not of on one
or our out she so some than that the their them then there they this to up us was we were what when
which who why will with would you your you're i've we're can't didn't""".split()
)

_OTHER_LANGUAGES = frozenset(
    """
el la los las de del que y en un una por con para es no se lo como pero más este esta muy le les des
et est une pour avec dans sur qui pas ce cette sont mais je tu nous vous ils der die das und ist
nicht ein eine ich mit auf für sie wir auch sich dem den zu o os um uma não com em são eu você
il che di per non sono ma questo anche ho het een van ik niet op zijn ook voor maar dat wat er""".split()
)


def check_user_text(text: str, what: str, max_chars: int, empty_hint: str, long_hint: str) -> None:
    """The checks every capability applies to text a person gave it: not empty, not huge, English."""
    from .errors import InputError

    if not text.strip():
        raise InputError(f"the {what} is empty", empty_hint)
    if len(text) > max_chars:
        raise InputError(
            f"the {what} is too long ({len(text):,} characters; the limit is {max_chars:,})", long_hint
        )
    if not is_probably_english(text):
        raise InputError(
            f"{what}s in languages other than English are not supported yet", f"write the {what} in English"
        )


def is_probably_english(text: str) -> bool:
    """True unless the text is clearly in another language or script.

    Short texts (under four words) get the benefit of the doubt: there is too little to tell.
    """
    letters = [c for c in text if c.isalpha()]
    if letters and sum(1 for c in letters if c.isascii()) / len(letters) < 0.5:
        return False  # mostly a non-Latin script
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 4:
        return True
    english = sum(1 for w in words if w in _ENGLISH)
    foreign = sum(1 for w in words if w in _OTHER_LANGUAGES and w not in _ENGLISH)
    return english >= foreign and (english / len(words) >= 0.08 or foreign / len(words) < 0.08)
