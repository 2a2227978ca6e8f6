"""Prompts as versioned files: prompts/llm/<name>.md, front matter (name, version, inputs, output) and a
`## system` and a `## user` part, rendered with langchain-core chat templates.

The version is part of the response cache key, so editing a prompt means bumping its version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from ..errors import ConfigError
from ..resources import data_dir

_FILE = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
_PART = re.compile(r"^## (system|user)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PromptFile:
    name: str
    version: str
    inputs: tuple[str, ...]
    output: str
    system: str
    user: str

    def render(self, **values: Any) -> list[dict[str, str]]:
        """OpenAI chat messages, every declared input filled (a missing one is a programming error)."""
        from langchain_core.prompts import ChatPromptTemplate

        missing = set(self.inputs) - set(values)
        if missing:
            raise ConfigError(f"prompt {self.name!r} needs {', '.join(sorted(missing))}")
        template = ChatPromptTemplate.from_messages([("system", self.system), ("human", self.user)])
        roles = {"system": "system", "human": "user"}
        return [
            {"role": roles[m.type], "content": str(m.content)}
            for m in template.format_messages(**{k: values[k] for k in self.inputs})
        ]


@cache
def load_prompt(name: str) -> PromptFile:
    path = data_dir("prompts") / "llm" / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"prompt file {path} cannot be read ({exc.strerror})", "reinstall reflectai"
        ) from None
    match = _FILE.match(text)
    if match is None:
        raise ConfigError(f"{path}: no front matter", "start the file with a '---' block")
    meta = yaml.safe_load(match.group(1)) or {}
    parts = _PART.split(match.group(2))
    bodies = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if set(bodies) != {"system", "user"} or not {"name", "version", "inputs", "output"} <= set(meta):
        raise ConfigError(f"{path}: needs name, version, inputs, output and '## system' and '## user' parts")
    return PromptFile(
        name=str(meta["name"]),
        version=str(meta["version"]),
        inputs=tuple(meta["inputs"]),
        output=str(meta["output"]),
        system=bodies["system"],
        user=bodies["user"],
    )
