"""The layers of docs/architecture.md, enforced: what each package may import, and where the clock and the
environment are read. An import-scan of the source (AST), so a violation is named with file and line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"

# layer → modules (prefixes) it must never import, at module level or inside a function
FORBIDDEN = {
    "bot/core": ("bot.", "slack_sdk", "slack_bolt", "sqlite3", "sqlite_utils", "socket", "http", "urllib",
                 "requests", "subprocess", "threading", "time", "waitress", "matplotlib", "platformdirs"),
    "bot/render": ("bot.store", "bot.slack", "bot.cli", "bot.server", "bot.app", "bot.console", "bot.config",
                   "slack_bolt", "sqlite3", "socket", "http", "urllib"),
    "bot/store": ("bot.slack", "bot.render", "bot.digest", "bot.cli", "bot.server", "bot.app", "bot.chat",
                  "bot.console", "slack_bolt"),
    "bot/digest": ("bot.slack", "bot.cli", "bot.server", "bot.app", "bot.console"),
    "bot/slack": ("bot.cli", "bot.server", "bot.console"),
}
ALLOWED = {"bot/core": ("bot.core.",)}  # exceptions to a forbidden prefix (core may import core)
# clock reads: the shell passes `now` in; core never reads it
CLOCK_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
               ("time", "time"), ("time", "monotonic"), ("time", "perf_counter")}
ENV_READERS = {"bot/config.py", "bot/console.py", "bot/store/__init__.py"}  # console: NO_COLOR/TERM only


def _modules(layer: str, root: Path = ROOT) -> list[Path]:
    return sorted((root / layer).rglob("*.py"))


def _imports(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this package
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.append((node.lineno, base))
    return found


def _hits(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p.rstrip(".") or name.startswith(p if p.endswith(".") else p + ".") for p in prefixes)


def _violations(layer: str, root: Path = ROOT) -> list[str]:
    bad = []
    for path in _modules(layer, root):
        for line, name in _imports(path, root):
            if _hits(name, FORBIDDEN[layer]) and not _hits(name, ALLOWED.get(layer, ())):
                bad.append(f"{path.relative_to(root)}:{line} imports {name}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_it_may(layer):
    assert _violations(layer) == []


def _clock_reads(path: Path, root: Path = ROOT) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if (owner_name, node.func.attr) in CLOCK_CALLS:
                out.append(f"{path.relative_to(root)}:{node.lineno} {owner_name}.{node.func.attr}()")
    return out


def test_core_and_render_never_read_the_clock():
    assert [hit for layer in ("bot/core", "bot/render") for p in _modules(layer) for hit in _clock_reads(p)] == []


def test_only_config_reads_the_environment():
    readers = {str(p.relative_to(ROOT)) for p in BOT.rglob("*.py") if "os.environ" in p.read_text(encoding="utf-8")
               or "getenv(" in p.read_text(encoding="utf-8")}
    assert readers <= ENV_READERS


def test_the_scan_sees_a_violation(tmp_path):
    """The scanner is not blind: a core module importing the store (relatively) and reading the clock."""
    leak = tmp_path / "bot" / "core" / "leak.py"
    leak.parent.mkdir(parents=True)
    leak.write_text("import datetime as dt\nfrom ..store import Store\n\n\ndef f():\n    return dt.datetime.now()\n")
    assert _violations("bot/core", tmp_path) == ["bot/core/leak.py:2 imports bot.store"]
    assert _clock_reads(leak, tmp_path) == ["bot/core/leak.py:6 datetime.now()"]


def test_answers_never_import_sqlite_utils():
    """sqlite-utils (and the numpy it pulls in) is for the admin commands only; the app that answers and the
    CLI's answer commands start without it."""
    import subprocess
    import sys

    probe = ("import sys, bot.app, bot.cli.recommend_cmd, bot.store.db; "
             "print(sorted(m for m in ('sqlite_utils', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
