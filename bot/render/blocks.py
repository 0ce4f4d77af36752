"""Recommendation → Block Kit message, within Slack's limits, never cut mid-word.

Pure: models in, dicts out. Long parts (the reasoning path, findings, costs) are packed into sections of
at most 3,000 chars at line boundaries; when the message would pass 50 blocks, the largest parts give
up blocks first and end with "…and N more … (see the full reasoning with `/selfhost recommend --full`)".
"""

from __future__ import annotations

import re
from typing import Any

from bot.core.recommendation import Finding, Missing, Recommendation, Verdict

from . import common as c
from .escape import escape

MAX_BLOCKS = 50
SECTION_CHARS = 3000
FIELD_CHARS = 2000
HEADER_CHARS = 150
BUTTON_CHARS = 75
ID_CHARS = 255
DEFAULT_STEPS = 12  # steps shown without full=True; the rest are summarised
ANSWER_ACTION = re.compile(r"^answer_(?P<field>[A-Za-z0-9_]+):(?P<index>\d+)$")

Block = dict[str, Any]
Part = tuple[str, str, list[str], str]  # (block id, title, mrkdwn lines, what to call the items)


# --- primitives -------------------------------------------------------------------------------------


def esc(text: str) -> str:
    """Escape user text for mrkdwn: the one function ``bot.render.escape.escape`` (kept under this name)."""
    return escape(text)


def mrkdwn(text: str) -> dict[str, str]:
    """A mrkdwn text object; Slack rejects blank text, so blank becomes a dash."""
    return {"type": "mrkdwn", "text": text if text.strip() else "—"}


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": c.shorten(text, limit) or "—", "emoji": True}


def section(text: str, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(c.fit(text, SECTION_CHARS))}
    if block_id:
        block["block_id"] = block_id[:ID_CHARS]
    return block


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    el: dict[str, Any] = {"type": "button", "text": plain(label, BUTTON_CHARS),
                          "action_id": action_id[:ID_CHARS], "value": value[:2000]}
    if style:
        el["style"] = style
    return el


# --- parts: each a title and mrkdwn lines -------------------------------------------------------------


def finding_line(f: Finding, sign: str) -> str:
    line = (f"{sign} *{esc(c.shorten(f.title, 200))}* (`{esc(c.shorten(f.id, 100))}`) — "
            f"{esc(c.shorten(f.why, 1500))}")
    if f.hard:
        line += " :lock: _hard constraint_"
    if f.source_text:
        line += f"\n      _from your message: '{esc(c.shorten(f.source_text, 300))}'_"
    return line


def findings_lines(rec: Recommendation) -> list[str]:
    lines = [finding_line(f, ":white_check_mark:") for f in rec.triggers]
    lines += [finding_line(f, ":no_entry_sign:") for f in rec.blockers]
    for x in rec.conflicts:
        lines.append(f":warning: *Conflict* (`{esc(c.shorten(x.id, 100))}`: "
                     f"{esc(c.shorten(' vs '.join(x.between), 200))}) — {esc(c.shorten(x.why, 1200))}\n"
                     f"      *Way through:* {esc(c.shorten(x.way_through, 1200))}")
    return lines


def path_lines(rec: Recommendation) -> list[str]:
    return [
        f"*{i}.* {esc(c.shorten(s.question, 600))} → `{esc(c.shorten(s.fact, 100))}` = "
        f"{esc(c.shorten(s.value, 300))} → _{esc(c.shorten(s.rule, 600))}_ → "
        f"*{esc(c.shorten(s.outcome, 200))}*"
        for i, s in enumerate(rec.path, 1)
    ]


def cost_lines(rec: Recommendation) -> list[str]:
    costs = rec.costs
    if costs is None:
        return []
    lines = []
    for opt in costs.options:
        label, figures = esc(c.shorten(opt.label, 200)), c.option_figures(opt)
        if not opt.possible:
            why = esc(c.shorten(opt.note or "not possible", 500))
            lines.append(f"• ~{label} — {figures}~ :x: _{why}_")
            continue
        line = f"• *{label}* — {figures}"
        if opt.id == costs.cheapest:
            line += " :white_check_mark: *cheapest*"
        if opt.note:
            line += f" _{esc(c.shorten(opt.note, 500))}_"
        if opt.breakdown:
            parts = [f"{esc(c.shorten(k, 60))} {c.per_month(v)}" for k, v in list(opt.breakdown.items())[:8]]
            line += "\n      _" + " · ".join(parts) + "_"
        lines.append(line)
    return [*lines, c.break_even_phrase(costs, bold="*")]


def hardware_lines(rec: Recommendation) -> list[str]:
    plan = rec.deployment
    lines = [esc(c.shorten(line, 1500)) for line in c.plan_lines(plan)]
    lines += [esc(c.shorten(line, 500)) for line in c.target_lines(plan)]
    if plan.possible:
        lines.append(":white_check_mark: Physically possible" + (
            f" — {esc(c.shorten(plan.reason, 500))}" if plan.reason else ""))
    else:
        lines.append(f":x: *Not possible:* {esc(c.shorten(plan.reason or 'does not fit', 800))}")
        if plan.smallest_working:
            lines.append(f"*Smallest working config:* {esc(c.shorten(plan.smallest_working, 800))}")
    lines += [f"• {esc(c.shorten(n, 800))}" for n in plan.notes]
    if rec.hybrid is not None:
        h = rec.hybrid
        lines.append(
            f":twisted_rightwards_arrows: {h.simple_share:.0%} of requests local, the rest to "
            f"`{esc(c.shorten(h.api_model, 100))}`: {c.per_month(h.monthly_usd)} vs "
            f"{c.per_month(h.api_only_monthly_usd)} API-only (saves *{c.per_month(h.savings_monthly_usd)}*)")
    return lines


def flip_lines(rec: Recommendation) -> list[str]:
    return [f"• {esc(c.shorten(s.text, 1000))} _(now: {esc(c.shorten(s.current, 200))})_"
            for s in rec.sensitivity]


def missing_lines(rec: Recommendation) -> list[str]:
    return [f"{i}. *{esc(c.shorten(m.question, 500))}* (`{esc(c.shorten(m.field, 100))}`) — "
            f"{esc(c.shorten(m.why, 1000))}" for i, m in enumerate(rec.missing, 1)]


def _parts(rec: Recommendation, full: bool) -> list[Part]:
    """(block id, title, lines, what to call the items when summarised)."""
    path = path_lines(rec)
    if not full and len(path) > DEFAULT_STEPS:
        path = [*path[:DEFAULT_STEPS], c.more_steps(len(path) - DEFAULT_STEPS)]
    kind = c.kind_words(rec.deployment)
    return [
        ("why", "Why", findings_lines(rec), "findings"),
        ("path", "Reasoning", path, "steps"),
        ("costs", "Cost comparison", cost_lines(rec), "options"),
        ("hardware", f"Hardware plan — {kind}", hardware_lines(rec), "details"),
        ("flips", "What would flip the verdict", flip_lines(rec), "conditions"),
        ("missing", "Missing facts (most important first)", missing_lines(rec), "facts"),
        ("notes", "Notes", [f"• {esc(c.shorten(n, 1500))}" for n in rec.notes], "notes"),
    ]


def pack_part(title: str, lines: list[str], max_blocks: int, what: str, hint: str = c.FULL_HINT) -> list[str]:
    """Chunks (≤ 3,000 chars each, at most ``max_blocks``) with the title on the first."""
    items = [f"*{title}*", *lines]
    for keep in range(len(items), 0, -1):
        shown = items[:keep]
        if keep < len(items):
            shown.append(c.more_steps(len(items) - keep, what, hint))
        chunks = c.pack(shown, SECTION_CHARS)
        if len(chunks) <= max_blocks:
            return chunks
    return [c.fit(f"*{title}* {c.more_steps(len(lines), what, hint)}", SECTION_CHARS)]


def _allocate(needs: list[int], budget: int) -> list[int]:
    """Blocks per part: take from the largest part until the total fits (every part keeps ≥ 1)."""
    alloc = list(needs)
    while sum(alloc) > budget and max(alloc, default=0) > 1:
        alloc[alloc.index(max(alloc))] -= 1
    return alloc


def _body(rec: Recommendation, full: bool, budget: int) -> list[Block]:
    return body_blocks(_parts(rec, full), budget)


def body_blocks(parts: list[Part], budget: int, hint: str = c.FULL_HINT) -> list[Block]:
    """Each non-empty part after a divider, packed into sections; ``budget`` blocks in all."""
    parts = [p for p in parts if p[2]]
    while parts and 2 * len(parts) > budget:  # a divider and a section each; the last parts go first
        parts.pop()
    chunked = [c.pack([f"*{title}*", *lines], SECTION_CHARS) for _, title, lines, _ in parts]
    alloc = _allocate([len(ch) for ch in chunked], budget - len(parts))  # one divider per part
    blocks: list[Block] = []
    for (bid, title, lines, what), chunks, n in zip(parts, chunked, alloc, strict=True):
        if len(chunks) > n:
            chunks = pack_part(title, lines, n, what, hint)
        blocks.append({"type": "divider"})
        blocks += [section(ch, f"rec_{bid}_{i}") for i, ch in enumerate(chunks)]
    return blocks


# --- public -----------------------------------------------------------------------------------------


def _fields(rec: Recommendation) -> Block:
    fields = [mrkdwn(c.fit(f"*{label}*\n{esc(value)}", FIELD_CHARS)) for label, value in c.key_figures(rec)]
    return {"type": "section", "block_id": "rec_figures", "fields": fields[:10]}


def _actions(value: str, ephemeral: bool) -> Block:
    buttons = [button("Post to channel", "post_to_channel", value, "primary")] if ephemeral else []
    buttons += [button("Edit profile", "profile_edit", value), button("Re-run", "rerun", value)]
    return {"type": "actions", "block_id": "rec_actions", "elements": buttons}


def render_recommendation(
    rec: Recommendation,
    *,
    title: str | None = None,
    ephemeral_actions: bool = True,
    actions: bool = True,
    full: bool = False,
    action_value: str = "recommendation",
    max_blocks: int = MAX_BLOCKS,
) -> dict[str, Any]:
    """The whole message: ``{"text": fallback, "blocks": [...]}``, always within Slack's limits.

    ``ephemeral_actions`` adds "Post to channel"; ``actions=False`` drops the buttons (digests, archives);
    ``full`` shows every reasoning step that fits instead of the first 12; ``max_blocks`` leaves room for
    blocks a caller adds around the message (at least 5 are always used: header to context line).
    """
    head = esc(c.shorten(rec.headline, 2500))
    if title:
        head = f"*{esc(c.shorten(title, 300))}*\n{head}"
    top: list[Block] = [
        {"type": "header", "block_id": "rec_header", "text": plain(c.verdict_label(rec), HEADER_CHARS)},
        section(head, "rec_headline"),
        _fields(rec),
    ]
    tail: list[Block] = []
    as_of = c.as_of_phrase(rec)
    tail.append({"type": "context", "block_id": "rec_context", "elements": [
        mrkdwn(c.shorten(f"Confidence: *{rec.confidence}*" + (f" · {esc(as_of)}" if as_of else ""), 2000))]})
    if actions:
        tail.append(_actions(action_value, ephemeral_actions))
    body = _body(rec, full, min(max_blocks, MAX_BLOCKS) - len(top) - len(tail))
    return {"text": escape(c.summary(rec)), "blocks": [*top, *body, *tail]}


def render_question(
    missing: Missing, block_id_prefix: str, *, action: str = "answer", value: str | None = None, why_chars: int = 1500
) -> list[Block]:
    """A question with one button per common answer.

    Slack requires action ids to be unique within a block, so each button's action_id is
    ``<action>_<field>:<index>`` (see ``answer_field``); its value is the option itself, or ``value`` when
    given (a reference the listener rebuilds the answer from; the option is then looked up by its index).
    """
    prefix = f"{block_id_prefix}_{missing.field}"[: ID_CHARS - 2]
    text = f"*{esc(c.shorten(missing.question, 1000))}*"
    if missing.why and why_chars > 0:
        text += f"\n_{esc(c.shorten(missing.why, why_chars))}_"
    blocks = [section(text, f"{prefix}_q")]
    options = [opt for opt in missing.options if opt.strip()][:25]
    if options:
        blocks.append({"type": "actions", "block_id": f"{prefix}_a", "elements": [
            button(opt, f"{action}_{missing.field[:200]}:{i}", opt if value is None else value)
            for i, opt in enumerate(options)]})
    else:
        blocks.append({"type": "context", "elements": [mrkdwn("Reply in this thread with your answer.")]})
    return blocks


def answer_field(action_id: str) -> str | None:
    """``answer_data_sensitivity:2`` → ``data_sensitivity``; None for any other action id."""
    m = ANSWER_ACTION.match(action_id)
    return m["field"] if m else None


def render_error(message: str) -> dict[str, Any]:
    """A friendly one-sentence error as a message."""
    text = c.shorten(message, 2900) or "Something went wrong."
    return {"text": esc(text), "blocks": [section(f":warning: {esc(text)}", "error")]}


def render_change(old_verdict: Verdict, new_verdict: Verdict, reasons: list[str]) -> Block:
    """"Verdict `api` → `self_host`: 50M → 500M tokens/day crosses the 240M break-even"."""
    why = "; ".join(esc(r) for r in reasons if r.strip()) or "the inputs changed"
    text = f":arrows_counterclockwise: Verdict `{old_verdict}` → `{new_verdict}`: {why}"
    return section(text, "rec_change")
