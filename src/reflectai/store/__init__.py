"""A pair's history: SQLite is the source of truth; the Chroma index is rebuilt from it at will."""

from .journal import Journal

__all__ = ["Journal"]
