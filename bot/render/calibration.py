"""A stored calibration → terminal text and a Slack message: each measured row beside the engine's prediction.

Pure. Measured and predicted figures are numbers from the parsed output, not user text; the labels of rows
(llama-bench test names) and the setup names are escaped for Slack.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.calibration_model import Calibration

from .escape import escape

MAX_ROWS = 20


def _rows(cal: Calibration) -> list[str]:
    lines = []
    for p in cal.points[:MAX_ROWS]:
        lines.append(f"{p.kind:8} {p.label[:28]:28} measured {p.measured:>10,.1f}  predicted {p.predicted:>10,.1f}"
                     f"  ×{p.factor:.2f}")
    if len(cal.points) > MAX_ROWS:
        lines.append(f"… and {len(cal.points) - MAX_ROWS} more rows")
    return lines


def headline(cal: Calibration) -> str:
    gpus = f"{cal.gpus} × " if cal.gpus > 1 else ""
    return (f"Calibrated {cal.family} models on {gpus}{cal.device_name or cal.device} with {cal.engine} on your "
            f"measurement of {cal.measured_on.isoformat()} ({cal.tool}, {cal.model_name or cal.model} {cal.quant}"
            + (f", build {cal.build}" if cal.build else "") + ")")


def calibration_text(cal: Calibration, *, skipped: int = 0, notes: Sequence[str] = ()) -> str:
    lines = [headline(cal), *("  " + r for r in _rows(cal))]
    if skipped:
        lines.append(f"  ({skipped} rows not used)")
    lines += [f"  {n}" for n in notes]
    lines.append("Estimates of this setup now show these speeds, with the model's prediction beside them.")
    return "\n".join(lines)


def calibration_message(cal: Calibration, *, skipped: int = 0) -> dict[str, Any]:
    """``{"text", "blocks"}`` for Slack: the headline and the rows in a code block."""
    head = escape(headline(cal))
    rows = "\n".join(escape(r) for r in _rows(cal))
    extra = f"\n_{skipped} rows not used._" if skipped else ""
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f":straight_ruler: {head}"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"```{rows}```{extra}"[:2900]}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "`/selfhost hardware` for this model family "
                                          "and device now shows these speeds, with the prediction beside them."}]},
    ]
    return {"text": head, "blocks": blocks}
