"""Sizing Estimate → Block Kit message and terminal text (what `estimate` / `/selfhost hardware` show).

Pure: an ``Estimate`` in, a dict or a string out. Figures use the same wording as recommendations.
"""

from __future__ import annotations

from typing import Any

from bot.core.calibration_model import Applied
from bot.core.sizing import Estimate

from . import common as c
from .blocks import HEADER_CHARS, esc, mrkdwn, pack_part, plain, section
from .text import BOLD, DIM, GREEN, RED, YELLOW, painter

MAX_NOTE_BLOCKS = 40
FIT_WORDS = {
    "single": "on one device",
    "tensor_parallel": "tensor parallel across devices",
    "layer_split": "layers split across devices",
    "unified": "in unified memory",
    "cpu_offload": "partly offloaded to CPU RAM",
    "none": "does not fit",
}


def gb(x: float | None) -> str:
    return f"{x:,.1f} GB" if c.finite(x) else "n/a"


def _where(est: Estimate) -> str:
    return f"{est.gpus} × {est.hardware}" if est.hardware else "no hardware given"


def verdict(est: Estimate, *, emoji: bool = True) -> str:
    """"Fits — llama-3.3-70b fp8 on 2 × H100 SXM 80GB" (or "Does not fit", or "Memory estimate")."""
    what = f"{est.model} {est.quant} on {_where(est)}" if est.hardware else f"{est.model} {est.quant}"
    if est.fits is None:
        head, icon = "Memory estimate", ":abacus:"
    elif est.fits and est.fit_mode == "cpu_offload":
        share = f" ({est.offload_fraction:.0%} in CPU RAM, slow)" if est.offload_fraction else " (slow)"
        head, icon = f"Fits only with CPU offload{share}", ":warning:"
    elif est.fits:
        head, icon = "Fits", ":white_check_mark:"
    else:
        head, icon = "Does not fit", ":x:"
    return f"{icon} {head} — {what}" if emoji else f"{head} — {what}"


def facts(est: Estimate) -> list[tuple[str, str]]:
    """(label, value) pairs, at most 10, in reading order."""
    out = [("Memory", f"{gb(est.total_gb)} = {gb(est.weights_gb)} weights + {gb(est.kv_cache_gb)} KV + "
                      f"{gb(est.overhead_gb)} overhead")]
    if est.available_gb is not None:
        out.append(("Available", f"{gb(est.available_gb)} ({_where(est)})"))
    if est.fit_mode:
        fit = FIT_WORDS[est.fit_mode]
        if c.finite(est.offload_fraction) and est.offload_fraction:
            fit += f" ({est.offload_fraction:.0%} of weights in CPU RAM)"
        out.append(("Fit", fit))
    cal = est.calibration
    if c.finite(est.decode_tokens_per_s):
        out.append(("Decode", f"{c.tok_s(est.decode_tokens_per_s)} per stream"
                    + _calibrated(cal, cal.predicted_decode_tokens_per_s if cal else None)))
    if c.finite(est.prefill_tokens_per_s):
        out.append(("Prefill", c.tok_s(est.prefill_tokens_per_s)
                    + _calibrated(cal, cal.predicted_prefill_tokens_per_s if cal else None)))
    if c.finite(est.ttft_ms):
        out.append(("Time to first token", f"{c.count(est.ttft_ms)} ms"))
    if est.concurrency is not None or est.max_concurrency is not None:
        conc = str(est.concurrency) if est.concurrency is not None else "n/a"
        if est.max_concurrency is not None:
            conc += f" (max {est.max_concurrency})"
        out.append(("Concurrency", conc))
    if c.finite(est.serving_output_tokens_per_s):
        out.append(("Serving", f"{c.tok_s(est.serving_output_tokens_per_s)} generated"
                    + _calibrated(cal, cal.predicted_serving_output_tokens_per_s if cal else None)))
    engine = f"{est.engine} ({est.backend})" if est.backend else est.engine
    out.append(("Context", f"{c.count(est.context)} tokens · KV {est.kv_dtype} · {engine}"))
    return out[:10]


def _calibrated(cal: Applied | None, predicted: float | None) -> str:
    """" (calibrated on your measurement of DATE; predicted N tok/s)" when a measurement changed the figure."""
    if cal is None or not c.finite(predicted):
        return ""
    return f" (calibrated on your measurement of {cal.measured_on.isoformat()}; predicted {c.tok_s(predicted)})"


MAX_MINIMUM = 8  # device classes listed under "What you need"


def minimum_lines(est: Estimate) -> list[str]:
    """"1 × B200 — 78 tok/s per stream" for the fewest devices of each kind that hold the model."""
    out = []
    for d in (est.minimum_devices or [])[:MAX_MINIMUM]:
        speed = f" — {c.tok_s(d.decode_tokens_per_s)} per stream" if c.finite(d.decode_tokens_per_s) else ""
        out.append(f"{d.count} × {d.device}{speed}")
    more = len(est.minimum_devices or []) - MAX_MINIMUM
    if more > 0:
        out.append(f"…and {more} more (--json lists all)")
    return out


def render_estimate(est: Estimate, *, title: str | None = None) -> dict[str, Any]:
    """``{"text", "blocks"}``: header with fit, figures as fields, notes, within Slack's limits."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "block_id": "est_header", "text": plain(verdict(est), HEADER_CHARS)}]
    if title:
        blocks.append(section(f"*{esc(c.shorten(title, 300))}*", "est_title"))
    fields = [mrkdwn(c.fit(f"*{label}*\n{esc(value)}", 2000)) for label, value in facts(est)]
    blocks.append({"type": "section", "block_id": "est_figures", "fields": fields})
    need = minimum_lines(est)
    if need:
        blocks.append(section("*What you need* (fewest devices that hold it)\n" +
                              "\n".join(f"• {esc(x)}" for x in need), "est_minimum"))
    notes = [f"• {esc(c.shorten(n, 1500))}" for n in est.notes]
    if notes:
        chunks = pack_part("Notes", notes, MAX_NOTE_BLOCKS, "notes", hint="")
        blocks += [section(ch, f"est_notes_{i}") for i, ch in enumerate(chunks)]
    text = c.shorten(verdict(est, emoji=False) + ". " + "; ".join(f"{k} {v}" for k, v in facts(est)), 900)
    return {"text": text, "blocks": blocks}


def render_estimate_text(est: Estimate, *, color: bool, width: int = 100) -> str:
    """The estimate for a terminal: verdict line, aligned figures, notes."""
    paint = painter(color)
    code = YELLOW if est.fits is None else (GREEN if est.fits else RED)
    lines = [paint(c.shorten(c.clean(verdict(est, emoji=False)), width), BOLD + code)]
    pairs = facts(est)
    label_width = max(len(label) for label, _ in pairs)
    for label, value in pairs:
        value = c.shorten(c.clean(value), max(width - label_width - 2, 1))
        lines.append(c.fit(f"{label.ljust(label_width)}  {value}", width))
    need = minimum_lines(est)
    if need:
        lines.append(paint("What you need (fewest devices that hold it)", BOLD))
        lines += [c.fit("  " + c.clean(x), width) for x in need]
    if est.notes:
        lines.append(paint("Notes", BOLD))
        lines += [paint("  • " + c.shorten(c.clean(n), width - 4), DIM) for n in est.notes]
    return "\n".join(lines)
