"""`selfhost-bot calibrate FILE`: the team's own benchmark output calibrates later estimates of that setup.

Reads llama-bench (markdown or `-o json`), llama-batched-bench, `vllm bench serve` or SGLang `bench_serving`
output; pairs each measured row with the engine's prediction for the same workload; stores the result in the
workspace (a later measurement of the same model family, device, engine and device count replaces it).
`selfhost-bot calibrate --list` shows what is stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import CliError, emit_json, knowledge
from bot.cli.store_cmds import LOCAL_TEAM
from bot.core.bench_parse import BenchParseError
from bot.core.calibration import CalibrationError, Request, from_text
from bot.core.calibration_model import Calibration
from bot.core.knowledge import NotFound
from bot.render.calibration import calibration_text

if TYPE_CHECKING:
    from bot.store import Workspace

MAX_FILE_BYTES = 2_000_000


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calibrate", help="calibrate estimates on your own llama-bench / vllm bench serve output")
    p.add_argument("file", type=Path, nargs="?", help="benchmark output (markdown table, JSON or result block)")
    p.add_argument("--model", help="the model that ran (catalog name); llama-bench output is checked against it")
    p.add_argument("--hardware", help="the device (default: llama-bench JSON's gpu_info)")
    p.add_argument("--quant", help="weight format (default: llama-bench's model label)")
    p.add_argument("--engine", help="default: the tool's engine (llama.cpp, vllm, sglang)")
    p.add_argument("--gpus", type=int, default=1, help="devices in the replica that ran it (default 1)")
    p.add_argument("--list", action="store_true", help="show the workspace's stored calibrations")
    p.add_argument("--db", type=Path, help="SQLite file (default: $SELFHOST_DB or the user data dir)")
    p.add_argument("--team", default=LOCAL_TEAM, help="workspace team id (default: local)")
    p.add_argument("--enterprise", default=None, help="Enterprise Grid id")
    p.add_argument("--json", action="store_true", help="print the stored calibration as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list(args)
    if args.file is None or not args.model:
        raise CliError("calibrate: give the benchmark output FILE and --model (and --hardware unless it is "
                       "llama-bench JSON)")
    if args.gpus < 1:
        raise CliError("--gpus: must be at least 1")
    text = _read(args.file)
    now = dt.datetime.now(dt.UTC)
    req = Request(model=args.model, hardware=args.hardware, quant=args.quant, engine=args.engine, gpus=args.gpus)
    try:
        cal, report = from_text(knowledge(), text, req, today=now.date())
    except (BenchParseError, CalibrationError, NotFound, ValueError) as e:
        raise CliError(str(e)) from None
    with _store(args.db) as store:
        store.calibrations.save(_workspace(args), cal, by="cli", now=now)
    if args.json:
        emit_json(cal)
    else:
        print(calibration_text(cal, skipped=report.skipped, notes=report.notes))
    return 0


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CliError(f"{path}: {path.stat().st_size:,} bytes is not one benchmark's output "
                           f"(at most {MAX_FILE_BYTES:,})")
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise CliError(f"{path}: cannot read it ({e.strerror or e})") from None


def _list(args: argparse.Namespace) -> int:
    cals = saved_calibrations(args)
    if args.json:
        emit_json([c.model_dump(mode="json") for c in cals])
        return 0
    if not cals:
        print("No calibrations stored for this workspace; run `selfhost-bot calibrate FILE --model ...`.")
    for cal in cals:
        print(calibration_text(cal))
        print()
    return 0


def _workspace(args: argparse.Namespace) -> Workspace:
    from bot.store import StoreError, Workspace

    try:
        return Workspace(getattr(args, "enterprise", None), getattr(args, "team", LOCAL_TEAM) or None)
    except StoreError as e:
        raise CliError(str(e)) from None


def _store(path: Path | None):
    from bot.store import db_path_from_env, open_store

    return open_store(path or db_path_from_env())


def saved_calibrations(args: argparse.Namespace) -> list[Calibration]:
    """The workspace's stored calibrations; none when the database does not exist (it is not created) or
    ``--uncalibrated`` is given."""
    from bot.store import db_path_from_env

    if getattr(args, "uncalibrated", False):
        return []
    path = getattr(args, "db", None) or db_path_from_env()
    if not Path(path).exists():
        return []
    with _store(path) as store:
        return store.calibrations.list(_workspace(args))
