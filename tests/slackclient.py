"""Send requests to the app exactly as Slack does: signed (v0, HMAC-SHA256 over the raw bytes).

``SlackSender`` builds slash commands (form-encoded), Events API envelopes (JSON) and interactivity
payloads (``payload=`` form field), signs them, and POSTs them over real HTTP. ``Response`` keeps
status, headers and body; ``.json`` parses it.
"""

from __future__ import annotations

import http.client
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from clocks import PATIENCE_S
from slack_sdk.signature import SignatureVerifier

_ids = itertools.count(1)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Sign as Slack does, with slack_sdk's own signer. Slack only sends UTF-8; a body that is not (sent to
    test the server's 400) gets a well-formed signature that cannot match."""
    try:
        signed = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    except UnicodeDecodeError:
        signed = None
    return signed or "v0=" + "0" * 64


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def text(self) -> str:
        return self.body.decode()


class SlackSender:
    def __init__(self, base_url: str, secret: str, clock: Callable[[], float] = time.time):
        self.base_url = base_url.rstrip("/")
        self.secret = secret
        self.clock = clock

    # --- transport -----------------------------------------------------------------------------

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> Response:
        host_port = self.base_url.split("://", 1)[1]
        conn = http.client.HTTPConnection(host_port, timeout=PATIENCE_S)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()

    def signed_headers(self, body: bytes, content_type: str, ts: str | None = None) -> dict[str, str]:
        ts = ts if ts is not None else str(int(self.clock()))
        return {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature(self.secret, ts, body),
        }

    def post(
        self, body: bytes, content_type: str, *, ts: str | None = None, headers: dict | None = None,
        path: str = "/slack/events",
    ) -> Response:
        """POST a signed body; ``headers`` override/extend the signed ones (None values remove)."""
        merged = self.signed_headers(body, content_type, ts)
        for k, v in (headers or {}).items():
            merged.pop(k, None)
            if v is not None:
                merged[k] = v
        return self.request("POST", path, body, merged)

    # --- Slack-shaped requests -----------------------------------------------------------------

    def command(
        self, text: str = "", *, response_url: str, user_id: str = "U1", channel_id: str = "C1",
        team_id: str = "T1", enterprise_id: str | None = None, command: str = "/selfhost", **kw: Any,
    ) -> Response:
        fields = {
            "token": "legacy", "team_id": team_id, "team_domain": "acme", "channel_id": channel_id,
            "channel_name": "ml-infra", "user_id": user_id, "user_name": "alice", "command": command,
            "text": text, "api_app_id": "A1", "is_enterprise_install": "false",
            "response_url": response_url, "trigger_id": f"trig.{next(_ids)}",
        }
        if enterprise_id:
            fields.update(enterprise_id=enterprise_id, enterprise_name="Acme Grid")
        body = urlencode(fields).encode()
        return self.post(body, "application/x-www-form-urlencoded", **kw)

    def event(
        self, event: dict, *, event_id: str | None = None, team_id: str = "T1", retry_num: int | None = None,
        retry_reason: str = "http_timeout", headers: dict | None = None, **kw: Any,
    ) -> Response:
        envelope = {
            "token": "legacy", "team_id": team_id, "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):06d}", "event_time": int(self.clock()),
            "is_ext_shared_channel": False, "event": event,
            "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": "UBOT",
                                "is_bot": True, "is_enterprise_install": False}],
        }
        extra = dict(headers or {})
        if retry_num is not None:
            extra.update({"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason})
        return self.post(json.dumps(envelope).encode(), "application/json", headers=extra, **kw)

    def url_verification(self, challenge: str = "chal-123", **kw: Any) -> Response:
        body = json.dumps({"token": "legacy", "challenge": challenge, "type": "url_verification"}).encode()
        return self.post(body, "application/json", **kw)

    def interactive(self, payload: dict, **kw: Any) -> Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded", **kw)

    def button(
        self, action_id: str, value: str = "", *, response_url: str, user_id: str = "U1",
        channel_id: str = "C1", team_id: str = "T1", block_id: str = "b1", ephemeral: bool = True,
        message: dict | None = None, **kw: Any,
    ) -> Response:
        payload: dict[str, Any] = {
            "type": "block_actions", "team": {"id": team_id, "domain": "acme"},
            "user": {"id": user_id, "username": "alice", "team_id": team_id}, "api_app_id": "A1",
            "trigger_id": f"trig.{next(_ids)}", "response_url": response_url,
            "container": {"type": "message", "message_ts": "1700000001.000200", "channel_id": channel_id,
                          "is_ephemeral": ephemeral},
            "channel": {"id": channel_id, "name": "ml-infra"},
            "actions": [{"type": "button", "action_id": action_id, "block_id": block_id, "value": value,
                         "text": {"type": "plain_text", "text": action_id},
                         "action_ts": f"{int(self.clock())}.000300"}],
        }
        if message is not None:
            payload["message"] = message
        return self.interactive(payload, **kw)

    def view_submission(
        self, callback_id: str, values: dict, *, private_metadata: str = "", user_id: str = "U1",
        team_id: str = "T1", **kw: Any,
    ) -> Response:
        payload = {
            "type": "view_submission", "team": {"id": team_id, "domain": "acme"},
            "user": {"id": user_id, "username": "alice", "team_id": team_id}, "api_app_id": "A1",
            "trigger_id": f"trig.{next(_ids)}",
            "view": {"id": "V1", "type": "modal", "callback_id": callback_id,
                     "private_metadata": private_metadata, "state": {"values": values}},
        }
        return self.interactive(payload, **kw)

    def get(self, path: str) -> Response:
        return self.request("GET", path)


# --- the whole app on loopback: fake Slack + create_app + waitress ---------------------------------

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # a test value shaped like Slack's
BOT_TOKEN = "xoxb-1234-5678-testbottoken"


class AppHarness:
    """Fake Slack, the real app over a real SqliteStore, and the real HTTP server on 127.0.0.1:0."""

    def __init__(
        self, db_path: Any, knowledge: Any, *, users: list | None = None, oauth: bool = False, **settings: Any
    ):
        from fakeslack import FakeSlack

        self.fake = FakeSlack(users=users)
        self.db_path, self.knowledge, self.overrides, self.oauth = db_path, knowledge, settings, oauth
        self.thread: Any = None

    def start(self) -> AppHarness:
        import threading

        from bot.app import build_client, create_app
        from bot.config import Settings
        from bot.server import make_server
        from bot.store import SqliteStore

        self.fake.start()
        creds = {"slack_client_id": "111.222", "slack_client_secret": "oauth-client-secret-xyz"} \
            if self.oauth else {"slack_bot_token": BOT_TOKEN}
        self.settings = Settings(
            slack_signing_secret=SIGNING_SECRET, slack_api_url=self.fake.api_url,
            selfhost_db=self.db_path, **creds, **self.overrides,
        )
        self.store = SqliteStore(self.db_path, cipher=self.settings.token_cipher())
        self.client = build_client(self.settings, with_token=not self.oauth)  # the production retries
        self.app = create_app(self.settings, self.store, self.knowledge, client=self.client)
        self.server = make_server(self.app, self.settings, "127.0.0.1", 0,
                                  store=self.store, knowledge=self.knowledge)
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="waitress")
        self.thread.start()
        self.sender = SlackSender(f"http://127.0.0.1:{self.server.port}", SIGNING_SECRET)
        self.fake.reset()  # start-up calls (auth.test) are not what tests assert on
        return self

    def stop(self) -> None:
        if self.thread is not None:
            self.server.close()
            self.thread.join(timeout=5)
        self.store.close()
        self.fake.stop()

    def __enter__(self) -> AppHarness:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def command(self, text: str = "", **kw: Any) -> Response:
        kw.setdefault("response_url", self.fake.response_url("cmd"))
        return self.sender.command(text, **kw)
