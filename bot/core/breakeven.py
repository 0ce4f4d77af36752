"""Break-even: the volume above which self-hosting stays cheaper than an API.

Self-host cost is a step function of volume (devices come whole), so it can cross the API's straight
line more than once; the break-even is the last crossing, in closed form per option.
"""

from __future__ import annotations

import math

from .costs import SMALL_FLEET, Load, SelfHostCost
from .units import DAYS_PER_MONTH, SECONDS_PER_DAY

MAX_DEVICES_FOR_SCALE = 1_000  # an option capped below this cannot carry every volume


def cheapest_monthly_at(
    volume: float, options: list[SelfHostCost], base: Load
) -> float:
    """Cheapest self-host monthly cost at another volume (same candidates, re-provisioned, no fleet cap)."""
    load = Load(volume, base.output_share, base.peak_to_average, base.utilisation)
    best = math.inf
    for o in options:
        devices = o.devices_at(load)
        if devices <= o.max_devices:
            best = min(best, o.monthly_for(devices))
    return best


def break_even(api_per_m: float, options: list[SelfHostCost], base: Load) -> float | None:
    """The volume above which self-hosting stays cheaper than the API (None: at no volume).

    Self-host cost is a step function (devices come whole), so the cost curves can cross more than once.
    For one option, monthly cost is F + c·r with r = ceil(q·V) replicas; the API costs a·V. Inside the
    r-th step the option is cheaper from V = (F + c·r)/a on, so the last volume where it is not cheaper
    falls in the last step r < R = (F/a + 1/q) / (1/q - c/a). The answer is the lowest such volume over
    the options: above it, at least one configuration is always cheaper than the API.
    """
    a = DAYS_PER_MONTH * api_per_m / 1e6
    if not options or a <= 0:
        return None
    best: float | None = None
    for o in options:
        v = _option_break_even(o, a, base)
        if v is not None and (best is None or v < best):
            best = v
    return best


def _option_break_even(o: SelfHostCost, a: float, base: Load) -> float | None:
    """Last volume where this option is not cheaper than the API (None: it never stays cheaper).

    Cost is piecewise: one or two devices run on `small` terms, a fleet on `fleet` terms.
    """
    if o.max_devices < MAX_DEVICES_FOR_SCALE:
        return None  # cannot grow into a fleet (GeForce licence), so it cannot stay cheaper at any volume
    g, per_block = o.block  # steps are whole purchase blocks: g devices carrying per_block replicas
    inv_q = o.candidate.tokens_per_s * per_block * base.utilisation * SECONDS_PER_DAY / base.peak_to_average
    if inv_q <= 0:
        return None
    r0 = SMALL_FLEET // g + 1  # the first block count that makes a fleet
    fleet_last = _last_not_cheaper(*o.fleet, g, inv_q, a)
    if fleet_last is None:
        return None  # each added replica costs more than the API traffic it carries
    if fleet_last >= r0:
        return _volume_at(*o.fleet, g, inv_q, a, fleet_last)
    if r0 == 1:
        return _volume_at(*o.fleet, g, inv_q, a, max(fleet_last, 1))
    small_last = _last_not_cheaper(*o.small, g, inv_q, a)
    r = r0 - 1 if small_last is None else min(small_last, r0 - 1)
    return _volume_at(*o.small, g, inv_q, a, max(r, 1))


def _last_not_cheaper(fixed: float, per_device: float, g: int, inv_q: float, a: float) -> int | None:
    """Inside step r the cost is fixed + c·r against a·V; the last step with a volume where the API is cheaper."""
    c = per_device * g
    margin = inv_q - c / a
    if margin <= 0:
        return None
    r_max = (fixed / a + inv_q) / margin
    return max(1, math.ceil(r_max) - 1)


def _volume_at(fixed: float, per_device: float, g: int, inv_q: float, a: float, r: int) -> float:
    return min((fixed + per_device * g * r) / a, r * inv_q)
