"""Engine builds: which of an engine's dated speed milestones (knowledge/engine_builds.yaml) a build has.

A build is named by its number (llama.cpp's ``b5863``, what llama-bench prints as ``build_number``) or by a date
(``2025-07``, ``2025-08-07``); none means the current build, which has every milestone. A build older than a
milestone runs the way the engine ran before it; ``sizing_time`` applies what each lacked milestone costs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .knowledge import Backend, BuildMilestone, Engine, Knowledge

_NUMBER = re.compile(r"^\s*~?\s*b?(\d{3,6})\b", re.IGNORECASE)
_DATE = re.compile(r"^\s*(\d{4})-(\d{2})(?:-(\d{2}))?\b")


@dataclass(frozen=True, slots=True)
class Build:
    """One engine build: its number and/or date, and the milestones (for its engine and backend) it lacks."""

    label: str
    number: int | None = None
    date: dt.date | None = None
    lacks: tuple[BuildMilestone, ...] = ()

    def has(self, m: BuildMilestone) -> bool:
        """Whether this build includes the milestone: by build number when known, else by date."""
        if self.number is not None and m.build is not None:
            return self.number >= m.build
        return self.date is None or self.date >= m.merged

    def us_per_expert(self) -> float:
        """Microseconds per routed expert per MoE layer a prompt pass pays for the MoE milestones it lacks."""
        return sum(m.before_us_per_expert or 0.0 for m in self.lacks if m.effect == "moe_prompt_expert_overhead")

    def us_per_moe_layer(self) -> float:
        """Microseconds per MoE layer every forward pass pays for the routing-fusion milestones it lacks."""
        return sum(m.before_us_per_moe_layer or 0.0 for m in self.lacks if m.effect == "moe_layer_launches")

    @property
    def uses_matrix_units(self) -> bool:
        """False for a build older than its engine's first kernels for the device's matrix units (Apple M5)."""
        return not any(m.effect == "matrix_units" for m in self.lacks)

    def runs_per_row(self, quant_id: str) -> bool:
        """Whether this build predates the CPU backend's tiled GEMM for the weight format ``quant_id``."""
        return any(m.effect == "cpu_tiled_gemm" and quant_id in m.formats for m in self.lacks)


def parse_build(text: str | None) -> tuple[int | None, dt.date | None]:
    """A build number ('b5863', '~b5863', '6096', 'b7938 (e0c93af2a)') or a date ('2025-07' = its first day,
    '2025-08-07'); (None, None) when the text names neither (a bare commit hash, 'current', '')."""
    t = (text or "").strip()
    date = _DATE.match(t)
    if date:
        year, month, day = int(date.group(1)), int(date.group(2)), int(date.group(3) or 1)
        try:
            return None, dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"build: {text!r} is not a date") from None
    number = _NUMBER.match(t)
    if number:
        return int(number.group(1)), None
    return None, None


def choose_build(k: Knowledge, text: str | None, engine: Engine, backend: Backend | None) -> Build | None:
    """The build ``text`` names for this engine on this backend, with the milestones it lacks; None for the current
    build (no text, or text that names no build). A build of an engine without milestones lacks none."""
    number, date = parse_build(text)
    if number is None and date is None:
        if text and text.strip() and text.strip().lower() not in ("current", "latest", "now"):
            raise ValueError(f"build: {text!r} is neither a build number (b5863) nor a date (2025-07)")
        return None
    b = Build(text.strip() if text else "", number, date)
    backend_id = backend.id if backend is not None else None
    lacks = tuple(m for m in k.milestones
                  if m.engine == engine.id and backend_id in m.backends and not b.has(m))
    return Build(b.label, number, date, lacks)
