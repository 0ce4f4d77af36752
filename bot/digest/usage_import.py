"""Read observed token volumes per day from a file: plain CSV, OpenAI usage exports (CSV or JSON).

Formats understood (all summed per UTC day; input + output tokens):
- plain CSV with a header ``date,tokens`` (``tokens`` may be 120M, 1.5e8 …);
- OpenAI's legacy usage export: ``n_context_tokens_total`` + ``n_generated_tokens_total`` per row, dated
  by ``date`` or ``aggregation_timestamp`` (unix seconds);
- OpenAI's organization usage API (``/v1/organization/usage/completions``), as JSON
  (``{"data": [{"start_time": …, "results": [{"input_tokens": …, "output_tokens": …}]}]}``) or as CSV with
  ``start_time``, ``input_tokens``, ``output_tokens`` columns.
Any problem raises ``UsageImportError`` naming the line and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from bot.core.units import UnitError, parse_quantity

MAX_TOKENS_PER_DAY = 1e13


class UsageImportError(ValueError):
    pass


def parse_usage(text: str) -> list[tuple[dt.date, float]]:
    """Tokens per day, oldest first."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise UsageImportError("the file is empty; expected a header line such as date,tokens")
    rows = _json_rows(stripped) if stripped[0] in "[{" else _csv_rows(stripped)
    totals: dict[dt.date, float] = defaultdict(float)
    try:
        for where, day, tokens in rows:
            if not 0 <= tokens <= MAX_TOKENS_PER_DAY:
                raise UsageImportError(f"{where}: tokens {tokens:g} is outside 0 to 10T")
            totals[day] += tokens
    except csv.Error as e:
        raise UsageImportError(f"not a readable CSV file ({e})") from None
    if not totals:
        raise UsageImportError("no usage rows found")
    return sorted(totals.items())


def _csv_rows(text: str) -> Iterable[tuple[str, dt.date, float]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = {(f or "").strip().lower() for f in reader.fieldnames or []}
    if "tokens" in fields and "date" in fields:
        kind = "plain"
    elif {"n_context_tokens_total", "n_generated_tokens_total"} <= fields:
        kind = "legacy"
    elif {"input_tokens", "output_tokens"} <= fields and ({"start_time", "date"} & fields):
        kind = "org"
    else:
        raise UsageImportError(
            "line 1: unknown columns; expected date,tokens, or an OpenAI usage export "
            "(n_context_tokens_total/n_generated_tokens_total, or start_time/input_tokens/output_tokens)")
    for i, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue
        where = f"line {i}"
        yield where, _day(row, where), _tokens(row, kind, where)


def _tokens(row: Mapping[str, Any], kind: str, where: str) -> float:
    if kind == "plain":
        return _number(row.get("tokens"), f"{where}: tokens", quantity=True)
    names = ("n_context_tokens_total", "n_generated_tokens_total") if kind == "legacy" else (
        "input_tokens", "output_tokens")
    return sum(_number(row.get(n), f"{where}: {n}") for n in names)


def _day(row: Mapping[str, Any], where: str) -> dt.date:
    for name in ("date", "start_time", "aggregation_timestamp"):
        value = row.get(name)
        if value not in (None, ""):
            return _parse_day(value, f"{where}: {name}")
    raise UsageImportError(f"{where}: date is missing")


def _parse_day(value: Any, where: str) -> dt.date:
    if isinstance(value, bool):
        raise UsageImportError(f"{where}: {value!r} is not a date")
    if isinstance(value, int | float) or (isinstance(value, str) and value.replace(".", "", 1).isdigit()):
        try:
            return dt.datetime.fromtimestamp(float(value), dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            raise UsageImportError(f"{where}: {value!r} is not a unix timestamp") from None
    try:
        text = str(value).replace("Z", "+00:00")
        return dt.date.fromisoformat(text[:10]) if len(text) <= 10 else dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise UsageImportError(f"{where}: {value!r} is not a date (use YYYY-MM-DD)") from None


def _number(value: Any, where: str, *, quantity: bool = False) -> float:
    if value in (None, ""):
        raise UsageImportError(f"{where} is missing")
    if isinstance(value, bool):
        raise UsageImportError(f"{where}: {value!r} is not a number")
    if isinstance(value, int | float):
        x = float(value)
    elif quantity:
        try:
            x = parse_quantity(str(value), field=where, max_value=MAX_TOKENS_PER_DAY)
        except UnitError as e:
            raise UsageImportError(str(e)) from None
    else:
        try:
            x = float(str(value).replace(",", ""))
        except ValueError:
            raise UsageImportError(f"{where}: {value!r} is not a number") from None
    if x != x or x < 0 or x == float("inf"):
        raise UsageImportError(f"{where}: {value!r} must be a finite number, 0 or more")
    return x


def _json_rows(text: str) -> Iterable[tuple[str, dt.date, float]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise UsageImportError(f"line {e.lineno}: not valid JSON ({e.msg})") from None
    buckets = doc.get("data") if isinstance(doc, dict) else doc
    if not isinstance(buckets, list):
        raise UsageImportError("JSON: expected a list of buckets under \"data\"")
    for i, bucket in enumerate(buckets):
        where = f"data[{i}]"
        if not isinstance(bucket, dict):
            raise UsageImportError(f"{where}: expected an object")
        results = bucket.get("results")
        if results is None:  # a flat row (legacy export as JSON)
            results = [bucket]
        if not isinstance(results, list):
            raise UsageImportError(f"{where}.results: expected a list")
        day = _day(bucket, where)
        for j, r in enumerate(results):
            if not isinstance(r, dict):
                raise UsageImportError(f"{where}.results[{j}]: expected an object")
            kind = "legacy" if "n_context_tokens_total" in r else "org"
            yield f"{where}.results[{j}]", day, _tokens(r, kind, f"{where}.results[{j}]")
