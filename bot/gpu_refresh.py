"""`prices refresh --gpus`: current cloud GPU offers from dstack's gpuhunt catalog → rental rates, kept in the database.

gpuhunt publishes one catalog per cloud (``{URL}/{provider}/version``, then ``{URL}/{provider}/{version}/catalog.zip``
holding ``{provider}.csv``: instance, location, hourly price, GPU count, name and memory, spot or not). This module
reads that published data directly with httpx2 and the standard library instead of depending on the ``gpuhunt``
package: its wheel (0.1.34) installs top-level ``tests`` and ``integrity_tests`` packages into site-packages, which
shadow this project's ``tests`` and break its test imports; what we need from it is the data, and reading a CSV in
a zip is a few lines. Offline or on a bad answer nothing changes and the caller gets one sentence.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from bot.core.gpu_rates import DeviceRate, GpuRefreshReport, Offer, cheapest, compare, with_rates
from bot.core.knowledge import Knowledge

DEFAULT_URL = "https://dstack-gpu-pricing.s3.eu-west-1.amazonaws.com/v3"
PROVIDERS = ("aws", "azure", "gcp", "lambdalabs", "nebius", "oci", "runpod", "verda", "cloudrift")
TIMEOUT_S = 15.0
MAX_ZIP_BYTES = 50_000_000
MAX_CSV_BYTES = 200_000_000


class GpuRefreshError(RuntimeError):
    """Nothing was refreshed; the message is one sentence saying why."""


class _Unreachable(Exception):
    pass


def _get(client: Any, url: str, limit: int) -> bytes | None:
    """The body, None on HTTP 404/403 (no catalog for that provider); _Unreachable if the host cannot be reached."""
    import httpx2

    try:
        response = client.get(url)
    except httpx2.HTTPError as e:
        raise _Unreachable(e.__class__.__name__) from None
    if response.status_code in (403, 404):
        return None
    if response.status_code != 200:
        raise GpuRefreshError(f"{url} answered HTTP {response.status_code}")
    if len(response.content) > limit:
        raise GpuRefreshError(f"{url} sent {len(response.content):,} bytes, more than a GPU catalog can be")
    return bytes(response.content)


def offers_from_zip(data: bytes, provider: str) -> list[Offer]:
    """The rows of one provider's catalog.zip; ValueError if it is not a gpuhunt catalog."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo(f"{provider}.csv")
            if info.file_size > MAX_CSV_BYTES:
                raise ValueError(f"{provider}.csv unpacks to {info.file_size:,} bytes")
            text = z.read(info).decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as e:
        raise ValueError(f"not a gpuhunt catalog ({e.__class__.__name__})") from None
    return list(_rows(text, provider))


def _rows(text: str, provider: str) -> Iterator[Offer]:
    reader = csv.DictReader(io.StringIO(text))
    if not {"instance_name", "price", "gpu_count", "gpu_name", "spot"} <= set(reader.fieldnames or ()):
        raise ValueError("not a gpuhunt catalog (columns missing)")
    for row in reader:
        try:
            gpus = int(row["gpu_count"] or 0)
            if gpus < 1 or not row.get("gpu_name"):
                continue
            yield Offer(provider, row["instance_name"], row.get("location") or "", float(row["price"]), gpus,
                        row["gpu_name"], float(row["gpu_memory"]) if row.get("gpu_memory") else None,
                        (row["spot"] or "").strip().lower() == "true", tuple((row.get("flags") or "").split()))
        except (ValueError, TypeError):
            continue  # one malformed row does not cost the others


def fetch(url: str) -> tuple[list[Offer], dict[str, str]]:
    """Every provider's offers and the catalog versions read; GpuRefreshError (one sentence) if none could be."""
    import httpx2

    offers: list[Offer] = []
    versions: dict[str, str] = {}
    base = url.rstrip("/")
    with httpx2.Client(timeout=TIMEOUT_S, follow_redirects=True) as client:
        for provider in PROVIDERS:
            try:
                version = _get(client, f"{base}/{provider}/version", 1000)
                if version is None:
                    continue
                v = version.decode("utf-8", "replace").strip()
                data = _get(client, f"{base}/{provider}/{v}/catalog.zip", MAX_ZIP_BYTES)
                if data is None:
                    continue
                offers += offers_from_zip(data, provider)
            except _Unreachable as e:
                raise GpuRefreshError(f"{base} could not be reached ({e})") from None
            except ValueError as e:
                raise GpuRefreshError(f"{base}/{provider} sent a catalog this version cannot read ({e})") from None
            versions[provider] = v
    if not versions:
        raise GpuRefreshError(f"{base} has no GPU catalog for any of {', '.join(PROVIDERS)}")
    return offers, versions


def refresh(store: Any, current: Knowledge, url: str, now: dt.datetime) -> GpuRefreshReport:
    """Fetch, turn the offers into per-device rates, keep them, and report what changed against ``current``."""
    offers, versions = fetch(url)
    rates = cheapest(offers, (d.id for d in current.devices))
    if not rates:
        raise GpuRefreshError(f"{url} listed no on-demand offer for any device in the catalog")
    report = compare(current, rates, url=url, fetched_on=now.date(), catalogs=versions)
    store.gpu_rate_snapshots.save(url, {"catalogs": versions, "rates": [r.as_json() for r in rates.values()]}, now)
    return report


def saved(store: Any) -> tuple[dict[str, DeviceRate], dt.date, str] | None:
    """The rates the last ``prices refresh --gpus`` kept (None: none, or unreadable: the shipped rates stay)."""
    repo = getattr(store, "gpu_rate_snapshots", None)
    snap = repo.latest() if repo is not None else None
    if snap is None:
        return None
    try:
        rates = {r.device: r for r in (DeviceRate.from_json(x) for x in snap.payload["rates"])}
    except (KeyError, TypeError, ValueError):
        return None
    return rates, snap.fetched_at.date(), snap.url


def apply_saved(k: Knowledge, store: Any) -> Knowledge:
    """``k`` with the kept GPU rates (for devices it lists); unchanged when there are none."""
    found = saved(store)
    if found is None:
        return k
    rates, fetched, url = found
    known = {d.id for d in k.devices}
    usable = {d: r for d, r in rates.items() if d in known and r.gpus >= 1
              and math.isfinite(r.instance_usd_per_hour) and r.instance_usd_per_hour > 0}
    try:
        return with_rates(k, usable, fetched, url)
    except ValidationError:  # a kept row this version cannot use: the shipped rates stay
        return k


__all__ = ["DEFAULT_URL", "PROVIDERS", "GpuRefreshError", "apply_saved", "fetch", "offers_from_zip", "refresh",
           "saved"]
