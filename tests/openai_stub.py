"""A stdlib-only, OpenAI-compatible chat-completions server for tests and benchmarks.

In tests::

    from openai_stub import Reply, Status, StubOpenAIServer, openai_stub_fixture  # noqa: F401

    def test_something(openai_stub: StubOpenAIServer) -> None:
        openai_stub.script(Status(429, headers={"Retry-After": "1"}), Reply({"questions": ["What now?"]}))
        client = openai.OpenAI(base_url=openai_stub.base_url, api_key="test-key", max_retries=0)
        ...
        assert openai_stub.requests[-1].body["model"] == "gpt-4o-mini"

or without the fixture: ``with StubOpenAIServer() as server: ...``.  To offer the fixture to every
test file, put ``from openai_stub import openai_stub_fixture  # noqa: F401`` in tests/conftest.py
(pytest puts tests/ on sys.path because tests/ has a conftest.py and no __init__.py).

Each ``POST /v1/chat/completions`` consumes one scripted behaviour (FIFO, see ``script``); when the
queue is empty ``server.default`` answers.  ``Repeat(behaviour, times)`` inside ``script(...)`` queues
the same behaviour ``times`` times.  Requests the stub rejects before looking at the script (an
unsupported ``response_format`` type, ``stream: true``, a body that is not a JSON object) answer 400
and do not consume a behaviour.  ``GET /v1/models`` lists ``stub-model``; other paths answer 404.

As a script (for benchmarks), serving one fixed reply until Ctrl-C::

    python tests/openai_stub.py --port 8765 --delay 0.2 --content-json '{"ok": true}'
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import signal
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

__all__ = [
    "Behaviour",
    "BrokenEnvelope",
    "Empty",
    "Hang",
    "Malformed",
    "Received",
    "Refusal",
    "Repeat",
    "Reply",
    "Status",
    "StubOpenAIServer",
    "openai_stub",
    "openai_stub_fixture",
]

MODEL_ID = "stub-model"

Content = str | dict[str, Any] | list[Any]


# --------------------------------------------------------------------------- behaviours


@dataclass(frozen=True)
class Reply:
    """200 with a valid ``chat.completion``; dict/list content is JSON-encoded, a callable gets the body."""

    content: Content | Callable[[dict[str, Any]], Content]
    delay: float = 0.0
    finish_reason: str = "stop"


@dataclass(frozen=True)
class Status:
    """An error status with an OpenAI-style error body (and optional extra headers, e.g. Retry-After)."""

    code: int
    message: str | None = None  # None: a message derived from the status code
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Malformed:
    """200, a valid envelope whose message content is truncated JSON."""

    content: str = '{"questions": ["What'


@dataclass(frozen=True)
class BrokenEnvelope:
    """200 whose body is not JSON at all (as from a misbehaving proxy)."""

    body: str = '{"id": "chatcmpl-broken", "choices": [{'
    content_type: str = "application/json"


@dataclass(frozen=True)
class Refusal:
    """200, message with ``content: null`` and ``refusal: text``."""

    text: str = "I can't help with that."


@dataclass(frozen=True)
class Empty:
    """200, message content ``""``."""


@dataclass(frozen=True)
class Hang:
    """Sleep (woken early by ``close()``), then drop the connection without answering."""

    seconds: float = 30.0


Behaviour = Reply | Status | Malformed | BrokenEnvelope | Refusal | Empty | Hang


@dataclass(frozen=True)
class Repeat:
    """``script(Repeat(b, 3))`` is ``script(b, b, b)``."""

    behaviour: Behaviour
    times: int


@dataclass(frozen=True)
class Received:
    """One request as the stub saw it; header names are lower-cased."""

    path: str
    body: dict[str, Any] | None
    headers: dict[str, str]


# --------------------------------------------------------------------------- HTTP plumbing

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    409: "conflict_error",
    422: "invalid_request_error",
    429: "rate_limit_exceeded",
}


def _error_body(
    message: str, error_type: str, param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": error_type, "param": param, "code": code}}


def _word_count(value: object) -> int:
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, list):  # content parts
        return sum(_word_count(part.get("text", "")) for part in value if isinstance(part, dict))
    return 0


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], stub: StubOpenAIServer) -> None:
        self.stub = stub
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError) or self.stub.closing:
            return  # client went away (timeout) or we are shutting down: not interesting
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the real API
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle's algorithm and the client's
        # delayed ACK add ~40 ms to every keep-alive response, which real servers do not
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.stub._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.stub._track(self.connection, add=False)

    # -- helpers

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _send_json(self, status: int, payload: object, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json", headers)

    def _record(self, body: dict[str, Any] | None) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.stub._record(Received(self.path, body, headers))

    # -- verbs

    def do_GET(self) -> None:
        self._read_body()
        self._record(None)
        if self.path.rstrip("/") == "/v1/models":
            model = {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "stub"}
            self._send_json(200, {"object": "list", "data": [model]})
        else:
            self._not_found()

    def do_POST(self) -> None:
        raw = self._read_body()
        try:
            parsed: object = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        body = parsed if isinstance(parsed, dict) else None
        self._record(body)
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._not_found()
            return
        if body is None:
            self._send_json(400, _error_body("request body must be a JSON object", "invalid_request_error"))
            return
        rejection = self.server.stub._reject(body)
        if rejection is not None:
            self._send_json(400, rejection)
            return
        self._perform(self.server.stub._next_behaviour(), body)

    def _not_found(self) -> None:
        message = f"Unknown request URL: {self.command} {self.path}"
        self._send_json(404, _error_body(message, "invalid_request_error", code="unknown_url"))

    def _perform(self, behaviour: Behaviour, body: dict[str, Any]) -> None:
        stub = self.server.stub
        if isinstance(behaviour, Hang):
            stub._sleep(behaviour.seconds)
            self.close_connection = True  # drop the connection without a response
            return
        if isinstance(behaviour, Status):
            try:
                phrase = HTTPStatus(behaviour.code).phrase
            except ValueError:
                phrase = "Error"
            message = behaviour.message or f"stub error {behaviour.code}: {phrase}"
            error_type = _ERROR_TYPES.get(
                behaviour.code, "server_error" if behaviour.code >= 500 else "error"
            )
            code = "rate_limit_exceeded" if behaviour.code == 429 else None
            self._send_json(behaviour.code, _error_body(message, error_type, code=code), behaviour.headers)
            return
        if isinstance(behaviour, BrokenEnvelope):
            self._send(200, behaviour.body.encode(), behaviour.content_type, None)
            return
        if isinstance(behaviour, Reply):
            if behaviour.delay > 0 and stub._sleep(behaviour.delay):
                self.close_connection = True  # closing: do not answer
                return
            try:
                content = behaviour.content(body) if callable(behaviour.content) else behaviour.content
            except Exception as exc:  # a bug in the test's callable: make it loud, not a hang
                message = f"stub Reply callable raised {type(exc).__name__}: {exc}"
                self._send_json(500, _error_body(message, "server_error"))
                return
            text = content if isinstance(content, str) else json.dumps(content)
            self._send_json(200, stub._completion(body, text, None, behaviour.finish_reason))
        elif isinstance(behaviour, Malformed):
            self._send_json(200, stub._completion(body, behaviour.content, None, "stop"))
        elif isinstance(behaviour, Refusal):
            self._send_json(200, stub._completion(body, None, behaviour.text, "stop"))
        else:  # Empty
            self._send_json(200, stub._completion(body, "", None, "stop"))


# --------------------------------------------------------------------------- the server


class StubOpenAIServer:
    """An OpenAI-compatible test server on 127.0.0.1; use as a context manager (or start()/close())."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        default: Behaviour | None = None,
        supports: tuple[str, ...] = ("json_schema", "json_object"),
    ) -> None:
        self.default: Behaviour = default if default is not None else Reply({"ok": True})
        # response_format types accepted; "text" (the API default) is always accepted.
        self.supports: tuple[str, ...] = supports
        self._address = (host, port)
        self._lock = threading.Lock()
        self._queue: deque[Behaviour] = deque()
        self._requests: list[Received] = []
        self._connections: set[socket.socket] = set()
        self._stop = threading.Event()
        self._ids = itertools.count(1)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle

    def start(self) -> StubOpenAIServer:
        if self._httpd is not None:
            raise RuntimeError("StubOpenAIServer already started")
        self._stop.clear()
        self._httpd = _HTTPServer(self._address, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="openai-stub", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop promptly: wakes Hang/delay sleepers, stops accepting, drops open connections."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stop.set()
        httpd.shutdown()  # returns within one poll interval
        httpd.server_close()  # daemon_threads + block_on_close=False: does not join handlers
        with self._lock:
            connections = list(self._connections)
        for conn in connections:  # wake handlers blocked reading an idle keep-alive connection
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=1.0)
            self._thread = None

    def __enter__(self) -> StubOpenAIServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def closing(self) -> bool:
        return self._stop.is_set()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("StubOpenAIServer is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting and inspection

    def script(self, *behaviours: Behaviour | Repeat) -> None:
        """Queue behaviours, one per chat-completions request (FIFO); Repeat(b, n) queues b n times."""
        expanded: list[Behaviour] = []
        for item in behaviours:
            if isinstance(item, Repeat):
                if item.times < 0:
                    raise ValueError("Repeat.times must be >= 0")
                expanded.extend([item.behaviour] * item.times)
            else:
                expanded.append(item)
        with self._lock:
            self._queue.extend(expanded)

    @property
    def pending(self) -> int:
        """Scripted behaviours not yet consumed."""
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[Received]:
        """A snapshot (copy) of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[Received]:
        """Only the POST /v1/chat/completions requests."""
        return [r for r in self.requests if r.path.rstrip("/") == "/v1/chat/completions"]

    # -- used by the handler

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def _record(self, received: Received) -> None:
        with self._lock:
            self._requests.append(received)

    def _sleep(self, seconds: float) -> bool:
        """Sleep, returning True at once if the server is closing."""
        return self._stop.wait(seconds)

    def _next_behaviour(self) -> Behaviour:
        with self._lock:
            return self._queue.popleft() if self._queue else self.default

    def _reject(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """An error body for requests refused before the script is consulted, else None."""
        if body.get("stream"):
            return _error_body("stream=true is not supported by the stub", "invalid_request_error", "stream")
        response_format = body.get("response_format")
        if isinstance(response_format, dict):
            kind = response_format.get("type")
            if kind != "text" and kind not in self.supports:
                message = f"response_format type '{kind}' is not supported"
                return _error_body(message, "invalid_request_error", "response_format")
        return None

    def _completion(
        self, body: dict[str, Any], content: str | None, refusal: str | None, finish_reason: str
    ) -> dict[str, Any]:
        messages = body.get("messages")
        prompt_tokens = sum(
            _word_count(m.get("content")) + 4
            for m in (messages if isinstance(messages, list) else [])
            if isinstance(m, dict)
        )
        completion_tokens = _word_count(content or refusal or "")
        model = body.get("model")
        return {
            "id": f"chatcmpl-stub-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model if isinstance(model, str) else MODEL_ID,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "logprobs": None,
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


# --------------------------------------------------------------------------- pytest fixture

if TYPE_CHECKING or importlib.util.find_spec("pytest") is not None:  # script mode works without pytest
    import pytest

    # Registered under the name `openai_stub` whichever of the two names a test module imports. Import
    # `openai_stub_fixture` (noqa: F401): importing `openai_stub` itself makes every test taking an
    # `openai_stub` parameter an F811 "redefinition of unused name" for ruff.
    @pytest.fixture(name="openai_stub")
    def openai_stub_fixture() -> Iterator[StubOpenAIServer]:
        """A started StubOpenAIServer, closed after the test."""
        with StubOpenAIServer() as server:
            yield server

    openai_stub = openai_stub_fixture


# --------------------------------------------------------------------------- script mode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a fixed OpenAI-compatible chat completion.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port (printed)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each reply")
    parser.add_argument("--content-json", default='{"ok": true}', help="message content, as JSON")
    parser.add_argument(
        "--supports", default="json_schema,json_object", help="accepted response_format types"
    )
    args = parser.parse_args(argv)
    content = json.loads(args.content_json)
    supports = tuple(kind for kind in args.supports.split(",") if kind)
    server = StubOpenAIServer(
        host=args.host, port=args.port, default=Reply(content, delay=args.delay), supports=supports
    )
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # Explicit handlers: a shell's `cmd &` starts children with SIGINT ignored, and benchmarks may
    # prefer Popen.terminate() (SIGTERM); both should shut the server down cleanly.
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    with server:
        print(f"openai stub serving on http://{args.host}:{server.port}/v1 (Ctrl-C to stop)", flush=True)
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
