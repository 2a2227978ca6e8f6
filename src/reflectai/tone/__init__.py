"""The non-directive checker: label utterances, summarise a text, guard and repair engine output."""

from .checker import ToneChecker

__all__ = ["ToneChecker"]
