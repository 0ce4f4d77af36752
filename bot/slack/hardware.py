"""`/selfhost hardware MODEL [QUANT] [on HARDWARE] [xN]`: memory, fit and speed of one model on one machine."""

from __future__ import annotations

import re

from pydantic import ValidationError
from slack_sdk import WebClient

from bot.core.knowledge import Knowledge, NotFound
from bot.core.sizing import EstimateRequest, estimate
from bot.render.estimate import render_estimate
from bot.slack.deps import Command, Deps, Reply, UserError

USAGE = "e.g. `/selfhost hardware llama-3.1-70b Q4_K_M on RTX 4090 x2`"
DEFAULT_QUANT = "Q4_K_M"
COUNT = re.compile(r"^(?:x\s*(\d+)|(\d+)\s*x)$", re.IGNORECASE)


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    req, assumed = parse_hardware_args(cmd.args, deps.knowledge)
    try:
        est = estimate(deps.knowledge, req, deps.store.calibrations.list(cmd.workspace))
    except (NotFound, ValueError) as e:
        raise UserError(str(e)) from None
    title = f"{req.quant} assumed; name a quant (FP8, Q8_0, AWQ…) after the model to change it" if assumed else None
    msg = render_estimate(est, title=title)
    return Reply(text=msg["text"], blocks=msg["blocks"], model=est)


def parse_hardware_args(text: str, k: Knowledge) -> tuple[EstimateRequest, bool]:
    """``llama 3.1 70b fp8 on h100 x2`` → (request, whether the quant was assumed)."""
    words = text.split()
    gpus = 1
    for i, word in enumerate(words):
        m = COUNT.match(word)
        if m and i > 0:
            gpus = int(m.group(1) or m.group(2))
            words = words[:i] + words[i + 1:]
            break
    lowered = [w.lower() for w in words]
    cut = lowered.index("on") if "on" in lowered else len(words)
    model_words, hardware = words[:cut], " ".join(words[cut + 1:]) or None
    if not model_words:
        raise UserError(f"Name a model first, {USAGE}.")
    quant = k.quants.find(model_words[-1]) if len(model_words) > 1 else None
    if quant is not None:
        model_words = model_words[:-1]
    if "on" in lowered and not hardware:
        raise UserError(f"Name the hardware after `on`, {USAGE}.")
    try:
        req = EstimateRequest(model=" ".join(model_words), quant=quant.id if quant else DEFAULT_QUANT,
                              hardware=hardware, gpus=gpus)
    except ValidationError as e:
        err = e.errors()[0]
        raise UserError(f"{err['loc'][0] if err['loc'] else 'input'}: {err['msg']}.") from None
    return req, quant is None
