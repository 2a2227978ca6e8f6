"""The `reflectai` command: parse, call one library function, print. No logic lives here."""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from .errors import InputError, ReflectAIError

if TYPE_CHECKING:
    from .coach import Coach

MAX_INPUT_BYTES = 1_000_000

app = typer.Typer(
    name="reflectai",
    help="Open, non-directive coaching questions for peer coaches. Works offline by default.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
knowledge_app = typer.Typer(help="Search and manage the knowledge notes.", no_args_is_help=True)
app.add_typer(knowledge_app, name="knowledge")
pair_app = typer.Typer(help="Coaching pairs and groups.", no_args_is_help=True)
app.add_typer(pair_app, name="pair")
journal_app = typer.Typer(help="A pair's reflections, goals and session notes.", no_args_is_help=True)
app.add_typer(journal_app, name="journal")
history_app = typer.Typer(help="Maintain the journal's search index.", no_args_is_help=True)
app.add_typer(history_app, name="history")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for tools.")]
PairOption = Annotated[str, typer.Option("--pair", "-p", help="The pair or group (its id).")]
EngineOption = Annotated[
    str | None,
    typer.Option("--engine", help="offline, llm or auto (default: REFLECTAI_ENGINE, else auto)."),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Ask the model again even for a cached input.")
]


class _State:
    debug = False
    home: Path | None = None


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"reflectai {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    home: Annotated[
        Path | None,
        typer.Option("--home", help="Data directory (default: REFLECTAI_HOME or the user data dir)."),
    ] = None,
) -> None:
    _State.debug = debug
    _State.home = home


def _coach(engine: str | None = None, no_cache: bool = False) -> Coach:
    from .coach import Coach

    return Coach(home=_State.home, engine=engine, llm_cache=False if no_cache else None)


def read_text(text: str | None, what: str = "text") -> str:
    """TEXT as given, or stdin when TEXT is '-' or absent. Rejects binary and invalid UTF-8."""
    if text is not None and text != "-":
        return text
    if sys.stdin is None or sys.stdin.isatty():
        raise typer.BadParameter(f"give the {what} as an argument or pipe it on stdin")
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"the {what} on stdin is larger than {MAX_INPUT_BYTES:,} bytes")
    if b"\0" in data:
        raise InputError(f"the {what} on stdin looks binary (it contains NUL bytes)", "pipe plain UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the {what} on stdin is not valid UTF-8 (byte {exc.start})",
            "convert it to UTF-8 text first",
        ) from None


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


@app.command()
def doctor(as_json: JsonOption = False) -> None:
    """Check the configuration, data directory, model file, index and engines."""
    report = _coach().doctor()
    if as_json:
        print_json(report)
        return
    _table(
        "settings in force",
        ["setting", "value", "from"],
        [[k, v["value"], v["from"]] for k, v in report["settings"].items()],
    )
    model = report["embedding_model"]
    typer.echo(f"data directory: {report['data_dir']}")
    typer.echo(f"embedding model: {'ok' if model['ok'] else 'PROBLEM'} {model.get('path') or ''}")
    if not model["ok"]:
        typer.echo(f"  {model['problem']}")
    knowledge = report["knowledge"]
    index = knowledge["index"]
    snapshot = f", snapshot {index['snapshot']}" if "snapshot" in index else ""
    typer.echo(f"knowledge: {knowledge['notes']} notes, index {index['state']}{snapshot}")
    for problem in knowledge["problems"]:
        typer.echo(f"  skipped: {problem}")
    for name, engine in report["engines"].items():
        state = "available" if engine["available"] else "unavailable"
        typer.echo(f"engine {name}: {state} ({engine['why']})")
    in_use = report["engine_in_use"]
    why = f" ({in_use['why']})" if in_use["why"] else ""
    typer.echo(f"engine in use: {in_use['engine']} (asked for {in_use['asked_for']}){why}")


@knowledge_app.command("search")
def knowledge_search(
    query: Annotated[str, typer.Argument(help="What you are looking for ('-' reads stdin).")],
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many notes to return.")] = 5,
    as_json: JsonOption = False,
) -> None:
    """Find the knowledge notes closest in meaning to QUERY."""
    hits = _coach().search_knowledge(read_text(query, "query"), k=k)
    if as_json:
        print_json({"hits": [h.model_dump() for h in hits]})
        return
    _table(
        "knowledge",
        ["score", "note", "section", "excerpt"],
        [
            [
                f"{h.score:.2f}",
                f"{h.title}\n({h.note_id})",
                h.heading,
                h.text[:160] + ("…" if len(h.text) > 160 else ""),
            ]
            for h in hits
        ],
    )


@knowledge_app.command("list")
def knowledge_list(as_json: JsonOption = False) -> None:
    """List the knowledge notes and their sources."""
    from .knowledge import cite

    corpus = _coach().knowledge.corpus
    if as_json:
        print_json(
            {
                "notes": [n.model_dump(exclude={"body"}) for n in corpus.notes],
                "problems": [str(p) for p in corpus.problems],
            }
        )
        return
    _table(
        f"{len(corpus.notes)} knowledge notes",
        ["id", "title", "sources"],
        [[n.id, n.title, cite(n.sources)] for n in corpus.notes],
    )
    for problem in corpus.problems:
        typer.echo(f"skipped: {problem}", err=True)


@knowledge_app.command("rebuild")
def knowledge_rebuild(as_json: JsonOption = False) -> None:
    """Rebuild the knowledge index from the notes."""
    coach = _coach()
    coach.knowledge.rebuild()
    status = coach.knowledge.status()
    if as_json:
        print_json(status)
    else:
        typer.echo(f"rebuilt: {status['notes']} notes, {status['chunks']} chunks")
    for problem in coach.knowledge.corpus.problems:
        typer.echo(f"skipped: {problem}", err=True)


def _print_questions(result: Any) -> None:
    if result.support:
        typer.echo(result.support)
    if result.acknowledgement:
        typer.echo(result.acknowledgement + "\n")
    for number, question in enumerate(result.questions, start=1):
        typer.echo(f"{number}. {question.text}")
        sources = ", ".join(s.id for s in question.sources)
        typer.echo(f"   [{question.stage}] {question.rationale}" + (f" (see: {sources})" if sources else ""))
    for notice in result.notices:
        typer.echo(f"note: {notice}", err=True)
    if result.entry_id is not None:
        typer.echo(f"saved as journal entry {result.entry_id}", err=True)


@app.command()
def ask(
    text: Annotated[str | None, typer.Argument(help="Your reflection ('-' or absent: stdin).")] = None,
    n: Annotated[int, typer.Option("-n", min=1, max=7, help="How many questions (1-7).")] = 5,
    pair: Annotated[str | None, typer.Option("--pair", "-p", help="Build on this pair's history.")] = None,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="With --pair: do not keep the reflection.")
    ] = False,
    engine: EngineOption = None,
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Open, non-directive follow-up questions for a written reflection."""
    result = _coach(engine, no_cache).ask(read_text(text, "reflection"), pair=pair, n=n, save=not no_save)
    if as_json:
        print_json(result.model_dump())
    else:
        _print_questions(result)


@app.command()
def demo(engine: EngineOption = None, no_cache: NoCacheOption = False, as_json: JsonOption = False) -> None:
    """Run `ask` on a bundled example reflection."""
    from .resources import data_dir

    example = (data_dir("prompts") / "examples" / "demo_reflection.txt").read_text(encoding="utf-8")
    result = _coach(engine, no_cache).ask(example)
    if as_json:
        print_json({"reflection": example, **result.model_dump()})
        return
    typer.echo("A reflection (bundled example):\n")
    typer.echo("  " + example.strip().replace("\n", "\n  ") + "\n")
    typer.echo("Questions to think with:\n")
    _print_questions(result)


@app.command()
def smart(
    goal: Annotated[str | None, typer.Argument(help="A goal, or several ('-' or absent: stdin).")] = None,
    context: Annotated[
        str | None, typer.Option("--context", help="The reflection the goal comes from (for relevance).")
    ] = None,
    engine: EngineOption = None,
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Which SMART criteria a goal states, a rewrite in your words, and questions for what is missing."""
    analyses = _coach(engine, no_cache).smart(read_text(goal, "goal"), context=context)
    if as_json:
        print_json({**analyses[0].model_dump(), "goals": [a.model_dump() for a in analyses]})
        return
    for number, analysis in enumerate(analyses, start=1):
        if len(analyses) > 1:
            typer.echo(f"Goal {number}: {analysis.goal}")
        for criterion, met in analysis.criteria.items():
            words = analysis.evidence.get(criterion)
            shown = f" ({words})" if met and words and criterion != "specific" else ""
            typer.echo(f"  {'✓' if met else '·'} {criterion.replace('_', '-')}{shown}")
        if analysis.deadline:
            typer.echo(f"  deadline: {analysis.deadline}")
        typer.echo(f"  rewrite: {analysis.rewrite}")
        for question in analysis.questions:
            typer.echo(f"  ? {question.text}")
        typer.echo("")


@app.command()
def samr(
    text: Annotated[
        str | None, typer.Argument(help="A described use of technology ('-' or absent: stdin).")
    ] = None,
    engine: EngineOption = None,
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Substitution, augmentation, modification or redefinition: how much a use of technology changes
    the task, with the evidence, and open questions about what the next level could look like."""
    uses = _coach(engine, no_cache).samr_uses(read_text(text, "description"))
    if as_json:
        print_json({**uses[0].model_dump(), "uses": [u.model_dump() for u in uses]})
        return
    for use in uses:
        if len(uses) > 1:
            typer.echo(f"“{use.text}”")
        typer.echo(f"  {use.level} (confidence {use.confidence:.2f})")
        typer.echo(f"  {use.rationale}")
        for question in use.questions:
            typer.echo(f"  ? {question}")
        typer.echo("")


@app.command()
def agenda(
    pair: PairOption,
    minutes: Annotated[int, typer.Option("--minutes", "-m", help="Session length, 10–180 minutes.")] = 30,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Date of the last session (default: the latest session note)."),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record", help="Count these questions as asked: the next agenda will not repeat them."
        ),
    ] = False,
    engine: EngineOption = None,
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
    as_md: Annotated[bool, typer.Option("--md", help="Print Markdown (the default layout).")] = False,
) -> None:
    """Draft a timed GROW agenda for the pair's next session from its history, for the coach to edit."""
    from .review.render import agenda_markdown

    result = _coach(engine, no_cache).agenda(pair, minutes=minutes, since=since, record=record)
    if as_json:
        print_json(result.model_dump())
        return
    typer.echo(agenda_markdown(result), nl=False)


@app.command()
def story(
    pair: PairOption,
    as_json: JsonOption = False,
    as_md: Annotated[bool, typer.Option("--md", help="Print Markdown (the default layout).")] = False,
) -> None:
    """A before-and-after account of the pair's journey, quoted from its entries: an impact story."""
    from .review.render import story_markdown

    result = _coach().story(pair)
    if as_json:
        print_json(result.model_dump())
        return
    typer.echo(story_markdown(result), nl=False)


@app.command()
def tone(
    text: Annotated[str | None, typer.Argument(help="The draft to check ('-' or absent: stdin).")] = None,
    suggest: Annotated[bool, typer.Option("--suggest", help="Offer open rewrites.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Label each utterance: open/closed question, reflection, directive or other."""
    report = _coach().check_tone(read_text(text), suggest=suggest)
    if as_json:
        print_json(report.model_dump())
        return
    rows = []
    for u in report.utterances:
        label = u.label + (f"\n→ {u.suggestion}" if u.suggestion else "")
        rows.append([u.text, label, f"{u.confidence:.2f}", u.cue])
    _table("tone", ["utterance", "label", "conf.", "cue"], rows)
    s = report.summary
    ratio = "n/a" if s.reflection_to_question_ratio is None else f"{s.reflection_to_question_ratio:.2f}"
    typer.echo(
        f"open questions: {s.open_question_share:.0%} of questions · reflections per question: {ratio} · "
        f"directives: {s.directive_count} · non-directive: {'yes' if report.non_directive else 'no'}"
    )


@app.command("eval")
def eval_command(
    suites: Annotated[list[str] | None, typer.Argument(help="Suites to run (default: all).")] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="A saved run id, path or 'latest' to compare with.")
    ] = None,
    save: Annotated[bool, typer.Option("--save", help="Save the run under REFLECTAI_HOME.")] = False,
    engine: EngineOption = None,
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Score every capability on labelled data; exit 1 when a gated threshold fails."""
    from .evaluation import runner

    coach = _coach(engine, no_cache)
    before = runner.load_run(coach, baseline) if baseline else None
    eval_run, records = _run_with_progress(coach, suites, quiet=as_json)
    saved = runner.save(coach, eval_run, records) if save else None
    diff = runner.compare(eval_run, before) if before else None
    if as_json:
        print_json(
            {
                **eval_run.model_dump(),
                "passed": eval_run.passed,
                "saved": str(saved) if saved else None,
                "baseline": diff,
            }
        )
    else:
        _print_eval(eval_run, diff)
        if saved:
            typer.echo(f"saved run {eval_run.id} to {saved}")
    if not eval_run.passed:
        raise typer.Exit(1)


def _run_with_progress(coach: Coach, suites: list[str] | None, quiet: bool) -> Any:
    from .evaluation import runner

    if quiet or not sys.stderr.isatty():
        return runner.run(coach, suites)
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("eval", total=len(runner.select_suites(suites)))

        def advance(name: str) -> None:
            progress.update(task, description=f"suite {name}")
            progress.advance(task)

        return runner.run(coach, suites, progress=advance)


def _print_eval(eval_run: Any, diff: list[dict[str, Any]] | None) -> None:
    for suite in eval_run.suites:
        splits = list(suite.splits)
        metrics = sorted({m for r in suite.splits.values() for m in r.metrics})
        rows = [
            [m, *[f"{suite.splits[s].metrics.get(m, float('nan')):.3f}" for s in splits]] for m in metrics
        ]
        _table(
            f"{suite.name} ({', '.join(f'{s}: n={suite.splits[s].n}' for s in splits)}, {suite.seconds}s)",
            ["metric", *splits],
            rows,
        )
        for split, result in suite.splits.items():
            confusion = result.details.get("confusion")
            if confusion:
                labels = list(confusion)
                _table(
                    f"{suite.name} confusion ({split}; rows gold, columns predicted)",
                    ["gold \\ predicted", *labels],
                    [[g, *[str(confusion[g][p]) for p in labels]] for g in labels],
                )
        for check in suite.checks:
            if check.kind == "target":
                mark = "TARGET MET" if check.passed else "TARGET MISSED"
            else:
                mark = "PASS" if check.passed else "FAIL"
            value = "missing" if check.value is None else f"{check.value:.3f}"
            gate = "" if suite.gate else " (reported, not gated)"
            typer.echo(
                f"{mark} {suite.name} {check.split} {check.metric} = {value} ({check.threshold}){gate}"
            )
    if diff:
        changed = [d for d in diff if abs(d["change"]) > 1e-9]
        _table(
            "compared with baseline",
            ["suite", "split", "metric", "baseline", "now", "change"],
            [
                [
                    d["suite"],
                    d["split"],
                    d["metric"],
                    f"{d['baseline']:.3f}",
                    f"{d['current']:.3f}",
                    f"{d['change']:+.3f}",
                ]
                for d in changed
            ],
        )
        if not changed:
            typer.echo("no metric changed since the baseline")


@pair_app.command("create")
def pair_create(
    name: Annotated[str, typer.Argument(help="A name; its id is the lower-case slug.")],
    model: Annotated[
        str, typer.Option("--model", help="one_to_one, group, cross_functional, data or virtual.")
    ] = "one_to_one",
    members: Annotated[
        list[str] | None, typer.Option("--members", help="Names, comma-separated or the option repeated.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Create a coaching pair or group."""
    if model not in ("one_to_one", "group", "cross_functional", "data", "virtual"):
        raise typer.BadParameter(f"unknown coaching model {model!r}", param_hint="--model")
    people = [m.strip() for given in members or [] for m in given.split(",") if m.strip()]
    pair = _coach().create_pair(name, model, people)  # type: ignore[arg-type]
    if as_json:
        print_json(pair.model_dump())
    else:
        typer.echo(f"created pair {pair.id} ({pair.model.replace('_', ' ')})")


@pair_app.command("list")
def pair_list(as_json: JsonOption = False) -> None:
    """List pairs and groups."""
    pairs = _coach().journal.pairs()
    if as_json:
        print_json({"pairs": [p.model_dump() for p in pairs]})
        return
    _table(
        "pairs",
        ["id", "name", "model", "members"],
        [[p.id, p.name, p.model.replace("_", " "), ", ".join(p.members)] for p in pairs],
    )


@pair_app.command("show")
def pair_show(
    pair_id: Annotated[str, typer.Argument(help="The pair's id.")], as_json: JsonOption = False
) -> None:
    """Show a pair and how many entries of each kind it has."""
    coach = _coach()
    pair = coach.journal.pair(pair_id)
    entries = coach.journal.entries(pair_id)
    kinds = {k: sum(1 for e in entries if e.kind == k) for k in ("reflection", "goal", "session_note")}
    if as_json:
        print_json({**pair.model_dump(), "entries": kinds})
        return
    typer.echo(
        f"{pair.name} ({pair.id}) · {pair.model.replace('_', ' ')} · "
        f"members: {', '.join(pair.members) or '-'}"
    )
    typer.echo(", ".join(f"{v} {k.replace('_', ' ')}{'s' if v != 1 else ''}" for k, v in kinds.items()))


@pair_app.command("delete")
def pair_delete(
    pair_id: Annotated[str, typer.Argument(help="The pair's id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Erase a pair, its entries and its index: nothing of it is kept."""
    coach = _coach()
    coach.journal.pair(pair_id)
    if not yes and not typer.confirm(f"Erase pair {pair_id} and everything it wrote?"):
        raise typer.Exit(1)
    deleted = coach.delete_pair(pair_id)
    if as_json:
        print_json({"pair": pair_id, "deleted": deleted})
    else:
        typer.echo(
            f"deleted pair {pair_id}: {deleted['entries']} entries, "
            f"{deleted['questions_asked']} recorded questions and their index passages"
        )


@journal_app.command("add")
def journal_add(
    text: Annotated[str | None, typer.Argument(help="The entry ('-' or absent: stdin).")] = None,
    pair: PairOption = ...,  # type: ignore[assignment]
    kind: Annotated[str, typer.Option("--kind", help="reflection, goal or session_note.")] = "reflection",
    author: Annotated[str | None, typer.Option("--author")] = None,
    on: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Repeat for several tags.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Add a reflection, goal or session note to a pair's journal."""
    if kind not in ("reflection", "goal", "session_note"):
        raise typer.BadParameter(f"unknown kind {kind!r}", param_hint="--kind")
    entry = _coach().add_entry(pair, read_text(text, "entry"), kind, author, on, tag or [])  # type: ignore[arg-type]
    if as_json:
        print_json(entry.model_dump())
    else:
        typer.echo(f"added entry {entry.id} to {pair}")


def _entry_rows(entries: list[Any]) -> list[list[str]]:
    return [
        [
            str(e.id),
            e.date,
            e.kind.replace("_", " "),
            e.author or "",
            e.text[:120] + ("…" if len(e.text) > 120 else ""),
        ]
        for e in entries
    ]


@journal_app.command("list")
def journal_list(pair: PairOption, as_json: JsonOption = False) -> None:
    """A pair's entries, oldest first."""
    entries = _coach().journal.entries(pair)
    if as_json:
        print_json({"entries": [e.model_dump() for e in entries]})
        return
    _table(f"journal of {pair}", ["id", "date", "kind", "author", "text"], _entry_rows(entries))


@journal_app.command("show")
def journal_show(entry_id: int, pair: PairOption, as_json: JsonOption = False) -> None:
    """One entry, whole."""
    entry = _coach().journal.entry(pair, entry_id)
    if as_json:
        print_json(entry.model_dump())
        return
    typer.echo(
        f"#{entry.id} · {entry.date} · {entry.kind.replace('_', ' ')}"
        + (f" · {entry.author}" if entry.author else "")
    )
    typer.echo(entry.text)


@journal_app.command("search")
def journal_search(
    query: Annotated[str, typer.Argument(help="What to look for ('-' reads stdin).")],
    pair: PairOption,
    k: Annotated[int, typer.Option("-k", min=1, max=50)] = 5,
    as_json: JsonOption = False,
) -> None:
    """Search one pair's entries by meaning. Never shows another pair's words."""
    hits = _coach().search_history(pair, read_text(query, "query"), k=k)
    if as_json:
        print_json({"hits": [h.model_dump() for h in hits]})
        return
    _table(
        f"journal of {pair}",
        ["score", "id", "date", "kind", "author", "text"],
        [[f"{h.score:.2f}", *row] for h, row in zip(hits, _entry_rows([h.entry for h in hits]), strict=True)],
    )


@journal_app.command("delete")
def journal_delete(entry_id: int, pair: PairOption, as_json: JsonOption = False) -> None:
    """Delete one entry (and its index passages)."""
    entry = _coach().delete_entry(pair, entry_id)
    if as_json:
        print_json({"deleted": entry.model_dump()})
    else:
        typer.echo(f"deleted entry {entry.id} from {pair}")


@journal_app.command("export")
def journal_export(
    pair: PairOption,
    fmt: Annotated[str, typer.Option("--format", help="json (imports back exactly) or md.")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None,
) -> None:
    """Export a pair's whole journal."""
    content = _coach().export_pair(pair, fmt)
    if output is None:
        typer.echo(content, nl=False)
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(output)
    typer.echo(f"exported {pair} to {output}", err=True)


@journal_app.command("import")
def journal_import(file: Annotated[Path, typer.Argument(help="A JSON export ('-' reads stdin).")]) -> None:
    """Import a JSON export: all of it, or nothing."""
    if str(file) == "-":
        content = read_text("-", "import file")
    else:
        try:
            content = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {file}: {exc}") from None
    pair, count = _coach().import_pair(content)
    typer.echo(f"imported pair {pair.id} with {count} entries")


@history_app.command("reindex")
def history_reindex() -> None:
    """Rebuild the journal's search index from the journal itself."""
    count = _coach().reindex_history()
    typer.echo(f"reindexed {count} entries")


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise SystemExit(code)


# commands that embed text: the model is opened while the rest of the command loads (about 0.4 s)
_NEEDS_MODEL = {"ask", "demo", "agenda", "story", "samr", "smart", "tone", "eval"}
_NEEDS_MODEL_SUB = {("knowledge", "search"), ("knowledge", "rebuild"), ("journal", "search")}


def _open_model_early(argv: list[str]) -> None:
    """Start opening the embedding model in the background when the command will embed text: the
    ~0.4 s ONNX set-up then overlaps loading the rest of the command."""
    words: list[str] = []
    after_home = False
    for arg in argv:
        if after_home:
            after_home = False
        elif arg == "--home":
            after_home = True  # the only option before the command that takes a value
        elif not arg.startswith("-"):
            words.append(arg)
    if "--help" in argv or "--version" in argv or not words:
        return
    if words[0] in _NEEDS_MODEL or tuple(words[:2]) in _NEEDS_MODEL_SUB:
        from .embeddings import start_opening

        # Only a guess at which model the settings name, made before they are loaded: the shipped
        # one, unless the environment names another. A wrong guess costs a wasted open, never a
        # wrong model: the Embedder opens the file its settings name.
        custom = os.environ.get("REFLECTAI_EMBEDDING_MODEL")
        start_opening(lambda: Path(custom).expanduser() if custom else None)


def main() -> None:
    """Console entry point: one line per error, exit 1; tracebacks only with --debug."""
    try:
        try:
            _open_model_early(sys.argv[1:])
            app()
        except ReflectAIError as exc:
            if _State.debug:
                traceback.print_exc()
            _fail(str(exc), 1)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
    except SystemExit as done:
        _leave(done.code)


def _leave(code: object) -> NoReturn:
    """Exit without the interpreter's teardown, which frees every loaded module one by one: with
    numpy, onnxruntime and the rules loaded that takes about 0.2 s after the work is done. Nothing is
    left to write by then: the journal commits each change, and files are replaced whole. A command
    that opened the Chroma index leaves the usual way, so the index's own shutdown runs."""
    if "chromadb" in sys.modules:
        raise SystemExit(code)
    if isinstance(code, str):  # SystemExit("message") prints the message and exits 1
        print(code, file=sys.stderr)
    if "logging" in sys.modules:
        import logging

        logging.shutdown()  # what the usual exit does for logging, so no handler loses a record
    status = code if isinstance(code, int) else 0 if code is None else 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader went away (`reflectai agenda ... | head`): nothing more to say
        pass
    os._exit(status)
