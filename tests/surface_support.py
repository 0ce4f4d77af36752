"""Helpers for the Slack surface e2e tests: ask a command and get its answer, check every payload."""

from __future__ import annotations

from typing import Any

from bot.render.limits import check_message, check_view


def ask(app: Any, text: str, **kw: Any) -> dict:
    """Send ``/selfhost text`` (signed) and return the body of the answer posted to the response_url."""
    before = len(app.fake.calls("response_url"))
    r = app.command(text, **kw)
    assert r.status == 200, r.text
    body = app.fake.wait_for("response_url", before + 1)[before].body
    assert check_message(body) == [], check_message(body)
    return body


def texts(blocks: list[dict]) -> str:
    """Every visible string of a block list, for assertions on what people read."""
    out: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("text", "value") and isinstance(v, str):
                    out.append(v)
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(blocks)
    return "\n".join(out)


def all_payloads_within_limits(app: Any) -> int:
    """Check every message and view the app sent to the fake Slack; return how many were checked."""
    n = 0
    for call in app.fake.calls():
        if call.method in ("chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"):
            if call.body.get("delete_original"):
                continue  # Slack deletes the message; nothing is shown
            if "text" in call.body or "blocks" in call.body:
                assert check_message(call.body) == [], (call.method, check_message(call.body))
                n += 1
        elif call.method in ("views.open", "views.publish", "views.update", "views.push"):
            assert check_view(call.body["view"]) == [], (call.method, check_view(call.body["view"]))
            n += 1
    return n
