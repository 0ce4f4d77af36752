"""Break-even: the volume above which self-hosting stays cheaper than an API.

Self-host cost is a step function of volume (replicas, devices and machines come whole; HA adds a spare
machine's share), so it can cross the API's straight line more than once; the break-even is the last crossing.
Needing R replicas covers volumes in ((R-1)·q, R·q] (q: the volume one replica carries); inside that step the
API is cheaper somewhere iff cost(R) > a·(R-1)·q. Cost lies between two parallel lines (``cost_bounds``), so
the last such R lies between where those lines cross the API's, and only that band is scanned.
"""

from __future__ import annotations

import math

from .costs import Load, SelfHostCost, replicas_needed
from .knowledge import Knowledge
from .units import DAYS_PER_MONTH, SECONDS_PER_DAY

MAX_DEVICES_FOR_SCALE = 1_000  # an option capped below this cannot carry every volume
MAX_SCAN = 4_096  # steps scanned in the band; beyond it the upper line's crossing is returned (errs high)


def cheapest_monthly_at(volume: float, options: list[SelfHostCost], base: Load) -> float:
    """Cheapest self-host monthly cost at another volume (same candidates, re-provisioned, no fleet cap)."""
    load = base.at(volume)
    best = math.inf
    for o in options:
        needed = replicas_needed(o.candidate, load)
        if o.devices_at(load) <= o.max_devices:
            best = min(best, o.monthly_at(needed))
    return best


def cheapest_monthly_over(volumes: list[float], options: list[SelfHostCost], base: Load) -> list[float]:
    """``cheapest_monthly_at`` at each of ``volumes`` (ascending), the same figures with far fewer costings.

    An option's cost never falls as volume grows (devices only grow), so its cost at a lower volume bounds it
    from below at every higher one: each volume costs options cheapest-bound first and stops at the first whose
    bound is not below the best found; an option that cannot carry a volume cannot carry a higher one."""
    bound = [0.0] * len(options)
    out: list[float] = []
    for volume in volumes:
        load, best = base.at(volume), math.inf
        for i in sorted(range(len(options)), key=bound.__getitem__):
            if bound[i] >= best:
                break
            o = options[i]
            cost = o.monthly_at(replicas_needed(o.candidate, load)) if o.devices_at(load) <= o.max_devices else math.inf
            bound[i] = cost
            best = min(best, cost)
        out.append(best)
    return out


def break_even(api_per_m: float, options: list[SelfHostCost], base: Load, k: Knowledge | None = None) -> float | None:
    """The volume above which self-hosting stays cheaper than the API (None: at no volume): the lowest of
    the options' own break-evens — above it, at least one configuration is always cheaper than the API.

    An option's break-even does not depend on the volume asked about; with ``k`` it is memoised on it."""
    a = DAYS_PER_MONTH * api_per_m / 1e6
    if not options or a <= 0:
        return None
    found = []
    for o in options:
        if k is None:
            v = option_break_even(o, a, base)
        else:  # kept with the option's layouts: shared by every option of the same candidate, rates and shape
            key = ("break_even", a, o.own_limit, o.bought_capex, base.peak_to_average, base.utilisation)
            if key in o.layouts:
                v = o.layouts[key]
            else:
                v = o.layouts[key] = option_break_even(o, a, base)
        if v is not None:
            found.append(v)
    return min(found, default=None)


def option_break_even(o: SelfHostCost, a: float, base: Load) -> float | None:
    """Last volume where this option is not cheaper than an API costing ``a`` $/month per token/day."""
    if o.max_devices < MAX_DEVICES_FOR_SCALE:
        return None  # cannot grow into a fleet (GeForce licence, your own devices): never cheaper at every volume
    q = o.candidate.tokens_per_s * base.utilisation * SECONDS_PER_DAY / base.peak_to_average
    slope_low, low, slope_high, high = o.cost_bounds()
    if q <= 0 or a * q <= slope_high:
        return None  # each added replica may cost more than the API traffic it carries
    top = math.floor((high + a * q) / (a * q - slope_high))  # above it: cost(R) < a·(R-1)·q for sure
    bottom = max(1, math.ceil((low + a * q) / (a * q - slope_low)) - 1)  # at or below: cost(R) > a·(R-1)·q
    for r in range(top, max(bottom, top - MAX_SCAN) - 1, -1):
        cost = o.monthly_at(r)
        if r >= 1 and cost > a * (r - 1) * q:
            return min(cost / a, r * q)
    if top - bottom > MAX_SCAN:
        return top * q
    return None
