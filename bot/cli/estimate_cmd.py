"""`selfhost-bot estimate`: memory, fit, speed and serving throughput for one model on one machine."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from bot.cli.calibrate_cmd import saved_calibrations
from bot.cli.common import CliError, emit_json, knowledge
from bot.cli.store_cmds import LOCAL_TEAM
from bot.core.knowledge import NotFound
from bot.core.sizing import Estimate, EstimateRequest, estimate
from bot.render.estimate import minimum_lines


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("estimate", help="memory, fit and speed of one model on one machine")
    p.add_argument("--model", required=True, help='catalog name or a bare size ("70B", "8x7B")')
    p.add_argument("--quant", required=True, help="Q4_K_M, Q8_0, F16, FP8, AWQ, ...")
    p.add_argument("--hardware", help='device name, e.g. "RTX 4090", "H100 SXM", "M2 Max 64GB"')
    p.add_argument("--gpus", type=int, default=1, help="devices in one replica (default 1)")
    p.add_argument("--engine", help="llama.cpp | vllm | tensorrt-llm | mlx (default by quant)")
    p.add_argument("--backend", help="cuda | rocm | vulkan | metal | sycl | cpu (default: the device's usual one)")
    p.add_argument("--build", help="engine build, e.g. b5863 or 2025-07 (default: the current one; older llama.cpp "
                   "builds ran MoE prompts slower, knowledge/engine_builds.yaml)")
    p.add_argument("--context", type=int, help="tokens held per sequence (default min(model, 4096))")
    p.add_argument("--concurrency", help="sequences in flight, or 'max' for the largest batch that fits")
    p.add_argument("--input-tokens", type=int, default=512)
    p.add_argument("--output-tokens", type=int, default=128)
    p.add_argument("--kv-dtype", choices=["f16", "fp8", "q8_0", "q4_0"], default="f16")
    p.add_argument("--json", action="store_true", help="print the Estimate as JSON")
    p.add_argument("--db", type=Path, help="SQLite file with the workspace's calibrations (default: $SELFHOST_DB "
                   "or the user data dir; not created when missing)")
    p.add_argument("--team", default=LOCAL_TEAM, help="workspace team id (default: local)")
    p.add_argument("--enterprise", default=None, help="Enterprise Grid id")
    p.add_argument("--uncalibrated", action="store_true", help="ignore the workspace's own measurements")
    p.set_defaults(func=run)


def _concurrency(text: str | None) -> int | Literal["max"] | None:
    if text is None or text.strip().lower() == "max":
        return None if text is None else "max"
    try:
        value = int(text)
    except ValueError:
        raise CliError(f"--concurrency: expected a whole number or 'max', got {text!r}") from None
    if value < 1:
        raise CliError("--concurrency: must be at least 1")
    return value


def _request(args: argparse.Namespace) -> EstimateRequest:
    try:
        return EstimateRequest(
            model=args.model,
            quant=args.quant,
            hardware=args.hardware,
            gpus=args.gpus,
            engine=args.engine,
            backend=args.backend,
            build=args.build,
            context=args.context,
            concurrency=_concurrency(args.concurrency),
            input_tokens=args.input_tokens,
            output_tokens=args.output_tokens,
            kv_dtype=args.kv_dtype,
        )
    except ValidationError as e:
        first = e.errors()[0]
        field = str(first["loc"][0]).replace("_", "-") if first["loc"] else "input"
        raise CliError(f"--{field}: {first['msg']}") from None


def run(args: argparse.Namespace) -> int:
    req = _request(args)
    try:
        result = estimate(knowledge(), req, saved_calibrations(args))
    except NotFound as e:
        raise CliError(str(e)) from None
    except ValueError as e:
        raise CliError(str(e)) from None
    if args.json:
        emit_json(result)
    else:
        print(render(result))
    return 0


def _fmt(value: float | None, unit: str, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f} {unit}"


def _predicted(e: Estimate, value: float | None, digits: int = 1) -> str:
    if e.calibration is None or value is None:
        return ""
    return f" (calibrated on your measurement of {e.calibration.measured_on}; predicted {value:,.{digits}f})"


def render(e: Estimate) -> str:
    """A readable, aligned summary (at most 25 lines)."""
    where = f"{e.gpus} x {e.hardware}" if e.hardware else "no hardware given"
    fits = {True: f"yes ({e.fit_mode})", False: "no", None: "-"}[e.fits]
    if e.fit_mode == "cpu_offload" and e.offload_fraction:
        fits = f"only with CPU offload ({e.offload_fraction:.0%} in system RAM)"
    rows = [
        ("Model", f"{e.model}, {e.quant}, {e.engine}" + (f" ({e.backend})" if e.backend else "")
         + (f", build {e.build}" if e.build else "")),
        ("Hardware", where),
        ("Weights", _fmt(e.weights_gb, "GB", 2)),
        ("KV cache", f"{_fmt(e.kv_cache_gb, 'GB', 2)} ({e.context:,} tokens, {e.kv_dtype})"),
        ("Overhead", _fmt(e.overhead_gb, "GB", 2)),
        ("Total", f"{_fmt(e.total_gb, 'GB', 2)} of {_fmt(e.available_gb, 'GB', 1)} usable"),
        ("Fits", fits),
        ("Decode", _fmt(e.decode_tokens_per_s, "tokens/s (one stream)")
         + _predicted(e, e.calibration.predicted_decode_tokens_per_s if e.calibration else None)),
        ("Prefill", _fmt(e.prefill_tokens_per_s, "tokens/s", 0)
         + _predicted(e, e.calibration.predicted_prefill_tokens_per_s if e.calibration else None, 0)),
        ("First token", _fmt(e.ttft_ms, "ms", 0)),
    ]
    if e.serving_output_tokens_per_s is not None:
        rows.append(
            (
                "Serving",
                f"{e.serving_output_tokens_per_s:,.0f} output tokens/s at {e.concurrency} "
                f"concurrent (max {e.max_concurrency})",
            )
        )
    lines = [f"{label + ':':13}{value}" for label, value in rows]
    need = minimum_lines(e)
    if need:
        lines += ["What you need (fewest devices that hold it):", *(f"  {x}" for x in need)]
    lines += [f"  - {note}" for note in e.notes][: max(25 - len(lines), 0)]
    return "\n".join(lines)
