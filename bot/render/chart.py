"""The break-even chart: ``CostCurves`` → a 960×540 PNG (matplotlib, Agg), for answers and the weekly digest.

Pure: data in, bytes out (matplotlib is imported only when a chart is drawn; it is the optional ``chart``
extra, and ``available()`` says whether it is installed). Log-log axes with plain tick labels ("10M",
"$10k"); the team's API and the hosted open-weight API as lines (dashed when a hard constraint rules them
out), the cheapest self-host plan as steps, the team's volume and each break-even as vertical lines.
Drawing is kept cheap (fixed margins instead of tight_layout, no mathtext, no minor tick labels, one draw,
light PNG compression) so a chart renders within 300 ms once matplotlib is imported (``bench/chart.py``).
"""

from __future__ import annotations

import importlib.util
import io
import math
from typing import Any

from bot.core.curves import CostCurves, Curve
from bot.core.units import human

WIDTH_PX, HEIGHT_PX, DPI = 960, 540, 120
STYLE = {  # family → (colour, draw style)
    "api": ("#1f77b4", "line"),
    "hosted_open": ("#9467bd", "line"),
    "self_host": ("#d62728", "steps"),
}
TEAM_COLOUR = "#2ca02c"
BREAK_EVEN_STYLE = (("#1f77b4", ":"), ("#9467bd", "-."))  # against the team's API, against the hosted API
LABEL_CHARS = 70


def available() -> bool:
    """Whether matplotlib is installed (charts are skipped, not failed, without it)."""
    return importlib.util.find_spec("matplotlib") is not None


def _money_tick(v: float, _pos: Any = None) -> str:
    return f"${human(v)}" if v >= 1 else f"${v:g}"


def _volume_tick(v: float, _pos: Any = None) -> str:
    return human(v)


def _decades(lo: float, hi: float) -> list[float]:
    return [10.0**e for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)]


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _draw_curve(ax: Any, xs: list[float], curve: Curve) -> list[float]:
    pts = [(x, y) for x, y in zip(xs, curve.monthly, strict=True) if y is not None and y > 0]
    if not pts:
        return []
    colour, kind = STYLE[curve.family]
    label = _short(curve.label) + (" — ruled out" if curve.ruled_out else "")
    style = {"color": colour, "label": label, "linestyle": "--" if curve.ruled_out else "-", "linewidth": 1.8}
    px, py = [p[0] for p in pts], [p[1] for p in pts]
    if kind == "steps":
        ax.step(px, py, where="post", **style)
    else:
        ax.plot(px, py, **style)
    return py


def _axes(ax: Any, xs: list[float], ys: list[float]) -> None:
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    ylo, yhi = min(ys), max(ys)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ylo / 1.5, yhi * 1.5)
    for axis, (lo, hi), fmt in ((ax.xaxis, (xs[0], xs[-1]), _volume_tick), (ax.yaxis, (ylo, yhi), _money_tick)):
        axis.set_major_locator(FixedLocator(_decades(lo, hi)))
        axis.set_minor_locator(NullLocator())
        axis.set_major_formatter(FuncFormatter(fmt))
    ax.set_xlabel("tokens per day")
    ax.set_ylabel("US$ per month")
    ax.grid(True, which="major", alpha=0.3)


def render_png(curves: CostCurves) -> bytes:
    """Draw the curves (960×540 px PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    ax = fig.add_axes((0.1, 0.1, 0.88, 0.82))
    ys: list[float] = []
    for curve in curves.curves:
        ys += _draw_curve(ax, curves.volumes, curve)
    ax.axvline(curves.team_volume, color=TEAM_COLOUR, linestyle="--", label=f"you: {human(curves.team_volume)}/day")
    for be, (colour, line) in zip(curves.break_evens, BREAK_EVEN_STYLE, strict=False):
        ax.axvline(be.volume, color=colour, linestyle=line, linewidth=1.2, alpha=0.8,
                   label=_short(f"break-even {be.label}: {human(be.volume)}/day"))  # short labels draw faster
    _axes(ax, curves.volumes, ys or [1.0, 10.0])
    ax.set_title(_short(curves.title), fontsize="medium")
    ax.legend(loc="upper left", fontsize="x-small", framealpha=0.85)
    return _png(fig)


def _png(fig: Any) -> bytes:
    """Draw once and encode with light compression (savefig's default level costs ~40 ms more for ~15% fewer
    bytes); no metadata, so the same curves give the same bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="png", compress_level=1)
    return buf.getvalue()
