"""Which cost option a Recommendation recommends, and the cheapest alternative to it.

Pure. The summary shows these two beside the team's API; the recommendations log and App Home track the
recommended option's monthly cost over time.
"""

from __future__ import annotations

from .recommendation import CostOption, Recommendation


def find_option(rec: Recommendation, option_id: str | None) -> CostOption | None:
    if rec.costs is None or option_id is None:
        return None
    return next((o for o in rec.costs.options if o.id == option_id), None)


def recommended_option(rec: Recommendation) -> CostOption | None:
    """The cost option the verdict recommends (None when no option stands for it, e.g. no working plan)."""
    costs, plan = rec.costs, rec.deployment
    if costs is None:
        return None
    if rec.verdict == "hybrid":
        return find_option(rec, "hybrid")
    if plan.kind == "api_tier":  # the team's API, or a hosted open-weight API the plan names first
        hosted = (o for o in costs.options if o.kind == "hosted_open" and plan.summary.startswith(o.label))
        return next(hosted, None) or find_option(rec, costs.api_option)
    if not plan.possible:
        return None
    for o in costs.options:
        if o.kind in ("owned", "rented") and o.devices == plan.devices and plan.device and plan.device in o.label:
            return o
    return find_option(rec, costs.self_host_option)


def cheapest_alternative(rec: Recommendation, recommended: CostOption | None) -> CostOption | None:
    """The cheapest option that is neither the team's API nor the recommendation; a possible one first."""
    if rec.costs is None:
        return None
    skip = {rec.costs.api_option, recommended.id if recommended else None}
    others = sorted((o for o in rec.costs.options if o.id not in skip), key=lambda o: o.monthly_usd)
    return next((o for o in others if o.possible), others[0] if others else None)
