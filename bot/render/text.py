"""Recommendation → terminal text: one screen for a typical profile, everything with ``full=True``.

Pure: no terminal detection here; the caller says whether to colour (plain ANSI escape codes) and how wide.
Compact mode shortens each line to the width at a word boundary and lists the first few items of each part;
full mode wraps every line and lists everything.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from bot.core.recommendation import CostOption, Finding, Recommendation

from . import common as c
from .summary import summarize

RESET, BOLD, DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
RED, GREEN, YELLOW, CYAN = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m"
VERDICT_COLOR = {"self_host": GREEN, "api": CYAN, "hybrid": YELLOW}
COMPACT_ITEMS = 4  # items per list in compact mode
MORE_HINT = "run with --full to see them"

Paint = Callable[[str, str], str]


def painter(color: bool) -> Paint:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if color and code and text else text

    return paint


class _Writer:
    """Collects lines; compact mode shortens to the width, full mode wraps with a hanging indent."""

    def __init__(self, width: int, full: bool, paint: Paint):
        self.width, self.full, self.paint = max(width, 20), full, paint
        self.lines: list[str] = []

    def line(self, text: str, indent: int = 0, code: str = "", hang: int = 2, max_lines: int = 1) -> None:
        """Wrapped with a hanging indent; compact mode keeps ``max_lines`` and ends the last with "…"."""
        pad = " " * indent
        wrapped = textwrap.wrap(" ".join(c.clean(text).split()), self.width, initial_indent=pad,
                                subsequent_indent=pad + " " * hang, break_on_hyphens=False) or [pad]
        if not self.full and len(wrapped) > max_lines:
            rest = " ".join(w.strip() for w in wrapped[max_lines - 1 :])
            last_pad = pad if max_lines == 1 else pad + " " * hang
            wrapped = [*wrapped[: max_lines - 1], last_pad + c.shorten(rest, self.width - len(last_pad))]
        self.lines += [self.paint(w, code) if code else w for w in wrapped]

    def heading(self, text: str) -> None:
        self.lines.append(self.paint(c.shorten(c.clean(text), self.width), BOLD))

    def items(self, rendered: list[str], what: str, limit: int = COMPACT_ITEMS, code: str = "") -> None:
        shown = rendered if self.full else rendered[:limit]
        for item in shown:
            self.line(item, 2, code, hang=3, max_lines=2)
        if len(rendered) > len(shown):
            self.line(f"…and {len(rendered) - len(shown)} more {what} ({MORE_HINT})", 2, DIM)


def _finding(f: Finding, sign: str) -> str:
    text = f"{sign} {c.shorten(f.title, 200)} [{f.id}] — {f.why}"
    return text + (" (hard constraint)" if f.hard else "")


def _why(w: _Writer, rec: Recommendation) -> None:
    if not (rec.triggers or rec.blockers or rec.conflicts):
        return
    w.heading("Why")
    items: list[tuple[str, str]] = []
    for f in rec.triggers:
        items.append((_finding(f, "+"), GREEN))
        if f.source_text:
            items.append((f"from your message: '{c.shorten(f.source_text, 300)}'", DIM))
    for f in rec.blockers:
        items.append((_finding(f, "-"), YELLOW))
        if f.source_text:
            items.append((f"from your message: '{c.shorten(f.source_text, 300)}'", DIM))
    for x in rec.conflicts:
        items.append((f"! conflict [{x.id}] — {x.why}", RED))
        items.append((f"way through: {x.way_through}", ""))
    limit = len(items) if w.full else 2 * COMPACT_ITEMS
    for text, code in items[:limit]:
        sub = not text.startswith(("+", "-", "!"))
        w.line(text, 4 if sub else 2, code, hang=2, max_lines=2)
    if len(items) > limit:
        w.line(f"…and {len(items) - limit} more lines ({MORE_HINT})", 2, DIM)


COMPACT_STEPS = 14  # the tree's longest path is 13 nodes; only a longer one is summarised


def _path(w: _Writer, rec: Recommendation) -> None:
    if not rec.path:
        return
    w.heading("Reasoning")
    if w.full:
        w.items([f"{i}. {c.step_phrase(s)}" for i, s in enumerate(rec.path, 1)], "steps")
        return
    for i, s in enumerate(rec.path[:COMPACT_STEPS], 1):  # one line a step: the fact, its value, what it did
        fired = f" [{s.outcome.split(';')[0]}]" if s.outcome.startswith("fires") else ""
        leaf = f" ⇒ {s.outcome.rsplit(' ', 1)[-1]}" if "leaf " in s.outcome else ""
        w.line(f"{i}. {s.fact} = {s.value}{fired}{leaf}: {s.rule}", 2)
    if len(rec.path) > COMPACT_STEPS:
        w.line(f"…and {len(rec.path) - COMPACT_STEPS} more steps ({MORE_HINT})", 2, DIM)


def _cost_row(opt: CostOption, cheapest: str | None) -> list[str]:
    capex = c.usd(opt.capex_usd) if c.finite(opt.capex_usd) and opt.capex_usd > 0 else "-"
    note = "← cheapest" if opt.id == cheapest and opt.possible else ""
    if not opt.possible:
        note = f"✗ {opt.note or 'not possible'}"
    elif opt.note:
        note = f"{note} {opt.note}".strip()
    return [c.clean(opt.label), c.per_month(opt.monthly_usd), c.per_million(opt.per_million_usd), capex,
            c.clean(note)]


def _row_code(opt: CostOption, cheapest: str | None) -> str:
    if not opt.possible:
        return RED
    return GREEN if opt.id == cheapest else ""


def _costs(w: _Writer, rec: Recommendation) -> None:
    costs = rec.costs
    if costs is None or not costs.options:
        return
    w.heading("Costs")
    options = costs.options if w.full else costs.options[: COMPACT_ITEMS + 2]
    header = ["option", "$/month", "$ per 1M", "capex", ""]
    rows = [header, *(_cost_row(o, costs.cheapest) for o in options)]
    numbers = [max(len(r[i]) for r in rows) for i in (1, 2, 3)]
    label_width = max(8, min(max(len(r[0]) for r in rows), w.width // 3))
    for i, row in enumerate(rows):
        label = c.shorten(row[0], label_width).ljust(label_width)
        cells = "  ".join(row[j].rjust(numbers[j - 1]) for j in (1, 2, 3))
        code = DIM if i == 0 else _row_code(options[i - 1], costs.cheapest)
        text = f"  {label}  {cells}  {row[4]}".rstrip()
        if w.full and len(text) > w.width:  # the note goes on its own wrapped line
            w.lines.append(w.paint(c.fit(f"  {label}  {cells}", w.width), code))
            w.line(row[4], 6, code)
        else:
            w.lines.append(w.paint(c.fit(text, w.width), code))
    if len(costs.options) > len(options):
        w.line(f"…and {len(costs.options) - len(options)} more options ({MORE_HINT})", 2, DIM)
    w.line(c.break_even_phrase(costs), 2)


def _hardware(w: _Writer, rec: Recommendation) -> None:
    plan = rec.deployment
    w.heading(f"Hardware plan — {c.kind_words(plan)}")
    lines = c.plan_lines(plan)
    if not w.full and plan.summary.strip():  # the summary already names devices and stack
        lines = [ln for ln in lines if ln not in (c.devices_phrase(plan), c.stack_phrase(plan))]
    for text in lines:
        w.line(text, 2)
    if plan.possible:
        w.line("physically possible" + (f" — {plan.reason}" if plan.reason else ""), 2, GREEN)
    else:
        w.line(f"✗ not possible: {plan.reason or 'does not fit'}", 2, RED)
        if plan.smallest_working:
            w.line(f"smallest working config: {plan.smallest_working}", 2, BOLD)
    if plan.what_would:
        w.line("what would meet them:", 2, BOLD)
        w.items([f"• {x}" for x in plan.what_would], "ways", 4)
    w.items([f"• {n}" for n in plan.notes], "notes", 2)
    if rec.hybrid is not None:
        h = rec.hybrid
        w.line(f"hybrid: {h.simple_share:.0%} of requests local, the rest to {h.api_model}: "
               f"{c.per_month(h.monthly_usd)} vs {c.per_month(h.api_only_monthly_usd)} API-only "
               f"(saves {c.per_month(h.savings_monthly_usd)})", 2, YELLOW, max_lines=2)


def _lists(w: _Writer, rec: Recommendation) -> None:
    if rec.sensitivity:
        w.heading("What would flip the verdict")
        w.items([f"• {s.text} (now: {s.current})" for s in rec.sensitivity], "conditions")
    if rec.missing:
        w.heading("Missing facts (most important first)")
        w.items([f"{i}. {m.question} [{m.field}] — {m.why}" for i, m in enumerate(rec.missing, 1)], "facts")
    if rec.inferred:
        w.heading("Worked out from what you gave")
        w.items([f"• {i.field} = {i.working}" for i in rec.inferred], "facts", 2)
    if rec.notes:
        w.heading("Notes")
        w.items([f"• {n}" for n in rec.notes], "notes", 2)


def render_recommendation_text(
    rec: Recommendation, *, color: bool, width: int = 100, full: bool = False
) -> str:
    """The Recommendation for a terminal; ANSI colours only when ``color`` is true."""
    paint = painter(color)
    w = _Writer(width, full, paint)
    word = c.VERDICT_WORDS[rec.verdict]
    label = c.verdict_label(rec, emoji=False).replace(word, word.upper(), 1)
    confidence = f"  (confidence: {rec.confidence})"
    if len(label) + len(confidence) > w.width:
        confidence = ""
    w.lines.append(paint(c.shorten(label, w.width), BOLD + VERDICT_COLOR[rec.verdict]) + confidence)
    w.line(rec.headline, max_lines=2, hang=0)
    figures = [f"{label}: {value}" for label, value in c.key_figures(rec) if label != "Confidence"]
    for chunk in c.join_within(figures, " · ", w.width):
        w.line(chunk)
    _why(w, rec)
    _path(w, rec)
    _costs(w, rec)
    _hardware(w, rec)
    _lists(w, rec)
    as_of = c.as_of_phrase(rec)
    if as_of:
        w.line(as_of, code=DIM)
    return "\n".join(w.lines)


BRIEF_HINT = "More: --full for every step and option, --json for the model."


def render_summary_text(
    rec: Recommendation, *, color: bool, width: int = 100, hint: str = BRIEF_HINT, question: bool = True
) -> str:
    """The summary for a terminal (``--brief``): the verdict, why, the figures, the plan, one question."""
    paint = painter(color)
    w = _Writer(width, True, paint)
    s = summarize(rec, question)
    head = c.clean(s.verdict)
    word = c.VERDICT_WORDS[rec.verdict]
    head = head.replace(word, word.upper(), 1)
    label = paint(c.shorten(head, w.width), BOLD + VERDICT_COLOR[rec.verdict])
    w.lines.append(f"{label}  (confidence: {s.confidence})")
    w.line(s.why + (f" (from your message: '{s.quote}')" if s.quote else ""), hang=0)
    for f in s.figures:
        value = f"{f.value} — {f.name}" if f.name else f.value
        ruled_out = f.role != "break_even" and bool(f.note)
        w.line(f"{f.label}: {value}" + (f" ({f.note})" if f.note else ""), 2, code=RED if ruled_out else "")
    w.line(f"Plan: {s.plan}", code="" if s.possible else RED)
    if s.question is not None:
        options = f" [{' | '.join(s.question.options)}]" if s.question.options else ""
        more = f"; {s.more_questions} more open questions" if s.more_questions else ""
        w.line(f"? {s.question.question}{options}{more}", code=CYAN)
    if s.as_of:
        w.line(s.as_of.capitalize(), code=DIM)
    if hint:
        w.line(hint, code=DIM)
    return "\n".join(w.lines)
