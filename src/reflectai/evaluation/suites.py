"""Suite definitions: YAML files in evals/suites/ naming a task, a dataset and thresholds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError
from ..resources import data_dir


class Threshold(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: float | None = None
    max: float | None = None

    def passes(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def describe(self) -> str:
        parts = ([f">= {self.min:g}"] if self.min is not None else []) + (
            [f"<= {self.max:g}"] if self.max is not None else []
        )
        return " and ".join(parts)


class Suite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    task: str
    dataset: str
    description: str = ""
    splits: list[str] = Field(default_factory=lambda: ["dev", "test"])
    options: dict[str, Any] = Field(default_factory=dict)
    # split -> metric -> threshold; a bare number means a minimum. Thresholds gate CI; targets are
    # the goals an issue set, reported as met or missed without failing the run.
    thresholds: dict[str, dict[str, Threshold]] = Field(default_factory=dict)
    targets: dict[str, dict[str, Threshold]] = Field(default_factory=dict)
    gate: bool = Field(default=True, description="deterministic: fails CI when a threshold fails")
    path: Path | None = None

    def load_items(self) -> list[dict[str, Any]]:
        base = self.path.parent.parent if self.path else data_dir("evals")
        dataset = base / self.dataset
        items = []
        for number, line in enumerate(dataset.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{dataset.name} line {number} is not JSON: {exc.msg}") from None
        return items


def _normalise_thresholds(raw: Any) -> Any:
    if not isinstance(raw, dict):
        return raw
    return {
        split: {m: ({"min": t} if isinstance(t, int | float) else t) for m, t in (metrics or {}).items()}
        for split, metrics in raw.items()
    }


def load_suite(path: Path) -> Suite:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise InputError(f"{path.name}: a suite must be a mapping")
        raw["thresholds"] = _normalise_thresholds(raw.get("thresholds", {}))
        raw["targets"] = _normalise_thresholds(raw.get("targets", {}))
        return Suite(**raw, path=path)
    except (yaml.YAMLError, ValidationError, TypeError) as exc:
        raise InputError(f"suite {path.name} is invalid: {str(exc).splitlines()[0]}") from None


def available_suites(directory: Path | None = None) -> dict[str, Suite]:
    directory = directory or data_dir("evals") / "suites"
    suites = [load_suite(p) for p in sorted(directory.glob("*.yaml"))]
    return {s.name: s for s in suites}
