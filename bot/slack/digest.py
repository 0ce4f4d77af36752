"""`/selfhost digest on [#channel] [DAY HH:MM] [TZ] | off | status | preview` (contract: bot.slack.deps).

`on` defaults to Monday 09:00 in the subscribing user's time zone (from users.info; UTC if Slack does
not say). Changing the schedule follows the workspace's permission setting.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient

from bot.digest.gather import compose_channel
from bot.digest.schedule import WEEKDAYS, current_period, next_run, parse_weekday
from bot.render.digest import digest_message
from bot.slack.deps import Command, Deps, Reply, UserError
from bot.slack.permissions import REFUSAL, can_change
from bot.store import StoreError, Subscription

USAGE = "Try `/selfhost digest on [#channel] [DAY HH:MM] [TZ]`, `off`, `status` or `preview`."
CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")
HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    action, _, rest = cmd.args.strip().partition(" ")
    action = action.lower() or "status"
    if action not in ("on", "off", "status", "preview"):
        raise UserError(f"I don't know `digest {action}`. {USAGE}")
    words = rest.split()
    channel = cmd.channel_id
    if words and words[0].startswith(("<#", "#")):
        channel = parse_channel(words.pop(0))
    if action in ("on", "off") and not can_change(client, deps.settings, cmd.user_id):
        raise UserError(REFUSAL)
    if action == "on":
        return turn_on(cmd, deps, client, channel, words)
    if words:
        raise UserError(f"`digest {action}` takes no options beyond a #channel. {USAGE}")
    if action == "off":
        if not deps.store.subscriptions.set_enabled(cmd.workspace, channel, False):
            return Reply(text=f"<#{channel}> has no weekly digest to turn off.", shareable=False)
        return Reply(text=f"Weekly digest for <#{channel}> turned off.", shareable=False)
    if action == "status":
        return status(cmd, deps, channel)
    return preview(cmd, deps, channel)


def parse_channel(word: str) -> str:
    m = CHANNEL.match(word)
    if not m:
        raise UserError(f"channel: {word!r} is not a channel mention; pick the channel from the # autocomplete.")
    return m.group(1)


def parse_schedule(words: list[str], default_tz: str) -> tuple[int, str, str]:
    """[DAY] [HH:MM] [TZ] in any order → (weekday, "HH:MM", tz); defaults Monday 09:00 ``default_tz``."""
    weekday, time, tz = 0, "09:00", default_tz
    for w in words:
        if (day := parse_weekday(w)) is not None:
            weekday = day
        elif m := HHMM.match(w):
            time = f"{int(m.group(1)):02d}:{m.group(2)}"
        elif "/" in w or w.upper() == "UTC":
            tz = "UTC" if w.upper() == "UTC" else w
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError):
                raise UserError(f"time zone: {w!r} is not a known time zone; use a name like Europe/Berlin.") from None
        else:
            raise UserError(f"{w!r} is not a weekday, a time (HH:MM) or a time zone (Area/City). {USAGE}")
    return weekday, time, tz


def user_tz(client: WebClient, user_id: str) -> str:
    try:
        tz = (client.users_info(user=user_id).get("user") or {}).get("tz") or "UTC"
        ZoneInfo(tz)
        return tz
    except Exception:  # no scope, unknown user, unknown zone: UTC, said in the reply
        return "UTC"


def turn_on(cmd: Command, deps: Deps, client: WebClient, channel: str, words: list[str]) -> Reply:
    weekday, time, tz = parse_schedule(words, user_tz(client, cmd.user_id))
    now = deps.clock()
    try:
        deps.store.subscriptions.subscribe(
            cmd.workspace, Subscription(channel, weekday, time, tz, created_by=cmd.user_id), now)
    except StoreError as e:
        raise UserError(str(e)) from None
    at = next_run(weekday, time, tz, now).astimezone(ZoneInfo(tz))
    bound = deps.store.profiles.bound(cmd.workspace, channel)
    hint = "" if bound else " No profile is bound there yet: `/selfhost profile use NAME` in that channel."
    return Reply(text=f"Weekly digest for <#{channel}> on: {WEEKDAYS[weekday].title()}s at {time} {tz}. "
                      f"First one {at:%a %d %b %H:%M %Z}.{hint}", shareable=False)


def status(cmd: Command, deps: Deps, channel: str) -> Reply:
    sub = deps.store.subscriptions.get(cmd.workspace, channel)
    if sub is None or not sub.enabled:
        return Reply(text=f"<#{channel}> has no weekly digest. Turn it on with `/selfhost digest on`.",
                     shareable=False)
    now = deps.clock()
    at = next_run(sub.weekday, sub.time, sub.tz, now).astimezone(ZoneInfo(sub.tz))
    sent = [r for r in deps.store.outbox.list(cmd.workspace) if r.channel_id == channel and r.status == "sent"]
    last = f" Last sent for {sent[-1].period}." if sent else " None sent yet."
    pending = [r for r in deps.store.outbox.list(cmd.workspace) if r.channel_id == channel and r.status != "sent"]
    waiting = f" {len(pending)} waiting to be delivered ({pending[-1].last_error or 'queued'})." if pending else ""
    return Reply(text=f"Weekly digest for <#{channel}>: {WEEKDAYS[sub.weekday].title()}s at {sub.time} {sub.tz}. "
                      f"Next {at:%a %d %b %H:%M %Z}.{last}{waiting}", shareable=False)


def preview(cmd: Command, deps: Deps, channel: str) -> Reply:
    now = deps.clock()
    sub = deps.store.subscriptions.get(cmd.workspace, channel)
    period = current_period(sub.tz if sub else "UTC", now)
    digest = compose_channel(deps.knowledge, deps.store, cmd.workspace, channel, period, now)
    message = digest_message(digest)
    return Reply(text=message["text"], blocks=message["blocks"], shareable=False)
