"""The age line names the rental and instance rates an answer rests on, and warns when one is old."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.core.advise import recommend
from bot.core.gpu_rates import DeviceRate, with_rates
from bot.core.knowledge import load
from bot.core.profile import WorkloadProfile
from bot.core.staleness import STALE_AFTER_DAYS, age_line, data_age

K = load()
TODAY = dt.date(2026, 12, 3)
# a load whose cheapest plan is rented (MI300X at a 2025-08 RunPod rate); with a flat load owning 8 wins since MI300X
# MoE serving pays vLLM's per-MoE-layer floor (speed-apple-serve, 2026-12-03)
RENTED = WorkloadProfile(tokens_per_day=2e9, capability="mid", hosting="any", data_sensitivity="internal",
                         infra_skills="mlops", peak_to_average=1.5)


def test_a_rented_plan_at_an_old_rate_names_provider_device_and_date() -> None:
    rec = recommend(K, RENTED, today=TODAY)
    assert rec.deployment.hosting == "gpu_cloud"
    rental = next(d for d in K.devices if d.name == rec.deployment.device).rental
    age = rec.data_age
    assert age is not None and rental is not None
    plan_rate = next(r for r in age.rental_rates if r.device == rec.deployment.device)
    assert (plan_rate.provider, plan_rate.as_of) == (rental.provider, rental.as_of)
    assert plan_rate.usd_per_hour == round(rental.usd_per_hour, 4)
    assert plan_rate.age_days == (TODAY - plan_rate.as_of).days > STALE_AFTER_DAYS
    line = age_line(age)
    assert f"rental rate {plan_rate.provider} {plan_rate.device} {plan_rate.as_of} ({plan_rate.age_days} days ago)" \
        in line
    assert "rental rates" in age.stale and "⚠" in line and "`selfhost-bot prices refresh --gpus`" in line


def test_a_plan_on_owned_hardware_shows_no_rental_line() -> None:
    owned = RENTED.model_copy(update={"hosting": "on_prem"})
    rec = recommend(K, owned, today=TODAY)
    assert rec.data_age is not None and rec.deployment.hosting == "owned"
    assert rec.data_age.rental_rates == [] and "rental rate" not in age_line(rec.data_age)
    assert "rental rates" not in rec.data_age.stale


def test_a_refreshed_rate_shows_its_own_date_and_clears_the_warning() -> None:
    device = recommend(K, RENTED, today=TODAY).data_age.rental_rates[0]  # type: ignore[union-attr]
    rented = next(d for d in K.devices if d.name == device.device)
    fetched = TODAY - dt.timedelta(days=2)
    fresh = DeviceRate(rented.id, "RunPod", "1x MI300X", "EU-RO-1", device.usd_per_hour, 1, 3, device.usd_per_hour)
    k = with_rates(K, {rented.id: fresh}, fetched, "http://example.invalid/v3")
    age = recommend(k, RENTED, today=TODAY).data_age
    assert age is not None
    again = next(r for r in age.rental_rates if r.device == rented.name)
    assert again.as_of == fetched and again.age_days == 2
    assert f"{rented.name} {fetched} (2 days ago)" in age_line(age)


def test_the_warning_comes_from_the_oldest_rate_used() -> None:
    as_of = {"prices": TODAY, "hardware": TODAY}
    fresh = data_age(as_of, TODAY, [("H100 SXM", "Lambda", 3.99, TODAY - dt.timedelta(days=30))])
    assert fresh.stale == [] and "⚠" not in age_line(fresh) and "(30 days ago)" in age_line(fresh)
    old = data_age(as_of, TODAY, [("H100 SXM", "Lambda", 3.99, TODAY - dt.timedelta(days=30)),
                                  ("A40", "RunPod", 0.4, "2025-08-01"), ("A40", "RunPod", 0.4, "2025-08-01")])
    assert [r.device for r in old.rental_rates] == ["H100 SXM", "A40"]  # a rate used twice is listed once
    assert old.stale == ["rental rates"] and old.advice == "run `selfhost-bot prices refresh --gpus`"
    assert "rental rate RunPod A40 2025-08-01 (489 days ago)" in age_line(old)


def test_recommend_json_lists_the_rental_rates(tmp_path: Path) -> None:
    env = {**os.environ, "SELFHOST_DB": str(tmp_path / "s.db")}
    out = subprocess.run([sys.executable, "-m", "bot", "recommend", "--tokens-per-day", "2B", "--hosting", "any",
                          "--json"], capture_output=True, text=True, env=env, timeout=180)
    assert out.returncode == 0, out.stderr
    age = json.loads(out.stdout)["data_age"]
    assert {"prices_as_of", "prices_age_days", "hardware_as_of", "hardware_age_days", "stale", "advice"} <= set(age)
    assert age["rental_rates"] and set(age["rental_rates"][0]) == {"device", "provider", "usd_per_hour", "as_of",
                                                                   "age_days"}
