"""`selfhost-bot profile list|show|history|import|export` and `selfhost-bot db backup|check|dump`.

Both work on one workspace of the local database: `Workspace(None, "local")` unless `--team` (and, on
Enterprise Grid, `--enterprise`) say otherwise. `--db PATH` defaults to $SELFHOST_DB or the user data dir.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from bot.cli.common import CliError, emit_json, knowledge
from bot.cli.yaml_input import read_yaml
from bot.core.profile import ProfileError, build_profile, check_assumptions
from bot.store import SqliteStore, StoreError, Workspace, db_path_from_env
from bot.store.profiles import ProfileRecord, stored_data

LOCAL_TEAM = "local"


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, help="SQLite file (default: $SELFHOST_DB or the user data dir)")
    common.add_argument("--team", default=LOCAL_TEAM, help="workspace team id (default: local)")
    common.add_argument("--enterprise", default=None, help="Enterprise Grid id (org-wide: omit --team)")
    js = argparse.ArgumentParser(add_help=False)
    js.add_argument("--json", action="store_true", help="print JSON")

    prof = sub.add_parser("profile", help="team workload profiles: list, show, history, import, export")
    psub = prof.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    psub.add_parser("list", parents=[common, js], help="profiles in the workspace").set_defaults(
        func=cmd_list
    )
    p = psub.add_parser("show", parents=[common, js], help="one profile's fields")
    p.add_argument("name")
    p.set_defaults(func=cmd_show)
    p = psub.add_parser("history", parents=[common, js], help="every version: who changed what, old → new")
    p.add_argument("name")
    p.set_defaults(func=cmd_history)
    p = psub.add_parser("import", parents=[common], help="create or update a profile from YAML")
    p.add_argument("file", type=Path)
    p.add_argument("--name", help="profile name (default: the file's name: key, else the file stem)")
    p.add_argument("--by", default="cli", help="who is changing it (recorded in history)")
    p.set_defaults(func=cmd_import)
    p = psub.add_parser("export", parents=[common], help="print a profile as YAML (import reads it back)")
    p.add_argument("name")
    p.set_defaults(func=cmd_export)

    db = sub.add_parser("db", help="the SQLite database: backup, check, dump")
    dsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    p = dsub.add_parser("backup", parents=[common], help="online copy via the SQLite backup API")
    p.add_argument("path", type=Path)
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    p.set_defaults(func=cmd_backup)
    dsub.add_parser("check", parents=[common, js], help="integrity check and schema version").set_defaults(
        func=cmd_check
    )
    dsub.add_parser("dump", parents=[common], help="every table as JSON, secrets masked").set_defaults(
        func=cmd_dump
    )
    dsub.add_parser("rekey", parents=[common], help="re-encrypt stored Slack tokens with the newest "
                    "SELFHOST_ENCRYPTION_KEY (or encrypt plaintext ones)").set_defaults(func=cmd_rekey)
    p = dsub.add_parser("forget", help="delete every row of one workspace (tokens, profiles, history, digests)")
    p.add_argument("--db", type=Path, help="SQLite file (default: $SELFHOST_DB or the user data dir)")
    p.add_argument("--team", required=True, help="the workspace's team id (T...)")
    p.add_argument("--enterprise", default=None, help="Enterprise Grid id")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_forget)


# --- helpers -------------------------------------------------------------------------------------


def _path(args: argparse.Namespace) -> Path:
    return args.db if args.db is not None else db_path_from_env()


def _open(args: argparse.Namespace, *, must_exist: bool = False, migrate: bool = True) -> SqliteStore:
    path = _path(args)
    if must_exist and not path.is_file():
        raise CliError(f"no database at {path}")
    try:
        return SqliteStore.open(path, migrate=migrate)
    except Exception as e:  # a corrupt or foreign file: one sentence, no traceback
        raise CliError(f"cannot open database {path}: {e}", code=3) from None


def _ws(args: argparse.Namespace) -> Workspace:
    team = None if args.enterprise and args.team == LOCAL_TEAM else args.team
    try:
        return Workspace(args.enterprise, team)
    except StoreError as e:
        raise CliError(str(e)) from None


def _record_json(r: ProfileRecord) -> dict[str, Any]:
    return {
        "name": r.name,
        "version": r.version,
        "created_by": r.created_by,
        "created_at": r.created_at.isoformat(),
        "updated_by": r.updated_by,
        "updated_at": r.updated_at.isoformat(),
        "profile": r.data(),
    }


def export_yaml(name: str, data: dict[str, Any]) -> str:
    body = {k: v for k, v in data.items() if v != {}}
    return yaml.safe_dump({"name": name, "profile": body}, sort_keys=True, allow_unicode=True)


def read_profile_file(path: Path) -> tuple[str | None, dict[str, Any]]:
    """(name or None, raw profile fields) from `name: … / profile: {…}` or a flat mapping of fields."""
    doc = read_yaml(path)
    if not isinstance(doc, dict):
        raise CliError(f"{path}: expected a mapping of profile fields")
    if "profile" not in doc:
        return None, doc
    extra = sorted(set(doc) - {"name", "profile"})
    if extra:
        raise CliError(f"{path}: field {extra[0]!r} is not allowed next to 'profile' (only 'name')")
    if not isinstance(doc["profile"], dict):
        raise CliError(f"{path}: field 'profile' must be a mapping of profile fields")
    name = doc.get("name")
    if name is not None and not isinstance(name, str):
        raise CliError(f"{path}: field 'name' must be text")
    return name, doc["profile"]


# --- profile commands ----------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        ws = _ws(args)
        records = store.profiles.list(ws)
        elsewhere = {} if records or args.json else _profiles_elsewhere(store, ws)
    if args.json:
        emit_json([_record_json(r) for r in records])
    elif not records:
        print(_none_here(ws, elsewhere))
    for r in records if not args.json else []:
        print(f"{r.name}\tv{r.version}\tupdated {r.updated_at:%Y-%m-%d %H:%M} by {r.updated_by or '?'}")
    return 0


def _profiles_elsewhere(store: SqliteStore, ws: Workspace) -> dict[Workspace, int]:
    """How many profiles each other workspace of this database holds (e.g. Slack workspaces' profiles)."""
    counts = {other: len(store.profiles.list(other)) for other in store.workspaces() if other != ws}
    return {other: n for other, n in counts.items() if n}


def team_flags(ws: Workspace) -> str:
    """The CLI flags that select ``ws``."""
    flags = [f"--enterprise {ws.enterprise_id}"] if ws.enterprise_id else []
    return " ".join([*flags, *([f"--team {ws.team_id}"] if ws.team_id else [])])


def _none_here(ws: Workspace, elsewhere: dict[Workspace, int]) -> str:
    if not elsewhere:
        return "no profiles yet (create one with: selfhost-bot profile import FILE.yaml)"
    held = "; ".join(f"{team_flags(o)} ({n} profile{'s' if n > 1 else ''})" for o, n in sorted(
        elsewhere.items(), key=lambda item: str(item[0])))
    here = "the local workspace" if ws == Workspace(None, LOCAL_TEAM) else f"workspace {team_flags(ws)}"
    return (f"no profiles yet in {here}; this database holds profiles of other workspaces (Slack installs): "
            f"{held}. Pass those flags to see them.")


def cmd_show(args: argparse.Namespace) -> int:
    with _open(args) as store:
        r = _require(store, args)
    if args.json:
        emit_json(_record_json(r))
        return 0
    print(f"{r.name} (version {r.version}, updated {r.updated_at:%Y-%m-%d %H:%M} by {r.updated_by or '?'})")
    for key, value in r.data().items():
        if value != {}:
            print(f"  {key}: {value}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    with _open(args) as store:
        _require(store, args)
        versions = store.profiles.history(_ws(args), args.name)
    if args.json:
        emit_json(
            [
                {
                    "version": v.version,
                    "changed_by": v.changed_by,
                    "changed_at": v.changed_at.isoformat(),
                    "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in v.changes],
                }
                for v in versions
            ]
        )
        return 0
    for v in versions:
        print(f"v{v.version}  {v.changed_at:%Y-%m-%d %H:%M}  by {v.changed_by or '?'}")
        for c in v.changes:
            print(f"    {c.field}: {_show(c.old)} → {_show(c.new)}")
    return 0


def _show(value: Any) -> str:
    return "(unset)" if value is None else str(value)


def _require(store: SqliteStore, args: argparse.Namespace) -> ProfileRecord:
    try:
        return store.profiles.require(_ws(args), args.name)
    except StoreError as e:
        raise CliError(str(e)) from None


def cmd_import(args: argparse.Namespace) -> int:
    name_in_file, fields = read_profile_file(args.file)
    name = args.name or name_in_file or args.file.stem
    try:
        profile = build_profile(fields)
        check_assumptions(profile.assumptions, knowledge().assumptions)
    except ProfileError as e:
        raise CliError(f"{args.file}: field {e.field!r} is invalid: {str(e).split(': ', 1)[-1]}") from None
    with _open(args) as store:
        ws = _ws(args)
        before = store.profiles.get(ws, name)
        try:
            after = store.profiles.save(ws, name, profile, by=args.by, now=datetime.now(UTC))
        except StoreError as e:
            raise CliError(str(e)) from None
    if before is None:
        print(f"created profile {name!r} (version 1)")
    elif after.version == before.version:
        print(f"profile {name!r} unchanged (version {after.version})")
    else:
        print(f"updated profile {name!r} to version {after.version}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with _open(args) as store:
        r = _require(store, args)
    sys.stdout.write(export_yaml(r.name, stored_data(r.profile)))
    return 0


# --- db commands ---------------------------------------------------------------------------------


def cmd_backup(args: argparse.Namespace) -> int:
    if args.path.exists() and not args.force:
        raise CliError(f"{args.path} already exists (use --force to overwrite)")
    with _open(args, must_exist=True) as store:
        dest = store.backup(args.path)
    with SqliteStore.open(dest, migrate=False) as copy:
        status = copy.integrity_check()
    print(f"backed up {_path(args)} to {dest} ({dest.stat().st_size:,} bytes, integrity {status})")
    return 0 if status == "ok" else 1


def cmd_check(args: argparse.Namespace) -> int:
    with _open(args, must_exist=True, migrate=False) as store:
        report = store.check()
    if args.json:
        emit_json(report)
    else:
        print(f"integrity: {report['integrity']}")
        print(f"schema version: {report['schema_version']} of {report['known_migrations']}")
        if report["pending"]:
            print(f"pending migrations (applied on next open): {', '.join(report['pending'])}")
        if report["unknown"]:
            print(f"migrations from a newer version: {', '.join(report['unknown'])}")
        for problem in report["drift"]:
            print(f"schema drift: {problem}")
        if report["tables"]:
            print("rows: " + ", ".join(f"{t} {n:,}" for t, n in sorted(report["tables"].items())))
    return 0 if report["integrity"] == "ok" and not report["drift"] else 1


def cmd_dump(args: argparse.Namespace) -> int:
    with _open(args, must_exist=True, migrate=False) as store:
        emit_json(store.dump())
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    ws = _ws(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError(f"refusing to delete workspace {ws} without --yes (stdin is not a terminal)")
        if input(f"Delete every row of workspace {ws} in {_path(args)}? [y/N] ").strip().lower() != "y":
            print("nothing deleted")
            return 1
    with _open(args, must_exist=True) as store:
        counts = store.delete_workspace_data(ws)
    done = ", ".join(f"{t} {n}" for t, n in counts.items() if n) or "no rows"
    print(f"forgot workspace {ws}: {done}")
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    from bot.config import ConfigError, load_settings
    from bot.store.slack_oauth import rekey

    try:
        cipher = load_settings().token_cipher()
    except ConfigError as e:
        raise CliError(str(e)) from None
    if not cipher.enabled:
        raise CliError("SELFHOST_ENCRYPTION_KEY is not set; give the new key first (then the old ones, "
                       "comma-separated)")
    path = _path(args)
    if not path.is_file():
        raise CliError(f"no database at {path}")
    with SqliteStore.open(path, cipher=cipher) as store:
        try:
            n = rekey(store)
        except StoreError as e:
            raise CliError(str(e)) from None
    print(f"re-encrypted {n} stored token value(s) with the newest key")
    return 0
