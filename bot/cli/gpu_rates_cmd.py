"""`selfhost-bot prices --gpus [FILTER]` and `prices refresh --gpus`: the cloud GPU rental rates the advisor uses.

The shipped rates come from dated public price pages (``rental`` in ``hardware.yaml``); ``refresh --gpus`` replaces
them with current on-demand offers from dstack's gpuhunt catalog (``bot/gpu_refresh.py``), kept in the database.
Exit codes as ``prices``: 0 done; 1 nothing matched / nothing refreshed; 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from bot.cli.common import CliError, emit_json, knowledge
from bot.core.knowledge import Device

MAX_SHOWN = 20
DATACENTER = ("nvidia_datacenter", "amd_datacenter", "intel_datacenter", "nvidia_workstation")


def run_gpu_list(text: str, as_json: bool) -> int:
    needle = text.strip().lower()
    rows = [d for d in knowledge().devices if d.family in DATACENTER or d.rental is not None]
    rows = [d for d in rows if not needle or any(needle in h.lower() for h in (d.id, d.name, *d.aliases))]
    if not rows:
        raise CliError(f"no GPU matches {text!r}", code=1)
    if as_json:
        emit_json([rate_json(d) for d in rows])
    else:
        print(rate_table(rows))
    return 0


def rate_json(d: Device) -> dict[str, Any]:
    r = d.rental
    if r is None:
        return {"device": d.id, "name": d.name, "usd_per_gpu_hour": None, "provider": None, "instance_devices": None,
                "source": None, "as_of": None}
    return {"device": d.id, "name": d.name, "usd_per_gpu_hour": round(r.usd_per_hour, 4), "provider": r.provider,
            "instance_devices": r.instance_devices, "source": r.source, "as_of": r.as_of.isoformat()}


def rate_table(rows: list[Device]) -> str:
    lines = [("device", "$/GPU-hour", "provider", "as of")]
    for d in rows:
        r = d.rental
        lines.append((d.name, f"{r.usd_per_hour:,.2f}" if r else "-", (r.provider or "-") if r else
                      "no public on-demand rate: cannot be rented at a known price", r.as_of.isoformat() if r else ""))
    widths = [max(len(x[i]) for x in lines) for i in range(4)]
    out = ["  ".join(c.ljust(w) for c, w in zip(x, widths, strict=True)).rstrip() for x in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    out.append("On-demand rates per GPU-hour (hardware.yaml, or `selfhost-bot prices refresh --gpus`)")
    return "\n".join(out)


def run_gpu_refresh(args: argparse.Namespace) -> int:
    from bot.cli.store_cmds import _open
    from bot.config import Settings
    from bot.gpu_refresh import DEFAULT_URL, GpuRefreshError, refresh

    url = args.url or Settings().selfhost_gpu_catalog_url or DEFAULT_URL
    args.db = None
    store = _open(args)
    current = knowledge()
    try:
        report = refresh(store, current, url, dt.datetime.now(dt.UTC))
    except GpuRefreshError as e:
        raise CliError(f"GPU rates not refreshed: {e}; the rental rates in use stay as they were.", code=1) from None
    finally:
        store.close()
    if args.json:
        emit_json(report.as_json())
    else:
        print(gpu_refresh_text(report))
    return 0


def gpu_refresh_text(r: Any) -> str:
    lines = [f"Refreshed GPU rates from {r.url} ({len(r.catalogs)} cloud catalogs, {r.offers} on-demand offers): "
             f"{len(r.rates)} devices have a rate, {len(r.changed)} changed; the copy is kept in the database."]
    for c in r.changed[:MAX_SHOWN]:
        before = "no known rate" if c.before is None else f"${c.before:,.2f}/GPU-h ({c.before_provider})"
        lines.append(f"  {c.name}: {before} → ${c.after:,.2f}/GPU-h ({c.after_provider})")
    if len(r.changed) > MAX_SHOWN:
        lines.append(f"  ... and {len(r.changed) - MAX_SHOWN} more")
    if r.unrentable:
        lines.append("  still no public on-demand rate (cannot be rented at a known price): " + ", ".join(r.unrentable))
    return "\n".join(lines)
