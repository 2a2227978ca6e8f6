"""Replace personal details with placeholders before text leaves the machine, and put them back after.

Emails become `[EMAIL_n]`, phone numbers `[PHONE_n]` and the pair members' names `[PERSON_n]`, numbered
per kind in order of first appearance. Each placeholder stands for exactly one surface form as it was
written: "Maria López", "Maria" and "maria" get three different placeholders. That keeps the mapping
one-to-one, so `restore` gives back every occurrence exactly as the coachee typed it; the price is that
the model is not told that "Maria" and "Maria López" are the same person.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import urlsplit

_EMAIL = r"[\w.+'-]+@(?:[\w-]+\.)+[\w-]{2,}"

# Phone shapes, not "any run of digits": dates, times, money, versions and counts must stay readable.
_PHONE_SHAPES = (
    r"\+\d{1,3}(?:[ .-]?\(0\))?(?:[ .-]?\(?\d{1,5}\)?)(?:[ .-]?\(?\d{2,5}\)?){1,4}",  # +44 20 7946 0958
    r"\(\d{2,5}\)[ .-]?\d{3,4}[ .-]?\d{3,4}",  # (555) 123-4567, (020) 7946 0958
    r"(?:1[ .-])?\d{3}[ .-]?\d{3}[ .-]?\d{4}",  # 555-123-4567, 1-800-555-0199
    r"0\d{2,4}[ .-]?\d{3,4}[ .-]?\d{3,4}",  # 020 7946 0958, 07700 900123
    r"0\d(?:[ .-]?\d{2}){4}",  # 06 12 34 56 78
)
_PHONE = (
    r"(?<![\w.,/:+$£€¥-])(?:"
    + "|".join(_PHONE_SHAPES)
    + r")(?![\w%/:-]|[.,]\d)"  # not followed by more of a number, a unit or a percentage
)
_MIN_PHONE_DIGITS, _MAX_PHONE_DIGITS = 7, 15

# Words that are part of a name as typed but would be wrong to redact on their own.
_TITLES = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir", "dame", "rev", "fr", "sr", "jr"}
_PARTICLES = {"de", "del", "della", "der", "den", "di", "da", "do", "dos", "du", "la", "le", "van", "von"}
_MIN_NAME_CHARS = 2
# A name never ends inside a word, including a word spelled with a combining accent (NFD text).
_NAME_END = r"(?![\w\u0300-\u036f])"

_PLACEHOLDER = re.compile(
    r"\[\s*(EMAIL|PHONE|PERSON)_(\d+)\s*\]|(?<!\w)(EMAIL|PHONE|PERSON)_(\d+)(?!\w)", re.IGNORECASE
)

_LOCAL_NETWORKS = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


class Redactor:
    """Redacts emails, phone numbers and the given names; one instance per prompt so numbering is
    stable across the prompt's pieces."""

    def __init__(self, names: Sequence[str] = ()) -> None:
        alternatives = [_EMAIL_GROUP, _PHONE_GROUP]
        forms = _name_forms(names)
        if forms:
            alternatives.append(r"(?P<PERSON>(?<!\w)(?:" + "|".join(forms) + ")" + _NAME_END + ")")
        self._pattern = re.compile("|".join(alternatives), re.IGNORECASE)
        self._placeholders: dict[str, dict[str, str]] = {"EMAIL": {}, "PHONE": {}, "PERSON": {}}
        self._originals: dict[str, str] = {}

    def redact(self, text: str) -> str:
        return self._pattern.sub(self._replace, text)

    def restore(self, text: str) -> str:
        """Put the originals back, however the model echoed the placeholder: `[PERSON_1]`, `PERSON_1`,
        `[person_1]`, `[ PERSON_1 ]`. Placeholders this instance never made are left as they are."""

        def original(match: re.Match[str]) -> str:
            kind = (match.group(1) or match.group(3)).upper()
            number = int(match.group(2) or match.group(4))
            return self._originals.get(f"{kind}_{number}", match.group(0))

        return _PLACEHOLDER.sub(original, text)

    @property
    def replaced(self) -> dict[str, str]:
        """Placeholder (without brackets) -> original. For tests and notices; never log it."""
        return dict(self._originals)

    def _replace(self, match: re.Match[str]) -> str:
        kind = match.lastgroup
        assert kind is not None
        original = match.group(0)
        if kind == "PHONE" and not _MIN_PHONE_DIGITS <= _digits(original) <= _MAX_PHONE_DIGITS:
            return original
        known = self._placeholders[kind]
        if original not in known:
            placeholder = f"{kind}_{len(known) + 1}"
            known[original] = placeholder
            self._originals[placeholder] = original
        return f"[{known[original]}]"


_EMAIL_GROUP = rf"(?P<EMAIL>(?<![\w.+'-]){_EMAIL})"
_PHONE_GROUP = rf"(?P<PHONE>{_PHONE})"


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _name_forms(names: Sequence[str]) -> list[str]:
    """Regex alternatives for each full name and each of its parts, longest first so "Maria López"
    wins over "Maria"."""
    words: set[str] = set()
    for name in names:
        tokens = name.split()
        if len(" ".join(tokens)) >= _MIN_NAME_CHARS:
            words.add(" ".join(tokens))
        if len(tokens) > 1:
            for token in tokens:
                bare = token.rstrip(".").lower()
                if len(bare) >= _MIN_NAME_CHARS and bare not in _TITLES and bare not in _PARTICLES:
                    words.add(token)
    # Text may carry accents composed or decomposed; match both spellings of each form.
    variants = {unicodedata.normalize(form, w) for w in words for form in ("NFC", "NFD")}
    return [_name_pattern(v) for v in sorted(variants, key=lambda v: (-len(v), v))]


def _name_pattern(name: str) -> str:
    parts = []
    for token in name.split(" "):
        escaped = re.sub("['’]", "['’]", re.escape(token))  # O'Brien typed with either apostrophe
        if token.rstrip(".").lower() in _TITLES:
            escaped = re.escape(token.rstrip(".")) + r"\.?"  # "Dr. Okafor" and "Dr Okafor"
        parts.append(escaped)
    return r"\s+".join(parts)


def redaction_default(base_url: str | None) -> bool:
    """Whether to redact by default: yes for remote endpoints (None is the OpenAI API), no for ones on
    this machine or a private network."""
    if base_url is None:
        return True
    url = base_url.strip()
    try:
        host = urlsplit(url if "://" in url else f"//{url}").hostname
    except ValueError:
        return True
    if not host:
        return True
    host = host.rstrip(".").lower()
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback or address.is_unspecified:
        return False
    return not (isinstance(address, ipaddress.IPv4Address) and any(address in n for n in _LOCAL_NETWORKS))


_TITLED = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|Sister|Nurse)\.?\s+[A-Z][\w'’-]+")
_FULL_NAME = re.compile(
    r"\b[A-Z][a-z][\w'’-]*\s+(?:(?:de|van|von|da|del|di|le|la|O')\s*)?[A-Z][a-z][\w'’-]+\b"
)


def likely_names(text: str) -> list[str]:
    """People named in free text, beyond the pair's members: "Dr. Okafor", "Maria Lopez".

    Two capitalised words in a row count as a full name unless either is a tool, a month or day, or a
    word that starts sentences; over-redacting costs little because restore is exact.
    """
    from ..analysis.lexicon import MONTHS_AND_DAYS, TOOLS

    tool_words = {w.lower() for tool in TOOLS for w in tool.split()}
    found = [m.group(0) for m in _TITLED.finditer(text)]
    for match in _FULL_NAME.finditer(text):
        words = match.group(0).split()
        if any(w.lower() in tool_words or w.lower() in MONTHS_AND_DAYS for w in words):
            continue
        found.append(match.group(0))
    return list(dict.fromkeys(found))


_CONTACT = re.compile(f"{_EMAIL_GROUP}|{_PHONE_GROUP}", re.IGNORECASE)


def mask_contacts(text: str) -> str:
    """Emails and phone numbers replaced by "[email]" and "[phone]"; dates, times and counts kept."""

    def mask(match: re.Match[str]) -> str:
        if match.group("EMAIL"):
            return "[email]"
        digits = _digits(match.group(0))
        return "[phone]" if _MIN_PHONE_DIGITS <= digits <= _MAX_PHONE_DIGITS else match.group(0)

    return _CONTACT.sub(mask, text)
