"""Settings, resolved one way: explicit argument > config file > environment > default.

Nothing here runs at import time; call `Settings.load()` when a command starts. `REFLECTAI_HOME` (or the
`home` argument) moves everything reflectai writes; the config file is `<home>/config.toml` unless
`REFLECTAI_CONFIG` names another.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from .errors import ConfigError

EngineName = Literal["offline", "llm", "auto"]

# setting name -> environment variable
ENV_VARS: dict[str, str] = {
    "engine": "REFLECTAI_ENGINE",
    "model": "REFLECTAI_MODEL",
    "openai_api_key": "OPENAI_API_KEY",
    "openai_base_url": "OPENAI_BASE_URL",
    "embedding_model": "REFLECTAI_EMBEDDING_MODEL",
    "chroma_url": "REFLECTAI_CHROMA_URL",
    "request_timeout": "REFLECTAI_REQUEST_TIMEOUT",
    "max_retries": "REFLECTAI_MAX_RETRIES",
    "reasks": "REFLECTAI_REASKS",
    "privacy": "REFLECTAI_PRIVACY",
    "llm_cache": "REFLECTAI_LLM_CACHE",
    "concurrency": "REFLECTAI_CONCURRENCY",
}


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("reflectai", appauthor=False))


class Settings(BaseModel):
    """Everything configurable, with where each value came from (`origins`, shown by `doctor`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    home: Path
    engine: EngineName = "auto"
    model: str = "gpt-4o-mini"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    embedding_model: Path | None = Field(
        default=None, description="path to a user's own ONNX sentence-embedding model"
    )
    chroma_url: str | None = None
    request_timeout: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=2, ge=0, le=10)
    reasks: int = Field(default=2, ge=0, le=5, description="re-asks after an answer fails validation")
    privacy: bool | None = Field(
        default=None, description="replace names, emails and phones before sending (default: on unless local)"
    )
    llm_cache: bool = Field(default=True, description="reuse answers for the same model, prompt and input")
    concurrency: int = Field(default=8, ge=1, le=64, description="parallel LLM calls in an eval")
    origins: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **explicit: Any) -> Settings:
        """Resolve the settings. `explicit` values that are None count as not given."""
        env = os.environ if env is None else env
        given = {k: v for k, v in explicit.items() if v is not None}
        unknown = set(given) - set(cls.model_fields) - {"config_file"}
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")

        values: dict[str, Any] = {}
        origins: dict[str, str] = {}

        if "home" in given:
            values["home"], origins["home"] = Path(given.pop("home")), "argument"
        elif env.get("REFLECTAI_HOME"):
            values["home"], origins["home"] = Path(env["REFLECTAI_HOME"]), "env REFLECTAI_HOME"
        else:
            values["home"], origins["home"] = default_home(), "default"

        for name, var in ENV_VARS.items():
            if env.get(var):
                values[name], origins[name] = env[var], f"env {var}"

        config_file = Path(
            given.pop("config_file", None) or env.get("REFLECTAI_CONFIG") or values["home"] / "config.toml"
        )
        for name, value in _read_config_file(config_file).items():
            if name == "home":
                raise ConfigError(
                    f"{config_file}: 'home' cannot be set in the config file",
                    "set REFLECTAI_HOME instead",
                )
            values[name], origins[name] = value, f"file {config_file}"

        for name, value in given.items():
            values[name], origins[name] = value, "argument"

        try:
            return cls(**values, origins=origins)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise ConfigError(
                f"invalid setting {field!r}: {first['msg']}", f"check {origins.get(field, 'it')}"
            ) from None

    @property
    def llm_configured(self) -> bool:
        return self.openai_api_key is not None or self.openai_base_url is not None

    @property
    def redact(self) -> bool:
        """Whether personal details are replaced before text leaves the machine."""
        if self.privacy is not None:
            return self.privacy
        from .llm.privacy import redaction_default

        return redaction_default(self.openai_base_url)

    def path(self, *parts: str) -> Path:
        """A path under the home directory (created on demand by the caller)."""
        return self.home.joinpath(*parts)

    def public_view(self) -> dict[str, str]:
        """The settings in force, safe to print: secrets are masked."""
        shown: dict[str, str] = {}
        for name in type(self).model_fields:
            if name == "origins":
                continue
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                text = "set (hidden)"
            else:
                text = "" if value is None else str(value)
            shown[name] = text
        return shown


def _read_config_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}", "fix or remove the file") from None
    section = data.get("reflectai", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: expected a [reflectai] table")
    unknown = set(section) - set(Settings.model_fields) - {"home"}
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) {', '.join(sorted(unknown))}",
            f"known keys: {', '.join(sorted(ENV_VARS))}",
        )
    return dict(section)
