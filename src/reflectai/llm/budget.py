"""Token budgets: each model's context window, and history cut from the oldest end to fit one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..tokens import count, encoding

# Context windows in tokens, matched by the longest prefix of the lower-cased model name. Ollama serves
# a smaller window (its num_ctx) unless told otherwise, whatever the model could take.
CONTEXT_WINDOWS: dict[str, int] = {
    "gpt-4o": 128_000,
    "gpt-4o-mini": 128_000,
    "gpt-4.1": 1_047_576,
    "gpt-3.5-turbo": 16_385,
    "gpt-3.5-turbo-instruct": 4_096,
    "llama3": 8_192,
    "llama3.1": 131_072,
    "llama3.2": 131_072,
    "llama3.3": 131_072,
    "mistral": 32_768,
    "qwen": 32_768,
}


def context_window(model: str, default: int = 8192) -> int:
    """The model's context window; `default` for models not in CONTEXT_WINDOWS. A provider prefix
    ("openai/gpt-4o") and a tag or date suffix ("llama3.1:8b", "gpt-4o-2024-08-06") are fine."""
    name = model.strip().lower().rsplit("/", 1)[-1]
    matches = [prefix for prefix in CONTEXT_WINDOWS if name.startswith(prefix)]
    return CONTEXT_WINDOWS[max(matches, key=len)] if matches else default


@dataclass(frozen=True)
class Fitted:
    kept: list[str]
    dropped: int  # how many of the oldest items were left out
    tokens: int  # tokens of what was kept, each item counted on its own
    truncated: bool = False  # the newest item alone was too long and only its end was kept

    @property
    def notice(self) -> str | None:
        """One line for the user when anything was left out, else None."""
        if not self.dropped and not self.truncated:
            return None
        if not self.kept:
            what = "the only entry was" if self.dropped == 1 else f"all {self.dropped} entries were"
            return f"history truncated: {what} left out to fit the model's context"
        parts = []
        if self.dropped == 1:
            parts.append("the oldest entry was left out")
        elif self.dropped:
            parts.append(f"the {self.dropped} oldest entries were left out")
        if self.truncated:
            parts.append("only the end of the newest entry was kept")
        return f"history truncated: {' and '.join(parts)} to fit the model's context"


def fit_oldest_first(items: Sequence[str], budget_tokens: int, model: str | None = None) -> Fitted:
    """Keep the newest items that fit in `budget_tokens`; `items` run oldest first. Whole items are
    dropped from the oldest end; if even the newest does not fit, the end of it is kept, cut at a token
    boundary. Separators the caller puts between items are not counted: leave room for them."""
    if budget_tokens <= 0:
        return Fitted(kept=[], dropped=len(items), tokens=0)
    kept: list[str] = []
    used = 0
    for item in reversed(items):
        tokens = count(item, model)
        if used + tokens > budget_tokens:
            break
        kept.append(item)
        used += tokens
    kept.reverse()
    if kept or not items:
        return Fitted(kept=kept, dropped=len(items) - len(kept), tokens=used)
    tail = _tail(items[-1], budget_tokens, model)
    return Fitted(kept=[tail], dropped=len(items) - 1, tokens=count(tail, model), truncated=True)


def _tail(text: str, budget_tokens: int, model: str | None) -> str:
    """The longest end of `text` that is at most `budget_tokens` tokens, starting at a token boundary."""
    ids = encoding(model).encode(text, disallowed_special=())
    start = len(ids) - budget_tokens
    while start < len(ids):
        # A cut can land inside a multi-byte character; its stray bytes are dropped rather than garbled.
        tail: str = encoding(model).decode_bytes(ids[start:]).decode("utf-8", "ignore")
        if count(tail, model) <= budget_tokens:  # re-encoding a cut text can take a token more
            return tail
        start += 1
    return ""
