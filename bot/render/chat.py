"""A conversation Turn (bot.chat) → a Slack message or terminal text; Slack blocks → plain text.

Pure: models in, dicts or strings out. A question's buttons carry the thread in their block id
(``chat.<thread_ts>_<field>_a``) so a click can be routed back to its thread even when Slack leaves the
thread out of the payload; "Save as team profile" carries the thread ts as its value.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any

from bot.core.recommendation import Missing

from . import common as c
from .blocks import button, esc, mrkdwn, render_change, render_error, render_question, section
from .limits import split_text
from .summary_blocks import render_summary
from .text import BOLD, CYAN, DIM, YELLOW, painter, render_recommendation_text, render_summary_text

if TYPE_CHECKING:
    from bot.chat import Change, Turn

SAVE_ACTION = "save_team_profile"
REPLACE_ACTION = "save_team_profile_replace"  # value: "<thread_ts>|<version it replaces>"
CONFIRM_ACTION = "confirm_model_facts"  # confirm what the optional model-assisted reader read
PREFIX = "chat."
USER_ID = re.compile(r"[UW][A-Z0-9]{2,20}")
CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,20}")
THREAD_IN_BLOCK = re.compile(r"^chat\.(?P<thread>[^_]+)_")
CONTEXT_CHARS = 1900
GREETING = ("Hi! Tell me about a workload and I'll say whether to self-host, with the math, e.g. "
            "\"should we run our own Llama for the support bot? about 2M chats a month at ~1,500 tokens "
            "each, EU customer data\". Or ask a concept question: \"what is quantisation?\"")
RESET_TEXT = "Starting over: I've forgotten this thread's facts. Tell me about the workload."

Block = dict[str, Any]


def block_prefix(thread_ts: str) -> str:
    return f"{PREFIX}{thread_ts}"


def thread_of_block(block_id: str) -> str | None:
    """``chat.1700000000.000100_data_sensitivity_a`` → ``1700000000.000100``."""
    m = THREAD_IN_BLOCK.match(block_id or "")
    return m["thread"] if m else None


# --- plain phrases shared by both renderers -----------------------------------------------------------


def model_line(turn: Turn) -> str:
    """The facts only the model read, labelled: they are used but wait for the user's Confirm."""
    if not turn.model_facts:
        return ""
    shown = ", ".join(f"{f} = {_shown(v)}" for f, v in turn.model_facts.items())
    return (f"Read by the model {turn.model or ''} (not by the rules; used here, not saved until you confirm): "
            f"{shown}").replace("  ", " ")


def _shown(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def facts_line(turn: Turn) -> str:
    parts = []
    for field, value in turn.facts.items():
        shown = c.count(value) if isinstance(value, float) and value >= 1000 else str(value)
        span = turn.sources.get(field)
        parts.append(f"{field} = {shown}" + (f" (from your message: '{span}')" if span else ""))
    return "Facts so far: " + "; ".join(parts) if parts else ""


def change_line(change: Change) -> str:
    why = "; ".join(r for r in change.reasons if r.strip()) or "the inputs changed"
    if change.verdict_changed:
        return f"Verdict {change.old_verdict} → {change.new_verdict}: {why}"
    return f"Still {change.new_verdict}: {why}"


def provisional(turn: Turn) -> str:
    rec = turn.recommendation
    assert rec is not None
    return (f"Provisional: {c.verdict_label(rec, emoji=False)} (confidence {rec.confidence}). "
            "One fact would settle it:")


# --- Slack ----------------------------------------------------------------------------------------------


def render_turn(turn: Turn, ref: str | None = None) -> dict[str, Any]:
    """``{"text": fallback, "blocks": [...]}`` for a turn, within Slack's limits; ``ref`` (the stored
    answer's reference) adds the detail buttons to an answer."""
    if turn.kind == "error":
        return render_error(turn.error or "Something went wrong.")
    if turn.kind == "reset":
        return {"text": RESET_TEXT, "blocks": [section(esc(RESET_TEXT), "chat_reset")]}
    if turn.kind == "smalltalk":
        return {"text": GREETING, "blocks": [section(esc(GREETING), "chat_hello")]}
    if turn.kind == "concept":
        return _concept(turn)
    return _advice(turn, ref)


def _concept(turn: Turn) -> dict[str, Any]:
    a = turn.concept
    assert a is not None
    if not a.found:
        lines = [f"• {esc(c.shorten(t, 300))}" for t in a.alternatives]
        text = "I don't know that one." + (" I can answer questions like:\n" + "\n".join(lines) if lines else "")
        return {"text": "I don't know that one.", "blocks": [section(text, "concept_unknown")]}
    blocks: list[Block] = [section(f"*{esc(c.shorten(a.title or '', 300))}*", "concept_title")]
    blocks += [section(esc(chunk)) for chunk in split_text(a.text, 2900)[:10]]
    notes = ([f"Source: {a.source}"] if a.source else []) + (
        [f"Related: {'; '.join(a.alternatives)}"] if a.alternatives else [])
    if notes:
        blocks.append(_context(esc(" · ".join(notes))))
    return {"text": esc(c.shorten(f"{a.title}: {a.text}", 2900)), "blocks": blocks}


def _advice(turn: Turn, ref: str | None) -> dict[str, Any]:
    rec = turn.recommendation
    assert rec is not None
    prefix = block_prefix(turn.thread[1])
    if turn.kind == "question" and turn.question is not None:
        head = [_change_block(turn.change)] if turn.change is not None else []
        tail = [_context(esc(x)) for x in (facts_line(turn), model_line(turn), " ".join(turn.warnings[:3])) if x]
        if turn.model_facts:
            tail.append({"type": "actions", "elements": [_confirm(turn)]})
        body = [section(esc(provisional(turn)), "chat_provisional"), *render_question(turn.question, prefix)]
        text = esc(c.shorten(f"{provisional(turn)} {turn.question.question}", 2900))
        return {"text": text, "blocks": [*head, *body, *tail]}
    notes = [x for x in (model_line(turn), facts_line(turn), " ".join(turn.warnings[:3])) if x]
    extra = [button("Save as team profile", SAVE_ACTION, turn.thread[1])]
    if turn.model_facts:
        extra.insert(0, _confirm(turn))
    lead = _lead(turn.change) if turn.change is not None else None
    message = render_summary(rec, ref=ref, lead=lead, notes=notes, question=turn.question or False,
                             question_prefix=prefix, answer_action="answer",
                             extra=extra)
    text = message["text"]
    if turn.change is not None:
        text = esc(c.shorten(change_line(turn.change), 1000)) + "\n" + text
    return {"text": text, "blocks": message["blocks"]}


def _confirm(turn: Turn) -> dict[str, Any]:
    return button("Confirm what the model read", CONFIRM_ACTION, turn.thread[1], style="primary")


def _lead(change: Change) -> str:
    """What changed, as the summary's first line: "Verdict `api` → `self_host`: 50M → 2B tokens/day …"."""
    if change.verdict_changed:
        why = "; ".join(esc(c.shorten(r, 300)) for r in change.reasons if r.strip()) or "the inputs changed"
        return f"Verdict `{esc(change.old_verdict)}` → `{esc(change.new_verdict)}`: {why}"
    return esc(change_line(change))


def _change_block(change: Change) -> Block:
    if change.verdict_changed:
        return render_change(change.old_verdict, change.new_verdict, [c.shorten(r, 500) for r in change.reasons])  # type: ignore[arg-type]
    return section(":arrows_counterclockwise: " + esc(c.shorten(change_line(change), 2900)), "rec_change")


def _context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(c.shorten(text, CONTEXT_CHARS))]}


def render_replace_prompt(name: str, version: int, updated_by: str | None, thread_ts: str,
                          channels: list[str]) -> dict[str, Any]:
    """Saving would replace an existing profile: say which version, by whom, where it is used, and offer
    a button that replaces exactly that version."""
    who = f" by <@{updated_by}>" if updated_by and USER_ID.fullmatch(updated_by) else ""
    where = ", ".join(f"<#{ch}>" for ch in channels if CHANNEL_ID.fullmatch(ch)) or "no channel"
    text = (f"A team profile named *{esc(c.shorten(name, 80))}* exists (version {version}{who}, used in "
            f"{where}). Saving replaces it with this thread's facts.")
    return {"text": f"A team profile named {esc(c.shorten(name, 80))} exists (version {version}); replace it?",
            "blocks": [section(text, "save_replace"), {"type": "actions", "block_id": "chat_actions", "elements": [
                button(f"Replace version {version}", REPLACE_ACTION, f"{thread_ts}|{version}", "danger")]}]}


# --- terminal -------------------------------------------------------------------------------------------


def render_turn_text(turn: Turn, *, color: bool, width: int = 100, brief: bool = False) -> str:
    """The turn for a terminal; ANSI colours only when ``color`` is true; ``brief``: the summary only."""
    paint = painter(color)
    if turn.kind == "error":
        return paint(f"error: {turn.error}", YELLOW)
    if turn.kind == "reset":
        return RESET_TEXT
    if turn.kind == "smalltalk":
        return _wrap(GREETING, width)
    if turn.kind == "concept":
        return _concept_text(turn, paint, width)
    lines: list[str] = []
    if turn.change is not None:
        lines.append(paint(_wrap("↻ " + change_line(turn.change), width), YELLOW))
    rec = turn.recommendation
    assert rec is not None
    if turn.kind == "question":
        lines.append(paint(_wrap(provisional(turn), width), BOLD))
    elif brief:
        lines.append(render_summary_text(rec, color=color, width=width, question=False, hint=""))
    else:
        lines.append(render_recommendation_text(rec, color=color, width=width))
    facts = facts_line(turn)
    if facts:
        lines.append(paint(_wrap(facts, width), DIM))
    lines += [paint(_wrap(w, width), YELLOW) for w in turn.warnings[:3]]
    if turn.question is not None:
        lines.append(question_text(turn.question, paint, width))
    return "\n".join(lines)


def question_text(q: Missing, paint: Any, width: int) -> str:
    head = paint(_wrap(f"? {q.question}", width), BOLD + CYAN)
    why = _wrap(f"  ({q.why})", width) if q.why else ""
    options = f"  answers: {' | '.join(q.options)} (type one, or answer in your own words)" if q.options else ""
    return "\n".join(x for x in (head, why, options) if x)


def _concept_text(turn: Turn, paint: Any, width: int) -> str:
    a = turn.concept
    assert a is not None
    if not a.found:
        return "\n".join(["I don't know that one." + (" I can answer questions like:" if a.alternatives else ""),
                          *[f"  • {t}" for t in a.alternatives]])
    lines = [paint(a.title or "", BOLD), *[_wrap(p, width) for p in a.text.split("\n") if p.strip()]]
    if a.source:
        lines.append(paint(_wrap(f"Source: {a.source}", width), DIM))
    if a.alternatives:
        lines.append(paint(_wrap("Related: " + "; ".join(a.alternatives), width), DIM))
    return "\n".join(lines)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, max(width, 20), break_on_hyphens=False)) or text


# --- Slack blocks → plain text (for console replies without a model) -----------------------------------

MRKDWN_LINK = re.compile(r"<(?:[^|>]*\|)?([^>]*)>")


def blocks_to_text(blocks: list[dict], fallback: str = "") -> str:
    """The readable text of a Block Kit message: headers, sections, fields and context, without markup."""
    out: list[str] = []
    for b in blocks or []:
        kind = b.get("type")
        if kind in ("header", "section") and isinstance(b.get("text"), dict):
            out.append(_plain(b["text"].get("text", "")))
        if kind == "section":
            out += [_plain(f.get("text", "")).replace("\n", ": ", 1) for f in b.get("fields", []) or []]
        if kind == "context":
            out += [_plain(e.get("text", "")) for e in b.get("elements", []) if isinstance(e, dict)]
        if kind == "divider":
            out.append("")
    text = "\n".join(x for x in out if x is not None).strip()
    return text or _plain(fallback)


def _plain(text: str) -> str:
    text = MRKDWN_LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"(?<!\w)[*_~](?=\S)|(?<=\S)[*_~](?!\w)", "", text)
    text = re.sub(r":[a-z0-9_+-]+:\s?", "", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
