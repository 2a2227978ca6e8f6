"""Where the shipped data lives: package data in an install, the repository root in a checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_ROOT = _PACKAGE_DIR.parent.parent


@cache
def data_dir(name: str) -> Path:
    """Return the directory of shipped data `name` (prompts, knowledge or evals).

    A wheel carries them inside the package (see pyproject's force-include); an editable install or a
    source checkout reads them from the repository root.
    """
    for candidate in (_PACKAGE_DIR / name, _REPO_ROOT / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reflectai's {name}/ data is missing from {_PACKAGE_DIR}; reinstall the package")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every JSON object in a .jsonl file, skipping blank lines."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def vendored(name: str) -> Path:
    return _PACKAGE_DIR / "_vendor" / name
