"""The README cannot drift: every CLI command, /selfhost sub-command, profile field, env var and JSON key is in it,
and its two quick-start commands are what CI runs."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from bot.cli import build_parser, main
from bot.config import Settings
from bot.core.profile import WorkloadProfile
from bot.slack.subcommands import names as subcommand_names

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
CI = (ROOT / ".ci" / "run").read_text()
INSTALL_AND_RUN = "pip install -e '.[test]' && selfhost-bot"
TESTS = "ruff check . && mypy bot && python -m pytest -n 2"


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path in the argparse tree: ('profile',), ('profile', 'list'), ..."""
    found: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((*prefix, name))
                found.extend(_commands(sub, (*prefix, name)))
    return found


COMMANDS = _commands(build_parser())


def test_the_parser_walk_finds_the_commands():
    assert {("recommend",), ("estimate",), ("profile", "list"), ("db", "forget")} <= set(COMMANDS)


def test_a_command_builds_the_same_parser_from_its_own_module_alone():
    """bot.cli.COMMANDS names each module's commands (a command imports only its module): the table is what the
    modules register, and a command's parser (its sub-commands) is the same built alone as built with all."""
    from bot.cli import COMMANDS as TABLE

    tops = {path[0] for path in COMMANDS if len(path) == 1}
    assert sorted(c for names in TABLE.values() for c in names) == sorted(tops)
    for command in tops:
        alone = _commands(build_parser([command, "--help"]))
        assert {p for p in alone if len(p) == 1} == {(c,) for names in TABLE.values() if command in names
                                                   for c in names}
        assert {p for p in alone if p[0] == command} == {p for p in COMMANDS if p[0] == command}


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_cli_command_is_in_the_readme(path):
    top, *rest = path
    if rest:  # sub-commands may be listed after their group on the same line: `profile list` · `profile show`
        assert f"selfhost-bot {top} {rest[0]}" in README or f"`{top} {rest[0]}" in README, " ".join(path)
    else:
        assert re.search(rf"`selfhost-bot {re.escape(top)}\b", README), top


def test_prices_import_is_documented():
    assert "selfhost-bot prices import FILE" in README


@pytest.mark.parametrize("name", subcommand_names())
def test_every_slash_subcommand_is_in_the_readme(name):
    assert f"`/selfhost {name}" in README, name


@pytest.mark.parametrize("field", list(WorkloadProfile.model_fields))
def test_every_profile_field_is_in_the_schema_table(field):
    assert re.search(rf"^\| `{field}` \|", README, re.MULTILINE), field


@pytest.mark.parametrize("env", [name.upper() for name in Settings.model_fields])
def test_every_setting_is_in_the_configuration_table(env):
    assert re.search(rf"^\| `{env}` \|", README, re.MULTILINE), env


def test_the_readme_commands_are_what_ci_runs():
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", README, re.DOTALL)
    assert block is not None
    assert block.group(1).splitlines() == [INSTALL_AND_RUN, TESTS]
    ci = [ln.strip() for ln in CI.splitlines() if ln.strip() and not ln.startswith("#")]
    assert ci[-1] == TESTS
    install = next(ln for ln in ci if "pip install" in ln)
    assert install.startswith("python -m pip install") and install.endswith("-e '.[test]'")


def _json_keys(capsys, argv: list[str]) -> list[str]:
    assert main(argv) == 0
    return list(json.loads(capsys.readouterr().out))


def test_every_estimate_json_key_is_documented(capsys):
    keys = _json_keys(capsys, ["estimate", "--model", "llama-3.1-8b", "--quant", "q4_k_m", "--hardware", "4090",
                               "--concurrency", "max", "--json"])
    section = README.split("`selfhost-bot estimate --json`", 1)[1].split("\n\n", 1)[0]
    assert [k for k in keys if f"`{k}`" not in section] == []


def test_every_recommend_json_key_is_documented(capsys):
    keys = _json_keys(capsys, ["recommend", "--tokens-per-day", "100M", "--json"])
    section = README.split("`selfhost-bot recommend --json`", 1)[1].split("\n\n", 1)[0]
    assert [k for k in keys if f"`{k}`" not in section] == []


def test_the_sample_answer_is_real_output(capsys):
    assert main(["cost", "--tokens-per-day", "100M"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first in README  # e.g. "100M tokens/day · Llama 3.3 70B vs GPT-4o"


def test_the_readme_summary_sample_and_chart_are_what_the_code_renders():
    """docs/samples.py wrote them; a change to the engine or the renderers that changes the answer fails here
    until `python docs/samples.py` is run again (it rewrites the README section and docs/break-even.png)."""
    import importlib.util
    import struct

    spec = importlib.util.spec_from_file_location("docs_samples", ROOT / "docs" / "samples.py")
    samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(samples)
    assert samples.render_readme(README) == README, "README sample drifted: run python docs/samples.py"
    assert samples.BEGIN in README and "(docs/break-even.png)" in README
    png = (ROOT / "docs" / "break-even.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (960, 540)
