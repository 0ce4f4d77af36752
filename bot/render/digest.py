"""Block Kit for a channel's weekly digest: the period in the header, a section per profile, fallback text.

Unchanged profiles get one short line; changed ones get figures, reasons, verdict change, alert and
nudges. Messages stay within Slack's limits (long content is packed into more sections, never cut
mid-word; beyond the block budget the rest is summarised in one line).
"""

from __future__ import annotations

from typing import Any

from bot.core.units import human
from bot.digest.compose import ChannelDigest, ProfileDigest
from bot.render.common import VERDICT_EMOJI, VERDICT_WORDS, fit, pack, per_month
from bot.render.escape import escape

MAX_BLOCKS = 50
SECTION = 3000


def _verdict(v: str | None) -> str:
    if v is None:
        return "no verdict yet"
    return f"{VERDICT_EMOJI.get(v, '')} {VERDICT_WORDS.get(v, v)}".strip()


def _volume(p: ProfileDigest) -> str:
    if p.volume is None:
        return "no volume yet"
    trend = f", {p.trend_pct:+.0f}% vs the week before" if p.trend_pct is not None else ""
    return f"{human(p.volume)} tokens/day ({p.volume_source}{trend})"


def short_line(p: ProfileDigest) -> str:
    """The one line of an unchanged profile."""
    f = p.figures
    if f is None:
        return (f"*{escape(p.name)}*: no volume yet. Report one with `/selfhost usage 120M` "
                "or `/selfhost profile set tokens_per_day=120M`.")
    best = per_month(f.self_host_monthly) if f.self_host_monthly is not None else "not possible"
    return (f"*{escape(p.name)}*: no change. {_verdict(f.verdict)} · API {per_month(f.api_monthly)} · "
            f"self-host {best} · {_volume(p)}")


def profile_lines(p: ProfileDigest) -> list[str]:
    """The detail of a changed profile, one line per fact."""
    f = p.figures
    if f is None:
        return [short_line(p), *[f":bulb: {n}" for n in p.nudges]]
    if p.verdict_changed:
        verdict = f"{_verdict(f.verdict)} (changed from {_verdict(p.previous_verdict)})"
    elif p.previous_verdict:
        verdict = f"{_verdict(f.verdict)} (unchanged)"
    else:
        verdict = _verdict(f.verdict)
    lines = [f"*{escape(p.name)}* · {verdict}", f"_{escape(f.headline)}_"]
    lines.append(f"• API: *{per_month(f.api_monthly)}* ({escape(f.api_label)})")
    if f.self_host_monthly is not None:
        lines.append(f"• Best self-host: *{per_month(f.self_host_monthly)}* ({escape(f.self_host_label)})")
    else:
        lines.append("• Best self-host: no catalogued configuration can carry this volume")
    lines.append(f"• Volume: {_volume(p)}")
    if f.break_even is not None:
        lines.append(f"• Break-even: {human(f.break_even)} tokens/day")
    if p.alert:
        lines.append(f":rotating_light: {escape(p.alert)}")
    if p.reasons:
        lines.append("Since the last digest: " + "; ".join(p.reasons))
    elif p.previous_verdict is None:
        lines.append("First digest for this profile.")
    lines += [f":bulb: {n}" for n in p.nudges]
    return lines


def fallback_text(d: ChannelDigest) -> str:
    parts = []
    for p in d.profiles:
        if p.figures is None:
            parts.append(f"{p.name}: no volume yet")
            continue
        flip = " (changed)" if p.verdict_changed else ""
        alert = " — break-even alert" if p.alert else ""
        parts.append(f"{p.name}: {VERDICT_WORDS.get(p.figures.verdict, p.figures.verdict)}{flip}, "
                     f"API {per_month(p.figures.api_monthly)}{alert}")
    head = f"Weekly LLM cost digest, {d.period_label}"
    text = f"{head}: " + "; ".join(parts) if parts else f"{head}: no profile is bound to this channel."
    return escape(fit(text, 2900))


def digest_message(d: ChannelDigest) -> dict[str, Any]:
    """``{"text": ..., "blocks": [...]}`` for chat.postMessage (or an ephemeral preview)."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": fit(f"LLM cost digest · {d.period_label}", 150)}}
    ]
    body: list[dict[str, Any]] = []
    if not d.profiles:
        body.append(_section("No profile is bound to this channel yet: `/selfhost profile use NAME` "
                             "or `/selfhost profile set tokens_per_day=120M`."))
    quiet = [short_line(p) for p in d.profiles if not p.changed]
    for p in d.profiles:
        if p.changed:
            body += [_section(chunk) for chunk in pack(profile_lines(p), SECTION)]
            body.append({"type": "divider"})
    if quiet:
        body += [_section(chunk) for chunk in pack(quiet, SECTION)]
    budget = MAX_BLOCKS - 2
    if len(body) > budget:
        rest = len(body) - (budget - 1)
        body = [*body[: budget - 1], _section(f"…and {rest} more blocks: see `/selfhost digest preview`.")]
    while body and body[-1]["type"] == "divider":
        body.pop()
    blocks += body
    as_of = " · ".join(f"{part} as of {day}" for part, day in sorted(d.as_of.items()))
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": fit(
        f"Weekly digest ({d.period}) · {as_of} · `/selfhost digest off` to stop", 3000)}]})
    return {"text": fallback_text(d), "blocks": blocks}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
