"""`selfhost-bot recommend --profile FILE.yaml [--json]` or the same fields as flags."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from bot.cli.common import CliError, emit_json, knowledge
from bot.cli.yaml_input import read_yaml
from bot.core.advise import recommend
from bot.core.knowledge import NotFound
from bot.core.profile import ProfileError, WorkloadProfile, allowed_values, build_profile, check_assumptions

FLAG_FIELDS = [f for f in WorkloadProfile.model_fields if f != "assumptions"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "recommend",
        help="self_host, api or hybrid for a workload profile, with the reasoning and the math",
        description="Walk the decision tree over a profile (a YAML file, flags, or both: flags win).",
    )
    p.add_argument("--profile", type=Path, help="profile YAML file (fields as in the README)")
    for field in FLAG_FIELDS:
        p.add_argument(f"--{field.replace('_', '-')}", dest=field, metavar="VALUE", help=allowed_values(field))
    p.add_argument("--tokens-per-month", dest="tokens_per_month", metavar="VALUE", help="converted to per day")
    p.add_argument("--json", action="store_true", help="print the Recommendation as JSON")
    p.add_argument("--full", action="store_true", help="show every step and option (text output)")
    p.add_argument("--brief", action="store_true", help="print only the summary (what Slack shows first)")
    p.set_defaults(func=run)


def read_profile_file(path: Path) -> dict[str, Any]:
    raw = read_yaml(path)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise CliError(f"{path}: expected a mapping of profile fields")
    return raw.get("profile", raw) if isinstance(raw.get("profile"), dict) else raw


def coerce(field: str, value: str) -> Any:
    """Flags arrive as text; booleans and numbers are read here, the schema validates the rest."""
    annotation = str(WorkloadProfile.model_fields[field].annotation) if field in WorkloadProfile.model_fields else ""
    if "bool" in annotation:
        lowered = value.strip().lower()
        if lowered in ("true", "yes", "1", "y"):
            return True
        if lowered in ("false", "no", "0", "n"):
            return False
        raise CliError(f"{field}: {value!r} is not valid; allowed: true or false")
    return value


def profile_from_args(args: argparse.Namespace) -> WorkloadProfile:
    data: dict[str, Any] = read_profile_file(args.profile) if args.profile else {}
    for field in [*FLAG_FIELDS, "tokens_per_month"]:
        value = getattr(args, field, None)
        if value is not None:
            data[field] = coerce(field, value)
    try:
        return build_profile(data)
    except ValueError as e:
        raise CliError(str(e)) from None


def run(args: argparse.Namespace) -> int:
    profile = profile_from_args(args)
    k = knowledge()
    try:
        check_assumptions(profile.assumptions, k.assumptions)
        rec = recommend(k, profile, today=dt.date.today())
    except (NotFound, ProfileError) as e:
        raise CliError(str(e)) from None
    if args.json:
        emit_json(rec)
    else:
        from bot.render.text import render_recommendation_text, render_summary_text

        color = sys.stdout.isatty()
        text = render_summary_text(rec, color=color) if args.brief else render_recommendation_text(
            rec, color=color, full=args.full)
        sys.stdout.write(text + "\n")
    return 0
