"""The production HTTP server (waitress): Slack requests, health check, OAuth install.

Routes: ``POST /slack/events`` (commands, events, interactivity → Bolt's WSGI adapter),
``GET /healthz``, and ``GET /slack/install`` + ``GET /slack/oauth_redirect`` when OAuth is on.
Before Bolt sees a Slack request we check it ourselves: size, both signature headers well-formed,
timestamp within 300 s, a UTF-8 body, slack_sdk's ``SignatureVerifier`` (HMAC-SHA256 over
``v0:{ts}:{raw body}``, constant-time), and a parseable body. Anything else gets a 4xx with a tiny JSON
body and no listener runs.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import Clock, SignatureVerifier
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer

from bot.server_limits import PerClientLimit
from bot.store import StoreError

log = logging.getLogger("bot.server")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1_000_000
# Idle or slow clients must not starve real requests (waitress's defaults, 100 connections and a 120 s
# idle timeout, let 98 idle sockets stop the server). Production sits behind a reverse proxy that
# buffers requests (deploy/README.md); these hold even when it does not.
CONNECTION_LIMIT = 1000  # far above what Slack needs; capped by the process's open-file limit
IDLE_TIMEOUT_S = 10.0  # a connection with no request in progress and no bytes for this long is closed
REQUEST_TIMEOUT_S = 10.0  # a request (headers and body) must arrive whole within this, however it trickles
CLEANUP_INTERVAL_S = 1.0  # how often the deadlines are checked
WORKER_THREADS = 8
REPLAY_WINDOW_S = 300
_TS_RE = re.compile(r"\d{1,12}")
_SIG_RE = re.compile(r"v0=[0-9a-f]{64}")
Start = Callable[..., Any]
Environ = dict[str, Any]


class Reject(Exception):
    def __init__(self, status: int, error: str, headers: tuple[tuple[str, str], ...] = ()):
        super().__init__(error)
        self.status, self.error, self.headers = status, error, headers


STATUS_TEXT = {400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
               413: "Payload Too Large", 429: "Too Many Requests", 200: "OK", 503: "Service Unavailable"}


def _json(start: Start, status: int, obj: dict, headers: tuple[tuple[str, str], ...] = ()) -> list[bytes]:
    body = json.dumps(obj).encode()
    start(f"{status} {STATUS_TEXT.get(status, '')}".strip(), [
        ("Content-Type", "application/json"), ("Content-Length", str(len(body))), *headers])
    return [body]


class _Clock(Clock):
    """slack_sdk's clock interface over ours, so the verifier and the freshness check read one clock."""

    def __init__(self, now: Callable[[], float]):
        self._now = now

    def now(self) -> float:
        return self._now()


def signature_verifier(secret: str, clock: Callable[[], float] = time.time) -> SignatureVerifier | None:
    """slack_sdk's verifier for ``secret``; None without a secret (then every request is refused)."""
    return SignatureVerifier(secret, clock=_Clock(clock)) if secret.strip() else None


def verify_signature(
    verifier: SignatureVerifier | None, headers: dict[str, str | None], body: bytes, now: float
) -> None:
    """Raise Reject unless the request carries a fresh, valid Slack v0 signature. Our checks first, each
    with its own 4xx (missing 401, malformed 400, stale 401, not UTF-8 400); then slack_sdk's verifier."""
    ts, sig = headers.get("timestamp"), headers.get("signature")
    if ts is None or sig is None:
        raise Reject(401, "missing_signature_headers")
    if not _TS_RE.fullmatch(ts) or not _SIG_RE.fullmatch(sig):
        raise Reject(400, "malformed_signature_headers")
    if abs(now - int(ts)) > REPLAY_WINDOW_S:
        raise Reject(401, "stale_timestamp")
    try:
        text = body.decode("utf-8")  # Slack sends UTF-8; the verifier signs text
    except UnicodeDecodeError:
        raise Reject(400, "malformed_body") from None
    if verifier is None or not verifier.is_valid(text, ts, sig):
        raise Reject(401, "invalid_signature")


def check_body(body: bytes, content_type: str) -> None:
    """Raise Reject(400) unless the body is UTF-8 JSON or a form whose ``payload`` is a JSON object."""
    try:
        text = body.decode("utf-8")
        if "json" in content_type:
            if not isinstance(json.loads(text), dict):
                raise ValueError("not an object")
        elif "x-www-form-urlencoded" in content_type:
            form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
            if "payload" in form and not isinstance(json.loads(form["payload"][-1]), dict):
                raise ValueError("payload is not an object")
        else:
            raise Reject(400, "unsupported_content_type")
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: JSON nested too deep
        raise Reject(400, "malformed_body") from None


def read_body(environ: Environ, limit: int = MAX_BODY) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Reject(400, "bad_content_length") from None
    if length > limit:
        raise Reject(413, "body_too_large")
    return environ["wsgi.input"].read(length) if length > 0 else b""


class SlackWsgi:
    """The WSGI application in front of Bolt."""

    def __init__(
        self, app: App, signing_secret: str, health: Callable[[], dict[str, bool]],
        clock: Callable[[], float] = time.time,
    ):
        self.app, self.health, self.clock = app, health, clock
        self.verifier = signature_verifier(signing_secret, clock)
        self.bolt = SlackRequestHandler(app, path=EVENTS_PATH)
        self.installs = PerClientLimit()

    def __call__(self, environ: Environ, start: Start) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        try:
            if path == HEALTH_PATH and method in ("GET", "HEAD"):
                return self._health(start)
            if path == EVENTS_PATH:
                if method != "POST":
                    raise Reject(405, "method_not_allowed")
                return self._slack(environ, start)
            if method == "GET" and self.app.oauth_flow is not None and path in self._oauth_paths():
                return self._oauth(environ, start, path)
            raise Reject(404, "not_found")
        except Reject as r:
            if r.status != 404:
                log.warning("rejected request", extra={"path": path, "status": r.status, "reason": r.error})
            return _json(start, r.status, {"ok": False, "error": r.error}, r.headers)

    def _oauth(self, environ: Environ, start: Start, path: str) -> Iterable[bytes]:
        """The install page (each visit stores a state: limited per client) and the redirect."""
        client, now = str(environ.get("REMOTE_ADDR") or "-"), self.clock()
        if path == self._oauth_paths()[0] and not self.installs.allow(client, now):
            raise Reject(429, "too_many_installs", (("Retry-After", str(self.installs.retry_after(client, now))),))
        try:
            return self.bolt(environ, start)
        except StoreError as e:  # too many installs in progress (the state store's cap)
            raise Reject(503, "too_many_installs_in_progress", (("Retry-After", "60"),)) from e

    def _oauth_paths(self) -> tuple[str, str]:
        flow = self.app.oauth_flow
        assert flow is not None, "called only when OAuth is on"
        return (flow.install_path, flow.redirect_uri_path)

    def _slack(self, environ: Environ, start: Start) -> Iterable[bytes]:
        body = read_body(environ)
        headers = {
            "timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
            "signature": environ.get("HTTP_X_SLACK_SIGNATURE"),
        }
        verify_signature(self.verifier, headers, body, self.clock())
        check_body(body, environ.get("CONTENT_TYPE", ""))
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.bolt(environ, start)

    def _health(self, start: Start) -> list[bytes]:
        checks = self.health()
        ok = all(checks.values())
        return _json(start, 200 if ok else 503, {"ok": ok, **checks})


INTEGRITY_EVERY_S = 60.0


def store_health(
    store: Any, knowledge: Any, *, clock: Callable[[], float] = time.monotonic,
    integrity_every_s: float = INTEGRITY_EVERY_S,
) -> Callable[[], dict[str, bool]]:
    """Readiness: the database answers a query, its pages pass SQLite's quick check (at most once a
    minute, on a fresh connection so no cached page hides damage), and the knowledge base is loaded."""
    last: dict[str, Any] = {"at": None, "ok": True}

    def check() -> dict[str, bool]:
        try:
            db_ok = store is not None and store.ping()
            now = clock()
            if db_ok and (last["at"] is None or now - last["at"] >= integrity_every_s):
                result = store.quick_check()
                if result != "ok":
                    log.error("health check: the database is damaged", extra={"reason": result[:300]})
                last.update(at=now, ok=result == "ok")
            db_ok = db_ok and bool(last["ok"])
        except Exception:  # any DB failure means not ready
            log.exception("health check: database unreachable")
            db_ok = False
        return {"db": db_ok, "knowledge": knowledge is not None}

    return check


class _Channel(HTTPChannel):
    """waitress's channel, remembering when the request it is reading began to arrive."""

    request_started = 0.0

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.request_started = time.time()
        return bool(super().received(data))


class _Waitress(TcpWSGIServer):
    """waitress with a request deadline: its idle timeout alone is reset by every trickled byte."""

    channel_class = _Channel
    request_timeout = REQUEST_TIMEOUT_S

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        cutoff = now - self.request_timeout
        for channel in list(self.active_channels.values()):
            if channel.request is not None and not channel.requests and channel.request_started < cutoff:
                channel.will_close = True


def connection_limit(wanted: int = CONNECTION_LIMIT) -> int:
    """``wanted``, or fewer when the open-file limit would not allow it (each connection is a file)."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return wanted
    return wanted if soft == resource.RLIM_INFINITY else max(16, min(wanted, soft - 64))


class Server:
    """A waitress server on (host, port); port 0 picks a free one (see ``.port``)."""

    def __init__(
        self, wsgi: SlackWsgi, host: str, port: int, threads: int = WORKER_THREADS, loop_timeout: float = 1.0,
        idle_timeout: float = IDLE_TIMEOUT_S, request_timeout: float = REQUEST_TIMEOUT_S,
        trusted_proxy: str | None = None,
    ):
        self.wsgi = wsgi
        proxy = {"trusted_proxy": trusted_proxy, "trusted_proxy_count": 1,
                 "trusted_proxy_headers": {"x-forwarded-for"}} if trusted_proxy else {}
        adj = Adjustments(**proxy,
            host=host, port=port, threads=threads, max_request_body_size=MAX_BODY * 2,
            clear_untrusted_proxy_headers=True, ident="selfhost-advisor", asyncore_loop_timeout=loop_timeout,
            connection_limit=connection_limit(), channel_timeout=idle_timeout,
            cleanup_interval=min(CLEANUP_INTERVAL_S, idle_timeout), asyncore_use_poll=True,
        )
        self._server = _Waitress(wsgi, adj=adj)
        self._server.request_timeout = request_timeout
        self._stop, self._running, self._done = threading.Event(), threading.Event(), threading.Event()

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def host(self) -> str:
        return str(self._server.effective_host)

    def run(self) -> None:
        """Serve until ``close()`` (from any thread or a signal handler); then shut down cleanly."""
        srv = self._server
        self._running.set()
        try:
            while not self._stop.is_set():
                srv.asyncore.loop(timeout=srv.adj.asyncore_loop_timeout, map=srv._map, count=1, use_poll=True)
        finally:
            srv.task_dispatcher.shutdown()
            wasyncore.close_all(srv._map)
            self._done.set()

    def close(self, timeout: float = 10.0) -> None:
        """Stop serving: wake the loop, let in-flight requests finish, close every socket."""
        self._stop.set()
        if self._running.is_set():
            if not self._done.is_set():
                # Wake the loop. It may have seen the stop and closed its trigger in the meantime: a closed
                # trigger (OSError) means it has stopped, or is stopping, on its own.
                with contextlib.suppress(OSError):
                    self._server.pull_trigger()
            self._done.wait(timeout)
        else:
            self._server.close()


def make_server(
    app: App, settings: Any, host: str | None = None, port: int | None = None, *,
    store: Any = None, knowledge: Any = None, clock: Callable[[], float] = time.time,
    loop_timeout: float = 1.0, idle_timeout: float = IDLE_TIMEOUT_S, request_timeout: float = REQUEST_TIMEOUT_S,
) -> Server:
    """The app behind our request checks, served by waitress."""
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    if not secret:
        raise ValueError("SLACK_SIGNING_SECRET is required to serve HTTP")
    wsgi = SlackWsgi(app, secret, store_health(store, knowledge), clock)
    return Server(wsgi, settings.selfhost_host if host is None else host,
                  settings.port if port is None else port, loop_timeout=loop_timeout,
                  idle_timeout=idle_timeout, request_timeout=request_timeout,
                  trusted_proxy=getattr(settings, "selfhost_trusted_proxy", None))
