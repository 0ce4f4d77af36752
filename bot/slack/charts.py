"""The break-even chart for an answer: drawn from the engine's curves and uploaded with Slack's file upload flow
(``files.getUploadURLExternal`` → upload → ``files.completeUploadExternal``, via ``files_upload_v2``, as the
digest does). Best effort: without matplotlib, or when Slack refuses, the answer stands without its chart."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.core.curves import cost_curves
from bot.core.knowledge import Knowledge
from bot.core.profile import WorkloadProfile
from bot.core.recommendation import Recommendation
from bot.render import chart
from bot.store import Workspace

log = logging.getLogger(__name__)
FILENAME = "break-even.png"
ALT = "Monthly cost against tokens per day: your API, a hosted open-weight API and self-hosting, with break-evens"


def chart_png(k: Knowledge, rec: Recommendation, profile: WorkloadProfile, title: str | None = None) -> bytes | None:
    """The answer's chart (None when there is no volume to chart or matplotlib is not installed)."""
    if rec.costs is None or not chart.available():
        return None
    return chart.render_png(cost_curves(k, profile, title=(title or "")[:120]))


def first_time(store: Any, ws: Workspace, now: datetime, rec_id: int | None, place: str) -> bool:
    """True once per answer and place (a thread, a user's DMs): a chart is attached once, however often asked."""
    return bool(store.events.mark_seen(ws, f"chart:{rec_id}:{place}"[:100], now))


def file_title(title: str | None, rec: Recommendation) -> str:
    return f"Break-even: {title or rec.headline}"


def upload(
    client: WebClient, png: bytes, title: str, *, channel: str | None = None, thread_ts: str | None = None,
    user: str | None = None,
) -> bool:
    """Share the PNG in a channel (in a thread when ``thread_ts``), or with ``user`` in a direct message."""
    try:
        if channel:
            client.files_upload_v2(channel=channel, thread_ts=thread_ts, file=png, filename=FILENAME,
                                   title=title[:250], alt_txt=ALT, request_file_info=False)
        else:
            client.files_upload_v2(channels=[user] if user else None, file=png, filename=FILENAME,
                                   title=title[:250], alt_txt=ALT, request_file_info=False)
        return True
    except Exception as e:  # the answer is already there; a missing chart is logged, not retried
        log.warning("chart upload failed", extra={"error": type(e).__name__})
        return False
