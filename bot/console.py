"""The local console: the same ``/selfhost ...`` sub-commands as Slack and free-text questions, no Slack.

Sub-commands run through the Slack dispatcher (``bot.slack.commands.run`` over ``bot.slack.subcommands``) with a
``Command`` for the local workspace and no Slack client; a Reply carrying the core model (Recommendation,
Estimate, CostReport) is rendered by the terminal renderer, any other Reply's blocks become plain text.
Free text goes through ``bot.chat.converse`` in one console thread per session. Interactive on a terminal
(a prompt); otherwise it reads one command or question per line of stdin and answers each, so it can be
scripted. Colours only on a terminal and when ``NO_COLOR`` is unset.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

from bot.chat import converse
from bot.core.recommendation import CostReport, Recommendation
from bot.core.sizing import Estimate
from bot.llm import reader_from
from bot.render.chat import blocks_to_text, render_turn_text
from bot.render.costs import render_cost_report_text
from bot.render.estimate import render_estimate_text
from bot.render.text import render_recommendation_text, render_summary_text
from bot.slack.commands import COMMAND, run, split
from bot.slack.deps import Command, Deps, Reply, UserError, utc_now
from bot.store import Workspace

WORKSPACE = Workspace(None, "local")
CHANNEL = "console"
USER = "local"
PROMPT = "selfhost> "
BRIEF = "--brief"
BRIEF_HINT_CONSOLE = "More: the same command without --brief (or with --full)."
QUIT = {"exit", "quit", ":q", "bye"}
BANNER = ("Selfhost Advisor console. Ask in plain words (\"we do 300M tokens/day of HIPAA data, should we "
          "self-host?\") or type the Slack commands (`/selfhost help`). `reset` starts over, `exit` quits.")


def wants_color(stream: IO[str], env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env  # terminal conventions, not app settings
    return bool(stream.isatty()) and not env.get("NO_COLOR") and env.get("TERM") != "dumb"


class NoSlack:
    """The Slack client a console does not have: any Web API call is a friendly one-sentence answer."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def unavailable(*args: Any, **kwargs: Any) -> Any:
            raise UserError(f"That needs Slack ({name.replace('_', '.')}); in the console use "
                            "`/selfhost profile set key=value` and the other text commands.")

        return unavailable


class Console:
    def __init__(self, deps: Deps, *, color: bool, width: int = 100, clock: Callable[[], dt.datetime] = utc_now,
                 brief: bool = False):
        self.deps, self.color, self.width, self.clock, self.brief = deps, color, width, clock, brief
        self.thread = (CHANNEL, f"{clock().timestamp():.6f}")

    def answer(self, line: str) -> str | None:
        """The answer to one line of input; None for blank lines and comments."""
        line = line.strip()
        if not line or line.startswith("#"):
            return None
        if line.split()[0].lower() == COMMAND:
            return self.command(line[len(COMMAND):])
        if line.startswith("/"):
            return f"I only know {COMMAND} commands here; try `{COMMAND} help`."
        turn = converse(self.deps.store, self.deps.knowledge, WORKSPACE, self.thread, USER, line, self.clock(),
                        reader=reader_from(self.deps.settings))
        return render_turn_text(turn, color=self.color, width=self.width, brief=self.brief)

    def command(self, text: str) -> str:
        name, args = split(text)
        brief = self.brief or BRIEF in args.split()  # `/selfhost recommend --brief ...` for one answer
        cmd = Command(workspace=WORKSPACE, user_id=USER, channel_id=CHANNEL, name=name, args=args)
        reply = run(cmd, self.deps, NoSlack())  # type: ignore[arg-type]
        return reply_text(reply, color=self.color, width=self.width, brief=brief)


def reply_text(reply: Reply | None, *, color: bool, width: int, brief: bool = False) -> str:
    """A handler's Reply for the terminal: its model when it has one, else its blocks as plain text;
    ``brief`` prints a Recommendation's summary instead of the full text."""
    if reply is None:
        return "Done (this command opens a form in Slack; use `/selfhost profile set key=value` here)."
    model: Any = reply.model
    if isinstance(model, Recommendation):
        if brief:
            return render_summary_text(model, color=color, width=width, hint=BRIEF_HINT_CONSOLE)
        return render_recommendation_text(model, color=color, width=width)
    if isinstance(model, Estimate):
        return render_estimate_text(model, color=color, width=width)
    if isinstance(model, CostReport):
        return render_cost_report_text(model)
    return blocks_to_text(reply.blocks, reply.text)


def run_lines(console: Console, lines: Iterable[str], out: IO[str], *, echo: bool) -> int:
    """Answer each line (scripted use); ``echo`` repeats the input before its answer."""
    for raw in lines:
        if raw.strip().lower() in QUIT:
            break
        text = console.answer(raw)
        if text is None:
            continue
        if echo:
            out.write(f"> {raw.strip()}\n")
        out.write(text.rstrip() + "\n\n")
        out.flush()
    return 0


def interactive(console: Console, out: IO[str], read: Callable[[str], str] = input) -> int:
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())
    out.write(BANNER + "\n\n")
    while True:
        try:
            line = read(PROMPT)
        except EOFError:
            out.write("\n")
            return 0
        if line.strip().lower() in QUIT:
            return 0
        text = console.answer(line)
        if text is not None:
            out.write(text.rstrip() + "\n\n")


def quiet_logging() -> None:
    """Handler failures are logged as one line on stderr, never a traceback."""

    class OneLine(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            return f"{record.levelname.lower()}: {record.getMessage()}"

    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(OneLine())
        root.addHandler(handler)
        root.setLevel(logging.WARNING)


def start(deps: Deps, stdin: IO[str], stdout: IO[str], *, brief: bool = False) -> int:
    """Run the console on these streams: a prompt on a terminal, else line by line; ``brief``: summaries."""
    quiet_logging()
    tty = stdin.isatty() and stdout.isatty()
    width = min(shutil.get_terminal_size((100, 24)).columns, 120) if stdout.isatty() else 100
    console = Console(deps, color=wants_color(stdout), width=width, brief=brief)
    if tty:
        return interactive(console, stdout)
    return run_lines(console, stdin, stdout, echo=True)
