"""Calibration on a team's own measurements: each measured row beside the engine's prediction for the same
workload on the same setup (``calibration_model.Calibration``), which the shell stores per workspace and later
estimates of that model family on that device and engine apply. Pure: the shell reads the file, passes today's
date, and stores the result.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import sizing
from .backends import backend_from_text, choose_backend, default_backend
from .bench_parse import BenchReport, Measured, parse_bench, quant_from_label
from .builds import Build, choose_build
from .calibration_model import Calibration, CalibrationError, Point
from .catalog_lookup import choose_engine, resolve_device, resolve_model
from .knowledge import Backend, Device, Engine, Knowledge, ModelArch
from .setup import Setup

__all__ = ["ENGINE_OF_TOOL", "Calibration", "CalibrationError", "calibrate", "check_model", "predict"]

PARAMS_TOLERANCE = 0.15  # a llama-bench table of a model within 15 % of the named one's parameters is that model
ENGINE_OF_TOOL = {"llama-bench": "llama.cpp", "llama-batched-bench": "llama.cpp", "vllm bench serve": "vllm",
                  "sglang bench_serving": "sglang"}


@dataclass(frozen=True)
class Request:
    """What the team says about the run (the output itself rarely names model and hardware)."""

    model: str
    hardware: str | None = None  # None: llama-bench JSON's gpu_info
    quant: str | None = None  # None: llama-bench's model label
    engine: str | None = None  # None: the tool's engine
    gpus: int = 1


def from_text(k: Knowledge, text: str, req: Request, *, today: dt.date) -> tuple[Calibration, BenchReport]:
    """Parse ``text`` and calibrate the setup ``req`` names; BenchParseError / CalibrationError / NotFound /
    ValueError carry one sentence each."""
    report = parse_bench(text)
    model = resolve_model(k, req.model)
    check_model(report, model)
    hardware = req.hardware or report.device_label
    if not hardware:
        raise CalibrationError(f"{report.tool} output does not say which hardware ran it: name it with --hardware "
                               "(in Slack: hardware=...).")
    device, memory = resolve_device(k, hardware)
    quant_name = req.quant or quant_from_label(report.model_label)
    if not quant_name:
        raise CalibrationError(f"{report.tool} output does not say the weight format: name it with --quant "
                               "(in Slack: quant=...), e.g. FP8, BF16, AWQ.")
    engine, quant, _ = choose_engine(k, req.engine or ENGINE_OF_TOOL[report.tool], k.quants.get(quant_name), device)
    backend = measured_backend(k, report, engine, device)
    setup = Setup(model, quant, device, engine, req.gpus, memory if memory != device.memory_gb else None,
                  backend=backend, build=measured_build(k, report, engine, backend))
    return calibrate(k, report, setup, today=today), report


def measured_backend(k: Knowledge, report: BenchReport, engine: Engine, device: Device) -> Backend | None:
    """The backend the output names (llama-bench's backend column: 'CUDA', 'ROCm', 'Vulkan'), where the engine runs
    on it on this device; else the device's default."""
    named = backend_from_text(report.backend_label)
    try:
        return choose_backend(k, named, engine, device)
    except ValueError:
        return default_backend(k, device)


def measured_build(k: Knowledge, report: BenchReport, engine: Engine, backend: Backend | None) -> Build | None:
    """The build the output names (llama-bench's 'build: e0c93af2a (7938)' line, or its JSON build_number), so the
    prediction it is compared with is for that build: a measurement on a July 2025 build then calibrates what is
    left after the build's own era, and a current-build estimate is not slowed by it. None: not said (current)."""
    number = re.search(r"\((\d+)\)\s*$", report.build or "")
    return choose_build(k, f"b{number.group(1)}", engine, backend) if number else None


def check_model(report: BenchReport, model: ModelArch) -> None:
    """A llama-bench table names its model's size: refuse one measured on another model."""
    if report.params_b is None:
        return
    if abs(report.params_b / model.params_b - 1.0) > PARAMS_TOLERANCE:
        what = f" ({report.model_label})" if report.model_label else ""
        raise CalibrationError(
            f"This {report.tool} output measured a {report.params_b:.1f} B-parameter model{what}, not "
            f"{model.name} ({model.params_b:.1f} B): name the model it measured with --model."
        )


def calibrate(k: Knowledge, report: BenchReport, s: Setup, *, today: dt.date) -> Calibration:
    """Pair every usable measured row with the engine's prediction for the same workload on ``s``."""
    check_model(report, s.model)
    chunk = next((r.ubatch for r in report.rows if r.kind == "prefill" and r.ubatch), None)
    points = []
    for row in report.rows:
        predicted = predict(k, s, row)
        if predicted is None:
            raise CalibrationError(
                f"{s.model.name} {s.quant.name} does not fit on {s.devices} × {s.device.name} with {s.engine.name} "
                f"in the model, so '{row.label}' cannot calibrate it: check --hardware, --gpus and --quant."
            )
        points.append(Point(kind=row.kind, x=position(row), measured=row.tokens_per_s, predicted=predicted,
                            label=row.label))
    return Calibration(
        family=s.model.family, model=s.model.id, quant=s.quant.id, device=s.device.id, engine=s.engine.id,
        gpus=s.devices, tool=report.tool, measured_on=report.measured_on or today, build=report.build,
        backend=s.backend.id if s.backend is not None else None,
        prefill_chunk=chunk, points=tuple(points), model_name=s.model.name, device_name=s.device.name,
    )


def position(row: Measured) -> float:
    """Where a row sits on its kind's axis (see the module docstring)."""
    if row.kind == "serving":
        return float(max(row.concurrency, 1))
    return max(row.context, 1.0)


def predict(k: Knowledge, s: Setup, row: Measured) -> float | None:
    """The engine's figure for the workload ``row`` measured."""
    if row.kind == "decode":
        return sizing.single_stream(k, s, context_tokens=row.context)[0]
    if row.kind == "prefill":
        return sizing.prefill_rate(s, tokens=row.tokens, depth=row.depth, chunk=row.ubatch)
    t = sizing.replica_throughput(k, s, input_tokens=max(row.input_tokens, 1), output_tokens=max(row.tokens, 1),
                                  concurrency=row.concurrency)
    return t.output_tokens_per_s if t.fits else None


