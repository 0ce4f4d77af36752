"""Read what a channel's digest needs from the store and turn it into an outbox payload.

The payload is composed once, when the period's row is enqueued, so every retry posts the same message:
``{"key", "text", "blocks", "records", "chart"}`` (records go to the recommendations log when the post
is confirmed; ``chart`` is what the runner draws and uploads in the message's thread).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.knowledge import Knowledge
from bot.digest.compose import ChannelDigest, Edit, ProfileInput, compose
from bot.render.digest import digest_message
from bot.store import PostedRecommendation, Store, Workspace

USAGE_DAYS = 28
EVENT_TYPE = "selfhost_digest"


def outbox_key(ws: Workspace, channel_id: str, period: str) -> str:
    """The outbox key carried in the message metadata (workspace, channel, period)."""
    return f"{ws.enterprise_id or '-'}/{ws.team_id or '*'}/{channel_id}/{period}"


def last_digest(store: Store, ws: Workspace, profile: str, channel_id: str) -> PostedRecommendation | None:
    for rec in store.recommendations.list(ws, profile, channel_id, limit=20):
        if (rec.details or {}).get("source") == "digest":
            return rec
    return None


def profile_inputs(store: Store, ws: Workspace, channel_id: str, now: dt.datetime) -> list[ProfileInput]:
    """The profile bound to the channel (one per channel), with its usage, last digest and edits since."""
    rec = store.profiles.bound(ws, channel_id)
    if rec is None:
        return []
    start = now.date() - dt.timedelta(days=USAGE_DAYS)
    usage = [(u.date, u.tokens) for u in store.usage.series(ws, rec.name, start, now.date())]
    last = last_digest(store, ws, rec.name, channel_id)
    edits: list[Edit] = []
    if last is not None:
        edits = [
            Edit(v.changed_by, v.changed_at, tuple((c.field, c.old, c.new) for c in v.changes))
            for v in store.profiles.history(ws, rec.name)
            if v.changed_at > last.created_at and v.changes
        ]
    return [ProfileInput(rec.name, rec.profile, rec.updated_at, usage, last.details if last else None, edits)]


def compose_channel(
    k: Knowledge, store: Store, ws: Workspace, channel_id: str, period: str, now: dt.datetime
) -> ChannelDigest:
    return compose(k, channel_id, period, profile_inputs(store, ws, channel_id, now), now)


def payload_for(
    k: Knowledge, store: Store, ws: Workspace, channel_id: str, period: str, now: dt.datetime
) -> dict[str, Any]:
    inputs = profile_inputs(store, ws, channel_id, now)
    try:
        digest = compose(k, channel_id, period, inputs, now)
    except ValueError as e:  # a stored profile the engine refuses (an assumption out of range): name it
        raise ValueError(f"profile {', '.join(repr(p.name) for p in inputs)}: {e}") from None
    message = digest_message(digest)
    records = []
    chart = None
    for p, item in zip(inputs, digest.profiles, strict=True):
        f = item.figures
        costs = {"api": f.api_monthly, "self_host": f.self_host_monthly} if f else {}
        records.append({"profile_name": p.name, "verdict": f.verdict if f else "unknown",
                        "monthly_costs": costs, "details": item.record()})
        if chart is None and f is not None and item.changed and item.volume:
            chart = {"profile": p.profile.model_dump(mode="json", exclude_none=True), "volume": item.volume,
                     "title": f"{p.name}: monthly cost vs tokens/day ({digest.period_label})"}
    return {"key": outbox_key(ws, channel_id, period), "text": message["text"], "blocks": message["blocks"],
            "records": records, "chart": chart}


def record_posted(store: Store, ws: Workspace, channel_id: str, payload: dict[str, Any], ts: str,
                  now: dt.datetime) -> None:
    for r in payload.get("records") or []:
        store.recommendations.record(ws, PostedRecommendation(
            verdict=r["verdict"], monthly_costs=r["monthly_costs"], created_at=now,
            profile_name=r["profile_name"], channel_id=channel_id, message_ts=ts, details=r["details"]))
