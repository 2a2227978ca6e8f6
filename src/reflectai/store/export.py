"""Journal exports: JSON that imports back exactly, and Markdown for people."""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def from_json(content: str) -> Any:
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the import file is not JSON (line {exc.lineno}: {exc.msg})", "nothing was imported"
        ) from None


def to_markdown(data: dict[str, Any]) -> str:
    pair = data["pair"]
    lines = [f"# {pair['name']}", "", f"- coaching model: {pair['model'].replace('_', ' ')}"]
    if pair["members"]:
        lines.append(f"- members: {', '.join(pair['members'])}")
    lines.append(f"- entries: {len(data['entries'])}")
    for entry in data["entries"]:
        author = f" — {entry['author']}" if entry.get("author") else ""
        lines += ["", f"## {entry['date']} · {entry['kind'].replace('_', ' ')}{author}", "", entry["text"]]
        if entry.get("tags"):
            lines += ["", "tags: " + ", ".join(entry["tags"])]
    return "\n".join(lines) + "\n"
