"""One structured call to an OpenAI-compatible chat endpoint, validated into a pydantic model.

- Response format, strongest first: JSON schema, then JSON mode, then plain text parsed and validated.
  A server that rejects a format (HTTP 400 about `response_format`) is asked again with the next one,
  and the client remembers what works.
- An answer that is not valid JSON or breaks the schema is re-asked with the error, at most
  `settings.reasks` times.
- Timeouts and retries are the SDK's: `request_timeout` seconds, `max_retries` retries with exponential
  backoff that honours Retry-After on 429 and 5xx.
- Every failure becomes a `ProviderError` with a one-line reason; the API key never appears in it.
- Validated answers are cached by (model, prompt name and version, rendered messages, format).
"""

from __future__ import annotations

import json
import logging
import threading
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import ProviderError
from .cache import ResponseCache
from .prompts import PromptFile

if TYPE_CHECKING:
    import openai

    from ..config import Settings

log = logging.getLogger(__name__)
Model = TypeVar("Model", bound=BaseModel)
Mode = Literal["json_schema", "json_object", "text"]
MODES: tuple[Mode, ...] = ("json_schema", "json_object", "text")


class ChatClient:
    def __init__(self, settings: Settings, cache: ResponseCache | None = None) -> None:
        self.settings = settings
        self.model = settings.model
        self.cache = cache
        self._mode_index = 0
        self._lock = threading.Lock()
        self._sdk: openai.OpenAI | None = None
        self.where = settings.openai_base_url or "the OpenAI API"

    @property
    def sdk(self) -> openai.OpenAI:
        if self._sdk is None:
            import openai

            key = self.settings.openai_api_key
            self._sdk = openai.OpenAI(
                # local servers (Ollama, llama.cpp, vLLM) accept any key; the SDK insists on one
                api_key=key.get_secret_value() if key else "not-needed",
                base_url=self.settings.openai_base_url,
                timeout=self.settings.request_timeout,
                max_retries=self.settings.max_retries,
            )
        return self._sdk

    def reachable(self, timeout: float = 2.0) -> bool:
        """A quick check that the endpoint answers (used by engine=auto)."""
        try:
            self.sdk.with_options(timeout=timeout, max_retries=0).models.list()
        except Exception:  # any failure means "not now"; the reason is reported by a real call
            return False
        return True

    # -- one structured call ---------------------------------------------------------------------

    def structured(self, prompt: PromptFile, output: type[Model], **inputs: Any) -> Model:
        messages = prompt.render(**inputs)
        key = None
        if self.cache is not None:
            key = ResponseCache.key(self.model, prompt.name, prompt.version, messages)
            hit = self.cache.get(key)
            if hit is not None:
                try:
                    return output.model_validate_json(hit)
                except ValidationError:
                    pass  # an old answer that no longer fits the model: ask again
        result = self._ask_until_valid(messages, output)
        if self.cache is not None and key is not None:
            self.cache.put(key, result.model_dump_json())
        return result

    def _ask_until_valid(self, messages: list[dict[str, str]], output: type[Model]) -> Model:
        conversation = list(messages)
        problem = ""
        for _attempt in range(self.settings.reasks + 1):
            content = self._complete(conversation, output)
            try:
                return output.model_validate_json(_json_part(content))
            except ValidationError as exc:
                problem = _describe(exc)
            conversation += [
                {"role": "assistant", "content": content[:4000]},
                {
                    "role": "user",
                    "content": f"That answer could not be used: {problem}. Reply again with JSON only, "
                    "exactly in the shape asked for.",
                },
            ]
        raise ProviderError(
            f"the model's answer did not fit the expected shape "
            f"after {self.settings.reasks + 1} tries ({problem})"
        )

    def _complete(self, messages: list[dict[str, str]], output: type[BaseModel]) -> str:
        """One answer's text, stepping down the response formats the server rejects."""
        import openai

        while True:
            mode = MODES[self._mode_index]
            try:
                response = self.sdk.chat.completions.create(
                    model=self.model,
                    messages=messages,  # type: ignore[arg-type]
                    temperature=0.3,
                    **_format(mode, output),
                )
            except openai.BadRequestError as exc:
                if _about_format(exc) and self._mode_index < len(MODES) - 1:
                    with self._lock:
                        self._mode_index = max(self._mode_index, MODES.index(mode) + 1)
                    log.info(
                        "%s rejected response format %s; trying %s", self.where, mode, MODES[self._mode_index]
                    )
                    continue
                raise ProviderError(f"{self.where} refused the request (400: {_message(exc)})") from None
            except openai.AuthenticationError:
                raise ProviderError(
                    f"{self.where} refused the API key (401)", "check OPENAI_API_KEY"
                ) from None
            except openai.NotFoundError as exc:
                raise ProviderError(
                    f"{self.where} does not know model {self.model!r} (404: {_message(exc)})",
                    "set REFLECTAI_MODEL to a model the server has",
                ) from None
            except openai.RateLimitError:
                raise ProviderError(
                    f"{self.where} is rate limiting (429) "
                    f"and still was after {self.settings.max_retries} retries"
                ) from None
            except openai.APITimeoutError:
                raise ProviderError(
                    f"{self.where} did not answer within {self.settings.request_timeout:g} s",
                    "raise REFLECTAI_REQUEST_TIMEOUT for slow local models",
                ) from None
            except openai.APIConnectionError:
                raise ProviderError(f"could not connect to {self.where}", "is the server running?") from None
            except openai.APIStatusError as exc:
                raise ProviderError(f"{self.where} failed ({exc.status_code}: {_message(exc)})") from None
            except (ValueError, openai.OpenAIError) as exc:  # a body that is not JSON at all
                raise ProviderError(
                    f"{self.where} sent an answer that is not JSON ({type(exc).__name__})"
                ) from None
            return _content(response, self.where)


def _format(mode: Mode, output: type[BaseModel]) -> dict[str, Any]:
    if mode == "json_schema":
        schema = output.model_json_schema()
        return {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": output.__name__, "schema": schema, "strict": False},
            }
        }
    if mode == "json_object":
        return {"response_format": {"type": "json_object"}}
    return {}


def _about_format(exc: Exception) -> bool:
    text = f"{getattr(exc, 'param', '') or ''} {_message(exc)}".lower()
    return "response_format" in text or "json_schema" in text or "json mode" in text


def _message(exc: Exception) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:200]
        if body.get("message"):
            return str(body["message"])[:200]
    return str(getattr(exc, "message", exc))[:200]


def _content(response: Any, where: str) -> str:
    """The answer's text, or a ProviderError saying why there is none."""
    if isinstance(response, str) or not getattr(response, "choices", None):
        raise ProviderError(f"{where} did not send an OpenAI-compatible chat completion")
    message = response.choices[0].message
    refusal = getattr(message, "refusal", None)
    if refusal:
        raise ProviderError(f"the model declined to answer ({str(refusal)[:120]})")
    content = message.content or ""
    if not content.strip():
        raise ProviderError("the model sent an empty answer")
    return str(content)


def _json_part(content: str) -> str:
    """The JSON in an answer: models in text mode often wrap it in ``` fences or a sentence."""
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`")
        text = text.split("\n", 1)[1] if "\n" in text else text
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "the answer"
    if first["type"] == "json_invalid":
        return "it was not valid JSON"
    return f"{where}: {first['msg']}"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
