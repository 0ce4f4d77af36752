"""What every listener gets: the dependencies (``Deps``), a parsed ``Command`` and a ``Reply`` to send.

A sub-command handler has the signature ``handle(cmd: Command, deps: Deps, client: WebClient) ->
Reply | None``: parse → one core call → one render call → return a Reply (the dispatcher sends it via
``respond``, ephemeral by default, with a "Post to channel" button). Return None when the handler
answered another way (e.g. opened a modal). Raise ``UserError`` for a friendly one-sentence answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.core.knowledge import Knowledge
from bot.store import Store, Workspace


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Deps:
    store: Store
    knowledge: Knowledge
    settings: Any  # bot.config.Settings (None in tests and the console that need none)
    clock: Callable[[], dt.datetime] = utc_now  # timezone-aware UTC now
    later: Callable[[Callable[[], None]], None] | None = None  # runs work off the ack path (create_app sets it)

    def defer(self, work: Callable[[], None]) -> None:
        """Run ``work`` on the work executor (inline when none is wired, e.g. in the console)."""
        if self.later is None:
            work()
        else:
            self.later(work)


class UserError(Exception):
    """A problem with what the user asked; the message is shown to them as-is (one sentence)."""


@dataclass(frozen=True)
class Command:
    """One ``/selfhost`` invocation, after the sub-command word was split off."""

    workspace: Workspace
    user_id: str
    channel_id: str
    name: str  # the sub-command ("recommend")
    args: str  # the rest of the text ("400M tokens/day, HIPAA")
    trigger_id: str | None = None
    response_url: str | None = None

    @property
    def text(self) -> str:
        """The whole command text, as typed after ``/selfhost``."""
        return f"{self.name} {self.args}".strip()


@dataclass
class Reply:
    text: str  # fallback text: notifications, screen readers
    blocks: list[dict] = field(default_factory=list)
    response_type: Literal["ephemeral", "in_channel"] = "ephemeral"
    shareable: bool = True  # add the "Post to channel" button
    model: Any = None  # the core result (Recommendation, CostReport, ...) so a console can render text
    share_value: str | None = None  # what "Post to channel" carries instead of the command text (a stored answer)


def workspace_of(context: Any) -> Workspace:
    """The store scope of a Bolt request context."""
    return Workspace.for_install(
        context.get("enterprise_id"), context.get("team_id"), bool(context.get("is_enterprise_install"))
    )
