"""`selfhost-bot prices [FILTER]`, `prices refresh [--gpus]` and `prices import FILE`: the API price catalog
(and, with ``--gpus``, the cloud GPU rental rates from dstack's gpuhunt catalog).

List prices come from genai-prices (its bundled snapshot, or the newer data `prices refresh` kept in the
database); `api_prices.yaml` adds what it lacks. Exit codes: 0 done; 1 nothing matched / nothing importable /
nothing refreshed; 2 bad usage or an unreadable file; 3 broken knowledge base or database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.cli.common import CliError, emit_json, knowledge
from bot.core.knowledge import ApiPrice, Knowledge
from bot.core.prices_import import (
    ImportResult,
    MergeResult,
    PriceImportError,
    import_litellm,
    merge_prices,
    to_yaml_data,
)
from bot.core.staleness import REFRESH_HINT, staleness

MAX_REJECTS_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "prices",
        help="list API prices, or import LiteLLM's price file",
        description=(
            "prices [FILTER]: list API list prices ($ per 1M tokens), filtered by name, provider or tier. "
            "prices import FILE: read LiteLLM's model_prices_and_context_window.json, reject implausible "
            "figures, and print (or --out) the merged api_prices.yaml."
        ),
    )
    p.add_argument("words", nargs="*", metavar="FILTER | refresh | import FILE")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table / summary")
    p.add_argument("--all", action="store_true", help="list deprecated models too")
    p.add_argument("--url", help="refresh: where to fetch genai-prices data (default: $SELFHOST_PRICES_URL or "
                   "the genai-prices repository); with --gpus, the gpuhunt catalog base URL (default: "
                   "$SELFHOST_GPU_CATALOG_URL or dstack's published catalog)")
    p.add_argument("--gpus", action="store_true", help="cloud GPU rental rates instead of API prices: list the "
                   "rates in use, or (refresh) fetch current ones from dstack's gpuhunt catalog")
    p.add_argument("--dry-run", action="store_true", help="import: report counts only, write nothing")
    p.add_argument("--out", type=Path, help="import: write the merged YAML here instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.words and args.words[0] == "import":
        if len(args.words) != 2:
            raise CliError("usage: selfhost-bot prices import FILE [--out PATH] [--dry-run] [--json]")
        return run_import(Path(args.words[1]), args)
    if args.dry_run or args.out:
        raise CliError("--dry-run and --out only apply to `prices import FILE`")
    if args.url and args.words != ["refresh"]:
        raise CliError("--url only applies to `prices refresh`")
    if args.gpus:
        from bot.cli.gpu_rates_cmd import run_gpu_list, run_gpu_refresh

        return run_gpu_refresh(args) if args.words == ["refresh"] else run_gpu_list(" ".join(args.words), args.json)
    if args.words == ["refresh"]:
        return run_refresh(args)
    return run_list(" ".join(args.words), args.json, args.all)


# --- listing -------------------------------------------------------------------------------------


def run_list(text: str, as_json: bool, show_all: bool = False) -> int:
    k = knowledge()
    prices = k.prices
    rows = [p for p in prices if matches(p, text) and (show_all or not p.deprecated)]
    if not rows:
        hint = prices.suggest(text)
        more = f" Closest: {', '.join(hint)}." if hint else ""
        raise CliError(f"no API model matches {text!r}.{more}", code=1)
    if as_json:
        emit_json([p.model_dump(mode="json") for p in rows])
    else:
        print(snapshot_line(k, dt.date.today()))
        print(table(rows))
    return 0


def snapshot_line(k: Knowledge, today: dt.date) -> str:
    data = k.price_data
    age = staleness(data.as_of, today, "prices", REFRESH_HINT)
    return f"Prices: {data.label}, checked {data.as_of} ({age})"


def run_refresh(args: argparse.Namespace) -> int:
    from bot.cli.store_cmds import _open
    from bot.config import Settings
    from bot.price_refresh import DEFAULT_URL, RefreshError, refresh

    url = args.url or Settings().selfhost_prices_url or DEFAULT_URL
    args.db = None
    store = _open(args)
    current = knowledge()
    try:
        report = refresh(store, current, url, dt.datetime.now(dt.UTC))
    except RefreshError as e:
        data = current.price_data
        raise CliError(f"prices not refreshed: {e}; still using {data.label}, checked {data.as_of}.", code=1) from None
    finally:
        store.close()
    if args.json:
        emit_json(report.as_json())
    else:
        print(refresh_text(report))
    return 0


def refresh_text(r: Any) -> str:
    lines = [f"Refreshed from {r.url}: {r.before_count} → {r.after_count} API models; {len(r.changed)} price "
             f"change(s), {len(r.added)} new, {len(r.removed)} gone. Prices now checked {r.after_as_of} "
             f"(was {r.before_as_of}); the copy is kept in the database."]
    for c in r.changed[:MAX_REJECTS_SHOWN]:
        lines.append(f"  {c.name} ({c.id}): ${_money(c.before[0])}/${_money(c.before[1])} → "
                     f"${_money(c.after[0])}/${_money(c.after[1])} per 1M in/out")
    if r.added:
        lines.append("  new: " + ", ".join(r.added[:MAX_REJECTS_SHOWN]) + (" …" if len(r.added) > 20 else ""))
    if r.removed:
        lines.append("  gone: " + ", ".join(r.removed[:MAX_REJECTS_SHOWN]) + (" …" if len(r.removed) > 20 else ""))
    return "\n".join(lines)


def matches(price: ApiPrice, text: str) -> bool:
    needle = text.strip().lower()
    hay = [price.id, price.name, price.provider, price.tier, price.capability, *price.aliases]
    return not needle or any(needle in h.lower() for h in hay)


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.3f}".rstrip("0").rstrip(".")


def table(rows: list[ApiPrice]) -> str:
    head = ("model", "provider", "tier", "input", "output", "cached", "batch in/out", "as of")
    lines = [head]
    for p in rows:
        batch = "-" if p.batch_input_per_m is None else (
            f"{_money(p.batch_input_per_m)}/{_money(p.batch_output_per_m)}"
        )
        lines.append((p.name, p.provider, p.tier, _money(p.input_per_m), _money(p.output_per_m),
                      _money(p.cached_input_per_m), batch, p.as_of.isoformat()))
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    out = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    out.append("USD per 1M tokens (list prices, from genai-prices; classes and hosted-model links from "
               "knowledge/api_prices.yaml)")
    return "\n".join(out)


# --- import --------------------------------------------------------------------------------------


def read_json(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise CliError(f"{path}: cannot read the file ({e.__class__.__name__})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise CliError(f"{path}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None


def run_import(path: Path, args: argparse.Namespace) -> int:
    raw = read_json(path)
    try:
        result = import_litellm(raw, as_of=dt.date.today(), source=f"LiteLLM price file {path.name}")
    except PriceImportError as e:
        raise CliError(f"{path}: {e}") from None
    merged = merge_prices(knowledge().prices, result.accepted)
    if args.json:
        emit_json(summary(result, merged))
    else:
        print(report(path, result, merged), file=sys.stderr if not (args.dry_run or args.out) else sys.stdout)
    if not args.dry_run:
        write(merged, args.out, quiet=args.json)
    return 0 if result.accepted else 1


def summary(result: ImportResult, merged: MergeResult) -> dict[str, object]:
    return {
        "accepted": len(result.accepted),
        "rejected": [{"name": r.name, "reason": r.reason} for r in result.rejected],
        "skipped": result.skipped,
        "updated": merged.updated,
        "added": merged.added,
        "total": len(merged.prices),
    }


def report(path: Path, result: ImportResult, merged: MergeResult) -> str:
    lines = [
        f"{path.name}: {len(result.accepted)} accepted ({len(merged.updated)} update catalog entries, "
        f"{len(merged.added)} new), {len(result.rejected)} rejected, {result.skipped} skipped (not chat models)."
    ]
    for r in result.rejected[:MAX_REJECTS_SHOWN]:
        lines.append(f"  rejected {r.name}: {r.reason}")
    if len(result.rejected) > MAX_REJECTS_SHOWN:
        lines.append(f"  ... and {len(result.rejected) - MAX_REJECTS_SHOWN} more rejected")
    return "\n".join(lines)


def write(merged: MergeResult, out: Path | None, quiet: bool) -> None:
    """api_prices.yaml as shipped plus whole entries for the models genai-prices lacks (the ones it has keep
    genai-prices' prices: updating them here would be overridden)."""
    from bot.core.knowledge import default_dir

    shipped = yaml.safe_load((default_dir() / "api_prices.yaml").read_text(encoding="utf-8"))
    added = [p for p in merged.prices if p.id in set(merged.added)]
    doc = {"prices": [*shipped["prices"], *to_yaml_data(added)["prices"]]}
    text = yaml.safe_dump(doc, sort_keys=False, width=110, allow_unicode=True)
    if out is None:
        if not quiet:
            sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as e:
        raise CliError(f"{out}: cannot write ({e.strerror or e.__class__.__name__})") from None
    if not quiet:
        print(f"wrote {len(doc['prices'])} entries to {out}")
