"""Which operating assumptions the engine needs, and which of them a team may override per profile.

Values, units, ranges and sources live in ``knowledge/assumptions.yaml``; this table says only how each key is
used. Every overridable key is also required in the file, so an override always has a default to fall back
to and a range to be checked against. ``peak_to_average`` and ``output_share`` are profile fields of their own,
so they are required defaults but not overrides. Other keys in the file (``mlops_fraction_*``, ...) are
optional: the engine reads them with a default.
"""

from __future__ import annotations

OVERRIDABLE: tuple[str, ...] = (
    "electricity_usd_per_kwh",
    "pue",
    "amortisation_months",
    "hosting_usd_per_device_month",
    "mlops_engineer_usd_per_year",
    "target_utilisation",
    "cached_input_share",
    "colocation_usd_per_kw_month",
    "machines_per_engineer",
)
DEFAULTS_OF_PROFILE_FIELDS: tuple[str, ...] = ("peak_to_average", "output_share")
REQUIRED_ASSUMPTIONS: frozenset[str] = frozenset(OVERRIDABLE + DEFAULTS_OF_PROFILE_FIELDS)
