"""The details behind a summary, one part at a time: the reasoning, the costs, or the hardware plan.

Pure. ``render_detail(rec, action, ...)`` answers a detail button (``show_reasoning``, ``show_costs``,
``show_hardware``) with that part in full, within Slack's 50-block limit, and buttons for the other parts.
An ephemeral answer is replaced in place, so it also gets "Less" (``show_summary``) back to the summary; a
detail posted in a channel message's thread does not need one (the summary stays above it).
"""

from __future__ import annotations

from typing import Any

from bot.core.recommendation import Recommendation

from . import common as c
from .blocks import (
    HEADER_CHARS,
    MAX_BLOCKS,
    Block,
    Part,
    body_blocks,
    cost_lines,
    findings_lines,
    flip_lines,
    hardware_lines,
    missing_lines,
    mrkdwn,
    path_lines,
    plain,
    section,
)
from .escape import escape
from .summary import verdict_words
from .summary_blocks import DETAILS, NAV_BLOCK, nav_buttons

ASSUMPTION_WORDS = {  # the operating assumptions a cost reader asks about first, as people write them
    "electricity_usd_per_kwh": lambda v: f"electricity ${v:.2f}/kWh",
    "pue": lambda v: f"PUE {v:g}",
    "amortisation_months": lambda v: f"hardware amortised over {v:g} months",
    "hosting_usd_per_device_month": lambda v: f"hosting {c.usd(v)} per device-month",
    "mlops_engineer_usd_per_year": lambda v: f"an MLOps engineer {c.usd(v)}/year",
    "target_utilisation": lambda v: f"target utilisation {v:.0%}",
    "peak_to_average": lambda v: f"peak {v:g}× the average",
}


def _assumptions(rec: Recommendation) -> list[str]:
    if rec.costs is None or not rec.costs.assumptions:
        return []
    shown = [fmt(rec.costs.assumptions[k]) for k, fmt in ASSUMPTION_WORDS.items() if k in rec.costs.assumptions]
    if not shown:
        return []
    return [escape(" · ".join(shown)) + " _(change any per profile with `assumptions`)_"]


def _notes(rec: Recommendation) -> list[str]:
    return [f"• {escape(c.shorten(n, 1500))}" for n in rec.notes]


def detail_parts(rec: Recommendation, action: str) -> list[Part]:
    """The parts one detail button shows."""
    if action == "show_reasoning":
        return [
            ("head", "Verdict", [escape(c.shorten(rec.headline, 2500))], "lines"),
            ("why", "Why", findings_lines(rec), "findings"),
            ("path", "Decision path", path_lines(rec), "steps"),
            ("missing", "Missing facts (most important first)", missing_lines(rec), "facts"),
            ("notes", "Notes", _notes(rec), "notes"),
        ]
    if action == "show_costs":
        return [
            ("costs", "Monthly cost of each option", cost_lines(rec) or ["No volume given, so no costs yet."],
             "options"),
            ("assumptions", "Assumptions", _assumptions(rec), "assumptions"),
        ]
    if action == "show_hardware":
        return [
            ("hardware", f"Hardware plan — {c.KIND_WORDS[rec.deployment.kind]}", hardware_lines(rec), "details"),
            ("flips", "What would flip the verdict", flip_lines(rec), "conditions"),
        ]
    raise ValueError(f"unknown detail {action!r}")


def render_detail(
    rec: Recommendation, action: str, *, ref: str, title: str | None = None, in_thread: bool = False,
    note: str | None = None,
) -> dict[str, Any]:
    """``{"text", "blocks"}`` for one detail button; ``note`` (e.g. where the chart went) ends the message."""
    if action not in DETAILS:
        raise ValueError(f"unknown detail {action!r}")
    label = DETAILS[action]
    head: list[Block] = [{"type": "header", "block_id": "detail_header",
                          "text": plain(f"{label} · {verdict_words(rec)}", HEADER_CHARS)}]
    if title:
        head.append(section(f"*{escape(c.shorten(title, 300))}*", "detail_title"))
    tail: list[Block] = []
    footer = [x for x in (note, c.as_of_phrase(rec)) if x]
    if footer:
        tail.append({"type": "context", "block_id": "detail_context",
                     "elements": [mrkdwn(escape(c.shorten(x, 1900))) for x in footer]})
    tail.append({"type": "actions", "block_id": NAV_BLOCK,
                 "elements": nav_buttons(ref, current=action, less=not in_thread)})
    body = body_blocks(detail_parts(rec, action), MAX_BLOCKS - len(head) - len(tail), hint="")
    text = f"{label}: {verdict_words(rec)}. {rec.headline}"
    return {"text": escape(c.shorten(text, 900)), "blocks": [*head, *body, *tail]}
