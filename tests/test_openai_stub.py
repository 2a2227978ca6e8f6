"""The stub server, exercised with the real openai SDK (which is also how the SDK's reactions are pinned)."""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.request
from collections.abc import Iterator
from typing import Any, cast

import openai
import pytest

from openai_stub import (
    BrokenEnvelope,
    Empty,
    Hang,
    Malformed,
    Refusal,
    Repeat,
    Reply,
    Status,
    StubOpenAIServer,
    openai_stub_fixture,  # noqa: F401  (registers the `openai_stub` fixture)
)

MESSAGES: list[Any] = [{"role": "user", "content": "I want to get better at giving feedback"}]
SCHEMA_FORMAT: Any = {
    "type": "json_schema",
    "json_schema": {"name": "coaching_questions", "schema": {"type": "object"}, "strict": True},
}


@pytest.fixture
def client(openai_stub: StubOpenAIServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=openai_stub.base_url, api_key="test-key", max_retries=0, timeout=2) as c:
        yield c


def ask(client: openai.OpenAI, **kwargs: Any) -> openai.types.chat.ChatCompletion:
    result = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, **kwargs)
    return cast(openai.types.chat.ChatCompletion, result)


def test_good_reply_parses_and_request_is_recorded(
    openai_stub: StubOpenAIServer, client: openai.OpenAI
) -> None:
    openai_stub.script(Reply("What would good feedback look like?"))
    completion = ask(client, temperature=0.2)

    assert completion.object == "chat.completion"
    assert completion.model == "gpt-4o-mini"  # echoes the request
    choice = completion.choices[0]
    assert choice.message.role == "assistant"
    assert choice.message.content == "What would good feedback look like?"
    assert choice.finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.completion_tokens == 6
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + 6

    [received] = openai_stub.requests
    assert received.path == "/v1/chat/completions"
    assert received.body is not None
    assert received.body["messages"] == MESSAGES
    assert received.body["temperature"] == 0.2
    assert received.headers["authorization"] == "Bearer test-key"  # header names are lower-cased


def test_dict_content_arrives_json_encoded(openai_stub: StubOpenAIServer, client: openai.OpenAI) -> None:
    openai_stub.script(Reply({"questions": ["What matters most?"]}, finish_reason="length"))
    completion = ask(client)
    content = completion.choices[0].message.content
    assert content is not None
    assert json.loads(content) == {"questions": ["What matters most?"]}
    assert completion.choices[0].finish_reason == "length"


def test_callable_content_sees_the_request(openai_stub: StubOpenAIServer, client: openai.OpenAI) -> None:
    seen: list[dict[str, Any]] = []

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        seen.append(body)
        return {"schema": body["response_format"]["json_schema"]["name"]}

    openai_stub.script(Reply(answer))
    completion = ask(client, response_format=SCHEMA_FORMAT)
    assert json.loads(completion.choices[0].message.content or "") == {"schema": "coaching_questions"}
    assert seen[0]["messages"] == MESSAGES


def test_default_and_repeat(openai_stub: StubOpenAIServer, client: openai.OpenAI) -> None:
    openai_stub.script(Repeat(Reply("again"), 2))
    assert openai_stub.pending == 2
    assert [ask(client).choices[0].message.content for _ in range(3)] == ["again", "again", '{"ok": true}']
    openai_stub.default = Empty()
    assert ask(client).choices[0].message.content == ""


def test_rate_limit_raises_with_retry_after(openai_stub: StubOpenAIServer, client: openai.OpenAI) -> None:
    openai_stub.script(Status(429, headers={"Retry-After": "1"}))
    with pytest.raises(openai.RateLimitError) as caught:
        ask(client)
    assert caught.value.status_code == 429
    assert caught.value.response.headers["retry-after"] == "1"
    assert caught.value.code == "rate_limit_exceeded"


@pytest.mark.parametrize("code", [500, 503])
def test_server_errors_raise_internal_server_error(
    openai_stub: StubOpenAIServer, client: openai.OpenAI, code: int
) -> None:
    openai_stub.script(Status(code, message="upstream exploded"))
    with pytest.raises(openai.InternalServerError) as caught:  # every status >= 500
        ask(client)
    assert caught.value.status_code == code
    assert "upstream exploded" in caught.value.message


def test_unsupported_response_format_is_400_and_keeps_the_script(
    openai_stub: StubOpenAIServer, client: openai.OpenAI
) -> None:
    openai_stub.supports = ("json_object",)
    openai_stub.script(Reply({"mode": "fallback"}))
    with pytest.raises(openai.BadRequestError) as caught:
        ask(client, response_format=SCHEMA_FORMAT)
    assert caught.value.param == "response_format"
    assert "response_format type 'json_schema' is not supported" in caught.value.message
    assert openai_stub.pending == 1  # not consumed: the retry with a weaker mode gets it

    completion = ask(client, response_format={"type": "json_object"})
    assert json.loads(completion.choices[0].message.content or "") == {"mode": "fallback"}
    assert openai_stub.pending == 0
    assert [r.body["response_format"]["type"] for r in openai_stub.chat_requests if r.body] == [
        "json_schema",
        "json_object",
    ]


def test_hang_times_out_and_close_is_prompt() -> None:
    server = StubOpenAIServer().start()
    try:
        server.script(Hang(30))
        with openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0, timeout=0.5) as client:
            with pytest.raises(openai.APITimeoutError):  # a subclass of APIConnectionError
                ask(client)
    finally:
        started = time.perf_counter()
        server.close()
        elapsed = time.perf_counter() - started
    assert elapsed < 0.5


def test_hang_shorter_than_the_timeout_is_a_connection_error(
    openai_stub: StubOpenAIServer, client: openai.OpenAI
) -> None:
    openai_stub.script(Hang(0.1))
    with pytest.raises(openai.APIConnectionError) as caught:
        ask(client)
    assert not isinstance(caught.value, openai.APITimeoutError)


def test_refusal(openai_stub: StubOpenAIServer, client: openai.OpenAI) -> None:
    openai_stub.script(Refusal())
    message = ask(client).choices[0].message
    assert message.content is None
    assert message.refusal == "I can't help with that."


def test_malformed_content_is_not_json(openai_stub: StubOpenAIServer, client: openai.OpenAI) -> None:
    openai_stub.script(Malformed())
    content = ask(client).choices[0].message.content
    assert content == '{"questions": ["What'
    with pytest.raises(json.JSONDecodeError):
        json.loads(content)


def test_broken_envelope_raises_json_decode_error(
    openai_stub: StubOpenAIServer, client: openai.OpenAI
) -> None:
    # The SDK does NOT wrap this: a bare json.JSONDecodeError (a ValueError), not an openai.OpenAIError.
    openai_stub.script(BrokenEnvelope())
    with pytest.raises(json.JSONDecodeError):
        ask(client)


def test_broken_envelope_with_non_json_content_type_returns_a_str(
    openai_stub: StubOpenAIServer, client: openai.OpenAI
) -> None:
    # Worse: with a non-JSON Content-Type the SDK returns the raw text instead of a ChatCompletion.
    openai_stub.script(BrokenEnvelope(body="<html>502 Bad Gateway</html>", content_type="text/html"))
    result: object = ask(client)
    assert result == "<html>502 Bad Gateway</html>"


def test_stream_requests_are_rejected(openai_stub: StubOpenAIServer, client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="m", messages=MESSAGES, stream=True)


def test_models_and_unknown_paths(openai_stub: StubOpenAIServer, client: openai.OpenAI) -> None:
    assert [model.id for model in client.models.list()] == ["stub-model"]
    with pytest.raises(openai.NotFoundError):
        client.embeddings.create(model="m", input="x")
    with urllib.request.urlopen(openai_stub.base_url + "/models", timeout=2) as response:
        assert json.load(response)["data"][0]["owned_by"] == "stub"


def _retry_waits(caplog: pytest.LogCaptureFixture) -> list[float]:
    pattern = re.compile(r"Retrying request in ([0-9.]+) seconds")
    return [float(m.group(1)) for r in caplog.records if (m := pattern.search(r.getMessage()))]


@pytest.mark.parametrize(
    ("retry_after", "low", "high"),
    [
        ("0", 0.375, 0.5),  # 0 is ignored (only 0 < value <= 120 counts): the SDK's own backoff
        ("0.05", 0.05, 0.05),  # honoured as given, fractional seconds too
    ],
)
def test_sdk_retries_429_and_honours_retry_after(
    openai_stub: StubOpenAIServer, caplog: pytest.LogCaptureFixture, retry_after: str, low: float, high: float
) -> None:
    caplog.set_level(logging.INFO, logger="openai")
    openai_stub.script(Status(429, headers={"Retry-After": retry_after}), Reply("after the retry"))
    with openai.OpenAI(base_url=openai_stub.base_url, api_key="k", max_retries=1, timeout=2) as client:
        assert ask(client).choices[0].message.content == "after the retry"
    assert [r.headers["x-stainless-retry-count"] for r in openai_stub.requests] == ["0", "1"]
    [wait] = _retry_waits(caplog)
    assert low <= wait <= high
