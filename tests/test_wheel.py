"""The wheel works on its own: built from the repo, installed into a fresh venv, run from outside the repo.

Dependencies come from the running environment: the new venv lists the running interpreter's site-packages
directories (which may be a user's virtualenv, not the base Python that ``--system-site-packages`` would
give), without running their ``.pth`` hooks, so the repo's own editable install stays invisible and only the
wheel provides ``bot``. Nothing is downloaded when hatchling is installed (the test extra installs it);
without it pip builds in isolation (fetching hatchling from the index) or we skip.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _commands() -> set[str]:
    (sub,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return set(sub.choices)


def _build_wheel(out: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
           "-w", str(out), str(ROOT)]
    if importlib.util.find_spec("hatchling") is not None:
        cmd.insert(5, "--no-build-isolation")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        pytest.skip(f"cannot build the wheel here (no hatchling, index unreachable?): {r.stderr.strip()[-300:]}")
    (wheel,) = out.glob("selfhost_advisor-*.whl")
    return wheel


def _see_running_packages(py: Path) -> None:
    """Put the running environment's site-packages on the new venv's path (plain paths in a .pth file:
    their own .pth hooks, such as an editable install of this repo, are not run)."""
    running = [*site.getsitepackages(), *([site.getusersitepackages()] if site.ENABLE_USER_SITE else [])]
    r = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                       capture_output=True, text=True, timeout=60, check=True)
    purelib = Path(r.stdout.strip())
    (purelib / "running_environment.pth").write_text("".join(f"{p}\n" for p in running if Path(p).is_dir()))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel path, the venv's selfhost-bot, an empty working directory outside the repo, env)."""
    base = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(base / "dist")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    _see_running_packages(py)
    r = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                        "--disable-pip-version-check", str(wheel)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    work = base / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SELFHOST_", "PYTHON"))}
    env.update(SELFHOST_DB=str(base / "state.db"), PATH=f"{bindir}{os.pathsep}{env.get('PATH', '')}",
               HOME=str(base))
    return wheel, bindir / "selfhost-bot", work, env


def _run(installed, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    _, exe, work, env = installed
    return subprocess.run([str(exe), *args], cwd=work, env=env, input=stdin, capture_output=True, text=True,
                          timeout=60)


def test_the_knowledge_files_are_inside_the_wheel(installed):
    wheel = installed[0]
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in (ROOT / "knowledge").glob("*.yaml"):
        assert f"bot/_knowledge/{f.name}" in names, f.name
    assert not any(n.startswith(("tests/", "knowledge/")) for n in names)


def test_the_installed_package_runs_from_its_own_files(installed):
    _, exe, work, env = installed
    py = exe.parent / "python"
    code = "import bot, bot.core.knowledge as k; print(bot.__file__); print(k.default_dir())"
    r = subprocess.run([str(py), "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    module, kdir = r.stdout.split()
    assert not Path(module).is_relative_to(ROOT) and Path(kdir).name == "_knowledge"


def test_recommend_json_from_outside_the_repo(installed):
    import json

    r = _run(installed, "recommend", "--tokens-per-day", "100M", "--json")
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    keys = {"verdict", "deployment", "triggers", "blockers", "conflicts", "path", "costs", "sensitivity",
            "missing", "confidence"}
    assert keys <= set(rec)
    assert rec["verdict"] in ("self_host", "api", "hybrid")


def test_ask_from_outside_the_repo(installed):
    if "ask" not in _commands():
        pytest.fail("`selfhost-bot ask` is not registered")
    r = _run(installed, "ask", "should we self-host a 70B for 300M tokens/day of HIPAA data?")
    assert r.returncode == 0, r.stderr
    assert "SELF-HOST" in r.stdout.upper() and "Traceback" not in r.stderr


def test_console_from_outside_the_repo(installed):
    if "console" not in _commands():
        pytest.fail("`selfhost-bot console` is not registered")
    r = _run(installed, "console", stdin="/selfhost help\n")
    assert r.returncode == 0, r.stderr
    assert "/selfhost recommend" in r.stdout and "Traceback" not in r.stderr
