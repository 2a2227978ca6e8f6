from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from reflectai import __version__


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"reflectai {__version__}"


def test_knowledge_search_json_and_stdin(shared_home: Path) -> None:
    result = run_cli(
        "knowledge",
        "search",
        "-",
        "-k",
        "2",
        "--json",
        stdin=b"how do I ask without telling them the answer",
        home=shared_home,
    )
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["hits"]
    assert len(hits) == 2 and {"note_id", "title", "sources", "score"} <= set(hits[0])


def test_invalid_utf8_on_stdin_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("knowledge", "search", "-", stdin=b"caf\xe9 \xff\xfe", home=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: the query on stdin is not valid UTF-8 (byte 3) (convert it to UTF-8 text first)"
    ]


def test_binary_stdin_is_refused(tmp_path: Path) -> None:
    result = run_cli("knowledge", "search", "-", stdin=b"\x00\x01binary", home=tmp_path)
    assert result.returncode == 1 and "binary" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run_cli("--debug", "knowledge", "search", "   ", home=tmp_path)
    assert result.returncode == 1 and "Traceback" in result.stderr
    assert result.stderr.strip().endswith(
        "error: the query is empty (type a few words describing what you are looking for)"
    )


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert run_cli("knowledge", "search", "x", "-k", "0", home=tmp_path).returncode == 2
    assert run_cli("no-such-command", home=tmp_path).returncode == 2


def test_bad_config_is_one_line(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "config.toml").write_text("engine = [")
    result = run_cli("doctor", home=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "not valid TOML" in result.stderr


def test_doctor_reports_model_index_and_engines(tmp_path: Path) -> None:
    result = run_cli("doctor", "--json", home=tmp_path, env={"OPENAI_API_KEY": "sk-test-secret-value"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["embedding_model"]["ok"] is True
    assert report["data_dir"] == str(tmp_path)
    assert report["knowledge"]["notes"] >= 25
    assert report["engines"]["offline"]["available"] is True
    assert report["engines"]["llm"]["available"] is True
    assert "sk-test-secret" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("argv", "opens"),
    [
        (["knowledge", "search", "rota"], True),
        (["--home", "/tmp/h", "agenda", "-p", "x"], True),
        (["ask", "-"], True),
        (["knowledge", "list"], False),
        (["pair", "list"], False),
        (["--home", "/tmp/ask", "doctor"], False),  # an option's value is not the command
        (["ask", "--help"], False),
        ([], False),
    ],
)
def test_the_model_is_opened_early_only_for_commands_that_embed(
    argv: list[str], opens: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reflectai.embeddings
    from reflectai.cli import _open_model_early

    started: list[object] = []
    monkeypatch.setattr(reflectai.embeddings, "start_opening", lambda which: started.append(which))
    monkeypatch.delenv("REFLECTAI_EMBEDDING_MODEL", raising=False)
    _open_model_early(argv)
    assert bool(started) is opens
