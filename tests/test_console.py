"""The console and `ask` as a user runs them: real subprocesses, a fresh SQLite file, no Slack settings."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[")


def env_without_slack(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(SELFHOST_DB=str(tmp_path / "console.db"), PYTHONPATH=str(ROOT), **extra)
    env.pop("NO_COLOR", None)
    return env


CONSOLE_LINES = ["/selfhost help", "", "# a comment", "we do 50M tokens/day",
                 "actually it's patient records that must stay on our servers",
                 "/selfhost cost 100M", "what is quantisation?", "/selfhost profile edit", "/selfhost nosuch",
                 "reset", "we do 300M tokens/day of HIPAA data, should we self-host?",
                 "/selfhost recommend --brief 400M tokens/day of HIPAA PHI",
                 "/selfhost recommend 400M tokens/day of PHI"]
CREDS = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "s3cret"}
RUNS = {  # name: (arguments, extra environment, stdin); started together, they take one start-up's time
    "console": (["console"], {}, "\n".join(CONSOLE_LINES) + "\n"),
    "bare": ([], {}, "/selfhost help\n"),
    "bare_creds": ([], CREDS, "/selfhost help\n"),
    "ask": (["ask", "should we self-host? 2B tokens/day of patient records, they must stay on our servers"], {},
            ""),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    procs, dirs = {}, {}
    for name, (args, extra, _stdin) in RUNS.items():
        dirs[name] = tmp_path_factory.mktemp(name)
        procs[name] = subprocess.Popen([sys.executable, "-m", "bot", *args], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       env=env_without_slack(dirs[name], **extra), cwd=dirs[name])
    out = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(RUNS[name][2], timeout=60)
        out[name] = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
        out[name].dir = dirs[name]
    return out


def answers(stdout: str) -> dict[str, str]:
    """Echoed input line → the answer printed under it."""
    parts = re.split(r"^> (.*)$", stdout, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def test_console_answers_commands_and_questions_from_stdin(runs):
    r = runs["console"]
    assert r.returncode == 0, r.stderr
    got = answers(r.stdout)
    assert list(got) == [line for line in CONSOLE_LINES if line and not line.startswith("#")]
    assert "/selfhost recommend" in got["/selfhost help"] and "/selfhost cost" in got["/selfhost help"]
    assert "Break-even" in got["/selfhost cost 100M"] and "$" in got["/selfhost cost 100M"]
    assert got["what is quantisation?"].startswith("What is quantisation")
    assert "needs Slack" in got["/selfhost profile edit"]
    assert "Did you mean" in got["/selfhost nosuch"] or "I don't know" in got["/selfhost nosuch"]
    advice = got["we do 300M tokens/day of HIPAA data, should we self-host?"]
    assert advice.startswith("SELF-HOST") and "from your message: 'HIPAA'" in advice
    assert not ANSI.search(r.stdout)  # stdout is a pipe: no colour codes
    assert "Traceback" not in r.stdout + r.stderr
    assert (r.dir / "console.db").exists()


def test_console_keeps_one_conversation_and_explains_changes(runs):
    got = answers(runs["console"].stdout)
    assert got["we do 50M tokens/day"].startswith("USE THE API")
    assert "Verdict api → self_host: data_sensitivity unknown → restricted" in got[CONSOLE_LINES[4]]
    assert got["reset"].startswith("Starting over")


def test_no_arguments_without_slack_credentials_starts_the_console(runs):
    r = runs["bare"]
    assert r.returncode == 0 and "> /selfhost help" in r.stdout and "/selfhost usage" in r.stdout


def test_no_arguments_with_slack_credentials_prints_help(runs):
    r = runs["bare_creds"]
    assert r.returncode == 0 and r.stdout.startswith("usage: selfhost-bot") and "> /selfhost" not in r.stdout


def test_ask_answers_one_message(runs):
    r = runs["ask"]
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("SELF-HOST") and not ANSI.search(r.stdout)
    assert not (r.dir / "console.db").exists()  # ask keeps nothing


def test_ask_imports_only_what_it_runs(tmp_path):
    """`ask` starts without the other commands' modules, Slack's web client or an HTTP client (start-up time:
    each was tens of milliseconds)."""
    code = ("import runpy, sys\nsys.argv = ['selfhost-bot', 'ask', 'we do 50M tokens/day, should we self-host?']\n"
            "try:\n    runpy.run_module('bot', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m in WATCHED), file=sys.stderr)\n")
    watched = ["bot.cli.calibrate_cmd", "bot.cli.store_cmds", "bot.cli.digest_cmds", "bot.cli.serve_cmd",
               "bot.cli.prices_cmd", "bot.cli.estimate_cmd", "slack_sdk", "slack_bolt", "http.client",
               "genai_prices"]
    for _ in range(2):  # the first start builds the price cache next to the database (imports genai-prices)
        r = subprocess.run([sys.executable, "-c", f"WATCHED = {watched!r}\n" + code], capture_output=True,
                           text=True, env=env_without_slack(tmp_path), cwd=tmp_path, timeout=60)
    assert r.stdout.startswith("USE THE API"), r.stderr
    assert r.stderr.strip().splitlines()[-1] == "[]"


def test_ask_json_prints_the_turn(capsys):
    from bot.cli import main

    assert main(["ask", "--json", "what is quantisation?"]) == 0
    turn = json.loads(capsys.readouterr().out)
    assert turn["kind"] == "concept" and turn["concept"]["found"]
    assert main(["ask", "--json", "should", "we", "self-host", "our", "chatbot?"]) == 0
    turn = json.loads(capsys.readouterr().out)
    assert turn["kind"] == "question" and turn["question"]["field"] == "tokens_per_day"
    assert turn["recommendation"]["verdict"] in ("api", "self_host", "hybrid")
    assert main(["ask", "--json", "should we self-host? 1e400 tokens/day"]) == 0
    assert "finite" in " ".join(json.loads(capsys.readouterr().out)["warnings"])


@pytest.mark.parametrize("env, tty, expected", [
    ({}, True, True), ({"NO_COLOR": "1"}, True, False), ({}, False, False), ({"TERM": "dumb"}, True, False),
])
def test_colour_only_on_a_terminal_without_no_color(env, tty, expected):
    from bot.console import wants_color

    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    assert wants_color(Stream(), env) is expected


def test_interactive_prompt_answers_until_exit(tmp_path, knowledge):
    from bot.console import Console, interactive
    from bot.slack.deps import Deps
    from bot.store import SqliteStore

    typed = iter(["what is quantisation?", "", "exit", "never read"])
    out = io.StringIO()
    with SqliteStore(tmp_path / "i.db") as store:
        console = Console(Deps(store=store, knowledge=knowledge, settings=None), color=True)
        assert interactive(console, out, read=lambda prompt: next(typed)) == 0
    text = out.getvalue()
    assert "\x1b[1mWhat is quantisation" in text  # colour on for a terminal
    assert next(typed) == "never read"


def test_brief_prints_the_summary_and_the_full_text_stays_the_default(runs, capsys, tmp_path, knowledge):
    from bot.cli import main
    from bot.console import Console
    from bot.slack.deps import Deps
    from bot.store import open_store

    got = answers(runs["console"].stdout)
    brief, full = got["/selfhost recommend --brief 400M tokens/day of HIPAA PHI"], \
        got["/selfhost recommend 400M tokens/day of PHI"]
    for text in (brief, full):
        assert text.startswith("SELF-HOST")
    assert "Your API: $" in brief and "Plan: " in brief and "Reasoning" not in brief and "without --brief" in brief
    assert "Reasoning" in full and "Costs" in full and "Your API: $" not in full
    with open_store(tmp_path / "c.db") as store:  # `selfhost-bot console --brief`: every recommendation brief
        console = Console(Deps(store=store, knowledge=knowledge, settings=None), color=False, brief=True)
        out = console.answer("we do 300M tokens/day of HIPAA data")
    # ≤ 14 lines of summary; today's device names (RTX PRO 6000 Blackwell Workstation Edition) wrap two of them
    assert out is not None and "Break-even: " in out and "Reasoning" not in out and len(out.splitlines()) <= 16
    assert main(["ask", "--brief", "should we self-host? 2B tokens/day, internal data"]) == 0
    out = capsys.readouterr().out
    assert "Break-even: " in out and "Reasoning" not in out and len(out.splitlines()) <= 14
    assert main(["recommend", "--tokens-per-day", "300M", "--data-sensitivity", "restricted", "--brief"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SELF-HOST") and "Recommended: $" in out and len(out.splitlines()) <= 12
    assert main(["recommend", "--tokens-per-day", "300M", "--brief", "--json"]) == 0  # --json wins: unchanged
    assert json.loads(capsys.readouterr().out)["verdict"]
