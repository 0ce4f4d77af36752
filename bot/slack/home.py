"""App Home: ``app_home_opened`` → ``views.publish`` with the workspace's profiles, their last verdict and
monthly figures (from the recommendations log), digest status per channel, and Edit / Re-run buttons."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.render.profile import HomeRow, render_home
from bot.slack.deps import Deps, workspace_of
from bot.store import Workspace

log = logging.getLogger(__name__)


def home_view(deps: Deps, ws: Workspace) -> dict:
    """The Home tab for a workspace (the same for every user: profiles are shared)."""
    store = deps.store
    rows = []
    for record in store.profiles.list(ws):
        last = store.recommendations.last(ws, record.name)
        rows.append(HomeRow(
            name=record.name, version=record.version, updated_at=record.updated_at,
            channels=store.profiles.channels(ws, record.name), verdict=last.verdict if last else None,
            monthly_costs=last.monthly_costs if last else None, verdict_at=last.created_at if last else None,
        ))
    return render_home(rows, store.subscriptions.list(ws))


def publish(client: WebClient, deps: Deps, ws: Workspace, user_id: str) -> None:
    client.views_publish(user_id=user_id, view=home_view(deps, ws))


def register(app: Any, deps: Deps) -> None:
    def opened(event: dict, context: Any, client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        publish(client, deps, workspace_of(context), event["user"])

    app.event("app_home_opened")(opened)
