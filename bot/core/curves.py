"""Monthly cost against daily volume for every option family, computed by the cost engine at each volume.

Pure. What the break-even chart plots (the recommendation's costs and the weekly digest share it): the
team's API, the cheapest hosted open-weight API serving the planned model, and the cheapest self-host plan
(a step line: devices come whole), over a log-spaced range of volumes that holds the team's volume and the
break-evens, which are grid points themselves. Every figure comes from the engine's own functions
(``api_option``, ``cheapest_monthly_at``, the context's break-evens), so the chart cannot disagree with the
cost table; a test compares them at several volumes.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .api_pricing import api_option
from .breakeven import cheapest_monthly_over
from .context import build_context
from .knowledge import Knowledge
from .profile import WorkloadProfile
from .tree import facts_for, walk
from .units import human

POINTS = 121
SPAN = 30.0  # the range reaches this factor below the smallest and above the largest volume of interest
MIN_VOLUME, MAX_VOLUME = 1e3, 1e13
Family = Literal["api", "hosted_open", "self_host"]


@dataclass(frozen=True)
class Curve:
    family: Family
    label: str
    monthly: list[float | None]  # US$/month at each volume; None where the family cannot carry it
    ruled_out: bool = False  # shown for comparison, but a hard constraint rules it out


@dataclass(frozen=True)
class BreakEven:
    label: str  # "vs your API", "vs hosted open weights"
    volume: float  # tokens/day above which self-hosting stays cheaper than that option


@dataclass(frozen=True)
class CostCurves:
    title: str
    volumes: list[float]  # tokens/day, increasing
    curves: list[Curve]
    team_volume: float
    break_evens: list[BreakEven] = field(default_factory=list)

    def curve(self, family: Family) -> Curve | None:
        return next((c for c in self.curves if c.family == family), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CostCurves:
        return cls(title=d["title"], volumes=list(d["volumes"]), curves=[Curve(**c) for c in d["curves"]],
                   team_volume=d["team_volume"], break_evens=[BreakEven(**b) for b in d.get("break_evens", [])])


def volume_grid(points: int, *marks: float | None) -> list[float]:
    """Log-spaced volumes around the marks (the team's volume, the break-evens), the marks included."""
    known = [m for m in marks if m is not None and math.isfinite(m) and m > 0]
    lo = max(MIN_VOLUME, min(known) / SPAN)
    hi = min(MAX_VOLUME, max(known) * SPAN)
    if hi <= lo:
        hi = lo * SPAN
    grid = [lo * (hi / lo) ** (i / (points - 1)) for i in range(points)]
    return sorted({*grid, *(m for m in known if lo <= m <= hi)})


def cost_curves(
    k: Knowledge, profile: WorkloadProfile, volume: float | None = None, *, title: str = "",
    ruled_out: Collection[str] | None = None, points: int = POINTS,
) -> CostCurves:
    """The engine's monthly costs over volumes for the profile (at ``volume``, default its own).

    ``ruled_out``: the API families a hard constraint rules out (default: what the decision tree says for this
    profile, so the digest's chart and an answer's agree)."""
    volume = volume if volume is not None else profile.tokens_per_day
    if volume is None or not (volume > 0):
        raise ValueError("tokens_per_day: a chart needs a daily volume")
    ctx = build_context(k, profile.model_copy(update={"tokens_per_day": volume}))
    load = ctx.load
    assert load is not None
    if ruled_out is None:
        no_api = facts_for(ctx, set(walk(ctx, explain=False).fired)).get("no_cloud_api")
        ruled_out = ("api", "hosted_open") if no_api else ()
    xs = volume_grid(points, volume, ctx.break_even_api, ctx.break_even_hosted)
    cached = ctx.a.get("cached_input_share", 0.0)
    api = api_option(ctx.api, volume, load.output_share, cached)
    curves = [Curve("api", api.label, [api_option(ctx.api, x, load.output_share, cached).monthly_usd for x in xs],
                    "api" in ruled_out)]
    if ctx.hosted is not None:
        hosted = api_option(ctx.hosted, volume, load.output_share)
        curves.append(Curve("hosted_open", hosted.label,
                            [api_option(ctx.hosted, x, load.output_share).monthly_usd for x in xs],
                            "hosted_open" in ruled_out))
    # every option possible anywhere on the grid is possible at its lowest volume (devices only grow with
    # volume), and re-provisioning an option at another volume costs what the engine would price it at there
    low = build_context(k, profile.model_copy(update={"tokens_per_day": xs[0]}))
    if ctx.options and low.load is not None:
        best = ctx.options[0].option
        steps = cheapest_monthly_over(xs, low.options, low.load)
        curves.append(Curve("self_host", f"self-host, cheapest plan ({best.label.split(',')[0]} at your volume)",
                            [y if math.isfinite(y) else None for y in steps]))
    marks = [BreakEven("vs your API", ctx.break_even_api)] if ctx.break_even_api else []
    if ctx.hosted is not None and ctx.break_even_hosted:
        marks.append(BreakEven("vs hosted open weights", ctx.break_even_hosted))
    return CostCurves(title or f"Monthly cost against tokens/day (you: {human(volume)}/day)", xs, curves, volume,
                      marks)
