"""App Home: ``app_home_opened`` → ``views.publish`` with the workspace's dashboard (``bot.render.home``).

For each profile: today's recommendation with today's knowledge, compared (``bot.core.trend``) with the
answer the recommendations log holds from a week or more ago and the profile as it was then (its
history). Opening Home keeps at most one snapshot a day per profile in the log, so next week has
something to compare with even when nobody ran `/selfhost recommend`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.core.knowledge import NotFound
from bot.core.profile import ProfileError, build_profile
from bot.core.trend import Snapshot, from_record, status
from bot.render.home import MAX_HOME_PROFILES, HomeRow, render_home
from bot.slack import answers
from bot.slack.deps import Deps, workspace_of
from bot.store import ProfileRecord, StoreError, Workspace

log = logging.getLogger(__name__)
WEEK = dt.timedelta(days=7)
SNAPSHOT_EVERY = dt.timedelta(days=1)


def _facts_at(deps: Deps, ws: Workspace, name: str, at: dt.datetime) -> dict[str, Any] | None:
    """The profile's given fields as they were at ``at`` (None: it did not exist yet, or cannot be read)."""
    versions = [v for v in deps.store.profiles.history(ws, name) if v.changed_at <= at]
    if not versions:
        return None
    try:
        return build_profile(max(versions, key=lambda v: v.version).snapshot).known()
    except ProfileError:
        return None


def _then(deps: Deps, ws: Workspace, name: str, now: dt.datetime) -> Snapshot | None:
    posted = deps.store.recommendations.last(ws, name, before=now - WEEK)
    if posted is None:
        return None
    facts = _facts_at(deps, ws, name, posted.created_at)
    return from_record(posted.verdict, posted.monthly_costs or {}, posted.details, facts, posted.created_at)


def _row(deps: Deps, ws: Workspace, record: ProfileRecord, now: dt.datetime) -> HomeRow:
    channels = deps.store.profiles.channels(ws, record.name)
    try:
        rec, trend = status(deps.knowledge, record.profile, _then(deps, ws, record.name, now), now)
    except (NotFound, ValueError) as e:
        return HomeRow(record.name, record.version, record.updated_at, channels, error=str(e))
    last = deps.store.recommendations.last(ws, record.name)
    if last is None or now - last.created_at >= SNAPSHOT_EVERY:
        try:
            answers.record(deps, ws, rec, record.profile, source="home", profile_name=record.name)
        except StoreError as e:  # Home still shows; next week just has no snapshot from today
            log.warning("could not keep a Home snapshot", extra={"error": str(e)[:200]})
    return HomeRow(record.name, record.version, record.updated_at, channels, rec, trend)


def home_view(deps: Deps, ws: Workspace) -> dict:
    """The Home tab for a workspace (the same for every user: profiles are shared)."""
    now = deps.clock()
    records = deps.store.profiles.list(ws)
    rows = [_row(deps, ws, r, now) for r in records[:MAX_HOME_PROFILES]]
    rows += [HomeRow(r.name, r.version, r.updated_at, ()) for r in records[MAX_HOME_PROFILES:]]  # counted only
    return render_home(rows, deps.store.subscriptions.list(ws))


def publish(client: WebClient, deps: Deps, ws: Workspace, user_id: str) -> None:
    client.views_publish(user_id=user_id, view=home_view(deps, ws))


def register(app: Any, deps: Deps) -> None:
    def opened(event: dict, context: Any, client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        publish(client, deps, workspace_of(context), event["user"])

    app.event("app_home_opened")(ack=_ack, lazy=[opened])


def _ack(ack: Callable) -> None:
    ack()
