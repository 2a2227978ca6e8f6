"""reflectai: open, non-directive coaching questions for peer coaches, offline by default.

The public API is `Coach`; the types it returns live in `reflectai.models`. Names are imported on first
use so that `import reflectai` (and the CLI's start-up) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Coach": "coach",
    "Settings": "config",
    "ReflectAIError": "errors",
    "ConfigError": "errors",
    "InputError": "errors",
    "KnowledgeError": "errors",
    "ModelError": "errors",
    "ProviderError": "errors",
    "StoreError": "errors",
    "Note": "models",
    "NoteRef": "models",
    "SearchHit": "models",
    "Source": "models",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from .coach import Coach
    from .config import Settings
    from .errors import (
        ConfigError,
        InputError,
        KnowledgeError,
        ModelError,
        ProviderError,
        ReflectAIError,
        StoreError,
    )
    from .models import Note, NoteRef, SearchHit, Source


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'reflectai' has no attribute {name!r}")
