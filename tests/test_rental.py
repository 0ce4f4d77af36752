"""Rental rates: published per device-hour, or per whole instance (the per-device rate is then computed)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from bot.core.knowledge import Rental, load

BASE = {"source": "a price page", "as_of": dt.date(2026, 9, 20), "provider": "X"}


def test_an_instance_price_is_divided_by_its_devices() -> None:
    r = Rental.model_validate({**BASE, "instance_usd_per_hour": 42.0, "instance_devices": 4})
    assert r.usd_per_hour == 10.5 and r.instance_devices == 4


def test_a_typed_per_device_rate_that_disagrees_with_the_instance_price_is_refused() -> None:
    with pytest.raises(ValidationError, match="computed from instance_usd_per_hour"):
        Rental.model_validate({**BASE, "instance_usd_per_hour": 42.0, "instance_devices": 4, "usd_per_hour": 11})


@pytest.mark.parametrize("bad", [{"instance_usd_per_hour": "42"}, {"instance_usd_per_hour": -1.0},
                                 {"instance_usd_per_hour": 42.0, "instance_devices": 0}, {}])
def test_a_malformed_rate_names_its_field(bad: dict) -> None:
    with pytest.raises(ValidationError) as err:
        Rental.model_validate({**BASE, **bad})
    fields = {str(e["loc"][0]) for e in err.value.errors()}
    assert fields & {"instance_usd_per_hour", "instance_devices", "usd_per_hour"}


def test_new_devices_with_a_sourced_rate_can_be_rented_and_the_others_cannot() -> None:
    k = load()
    rented = {d: k.devices.get(d).rental for d in ("b300", "gb200", "rtx-pro-6000-blackwell-server", "h100-nvl")}
    assert all(r is not None and r.as_of >= dt.date(2026, 8, 1) and r.source for r in rented.values())
    assert rented["gb200"] is not None and rented["gb200"].usd_per_hour == pytest.approx(42.0 / 4)
    for unknown in ("h20", "h200-nvl", "mi355x", "gaudi-3"):  # no sourceable public on-demand rate
        assert k.devices.get(unknown).rental is None
