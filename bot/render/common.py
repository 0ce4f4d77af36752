"""Shared wording for every renderer: verdict labels, figures, and line splitting at word boundaries.

Pure: strings in, strings out. Block Kit and terminal renderers decorate these plain phrases each in
their own way, so a figure reads the same in Slack, in the console and in a digest.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from bot.core.recommendation import CostOption, HardwarePlan, PathStep, Recommendation
from bot.core.staleness import age_line
from bot.core.units import money

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing.TypeIs from Python 3.13

VERDICT_EMOJI = {"self_host": ":house:", "api": ":cloud:", "hybrid": ":twisted_rightwards_arrows:"}
VERDICT_WORDS = {"self_host": "Self-host", "api": "Use the API", "hybrid": "Hybrid"}
KIND_WORDS = {
    "on_prem_gpu": "on-prem GPUs",
    "apple_silicon": "Apple silicon",
    "rented_gpu": "rented cloud GPUs",
    "edge_device": "edge devices",
    "api_tier": "API tier",
}
HOSTING_WORDS = {"own_cloud": "GPUs in your own cloud account", "gpu_cloud": "rented cloud GPUs"}
FULL_HINT = "see the full reasoning with `/selfhost recommend --full`"
ELLIPSIS = "…"


# --- verdict ----------------------------------------------------------------------------------------


def verdict_label(rec: Recommendation, *, emoji: bool = True) -> str:
    """":house: Self-host — on-prem GPUs", ":cloud: Use the API", ":twisted_rightwards_arrows: Hybrid"."""
    words = VERDICT_WORDS[rec.verdict]
    if rec.verdict == "self_host":
        words += f" — {kind_words(rec.deployment)}"
    elif rec.verdict == "hybrid":
        words += " — small local model + API"
    return f"{VERDICT_EMOJI[rec.verdict]} {words}" if emoji else words


def kind_words(plan: HardwarePlan) -> str:
    """Where the plan runs, in words: on-prem GPUs, GPUs in your own cloud account, rented cloud GPUs..."""
    return HOSTING_WORDS.get(plan.hosting or "", KIND_WORDS[plan.kind])


# --- figures ----------------------------------------------------------------------------------------


def finite(x: float | None) -> TypeIs[float]:
    return x is not None and math.isfinite(x)


def usd(x: float | None) -> str:
    if x is None or not math.isfinite(x):
        return "n/a"
    if abs(x) >= 1e9:
        return f"{'-' if x < 0 else ''}${abs(x) / 1e9:,.2f}B" if abs(x) < 1e15 else f"${x:.3g}"
    return money(x)


def per_month(x: float | None) -> str:
    """7500 → "$7,500/mo"."""
    return f"{usd(x)}/mo" if finite(x) else "n/a"


def per_million(x: float | None) -> str:
    """2.5 → "$2.50 / 1M"; small prices keep their significant digits."""
    if x is None or not math.isfinite(x):
        return "n/a"
    if 0.01 <= abs(x) < 100:
        return f"${x:,.2f} / 1M"
    return f"{money(x)} / 1M"


def count(x: float | None, unit: str = "") -> str:
    """Large counts read like volumes: 3e8 → "300M", 3200 → "3,200", 45.2 → "45"."""
    if x is None or not math.isfinite(x):
        return "n/a"
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
        if abs(x) >= scale:
            text = f"{x / scale:.3g}{suffix}"
            break
    else:
        text = f"{x:,.1f}" if abs(x) < 10 and x != int(x) else f"{x:,.0f}"
    return f"{text} {unit}".rstrip()


def tokens_day(x: float | None) -> str:
    return count(x, "tokens/day") if finite(x) else "unknown"


def tok_s(x: float | None) -> str:
    return count(x, "tok/s")


def signed_pct(x: float | None) -> str:
    """Headroom 0.73 → "+73%", -0.2 → "-20%"."""
    if x is None or not math.isfinite(x):
        return "n/a"
    pct = x * 100
    return f"{pct:+,.0f}%" if abs(pct) < 1e6 else ("+" if pct > 0 else "-") + "lots"


# --- text shaping -------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Drop control characters (ESC, BEL, C1…) so user text cannot drive a terminal; keeps \\n and \\t."""
    return _CONTROL.sub("", text)



def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` chars, cut at a word boundary with "…" (only a lone over-long word
    is cut inside)."""
    return fit(" ".join(text.split()), limit)


def fit(text: str, limit: int) -> str:
    """``text`` unchanged when it fits; otherwise cut at the last space or newline before ``limit``."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    head = text[: limit - 1]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space > 0:
        head = head[:space]
    return head.rstrip(" \n,;:-—") + ELLIPSIS


def split_line(line: str, limit: int) -> list[str]:
    """Split one line into pieces ≤ ``limit`` at spaces; only a word longer than ``limit`` is cut."""
    pieces: list[str] = []
    while len(line) > limit:
        cut = line.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    if line or not pieces:
        pieces.append(line)
    return pieces


def pack(lines: list[str], limit: int) -> list[str]:
    """Join lines into chunks ≤ ``limit`` chars, breaking only between lines (or words of a huge line)."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        for piece in split_line(line, limit):
            joined = f"{current}\n{piece}" if current else piece
            if len(joined) <= limit:
                current = joined
            else:
                chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


def join_within(items: list[str], sep: str, width: int) -> list[str]:
    """Join items with ``sep`` into as few lines of at most ``width`` as possible (items stay whole)."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(sep) + len(item) <= width:
            lines[-1] += sep + item
        else:
            lines.append(item)
    return lines


def more_steps(n: int, what: str = "steps", hint: str = FULL_HINT) -> str:
    return f"…and {n} more {what} ({hint})" if hint else f"…and {n} more {what}"


# --- shared phrases ---------------------------------------------------------------------------------


def step_phrase(step: PathStep) -> str:
    """"Question → fact = value → rule → outcome" in plain words."""
    return f"{step.question} → {step.fact} = {step.value} → {step.rule} → {step.outcome}"


def devices_phrase(plan: HardwarePlan) -> str | None:
    if not plan.device or plan.devices <= 0:
        return None
    text = f"{plan.devices} × {plan.device}"
    if plan.replicas > 1 and plan.gpus_per_replica > 0:
        text += f" ({plan.gpus_per_replica} per replica × {plan.replicas} replicas)"
    return text


def stack_phrase(plan: HardwarePlan) -> str | None:
    parts = [p for p in (plan.model, plan.quant, plan.engine) if p]
    return " · ".join(parts) or None


def speed_phrase(plan: HardwarePlan) -> str | None:
    parts = []
    if finite(plan.replica_tokens_per_s):
        parts.append(f"{tok_s(plan.replica_tokens_per_s)} per replica")
    if finite(plan.decode_tokens_per_s):
        parts.append(f"{tok_s(plan.decode_tokens_per_s)} per stream")
    if finite(plan.ttft_ms):
        parts.append(f"TTFT {count(plan.ttft_ms)} ms")
    if finite(plan.memory_gb):
        parts.append(f"{count(plan.memory_gb)} GB per replica")
    return " · ".join(parts) or None


def capacity_phrase(plan: HardwarePlan) -> str | None:
    if not finite(plan.capacity_tokens_per_day):
        return None
    down = " with one machine down" if plan.availability == "ha" else ""
    text = f"capacity {tokens_day(plan.capacity_tokens_per_day)}{down}, peaks at target utilisation"
    if finite(plan.required_tokens_per_day):
        text += f" vs {tokens_day(plan.required_tokens_per_day)} asked"
    if finite(plan.headroom):
        text += f" (headroom {signed_pct(plan.headroom)})"
    return text


def targets_phrase(plan: HardwarePlan) -> str | None:
    if not plan.targets:
        return None
    return f"meets your targets ({plan.targets})" if plan.meets_targets else f"misses your targets ({plan.targets})"


def plan_lines(plan: HardwarePlan) -> list[str]:
    """The hardware plan as plain lines; the renderer adds the possible / not-possible verdict."""
    lines = [plan.summary] if plan.summary.strip() else []
    for phrase in (devices_phrase(plan), stack_phrase(plan), speed_phrase(plan), capacity_phrase(plan),
                   targets_phrase(plan)):
        if phrase:
            lines.append(phrase)
    return lines


HOSTING_WORDS = {"owned": "hardware you own", "own_cloud": "your own cloud account", "gpu_cloud": "a GPU cloud"}


def target_lines(plan: HardwarePlan) -> list[str]:
    """Whether the plan meets the team's targets and where it runs (when the engine says so)."""
    lines = []
    meets = getattr(plan, "meets_targets", None)
    if meets is not None:
        lines.append("meets your latency and speed targets" if meets else "misses your latency or speed target")
    hosting = getattr(plan, "hosting", None)
    if isinstance(hosting, str) and hosting:
        lines.append(f"runs on {HOSTING_WORDS.get(hosting, hosting)}")
    return lines


def option_figures(opt: CostOption) -> str:
    text = f"{per_month(opt.monthly_usd)} · {per_million(opt.per_million_usd)}"
    if finite(opt.capex_usd) and opt.capex_usd > 0:
        text += f" · capex {usd(opt.capex_usd)}"
    return text


def find_option(rec: Recommendation, option_id: str | None) -> CostOption | None:
    if rec.costs is None or option_id is None:
        return None
    return next((o for o in rec.costs.options if o.id == option_id), None)


def key_figures(rec: Recommendation) -> list[tuple[str, str]]:
    """(label, value) pairs for the figures people look at first; at most 10."""
    figures: list[tuple[str, str]] = []
    costs = rec.costs
    if costs is not None:
        figures.append(("Volume", tokens_day(costs.tokens_per_day)))
        api = find_option(rec, costs.api_option)
        own = find_option(rec, costs.self_host_option)
        if api is not None:
            figures.append(("API", per_month(api.monthly_usd)))
        if own is not None:
            figures.append(("Self-host", per_month(own.monthly_usd)))
        be = costs.break_even_tokens_per_day
        figures.append(("Break-even", tokens_day(be) if finite(be) else "not in range"))
    if rec.hybrid is not None:
        figures.append(("Hybrid saves", per_month(rec.hybrid.savings_monthly_usd)))
    devices = devices_phrase(rec.deployment)
    if devices:
        figures.append(("Devices", devices))
    if finite(rec.deployment.replica_tokens_per_s):
        figures.append(("Tokens/s", f"{tok_s(rec.deployment.replica_tokens_per_s)} per replica"))
    figures.append(("Confidence", rec.confidence))
    return figures[:10]


def as_of_phrase(rec: Recommendation) -> str | None:
    if rec.data_age is not None:  # the age of the prices and hardware data, with a warning past 90 days
        return age_line(rec.data_age)
    if not rec.as_of:
        return None
    return "Knowledge as of " + ", ".join(f"{k} {v}" for k, v in sorted(rec.as_of.items()))


def summary(rec: Recommendation, limit: int = 900) -> str:
    """One plain paragraph: the fallback text for notifications and screen readers."""
    parts = [f"{verdict_label(rec, emoji=False)}: {rec.headline.strip()}"]
    figures = [f"{label} {value}" for label, value in key_figures(rec)]
    parts.append("; ".join(figures) + ".")
    if rec.conflicts:
        parts.append(f"{len(rec.conflicts)} conflict(s) to resolve.")
    return shorten(" ".join(parts), limit)


def break_even_phrase(costs: Any, bold: str = "") -> str:
    """The decisive break-even, then the two comparisons it is the larger of."""
    be = costs.break_even_tokens_per_day
    head = f"Break-even: {bold}{tokens_day(be)}{bold}" if finite(be) else "Break-even: not within range"
    api = getattr(costs, "break_even_api_tokens_per_day", None)
    hosted = costs.break_even_hosted_tokens_per_day

    def short(x: float | None) -> str:
        return tokens_day(x).replace(" tokens/day", "") if finite(x) else "never"

    return f"{head} (vs your API {short(api)}, vs hosted open weights {short(hosted)})"
