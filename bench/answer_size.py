"""How much a reader gets first: blocks and visible characters of the first Slack answer per verdict kind.

    python bench/answer_size.py

The summary (what `/selfhost recommend` answers now, with its "Post to channel" block) against the whole
answer in one message (``--full``, what every answer was before), for one real profile of each verdict
kind, a long team name with many missing facts, and a thread answer. Characters are counted as a reader
sees them (``bot.render.visible``). Goal: ≤ 8 blocks and about ≤ 1,500 characters.
"""

from __future__ import annotations

from harness import table, verdict  # first: puts the repository on sys.path

from bot.core.advise import recommend
from bot.core.knowledge import load
from bot.core.profile import build_profile
from bot.render.blocks import button, render_recommendation
from bot.render.summary_blocks import SUMMARY_BLOCKS, SUMMARY_CHARS, render_summary
from bot.render.visible import visible_chars
from bot.slack.commands import share_button

KINDS = {
    "api": {"tokens_per_day": "2M", "capability": "mid"},
    "self_host": {"tokens_per_day": "400M", "data_sensitivity": "restricted", "capability": "mid",
                  "infra_skills": "mlops"},
    "hybrid": {"tokens_per_day": "400M", "simple_share": 0.6, "capability": "mid", "infra_skills": "mlops"},
    "impossible plan": {"tokens_per_day": "10T", "data_sensitivity": "restricted", "capability": "mid"},
    "long team name, 7 missing facts": {"team": "t" * 80, "tokens_per_day": "50M"},
}
TITLE = "Profile payments-platform-and-risk + your message"
REF = "rec:123456:abcdefghijkl"


def main() -> int:
    k = load()
    rows, ok = [], True
    extra = [button("Edit profile", "profile_edit", "recommend"), button("Re-run", "rerun", "recommend")]
    for name, facts in KINDS.items():
        rec = recommend(k, build_profile(facts))
        before = render_recommendation(rec, title=TITLE, ephemeral_actions=False, action_value="recommend")
        before["blocks"].append(share_button("recommend"))
        after = render_summary(rec, ref=REF, title=TITLE, extra=extra, max_blocks=SUMMARY_BLOCKS - 1)
        after["blocks"].append(share_button(REF))
        b, a = (len(before["blocks"]), visible_chars(before)), (len(after["blocks"]), visible_chars(after))
        ok = ok and a[0] <= SUMMARY_BLOCKS and a[1] <= SUMMARY_CHARS
        rows.append([name, rec.verdict, f"{b[0]} / {b[1]:,}", f"{a[0]} / {a[1]:,}"])
    print(table(["profile", "verdict", "before: blocks / characters", "summary: blocks / characters"], rows))
    print()
    verdict("first answer, every verdict kind (blocks, visible characters)", "within" if ok else "over",
            f"≤ {SUMMARY_BLOCKS} blocks, ≤ {SUMMARY_CHARS:,} characters", ok)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
