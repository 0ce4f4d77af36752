"""Cost reports and the API price catalog as Block Kit (what `/selfhost cost` and `/selfhost prices` show),
and a cost report as terminal text (`selfhost-bot cost`, the console).

Pure: a ``CostReport`` or price entries in, ``{"text", "blocks"}`` (or a string) out, within Slack's limits. Tables are
monospaced code blocks packed at line boundaries, several sections when long, never cut mid-row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.knowledge import ApiPrice
from bot.core.recommendation import CostOption, CostReport
from bot.core.units import human, money

from . import common as c
from .blocks import HEADER_CHARS, esc, mrkdwn, plain, section

CODE_CHARS = 2900  # section limit 3,000 minus the fences and a title line
MAX_TABLE_BLOCKS = 40
LABEL_WIDTH = 44


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    """Aligned text rows (first the header, then a rule)."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(r: Sequence[str]) -> str:
        cells = [x.rjust(w) if i in right else x.ljust(w) for i, (x, w) in enumerate(zip(r, widths, strict=True))]
        return "  ".join(cells).rstrip()

    return [line(head), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def code_sections(title: str, lines: list[str], block_prefix: str, max_blocks: int = MAX_TABLE_BLOCKS) -> list[dict]:
    """Table lines in ``` fences, split into sections at row boundaries; the title on the first."""
    chunks = c.pack(lines, CODE_CHARS - len(title))
    if len(chunks) > max_blocks:
        kept = chunks[:max_blocks - 1]
        rows_left = sum(ch.count("\n") + 1 for ch in chunks[max_blocks - 1:])
        return [*_fenced(title, kept, block_prefix), section(f"…and {rows_left} more rows; narrow the filter.",
                                                             f"{block_prefix}_more")]
    return _fenced(title, chunks, block_prefix)


def _fenced(title: str, chunks: list[str], prefix: str) -> list[dict]:
    out = []
    for i, ch in enumerate(chunks):
        head = f"{title}\n" if i == 0 and title else ""
        out.append(section(f"{head}```{esc(ch)}```", f"{prefix}_{i}"))
    return out


# --- cost report -------------------------------------------------------------------------------------


def _option_row(o: CostOption, cheapest: str | None) -> list[str]:
    mark = "  ← cheapest" if o.id == cheapest else ("  (not possible)" if not o.possible else "")
    capex = c.usd(o.capex_usd) if o.capex_usd else "-"
    return [c.shorten(o.label, LABEL_WIDTH), c.usd(o.monthly_usd), c.usd(o.per_million_usd), capex + mark]


def render_cost_report(r: CostReport) -> dict[str, Any]:
    """Header, key figures, the options table, the break-even, the hardware plan and notes."""
    costs = r.costs
    title = f"Cost at {c.tokens_day(r.tokens_per_day)}: {r.model} vs {r.api_model}"
    cheapest = next((o for o in costs.options if o.id == costs.cheapest), None)
    figures = [("Volume", c.tokens_day(r.tokens_per_day)), ("Output share", f"{costs.output_share:.0%}")]
    if cheapest is not None:
        figures.append(("Cheapest", f"{cheapest.label}: {c.per_month(cheapest.monthly_usd)}"))
    be = costs.break_even_tokens_per_day
    figures.append(("Break-even vs your API", c.tokens_day(be) if c.finite(be) else "not in range"))
    blocks: list[dict] = [
        {"type": "header", "block_id": "cost_header", "text": plain(title, HEADER_CHARS)},
        {"type": "section", "block_id": "cost_figures",
         "fields": [mrkdwn(c.fit(f"*{k}*\n{esc(v)}", 2000)) for k, v in figures]},
    ]
    rows = [_option_row(o, costs.cheapest) for o in costs.options]
    lines = _table(("option", "$/month", "$ per 1M", "capex"), rows, {1, 2})
    blocks += code_sections("*Options*", lines, "cost_table", 20)
    blocks.append(section(f"*Break-even:* {esc(c.shorten(r.break_even_text, 2800))}", "cost_break_even"))
    plan = [esc(c.shorten(x, 1000)) for x in c.plan_lines(r.plan)]
    if not r.plan.possible:
        plan.append(f":x: *Not possible:* {esc(c.shorten(r.plan.reason or 'does not fit', 800))}")
    blocks += [section(ch, f"cost_plan_{i}") for i, ch in enumerate(c.pack(["*Plan*", *plan], 3000)[:5])]
    notes = [f"• {esc(c.shorten(n, 1000))}" for n in r.notes]
    if notes:
        blocks += [section(ch, f"cost_notes_{i}") for i, ch in enumerate(c.pack(["*Notes*", *notes], 3000)[:5])]
    assumed = ", ".join(f"{k} {v:g}" for k, v in sorted(costs.assumptions.items()))[:1900]
    if assumed:
        blocks.append({"type": "context", "block_id": "cost_assumptions",
                       "elements": [mrkdwn(f"Assumptions: {esc(assumed)}")]})
    text = f"{title}. " + (f"Cheapest: {cheapest.label} at {c.per_month(cheapest.monthly_usd)}. " if cheapest else "")
    return {"text": c.shorten(text + r.break_even_text, 2900), "blocks": blocks[:50]}


def render_cost_report_text(r: CostReport) -> str:
    """The cost report for a terminal: the options table, the plan, the break-even, the notes."""
    lines = [f"{human(r.tokens_per_day)} tokens/day · {r.model} vs {r.api_model}", ""]
    width = max(len(o.label) for o in r.costs.options)
    lines.append(f"{'option':<{width}}  {'$/month':>12}  {'$ per 1M':>9}  {'capex':>11}")
    for o in r.costs.options:
        mark = " ← cheapest" if o.id == r.costs.cheapest else ""
        capex = money(o.capex_usd) if o.capex_usd else "-"
        figures = f"{money(o.monthly_usd):>12}  {money(o.per_million_usd):>9}  {capex:>11}"
        lines.append(f"{o.label:<{width}}  {figures}{mark}")
    lines += ["", f"Plan: {r.plan.summary}", f"Break-even: {r.break_even_text}"]
    lines += [f"Note: {n}" for n in r.notes]
    return "\n".join(lines)


# --- price catalog -----------------------------------------------------------------------------------


def _price(x: float | None) -> str:
    return "-" if x is None else f"{x:,.3f}".rstrip("0").rstrip(".")


def render_prices(prices: Sequence[ApiPrice], filter_text: str = "", source: str | None = None) -> dict[str, Any]:
    """The price catalog table ($ per 1M tokens), split over sections; empty → a friendly line."""
    where = f" matching '{filter_text}'" if filter_text else ""
    title = f"API prices{where}"
    if not prices:
        return {"text": esc(f"No API model{where}."), "blocks": [section(f"No API model{esc(where)}.", "prices_none")]}
    rows = [[c.shorten(p.name, 34), c.shorten(p.provider, 16), p.tier, _price(p.input_per_m),
             _price(p.output_per_m), _price(p.cached_input_per_m)] for p in prices]
    lines = _table(("model", "provider", "tier", "input", "output", "cached"), rows, {3, 4, 5})
    blocks: list[dict] = [{"type": "header", "block_id": "prices_header", "text": plain(title, HEADER_CHARS)}]
    blocks += code_sections("", lines, "prices_table", 45)
    newest = max(p.as_of for p in prices)
    blocks.append({"type": "context", "block_id": "prices_context", "elements": [mrkdwn(
        f"USD per 1M tokens, list prices; {len(prices)} models; "
        + (esc(source) if source else f"newest price as of {newest.isoformat()}; sources in knowledge/api_prices.yaml")
        + ".")]})
    return {"text": esc(f"{c.shorten(title, 200)}: {len(prices)} models, USD per 1M tokens"), "blocks": blocks}
