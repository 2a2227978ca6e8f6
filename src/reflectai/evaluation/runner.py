"""Run suites, check thresholds, save runs under REFLECTAI_HOME and compare with a baseline."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from ..errors import InputError
from .suites import Suite, available_suites
from .tasks import TASKS

if TYPE_CHECKING:
    from ..coach import Coach


class Check(BaseModel):
    kind: str = "threshold"  # "threshold" gates the run; "target" is reported only
    split: str
    metric: str
    threshold: str
    value: float | None
    passed: bool


class SplitResult(BaseModel):
    n: int
    metrics: dict[str, float]
    details: dict[str, Any] = Field(default_factory=dict)


class SuiteResult(BaseModel):
    name: str
    task: str
    gate: bool
    splits: dict[str, SplitResult]
    checks: list[Check]
    seconds: float

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks if c.kind == "threshold")


class EvalRun(BaseModel):
    id: str
    created: str
    engine: str
    suites: list[SuiteResult]

    @property
    def passed(self) -> bool:
        """Gated suites decide; the others are reported only."""
        return all(s.passed for s in self.suites if s.gate)


Progress = Callable[[str], None]


def select_suites(names: list[str] | None, directory: Path | None = None) -> list[Suite]:
    suites = available_suites(directory)
    if not names:
        return list(suites.values())
    unknown = [n for n in names if n not in suites]
    if unknown:
        raise InputError(f"unknown suite(s): {', '.join(unknown)}", f"known: {', '.join(suites)}")
    return [suites[n] for n in names]


def run_suite(coach: Coach, suite: Suite) -> tuple[SuiteResult, list[dict[str, Any]]]:
    if suite.task not in TASKS:
        raise InputError(f"suite {suite.name}: unknown task {suite.task!r}", f"known: {', '.join(TASKS)}")
    started = time.perf_counter()
    items = suite.load_items()
    splits: dict[str, SplitResult] = {}
    records: list[dict[str, Any]] = []
    for split in suite.splits:
        chosen = [i for i in items if i.get("split", split) == split]
        if not chosen:
            continue
        metrics, details, item_records = TASKS[suite.task](coach, chosen, suite.options)
        splits[split] = SplitResult(n=len(chosen), metrics=metrics, details=details)
        records.extend({"suite": suite.name, "split": split, **r} for r in item_records)
    checks = []
    for kind, table in (("threshold", suite.thresholds), ("target", suite.targets)):
        for split, thresholds in table.items():
            for metric, threshold in thresholds.items():
                value = splits[split].metrics.get(metric) if split in splits else None
                checks.append(
                    Check(
                        kind=kind,
                        split=split,
                        metric=metric,
                        threshold=threshold.describe(),
                        value=value,
                        passed=value is not None and threshold.passes(value),
                    )
                )
    result = SuiteResult(
        name=suite.name,
        task=suite.task,
        gate=suite.gate,
        splits=splits,
        checks=checks,
        seconds=round(time.perf_counter() - started, 2),
    )
    return result, records


def run(
    coach: Coach,
    names: list[str] | None = None,
    progress: Progress | None = None,
    directory: Path | None = None,
) -> tuple[EvalRun, list[dict[str, Any]]]:
    """Run the named suites (all when none): the run and the per-item records."""
    results, records = [], []
    for suite in select_suites(names, directory):
        if progress:
            progress(suite.name)
        result, suite_records = run_suite(coach, suite)
        results.append(result)
        records.extend(suite_records)
    now = datetime.now(UTC)
    run_id = now.strftime("%Y%m%dT%H%M%S") + f"-{now.microsecond // 1000:03d}"
    return EvalRun(id=run_id, created=now.isoformat(), engine=coach.engine_choice[0], suites=results), records


def runs_dir(coach: Coach) -> Path:
    return coach.settings.path("evals", "runs")


def save(coach: Coach, eval_run: EvalRun, records: list[dict[str, Any]]) -> Path:
    """Write the run (JSON) and its per-item records (JSONL); returns the run file."""
    directory = runs_dir(coach)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{eval_run.id}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(eval_run.model_dump_json(indent=2), encoding="utf-8")
    tmp.replace(path)
    with (directory / f"{eval_run.id}.items.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def load_run(coach: Coach, ref: str) -> EvalRun:
    """A saved run by id, by path, or 'latest'."""
    directory = runs_dir(coach)
    if ref == "latest":
        saved = sorted(directory.glob("*.json")) if directory.is_dir() else []
        if not saved:
            raise InputError("no saved eval runs yet", "run 'reflectai eval --save' first")
        path = saved[-1]
    else:
        path = Path(ref) if Path(ref).suffix == ".json" else directory / f"{ref}.json"
    if not path.is_file():
        raise InputError(f"no saved eval run {ref!r}", f"saved runs are in {directory}")
    try:
        return EvalRun.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError:
        raise InputError(f"{path} is not a saved eval run") from None


def compare(current: EvalRun, baseline: EvalRun) -> list[dict[str, Any]]:
    """Every metric present in both runs, with its change (positive: went up)."""
    before = {
        (s.name, split, m): v
        for s in baseline.suites
        for split, r in s.splits.items()
        for m, v in r.metrics.items()
    }
    rows = []
    for suite in current.suites:
        for split, result in suite.splits.items():
            for metric, value in result.metrics.items():
                old = before.get((suite.name, split, metric))
                if old is not None:
                    rows.append(
                        {
                            "suite": suite.name,
                            "split": split,
                            "metric": metric,
                            "baseline": old,
                            "current": value,
                            "change": round(value - old, 6),
                        }
                    )
    return rows
