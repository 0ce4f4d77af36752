"""`/selfhost calibrate model=M hardware=H [quant=Q] [engine=E] [gpus=N]` + a pasted benchmark block.

The pasted block is llama-bench (table or JSON), llama-batched-bench, or a vllm bench serve / SGLang
bench_serving result block; `/selfhost hardware` then shows that setup's speeds calibrated on it.
"""

from __future__ import annotations

import re

from slack_sdk import WebClient

from bot.core.bench_parse import BenchParseError
from bot.core.calibration import CalibrationError, Request, from_text
from bot.core.knowledge import NotFound
from bot.render.calibration import calibration_message
from bot.slack.deps import Command, Deps, Reply, UserError
from bot.slack.permissions import REFUSAL, can_change
from bot.store import StoreError

USAGE = ("Paste your benchmark output after the setup, e.g. `/selfhost calibrate model=gpt-oss-120b "
         "hardware=\"DGX Spark\"` followed by the llama-bench table (or a vllm bench serve result block).")
OPTION = re.compile(r"""(\w+)=("[^"]*"|'[^']*'|\S+)""")
KEYS = {"model", "hardware", "quant", "engine", "gpus"}


def parse_calibrate_args(text: str) -> tuple[Request, str]:
    """The first line's key=value options and the pasted block below them (or after them on one line)."""
    head, _, rest = text.strip().partition("\n")
    options = {k.lower(): v.strip("\"'") for k, v in OPTION.findall(head)}
    leftover = OPTION.sub("", head).strip()
    block = "\n".join(p for p in (leftover, rest) if p.strip())
    unknown = sorted(set(options) - KEYS)
    if unknown:
        raise UserError(f"calibrate: unknown option {unknown[0]}= (use {', '.join(sorted(KEYS))}). {USAGE}")
    if not options.get("model") or not block.strip():
        raise UserError(USAGE)
    gpus = options.get("gpus", "1")
    if not gpus.isdigit() or not 1 <= int(gpus) <= 1024:
        raise UserError(f"gpus: {gpus!r} is not a device count from 1 to 1024.")
    req = Request(model=options["model"], hardware=options.get("hardware"), quant=options.get("quant"),
                  engine=options.get("engine"), gpus=int(gpus))
    return req, block


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    req, block = parse_calibrate_args(cmd.args)
    now = deps.clock()
    try:
        cal, report = from_text(deps.knowledge, block, req, today=now.date())
    except (BenchParseError, CalibrationError, NotFound, ValueError) as e:
        raise UserError(str(e)) from None
    if not can_change(client, deps.settings, cmd.user_id):
        raise UserError(REFUSAL)
    try:
        deps.store.calibrations.save(cmd.workspace, cal, by=cmd.user_id, now=now)
    except StoreError as e:
        raise UserError(str(e)) from None
    msg = calibration_message(cal, skipped=report.skipped)
    return Reply(text=msg["text"], blocks=msg["blocks"], shareable=False)
