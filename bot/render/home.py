"""App Home as a dashboard: each profile's verdict today, its monthly cost, the trend since last week and a
"changed" badge when a price, a model or a fact moved the verdict; then the weekly digests.

Pure: rows (today's Recommendation and its ``Trend``, from ``bot.core.trend``) in, a Home view out, within
the 100-block limit (two blocks a profile).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.recommendation import Recommendation
from bot.core.trend import Trend

from . import common as c
from .blocks import HEADER_CHARS, button, plain, section
from .escape import escape
from .summary import summarize

MAX_HOME_PROFILES = 40  # two blocks each stays under the 100-block view limit with the header and digests
BADGE = ":large_orange_diamond: *changed*"
DAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


@dataclass(frozen=True)
class HomeRow:
    """One profile on the Home tab: today's answer and how it moved since last week."""

    name: str
    version: int
    updated_at: dt.datetime
    channels: Sequence[str]
    rec: Recommendation | None = None
    trend: Trend | None = None
    error: str | None = None  # why there is no answer (e.g. a model the catalog no longer has)


def _trend_line(t: Trend) -> str:
    then = t.then
    assert then is not None
    since = f"since {then.at:%d %b}" if then.at else "since last week"
    parts = []
    if t.changed and then.monthly is not None and t.now.monthly is not None:  # different options: no percentage
        parts.append(f"{c.per_month(then.monthly)} → {c.per_month(t.now.monthly)} {since}")
    elif t.change_pct is not None:
        arrow = ":arrow_up_small:" if t.change_pct > 0.5 else ":arrow_down_small:" if t.change_pct < -0.5 else "="
        parts.append(f"{arrow} {t.change_pct:+.0f}% {since}" if arrow != "=" else f"= same cost {since}")
    if t.changed:
        why = "; ".join(escape(c.shorten(r, 160)) for r in t.reasons[:2])
        parts.append(f"verdict `{escape(then.verdict)}` → `{escape(t.now.verdict)}`" + (f": {why}" if why else ""))
    elif not parts:
        parts.append(f"same verdict {since}")
    return "_" + " · ".join(parts) + "_"


def _verdict_lines(rec: Recommendation, trend: Trend | None) -> list[str]:
    s = summarize(rec, question=False)
    icon = c.VERDICT_EMOJI[rec.verdict] if s.possible else ":x:"
    figures = {f.role: f for f in s.figures}
    cost = ""
    best, api = figures.get("recommended"), figures.get("api")
    if best is not None:
        cost = f" · *{escape(best.value)}*" + (f" vs your API {escape(api.value)}" if api is not None else "")
    elif api is not None:
        cost = f" · *{escape(api.value)}*"
    lines = [f"{icon} *{escape(s.verdict)}*{cost}", escape(c.shorten(s.why, 220))]
    if trend is not None and trend.then is not None:
        lines.append(_trend_line(trend))
    elif rec.costs is None:
        lines.append("_Costs need a daily volume: `/selfhost profile set tokens_per_day=…`_")
    return lines


def _row(row: HomeRow) -> list[dict[str, Any]]:
    where = ", ".join(f"<#{escape(ch)}>" for ch in row.channels) or "not bound to a channel"
    head = f"*{escape(c.shorten(row.name, 80))}* · v{row.version} · {where}"
    if row.trend is not None and row.trend.changed:
        head += f"   {BADGE}"
    if row.rec is not None:
        body = _verdict_lines(row.rec, row.trend)
    else:
        body = [f"_No answer: {escape(c.shorten(row.error or 'the profile needs more facts', 300))}_"]
    bid = c.shorten(row.name, 200)
    return [section("\n".join([head, *body]), f"home_profile_{bid}"),
            {"type": "actions", "block_id": f"home_actions_{bid}",
             "elements": [button("Details", "home_rerun", row.name), button("Edit", "home_profile_edit", row.name)]}]


def _digest_lines(subs: Sequence[Any]) -> list[str]:
    if not subs:
        return ["No weekly digests yet. Turn one on in a channel with `/selfhost digest on`."]
    return [f"• <#{s.channel_id}>: " + (f"on, {DAYS[s.weekday]} {s.time} {s.tz}" if s.enabled else "off")
            for s in subs]


def render_home(rows: Sequence[HomeRow], subscriptions: Sequence[Any]) -> dict[str, Any]:
    """The Home tab view: each profile's verdict today, cost, trend and badge; then the digests."""
    changed = sum(1 for r in rows if r.trend is not None and r.trend.changed)
    intro = ("Each profile's verdict with today's prices and models, its monthly cost, and how both moved since "
             "last week. " + (f"{BADGE}: the verdict moved ({changed}). " if changed else "")
             + "*Details* sends you the full answer; `/selfhost help` lists every command.")
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain("Selfhost Advisor", HEADER_CHARS)},
        section(intro, "home_intro"),
        {"type": "divider"},
    ]
    for row in rows[:MAX_HOME_PROFILES]:
        blocks += _row(row)
    if not rows:
        blocks.append(section("No profiles yet. In a channel, try `/selfhost profile set team=payments "
                              "tokens_per_day=300M capability=mid`.", "home_none"))
    if len(rows) > MAX_HOME_PROFILES:
        blocks.append(section(f"…and {len(rows) - MAX_HOME_PROFILES} more; `/selfhost profile list` shows all.",
                              "home_more"))
    blocks.append({"type": "divider"})
    digest = c.pack(["*Weekly digests*", *_digest_lines(subscriptions)], 3000)[:5]
    blocks += [section(ch, f"home_digest_{i}") for i, ch in enumerate(digest)]
    return {"type": "home", "callback_id": "home", "blocks": blocks}
