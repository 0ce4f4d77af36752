"""`selfhost-bot cost --tokens-per-day 100M [--output-share 0.25] [--api gpt-4o] [--model ...] [--hardware ...]`."""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import CliError, emit_json, knowledge
from bot.core.advise import cost_report
from bot.core.knowledge import NotFound
from bot.core.profile import build_profile
from bot.core.recommendation import CostReport
from bot.core.units import human, money


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cost", help="API against self-hosting at a volume: $/month, $ per 1M, break-even")
    p.add_argument("--tokens-per-day", required=True, help="input + output tokens per day (100M, 1.5B, 3e8)")
    p.add_argument("--output-share", help="fraction of tokens generated (default 0.25)")
    p.add_argument("--peak-to-average", help="peak load over average (default 2)")
    p.add_argument("--api", dest="api_model", help="the API you would use otherwise (default by capability)")
    p.add_argument("--model", dest="open_model", help="the open-weight model to self-host")
    p.add_argument("--capability", help="small, mid or frontier (picks the model when --model is not given)")
    p.add_argument("--hardware", help="only plans on this device")
    p.add_argument("--infra-skills", help="none, basic or mlops (ops labour share)")
    p.add_argument("--json", action="store_true", help="print the CostReport as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    fields = ("tokens_per_day", "output_share", "peak_to_average", "api_model", "open_model", "capability",
              "hardware", "infra_skills")
    try:
        profile = build_profile({f: getattr(args, f) for f in fields if getattr(args, f) is not None})
        report = cost_report(knowledge(), profile)
    except (NotFound, ValueError) as e:
        raise CliError(str(e)) from None
    if args.json:
        emit_json(report)
    else:
        sys.stdout.write(render_text(report) + "\n")
    return 0


def render_text(r: CostReport) -> str:
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
