"""The break-even chart: monthly cost against tokens/day (log x), the API line, the self-host step line.

``series`` is pure and uses the cost engine's own functions, so tests can compare the plotted points with
the engine; ``render_png`` draws them with matplotlib (Agg), imported only when a chart is drawn.
"""

from __future__ import annotations

import io
import math
from dataclasses import asdict, dataclass
from typing import Any

from bot.core.api_pricing import api_per_million
from bot.core.breakeven import cheapest_monthly_at
from bot.core.costs import Load
from bot.core.knowledge import Knowledge
from bot.core.profile import WorkloadProfile
from bot.core.tree import build_context
from bot.core.units import DAYS_PER_MONTH, human

POINTS = 121
WIDTH_PX, HEIGHT_PX, DPI = 960, 540, 120


@dataclass(frozen=True)
class Series:
    title: str
    volumes: list[float]  # tokens/day, log-spaced
    api_monthly: list[float]
    self_host_monthly: list[float | None]  # None where no option can carry the volume
    devices: list[int | None]  # devices of the cheapest self-host option at each volume
    team_volume: float
    break_even: float | None
    api_label: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Series:
        return cls(**d)


def series(k: Knowledge, profile: WorkloadProfile, volume: float, title: str = "") -> Series:
    """The chart's data, from the engine: API cost and cheapest self-host cost at each volume."""
    ctx = build_context(k, profile.model_copy(update={"tokens_per_day": volume}))
    assert ctx.load is not None
    per_m = api_per_million(ctx.api, ctx.load.output_share, ctx.a.get("cached_input_share", 0.0))
    be = ctx.break_even_api
    lo = min(volume, be or volume) / 30
    hi = max(volume, be or volume) * 30
    xs = [lo * (hi / lo) ** (i / (POINTS - 1)) for i in range(POINTS)]
    self_host: list[float | None] = []
    devices: list[int | None] = []
    for x in xs:
        cost = cheapest_monthly_at(x, ctx.options, ctx.load) if ctx.options else math.inf
        self_host.append(cost if math.isfinite(cost) else None)
        devices.append(_devices_at(x, ctx.options, ctx.load))
    return Series(
        title=title or f"{human(volume)} tokens/day",
        volumes=xs,
        api_monthly=[x * DAYS_PER_MONTH * per_m / 1e6 for x in xs],
        self_host_monthly=self_host,
        devices=devices,
        team_volume=volume,
        break_even=be,
        api_label=ctx.api.name,
    )


def _devices_at(volume: float, options: list[Any], base: Load) -> int | None:
    load = Load(volume, base.output_share, base.peak_to_average, base.utilisation)
    best, n = math.inf, None
    for o in options:
        devices = o.devices_at(load)
        cost = o.monthly_for(devices)
        if cost < best:
            best, n = cost, devices
    return n


def render_png(s: Series) -> bytes:
    """Draw the series (960×540 px PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    ax = fig.subplots()
    ax.plot(s.volumes, s.api_monthly, label=f"API ({s.api_label})", color="#1f77b4")
    pts = [(x, y) for x, y in zip(s.volumes, s.self_host_monthly, strict=True) if y is not None]
    if pts:
        ax.step([p[0] for p in pts], [p[1] for p in pts], where="post", color="#d62728",
                label="self-host (steps: devices added)")
    ax.axvline(s.team_volume, color="#2ca02c", linestyle="--", label=f"your volume ({human(s.team_volume)}/day)")
    if s.break_even is not None:
        ax.axvline(s.break_even, color="#7f7f7f", linestyle=":", label=f"break-even ({human(s.break_even)}/day)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("tokens per day")
    ax.set_ylabel("US$ per month")
    ax.set_title(s.title)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()
