"""What a calibration is: measured figures beside the engine's predictions, and how an estimate uses them.

A ``Calibration`` holds, per kind (decode / prefill / serving), points (x, measured, predicted) where x is the
workload's position: the average context for decode, the average tokens attended for prefill, the requests in
flight for serving. An estimate multiplies its prediction by measured ÷ predicted, interpolated in log x between
the points and held flat beyond them, so at a measured workload it reproduces the measurement. Making one from a
benchmark report is ``calibration.calibrate``; this module has no dependency on the sizing engine, which uses it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from .bench_parse import Kind
from .setup import Setup


class CalibrationError(ValueError):
    """The measurement cannot calibrate this setup; one sentence says why."""


class Point(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Kind
    x: float = Field(gt=0)
    measured: float = Field(gt=0)
    predicted: float = Field(gt=0)
    label: str

    @property
    def factor(self) -> float:
        return self.measured / self.predicted


class Calibration(BaseModel):
    """One workspace's measurement of one model on one device and engine (what ``calibrate`` stores)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    family: str
    model: str  # catalog id of the model measured
    quant: str
    device: str
    engine: str
    gpus: int = Field(ge=1)
    tool: str
    measured_on: dt.date
    build: str | None = None
    backend: str | None = None  # the compute backend measured on (cuda, rocm, vulkan...); None: not said
    prefill_chunk: int | None = None  # tokens per forward pass the measurement ran with (llama.cpp -ub)
    model_name: str = ""  # display names at the time of measuring
    device_name: str = ""
    points: tuple[Point, ...]

    def applies_to(self, s: Setup) -> bool:
        """Same model family, device, engine and device count, and the same backend where both are known (a Vulkan
        measurement says nothing about the ROCm build on the same box)."""
        same = (s.model.family, s.device.id, s.engine.id, s.devices) == (self.family, self.device, self.engine,
                                                                         self.gpus)
        return same and (self.backend is None or s.backend is None or s.backend.id == self.backend)

    def factor(self, kind: Kind, x: float) -> float | None:
        """measured ÷ predicted at ``x``: interpolated in log x between points, flat beyond; None: not measured."""
        pts = sorted((p for p in self.points if p.kind == kind), key=lambda p: p.x)
        if not pts:
            return None
        if x <= pts[0].x:
            return pts[0].factor
        for lo, hi in itertools.pairwise(pts):
            if x <= hi.x:
                share = (math.log(x) - math.log(lo.x)) / max(math.log(hi.x) - math.log(lo.x), 1e-12)
                return lo.factor + (hi.factor - lo.factor) * share
        return pts[-1].factor


def find(calibrations: Iterable[Calibration], s: Setup) -> Calibration | None:
    """The newest calibration that applies to the setup."""
    found = [c for c in calibrations if c.applies_to(s)]
    return max(found, key=lambda c: c.measured_on) if found else None


class Applied(BaseModel):
    """What an estimate says about the calibration it used (the ``calibration`` key of estimate JSON)."""

    model_config = ConfigDict(extra="forbid")

    measured_on: dt.date
    tool: str
    measured_model: str
    measured_quant: str
    hardware: str
    engine: str
    gpus: int
    decode_factor: float | None
    prefill_factor: float | None
    serving_factor: float | None
    predicted_decode_tokens_per_s: float | None
    predicted_prefill_tokens_per_s: float | None
    predicted_serving_output_tokens_per_s: float | None


def note(a: Applied) -> str:
    """The sentence an estimate shows."""
    shown = [f"{kind} ×{f:.2f}" for kind, f in (("decode", a.decode_factor), ("prefill", a.prefill_factor),
                                                ("serving", a.serving_factor)) if f is not None]
    return (f"Calibrated on your measurement of {a.measured_on.isoformat()} ({a.tool}, {a.measured_model} "
            f"{a.measured_quant} on {a.gpus} × {a.hardware}, {a.engine}): the model's prediction times "
            f"{', '.join(shown) or 'nothing measured here'}.")



def _times(x: float | None, f: float | None) -> float | None:
    return None if x is None or f is None else x * f


def applied(
    cal: Calibration, s: Setup, *, decode: float | None, prefill: float | None, serving: float | None,
    decode_x: float, prefill_x: float, serving_x: float,
) -> tuple[dict[str, float | None], Applied]:
    """The calibrated decode / prefill / serving figures (a kind without measured points keeps its prediction)
    and the record of what was applied, for the estimate's ``calibration`` key."""
    f = {"decode": cal.factor("decode", decode_x), "prefill": cal.factor("prefill", prefill_x),
         "serving": cal.factor("serving", serving_x)}
    values = {
        "decode": _times(decode, f["decode"]) or decode,
        "prefill": _times(prefill, f["prefill"]) or prefill,
        "serving": _times(serving, f["serving"]) or serving,
    }
    record = Applied(
        measured_on=cal.measured_on, tool=cal.tool, measured_model=cal.model, measured_quant=cal.quant,
        hardware=s.device.name, engine=s.engine.name, gpus=cal.gpus,
        decode_factor=_round(f["decode"] if decode is not None else None),
        prefill_factor=_round(f["prefill"] if prefill is not None else None),
        serving_factor=_round(f["serving"] if serving is not None else None),
        predicted_decode_tokens_per_s=_round(decode), predicted_prefill_tokens_per_s=_round(prefill),
        predicted_serving_output_tokens_per_s=_round(serving),
    )
    return values, record


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)
