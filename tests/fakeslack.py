"""A local fake of the Slack Web API: a real HTTP server on 127.0.0.1 that records every call.

Point ``WebClient(base_url=fake.api_url)`` at it, and ``response_url`` at ``fake.response_url()``.
It answers the methods the app uses with Slack-shaped bodies, keeps posted messages (with metadata)
so ``conversations.history`` / ``replies`` can serve them back, accepts file uploads at its own upload
URL, and can inject faults (429 with Retry-After, 500, or a dropped connection) for a given method.
Two modes act on every Web API method at once: ``rate_limit(seconds, retry_after)`` answers 429 until
the window ends (as Slack does for a workspace over its limits), and ``slow(seconds)`` makes each call
take that long (a Slack under load). Neither touches ``response_url`` posts.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from clocks import PATIENCE_S

JSON_KEYS = {"blocks", "attachments", "view", "metadata", "files"}


@dataclass
class Call:
    method: str  # "chat.postMessage", "response_url", "upload"
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    raw: bytes
    fault: str | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def token(self) -> str | None:
        auth = self.headers.get("authorization", "")
        return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else self.body.get("token")


@dataclass
class User:
    id: str
    name: str = "alice"
    is_admin: bool = False
    is_owner: bool = False
    tz: str = "Europe/Berlin"
    is_bot: bool = False


def _parse_body(raw: bytes, content_type: str, query: str) -> dict[str, Any]:
    body: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query).items()}
    if not raw:
        return body
    if "json" in content_type:
        parsed = json.loads(raw)
        return {**body, **parsed} if isinstance(parsed, dict) else {**body, "_json": parsed}
    if "x-www-form-urlencoded" in content_type:
        for k, v in parse_qs(raw.decode(), keep_blank_values=True).items():
            value = v[-1]
            if k in JSON_KEYS and value[:1] in "[{":
                value = json.loads(value)
            body[k] = value
        return body
    return {**body, "_bytes": len(raw)}


class FakeSlack:
    """Start with ``with FakeSlack() as fake:`` or ``fake.start()`` / ``fake.stop()``."""

    team_id = "T1"
    bot_user_id = "UBOT"
    bot_id = "BBOT"

    def __init__(self, users: list[User] | None = None):
        self._lock = threading.Lock()
        self._calls: list[Call] = []
        self._faults: dict[str, deque] = defaultdict(deque)
        self._cond = threading.Condition(self._lock)
        self._ts = itertools.count(1)
        self.users: dict[str, User] = {u.id: u for u in users or [User("U1")]}
        self.messages: dict[str, list[dict]] = defaultdict(list)  # channel -> messages (oldest first)
        self.uploads: dict[str, bytes] = {}
        self.views: dict[str, dict] = {}
        self.oauth_codes: dict[str, dict] = {}
        self.refresh_tokens: dict[str, dict] = {}  # refresh token → oauth.v2.access answer (token rotation)
        self._server: ThreadingHTTPServer | None = None
        self._limited_until = 0.0  # time.monotonic() deadline of rate-limit mode
        self._retry_after = 1
        self.delay = 0.0  # seconds each Web API call takes (slow mode)
        self.delay_responses = False  # response_url posts too

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        fake = self

        class Handler(_Handler):
            slack = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True, name="fakeslack").start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server, "FakeSlack is not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def api_url(self) -> str:
        return self.url + "api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.url}response/{name}"

    # --- recording -----------------------------------------------------------------------------

    def record(self, call: Call) -> None:
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()

    def calls(self, method: str | None = None, *, faults: bool = False) -> list[Call]:
        """Recorded calls in order (those answered with an injected fault only when ``faults``)."""
        with self._lock:
            return [
                c for c in self._calls
                if (method is None or c.method == method) and (faults or c.fault is None)
            ]

    def wait_for(self, method: str, count: int = 1, timeout: float = PATIENCE_S) -> list[Call]:
        """Block until ``count`` successful calls of ``method`` were recorded; raise on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self._calls if c.method == method and c.fault is None]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self._calls]
                    raise TimeoutError(f"{count} x {method} not seen in {timeout}s; calls: {seen}")
                self._cond.wait(left)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()

    # --- configuration -------------------------------------------------------------------------

    def fail(self, method: str, kind: str = "429", times: int = 1, retry_after: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with ``kind``: "429", "500" or "drop"."""
        if kind not in ("429", "500", "drop"):
            raise ValueError(f"unknown fault {kind!r}")
        with self._lock:
            self._faults[method].extend([(kind, retry_after)] * times)

    def take_fault(self, method: str, *, web_api: bool = True) -> tuple[str, int] | None:
        with self._lock:
            queue = self._faults.get(method)
            if queue:
                return queue.popleft()
            if web_api and time.monotonic() < self._limited_until:
                return ("429", self._retry_after)
            return None

    def rate_limit(self, seconds: float, retry_after: int = 1) -> None:
        """Answer every Web API call with 429 (Retry-After: ``retry_after``) for ``seconds``; 0 ends it."""
        with self._lock:
            self._limited_until = time.monotonic() + seconds if seconds > 0 else 0.0
            self._retry_after = retry_after

    def slow(self, seconds: float, *, response_url: bool = False) -> None:
        """Make every Web API call (and, with ``response_url``, every response_url post) take ``seconds``
        before it is answered (0 for normal speed)."""
        self.delay, self.delay_responses = seconds, response_url

    def add_user(self, user_id: str, **attrs: Any) -> User:
        self.users[user_id] = User(user_id, **attrs)
        return self.users[user_id]

    def next_ts(self) -> str:
        return f"{1700000100 + next(self._ts)}.000100"

    # --- answers -------------------------------------------------------------------------------

    def answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        return handler(body)

    def _auth_test(self, body: dict) -> dict:
        return {
            "ok": True, "url": "https://acme.slack.com/", "team": "Acme", "user": "selfhost",
            "team_id": self.team_id, "user_id": self.bot_user_id, "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _message(self, body: dict, ts: str) -> dict:
        msg = {"type": "message", "user": self.bot_user_id, "bot_id": self.bot_id, "ts": ts,
               "text": body.get("text", ""), "blocks": body.get("blocks", [])}
        for key in ("thread_ts", "metadata"):
            if body.get(key):
                msg[key] = body[key]
        return msg

    def _chat_postMessage(self, body: dict) -> dict:
        channel = body.get("channel")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        msg = self._message(body, self.next_ts())
        with self._lock:
            self.messages[channel].append(msg)
        return {"ok": True, "channel": channel, "ts": msg["ts"], "message": msg}

    def _chat_postEphemeral(self, body: dict) -> dict:
        return {"ok": True, "message_ts": self.next_ts()}

    def _chat_update(self, body: dict) -> dict:
        with self._lock:
            for msg in self.messages.get(body.get("channel", ""), []):
                if msg["ts"] == body.get("ts"):
                    msg.update(self._message(body, msg["ts"]))
                    return {"ok": True, "channel": body["channel"], "ts": msg["ts"], "text": msg["text"]}
        return {"ok": False, "error": "message_not_found"}

    def _chat_delete(self, body: dict) -> dict:
        return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")}

    def _view(self, body: dict, view_id: str | None = None) -> dict:
        view = dict(body.get("view") or {})
        view_id = view_id or f"V{len(self.views) + 1:04d}"
        view.update({"id": view_id, "hash": f"h{time.monotonic_ns()}"})
        self.views[view_id] = view
        return {"ok": True, "view": view}

    def _views_open(self, body: dict) -> dict:
        if not body.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        return self._view(body)

    def _views_publish(self, body: dict) -> dict:
        return self._view(body, f"VHOME{body.get('user_id', '')}")

    def _views_update(self, body: dict) -> dict:
        return self._view(body, body.get("view_id") or None)

    def _views_push(self, body: dict) -> dict:
        return self._view(body)

    def _users_info(self, body: dict) -> dict:
        user = self.users.get(body.get("user", ""))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": {
            "id": user.id, "team_id": self.team_id, "name": user.name, "is_admin": user.is_admin,
            "is_owner": user.is_owner, "is_bot": user.is_bot, "tz": user.tz,
            "profile": {"display_name": user.name},
        }}

    def _served(self, msg: dict, body: dict) -> dict:
        include = str(body.get("include_all_metadata", "")).lower() in ("1", "true")
        return {k: v for k, v in msg.items() if include or k != "metadata"}

    def _conversations_history(self, body: dict) -> dict:
        with self._lock:
            msgs = list(self.messages.get(body.get("channel", ""), []))
        top = [self._served(m, body) for m in reversed(msgs) if m.get("thread_ts", m["ts"]) == m["ts"]]
        return {"ok": True, "messages": top, "has_more": False}

    def _conversations_replies(self, body: dict) -> dict:
        ts = body.get("ts")
        with self._lock:
            msgs = list(self.messages.get(body.get("channel", ""), []))
        thread = [self._served(m, body) for m in msgs if ts in (m["ts"], m.get("thread_ts"))]
        if not thread:
            return {"ok": False, "error": "thread_not_found"}
        return {"ok": True, "messages": thread, "has_more": False}

    def _files_getUploadURLExternal(self, body: dict) -> dict:
        file_id = f"F{len(self.uploads) + 1:04d}"
        self.uploads[file_id] = b""
        return {"ok": True, "upload_url": f"{self.url}upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, body: dict) -> dict:
        files = body.get("files") or []
        if any(f.get("id") not in self.uploads for f in files):
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}

    def _oauth_v2_access(self, body: dict) -> dict:
        if body.get("grant_type") == "refresh_token":  # token rotation: the refresh token buys a new pair
            answer = self.refresh_tokens.get(body.get("refresh_token", ""))
            return answer if answer is not None else {"ok": False, "error": "invalid_refresh_token"}
        answer = self.oauth_codes.get(body.get("code", ""))
        return answer if answer is not None else {"ok": False, "error": "invalid_code"}


class _Handler(BaseHTTPRequestHandler):
    slack: FakeSlack
    protocol_version = "HTTP/1.0"

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.do_POST()

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k.lower(): v for k, v in self.headers.items()}
        route, _, name = parts.path.lstrip("/").partition("/")
        method = {"api": name, "response": "response_url", "upload": "upload"}.get(route, parts.path)
        try:
            body = _parse_body(raw, headers.get("content-type", ""), parts.query)
        except (ValueError, UnicodeDecodeError):
            body = {"_unparsed": True}
        call = Call(method, parts.path, headers, body, raw)
        if self.slack.delay > 0 and (route == "api" or (route == "response" and self.slack.delay_responses)):
            time.sleep(self.slack.delay)
        fault = self.slack.take_fault(method, web_api=route == "api")
        if fault:
            call.fault = fault[0]
            self.slack.record(call)
            return self._fault(*fault)
        if route == "response":
            call.body = body if body else {"_raw": raw.decode(errors="replace")}
            self.slack.record(call)
            return self._send(200, b"ok", "text/plain")
        if route == "upload":
            self.slack.uploads[name] = raw
            self.slack.record(call)
            return self._send(200, f"OK - {len(raw)}".encode(), "text/plain")
        self.slack.record(call)
        if name != "oauth.v2.access" and not call.token:
            answer = {"ok": False, "error": "not_authed"}
        else:
            answer = self.slack.answer(name, body)
        self._send(200, json.dumps(answer).encode(), "application/json")

    def _fault(self, kind: str, retry_after: int) -> None:
        if kind == "drop":
            self.close_connection = True
            return  # no status line at all: the client sees the connection closed
        if kind == "429":
            self.send_response(429)
            self.send_header("Retry-After", str(retry_after))
            self.send_header("Content-Type", "application/json")
            payload = b'{"ok": false, "error": "ratelimited"}'
        else:
            self.send_response(500)
            self.send_header("Content-Type", "text/plain")
            payload = b"Internal Server Error"
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type + "; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
