"""The `reflectai` command: parse, call one library function, print. No logic lives here."""

from __future__ import annotations

import json
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

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for tools.")]


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


def _coach() -> Coach:
    from .coach import Coach

    return Coach(home=_State.home)


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
    typer.echo(f"knowledge: {knowledge['notes']} notes, index {knowledge['index']['state']}")
    for problem in knowledge["problems"]:
        typer.echo(f"  skipped: {problem}")
    for name, engine in report["engines"].items():
        state = "available" if engine["available"] else "unavailable"
        typer.echo(f"engine {name}: {state} ({engine['why']})")


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


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def main() -> None:
    """Console entry point: one line per error, exit 1; tracebacks only with --debug."""
    try:
        app()
    except ReflectAIError as exc:
        if _State.debug:
            traceback.print_exc()
        _fail(str(exc), 1)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
