"""The first answer in Slack: a Recommendation's summary as Block Kit, at most 8 blocks and ~1,500 characters.

Pure. Layout: the verdict (header); one sentence of why with the cost figures beside it (your API, the
recommended option, the cheapest alternative, the break-even); the plan in one line; confidence and the
caller's notes; the most important missing fact as a question with buttons; then the detail buttons
(``show_reasoning``, ``show_costs``, ``show_hardware``, their value the stored answer's reference) and the
caller's own buttons. When the text would pass the reading budget, the longest phrases are shortened
further, so long team names and long findings never push the answer onto a second screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.recommendation import Missing, Recommendation

from . import common as c
from .blocks import HEADER_CHARS, Block, button, mrkdwn, plain, render_question, section
from .escape import escape
from .summary import Figure, Summary, summarize
from .visible import visible_chars

SUMMARY_BLOCKS = 8
SUMMARY_CHARS = 1500
DETAILS = {"show_reasoning": "Reasoning", "show_costs": "Costs", "show_hardware": "Hardware"}
LESS = "show_summary"
NAV_BLOCK = "rec_nav"
# characters per phrase at full size; all shrink together when the answer passes SUMMARY_CHARS
CAPS = {"title": 100, "lead": 220, "why": 300, "quote": 120, "name": 60, "note": 60, "plan": 240, "notes": 220,
        "question": 160, "question_why": 110}
SCALES = (1.0, 0.75, 0.55, 0.4)


def nav_buttons(ref: str, *, current: str | None = None, less: bool = False) -> list[dict[str, Any]]:
    """Reasoning · Costs · Hardware (the one shown is left out) and, when ``less``, the Less button."""
    buttons = [button(label, action, ref) for action, label in DETAILS.items() if action != current]
    if less:
        buttons.append(button("Less", LESS, ref))
    return buttons


def _figure_field(f: Figure, cap: Any) -> dict[str, str]:
    lines = [f"*{escape(f.label)}*"]
    if f.name:
        lines.append(escape(c.shorten(f.name, cap("name"))))
    value = f"*{escape(f.value)}*"
    if f.note:
        value += f" _({escape(c.shorten(f.note, cap('note')))})_"
    lines.append(value)
    return mrkdwn("\n".join(lines))


def _lead_section(s: Summary, title: str | None, lead: str | None, cap: Any) -> Block:
    text = f"*{escape(c.shorten(title, cap('title')))}*\n" if title else ""
    if lead:  # already mrkdwn (the caller escaped its user text)
        text += f":arrows_counterclockwise: {c.shorten(lead, cap('lead'))}\n"
    text += escape(c.shorten(s.why, cap("why")))
    if s.quote:
        text += f" _(from your message: '{escape(c.shorten(s.quote, cap('quote')))}')_"
    block = section(text, "rec_why")
    if s.figures:
        block["fields"] = [_figure_field(f, cap) for f in s.figures[:4]]
    return block


def _context(s: Summary, notes: Sequence[str], cap: Any) -> Block:
    head = f"Confidence: *{s.confidence}*"
    if s.more_questions:
        head += f" · {s.more_questions} more open question{'s' if s.more_questions > 1 else ''} (Reasoning)"
    if s.as_of:
        head += f" · {escape(s.as_of)}"
    elements = [mrkdwn(head)]
    budget = cap("notes")
    for note in notes[:3]:
        if budget < 20:
            break
        text = c.shorten(note, budget)
        elements.append(mrkdwn(escape(text)))
        budget -= len(text)
    return {"type": "context", "block_id": "rec_context", "elements": elements}


def _blocks(
    rec: Recommendation, s: Summary, scale: float, *, ref: str | None, title: str | None, lead: str | None,
    notes: Sequence[str], question_prefix: str, answer_action: str, extra: Sequence[dict[str, Any]],
    max_blocks: int,
) -> list[Block]:
    def cap(name: str) -> int:
        return max(20, int(CAPS[name] * scale))

    icon = c.VERDICT_EMOJI[rec.verdict] if s.possible else ":x:"
    blocks: list[Block] = [
        {"type": "header", "block_id": "rec_header", "text": plain(f"{icon} {s.verdict}", HEADER_CHARS)},
        _lead_section(s, title, lead, cap),
        section(f"*Plan:* {escape(c.shorten(s.plan, cap('plan')))}", "rec_plan"),
        _context(s, notes, cap),
    ]
    buttons = [*(nav_buttons(ref) if ref else []), *extra][:25]
    nav = [{"type": "actions", "block_id": NAV_BLOCK, "elements": buttons}] if buttons else []
    asked: list[Block] = []
    if s.question is not None and (answer_action == "answer" or ref):
        q = s.question.model_copy(update={"question": c.shorten(s.question.question, cap("question"))})
        asked = render_question(q, question_prefix, action=answer_action,
                                value=None if answer_action == "answer" else ref, why_chars=cap("question_why"))
    if len(blocks) + len(asked) + len(nav) > max_blocks:  # the question gives way first
        asked = []
    return [*blocks, *asked, *nav][:max_blocks]


def summary_text(s: Summary, limit: int = 600) -> str:
    """The fallback text (notifications, screen readers): verdict, why, the figures."""
    figures = "; ".join(f"{f.label} {f.value}" + (f" ({f.note})" if f.note else "") for f in s.figures)
    return c.shorten(f"{s.verdict}. {s.why} {figures}".strip(), limit)


def render_summary(
    rec: Recommendation,
    *,
    ref: str | None = None,
    title: str | None = None,
    lead: str | None = None,
    notes: Sequence[str] = (),
    question: Missing | bool | None = True,
    question_prefix: str = "rec",
    answer_action: str = "refine",
    extra: Sequence[dict[str, Any]] = (),
    max_blocks: int = SUMMARY_BLOCKS,
    max_chars: int = SUMMARY_CHARS,
) -> dict[str, Any]:
    """``{"text", "blocks"}``: the summary within ``max_blocks`` blocks and about ``max_chars`` characters.

    ``ref`` (the stored answer's reference) is the value of the detail buttons; without it there are none.
    ``question``: True asks the most important missing fact, a ``Missing`` asks that one, False none.
    ``answer_action`` "answer" makes conversation buttons (value: the option); any other prefix makes
    buttons whose value is ``ref`` (the listener rebuilds the answer and looks the option up by index).
    ``lead`` is a mrkdwn line above the why (what changed; the caller escapes its user text); ``notes``
    go beside the confidence; ``extra`` buttons follow the detail buttons.
    """
    s = summarize(rec, question)
    blocks: list[Block] = []
    for scale in SCALES:
        blocks = _blocks(rec, s, scale, ref=ref, title=title, lead=lead, notes=notes,
                         question_prefix=question_prefix, answer_action=answer_action, extra=extra,
                         max_blocks=max_blocks)
        if visible_chars(blocks) <= max_chars:
            break
    return {"text": escape(summary_text(s)), "blocks": blocks}
