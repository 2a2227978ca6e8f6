"""Reading a reflection: sentences, tools, groups, people, feelings, goals, themes and signals."""

from .reflection import ReflectionAnalysis, analyse_reflection

__all__ = ["ReflectionAnalysis", "analyse_reflection"]
