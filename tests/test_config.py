from __future__ import annotations

from pathlib import Path

import pytest

from reflectai.config import Settings
from reflectai.errors import ConfigError


def test_home_comes_from_argument_then_env_then_default(tmp_path: Path) -> None:
    assert Settings.load(env={}, home=tmp_path / "a").home == tmp_path / "a"
    assert Settings.load(env={"REFLECTAI_HOME": str(tmp_path / "b")}).home == tmp_path / "b"
    default = Settings.load(env={})
    assert default.origins["home"] == "default" and default.home.name == "reflectai"


def test_precedence_argument_over_file_over_env(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[reflectai]\nmodel = "from-file"\nengine = "offline"\n')
    env = {
        "REFLECTAI_HOME": str(tmp_path),
        "REFLECTAI_MODEL": "from-env",
        "REFLECTAI_MAX_RETRIES": "5",
    }
    settings = Settings.load(env=env)
    assert settings.model == "from-file" and settings.origins["model"].startswith("file")
    assert settings.max_retries == 5 and settings.origins["max_retries"] == "env REFLECTAI_MAX_RETRIES"
    assert Settings.load(env=env, model="from-arg").model == "from-arg"


def test_environment_is_read_at_load_time_not_import(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REFLECTAI_HOME", str(tmp_path / "late"))
    assert Settings.load().home == tmp_path / "late"


def test_secret_never_shown(tmp_path: Path) -> None:
    settings = Settings.load(env={"OPENAI_API_KEY": "sk-very-secret-123"}, home=tmp_path)
    assert settings.llm_configured
    assert "sk-very-secret" not in repr(settings)
    assert "sk-very-secret" not in str(settings.public_view())


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("model = [", "not valid TOML"),
        ('[reflectai]\nmodle = "x"\n', "unknown key"),
        ('[reflectai]\nengine = "cloud"\n', "invalid setting 'engine'"),
    ],
)
def test_bad_config_file_names_the_problem(tmp_path: Path, content: str, fragment: str) -> None:
    (tmp_path / "config.toml").write_text(content)
    with pytest.raises(ConfigError, match=fragment):
        Settings.load(env={"REFLECTAI_HOME": str(tmp_path)})


def test_unknown_argument_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings.load(env={}, home=tmp_path, colour="blue")
