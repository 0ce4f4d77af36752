"""Regenerate the README's sample answer (the Slack summary, as a reader sees it) and the break-even chart
(docs/break-even.png) from the code, so they never drift.

    python docs/samples.py            # rewrite README.md between the sample markers and docs/break-even.png
    python docs/samples.py --check    # exit 1 when the README's sample is not what the code renders now

The sample is what `/selfhost recommend <COMMAND's text>` answers in a channel without a profile: the text
parsed, the recommendation computed and rendered by the functions the Slack listener calls
(``render_summary`` with the "Post to channel" block); the chart is that answer's.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.core.advise import recommend  # noqa: E402
from bot.core.curves import CostCurves, cost_curves  # noqa: E402
from bot.core.knowledge import load  # noqa: E402
from bot.core.parse import extract  # noqa: E402
from bot.core.profile import WorkloadProfile  # noqa: E402
from bot.core.recommendation import Recommendation  # noqa: E402
from bot.core.units import human  # noqa: E402
from bot.render import common as c  # noqa: E402
from bot.render.blocks import button  # noqa: E402
from bot.render.summary_blocks import SUMMARY_BLOCKS, render_summary  # noqa: E402
from bot.render.visible import visible_chars  # noqa: E402
from bot.slack.commands import share_button  # noqa: E402

COMMAND = "recommend 300M tokens/day of HIPAA PHI, 70B is good enough"
REF = "rec:1:sample-ref"
README = ROOT / "README.md"
PNG = ROOT / "docs" / "break-even.png"
BEGIN, END = "<!-- samples:begin (python docs/samples.py) -->", "<!-- samples:end -->"
EMOJI = {":house:": "🏠", ":cloud:": "☁️", ":twisted_rightwards_arrows:": "🔀", ":x:": "❌",
         ":arrows_counterclockwise:": "🔄"}
MARKUP = re.compile(r"(?<![\w*_~`])[*_~`]+(?=\S)|(?<=\S)[*_~`]+(?![\w*_~`])")


def _plain(text: str) -> str:
    for code, glyph in EMOJI.items():
        text = text.replace(code, glyph)
    return MARKUP.sub("", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def as_text(blocks: list[dict]) -> str:
    """A Slack message as a reader sees it: headers, sections, two-column fields, context, [buttons]."""
    out: list[str] = []
    for b in blocks:
        if b["type"] in ("header", "section") and b.get("text"):
            out.append(_plain(b["text"]["text"]))
        fields = [_plain(f["text"]).split("\n") for f in b.get("fields") or []]
        out += ["  " + " — ".join(f) for f in fields]
        if b["type"] == "context":
            out.append(" · ".join(_plain(e["text"]) for e in b["elements"] if e.get("text")))
        if b["type"] == "actions":
            out.append(" ".join(f"[{e['text']['text']}]" for e in b["elements"]))
    return "\n".join(out)


def sample_answer() -> tuple[Recommendation, WorkloadProfile]:
    """What `/selfhost recommend <text>` computes in a channel without a profile: the facts read from the text
    (with the words they came from), then the recommendation."""
    k = load()
    extraction = extract(COMMAND.removeprefix("recommend "), k)
    profile = WorkloadProfile().merged(**extraction.profile_facts())
    return recommend(k, profile, {f: fact.span for f, fact in extraction.facts.items()}), profile


def sample_message() -> dict:
    rec, _ = sample_answer()
    extra = [button("Edit profile", "profile_edit", COMMAND), button("Re-run", "rerun", COMMAND)]
    message = render_summary(rec, ref=REF, extra=extra, max_blocks=SUMMARY_BLOCKS - 1)
    message["blocks"].append(share_button(REF))
    return message


def sample_curves() -> CostCurves:
    return cost_curves(load(), sample_answer()[1])


def caption(curves: CostCurves) -> str:
    """The chart's numbers in words (so a changed engine changes the README, and the PNG is regenerated)."""
    i = curves.volumes.index(curves.team_volume)
    at = "; ".join(f"{cv.label}{' (ruled out)' if cv.ruled_out else ''} {c.per_month(cv.monthly[i])}"
                   for cv in curves.curves if cv.monthly[i] is not None)
    be = ", ".join(f"{human(b.volume)} tokens/day {b.label}" for b in curves.break_evens)
    return f"At {human(curves.team_volume)} tokens/day: {at}. Break-evens: {be}."


def section() -> str:
    message = sample_message()
    curves = sample_curves()
    return "\n".join([
        BEGIN,
        f"`/selfhost {COMMAND}` answers with this summary ({len(message['blocks'])} blocks, "
        f"{visible_chars(message):,} characters; real output, rendered as text):",
        "",
        "```text",
        as_text(message["blocks"]),
        "```",
        "",
        "*Reasoning*, *Costs* and *Hardware* open the decision path, the cost table with breakdowns, and the "
        "plan with capacity, headroom, time to first token and per-stream speed: in place in an ephemeral "
        "answer, in the thread under a channel post. *Costs* and *Post to channel* attach the break-even chart:",
        "",
        f"![Break-even chart: monthly cost against tokens per day]({PNG.relative_to(ROOT).as_posix()})",
        "",
        f"<sub>{caption(curves)}</sub>",
        END,
    ])


def render_readme(readme: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        raise SystemExit(f"README.md has no {BEGIN} … {END} markers")
    return pattern.sub(lambda _: section(), readme)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when README.md is not what the code renders")
    args = ap.parse_args()
    old = README.read_text(encoding="utf-8")
    new = render_readme(old)
    if args.check:
        if new != old or not PNG.exists():
            print("README.md's sample is out of date: run python docs/samples.py", file=sys.stderr)
            return 1
        return 0
    from bot.render.chart import render_png

    README.write_text(new, encoding="utf-8")
    PNG.write_bytes(render_png(sample_curves()))
    print(f"wrote {README.name} and {PNG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
