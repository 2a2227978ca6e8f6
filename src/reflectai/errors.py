"""One exception hierarchy. Every message says what went wrong and how to fix it."""

from __future__ import annotations


class ReflectAIError(Exception):
    """Base of every error reflectai raises on purpose. The CLI prints `str(error)` on one line."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message} ({hint})")


class ConfigError(ReflectAIError):
    """The settings in force are invalid or incomplete."""


class InputError(ReflectAIError):
    """The user's input cannot be used: empty, too large, not text, not supported."""


class ModelError(ReflectAIError):
    """The local embedding model is missing, corrupt or cannot run."""


class KnowledgeError(ReflectAIError):
    """A knowledge note cannot be read or the knowledge index cannot be built."""


class StoreError(ReflectAIError):
    """The journal or its index cannot be read or written."""


class ProviderError(ReflectAIError):
    """An LLM endpoint failed or answered with something unusable."""
