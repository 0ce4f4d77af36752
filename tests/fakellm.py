"""A local fake OpenAI-compatible chat-completions server for the model-assisted reader's tests.

``FakeLLM(reply=...)`` serves ``POST /v1/chat/completions`` on 127.0.0.1 and records every request body.
``reply`` is a dict (the facts the "model" returns as its JSON content), a str (raw content), a callable
of the request body, or one of the modes: ``"garbage"`` (a body that is not JSON), ``"error"`` (HTTP 500),
``"slow"`` (waits past the client's timeout before answering), ``"trickle"`` (a completion sent a byte every
50 ms, each byte well inside a per-read timeout), ``"redirect"`` (307 to another path of this server),
``"huge"`` (a body over 1 MB), ``"deep"`` (JSON nested 100,000 deep), or an HTTP status as an int.
``FakeLLM.down_url()`` is a URL where nothing listens.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeLLM:
    def __init__(self, reply: Any = None, delay_s: float = 0.0):
        self.reply = reply if reply is not None else {}
        self.delay_s = delay_s
        self.requests: list[dict[str, Any]] = []
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                fake.answer(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> FakeLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        reply = self.reply(body) if callable(self.reply) else self.reply
        if reply == "slow":
            self.release.wait(10)  # longer than any client timeout; released when the test ends
            reply = {}
        if reply == "error":
            self._send(handler, 500, b'{"error": "boom"}')
            return
        if isinstance(reply, int) and not isinstance(reply, bool):
            self._send(handler, reply, b'{"error": {"message": "status from the fake"}}')
            return
        if reply in ("trickle", "redirect", "huge", "deep"):
            getattr(self, "_" + reply)(handler, body)
            return
        if reply == "garbage":
            self._send(handler, 200, b"<html>not json</html>")
            return
        content = reply if isinstance(reply, str) else json.dumps(reply)
        self._send(handler, 200, json.dumps(self._completion(body, content)).encode())

    def _trickle(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        data = json.dumps(self._completion(body, "{}")).encode()
        try:
            handler.send_response(200)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            for i in range(len(data)):
                handler.wfile.write(data[i:i + 1])
                handler.wfile.flush()
                if self.release.wait(0.05):
                    return
        except OSError:
            pass

    def _redirect(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        try:
            handler.send_response(307)
            handler.send_header("Location", "/elsewhere/chat/completions")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        except OSError:
            pass

    def _huge(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        self._send(handler, 200, json.dumps(self._completion(body, "x" * 1_100_000)).encode())

    def _deep(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        self._send(handler, 200, b"[" * 100_000 + b"]" * 100_000)

    @staticmethod
    def _completion(body: dict[str, Any], content: str) -> dict[str, Any]:
        return {"id": "fake", "object": "chat.completion", "model": body.get("model"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                             "finish_reason": "stop"}]}

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, data: bytes) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client gave up (timeout): nothing to answer

    @staticmethod
    def down_url() -> str:
        """A loopback URL where nothing listens (a port bound and closed again)."""
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        return f"http://127.0.0.1:{port}/v1"
