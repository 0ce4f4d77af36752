"""`selfhost-bot cost --tokens-per-day 100M [--output-share 0.25] [--api gpt-4o] [--model ...] [--hardware ...]`."""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import CliError, emit_json, knowledge
from bot.core.advise import cost_report
from bot.core.knowledge import NotFound
from bot.core.profile import build_profile


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
        from bot.render.costs import render_cost_report_text  # only when printing text: keeps `ask` starting fast

        sys.stdout.write(render_cost_report_text(report) + "\n")
    return 0
