"""`prices refresh`: fetch newer genai-prices data, keep the last good copy in the database, say what changed.

The shell side of the API price list: the network (httpx2, which genai-prices itself uses), the database
(``store.price_snapshots``) and the clock. Offline or on a bad answer nothing changes: the last good copy
(or the snapshot bundled with the package) stays in use, and the caller gets one sentence.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from bot.core.knowledge import ApiPrice, Knowledge, KnowledgeError, load
from bot.core.price_data import PriceData, bundled, from_payload

DEFAULT_URL = "https://raw.githubusercontent.com/pydantic/genai-prices/refs/heads/main/prices/new_data/v2/data.json"
MAX_BYTES = 50_000_000
TIMEOUT_S = 15.0


class RefreshError(RuntimeError):
    """Nothing was refreshed; the message is one sentence saying why and what stays in use."""


@dataclass
class PriceChange:
    id: str
    name: str
    before: tuple[float, float]  # input, output $ per 1M
    after: tuple[float, float]


@dataclass
class RefreshReport:
    url: str
    before_label: str
    after_label: str
    before_as_of: dt.date
    after_as_of: dt.date
    before_count: int
    after_count: int
    changed: list[PriceChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url, "before": {"label": self.before_label, "as_of": self.before_as_of.isoformat(),
                                        "models": self.before_count},
            "after": {"label": self.after_label, "as_of": self.after_as_of.isoformat(), "models": self.after_count},
            "changed": [{"id": c.id, "name": c.name, "input_per_m": [c.before[0], c.after[0]],
                         "output_per_m": [c.before[1], c.after[1]]} for c in self.changed],
            "added": self.added, "removed": self.removed,
        }


def saved(store: Any) -> PriceData | None:
    """The last good snapshot ``prices refresh`` kept, if any (None when unusable: the bundled one is used)."""
    snap = store.price_snapshots.latest() if hasattr(store, "price_snapshots") else None
    if snap is None:
        return None
    try:
        return from_payload(snap.payload, snap.fetched_at.date(), snap.url)
    except Exception:
        return None


def fetch(url: str) -> Any:
    """The genai-prices JSON at ``url``; RefreshError (one sentence) on any network or format problem."""
    import httpx2

    try:
        response = httpx2.get(url, timeout=TIMEOUT_S, follow_redirects=True)
        response.raise_for_status()
    except httpx2.HTTPStatusError as e:
        raise RefreshError(f"{url} answered HTTP {e.response.status_code}") from None
    except Exception as e:  # offline, DNS, TLS, timeout
        raise RefreshError(f"{url} could not be reached ({e.__class__.__name__})") from None
    if len(response.content) > MAX_BYTES:
        raise RefreshError(f"{url} sent {len(response.content):,} bytes, more than price data can be")
    try:
        return json.loads(response.content)
    except ValueError:
        raise RefreshError(f"{url} did not send JSON") from None


def refresh(store: Any, current: Knowledge, url: str, now: dt.datetime) -> RefreshReport:
    """Fetch, validate (the whole knowledge base must load with it), keep it, and report the differences."""
    payload = fetch(url)
    try:
        data = from_payload(payload, now.date(), url)
        fresh = load(prices=data)
    except (ValueError, KnowledgeError) as e:
        raise RefreshError(f"{url} sent price data this version cannot use ({str(e)[:120]})") from None
    store.price_snapshots.save(url, payload, now)
    return compare(current, fresh, url)


def compare(old: Knowledge, new: Knowledge, url: str) -> RefreshReport:
    before = {p.id: p for p in old.prices}
    after = {p.id: p for p in new.prices}
    report = RefreshReport(url, old.price_data.label, new.price_data.label, old.price_data.as_of,
                           new.price_data.as_of, len(before), len(after))
    for ident, p in after.items():
        q = before.get(ident)
        if q is None:
            report.added.append(ident)
        elif (q.input_per_m, q.output_per_m) != (p.input_per_m, p.output_per_m):
            report.changed.append(PriceChange(ident, p.name, (q.input_per_m, q.output_per_m),
                                              (p.input_per_m, p.output_per_m)))
    report.removed = [i for i in before if i not in after]
    return report


def price_changes(old: list[ApiPrice], new: list[ApiPrice]) -> list[PriceChange]:
    """Input/output list-price changes between two price lists (same ids), for the weekly digest."""
    before = {p.id: p for p in old}
    out = []
    for p in new:
        q = before.get(p.id)
        if q is not None and (q.input_per_m, q.output_per_m) != (p.input_per_m, p.output_per_m):
            out.append(PriceChange(p.id, p.name, (q.input_per_m, q.output_per_m), (p.input_per_m, p.output_per_m)))
    return out


__all__ = ["DEFAULT_URL", "PriceChange", "RefreshError", "RefreshReport", "bundled", "compare", "fetch",
           "price_changes", "refresh", "saved"]
