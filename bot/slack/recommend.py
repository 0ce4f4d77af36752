"""`/selfhost recommend [free text]`: the channel's profile, with the facts of the message laid over it.

The reply is the summary (verdict, why, the figures, the plan, one question) with buttons for the details;
``--full`` gives everything in one message. Each answer is recorded in the store's recommendations log
(verdict, monthly figures, the profile it was computed from) so the buttons, the digest and App Home can
rebuild or compare it. ``run_recommendation`` is shared with the Re-run buttons.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.core.advise import recommend
from bot.core.knowledge import NotFound
from bot.core.parse import extract
from bot.core.profile import ProfileError, WorkloadProfile
from bot.core.recommendation import Recommendation
from bot.render.blocks import button, render_recommendation
from bot.render.summary_blocks import SUMMARY_BLOCKS, render_summary
from bot.slack import answers
from bot.slack.deps import Command, Deps, Reply, UserError
from bot.store import Workspace

FULL_FLAG = "--full"
BRIEF_FLAG = "--brief"  # the summary is what Slack shows anyway; the console reads it
NO_PROFILE = ("This channel has no workload profile yet. Describe your workload, e.g. `/selfhost recommend "
              "400M tokens/day of HIPAA PHI, 70B is good enough, we have an MLOps team`, or create one with "
              "`/selfhost profile set team=payments tokens_per_day=300M capability=mid`.")


def handle(cmd: Command, deps: Deps, client: WebClient) -> Reply | None:
    full = FULL_FLAG in cmd.args.split()
    text = " ".join(w for w in cmd.args.split() if w not in (FULL_FLAG, BRIEF_FLAG))
    bound = deps.store.profiles.bound(cmd.workspace, cmd.channel_id)
    base = bound.profile if bound else None
    sources: dict[str, str] = {}
    if text:
        extraction = extract(text, deps.knowledge)
        if not extraction.facts:
            raise UserError(f"I found no workload facts in '{text[:200]}'; try e.g. `/selfhost recommend 50M "
                            "tokens/day, internal data, no GPU team`.")
        sources = {f: fact.span for f, fact in extraction.facts.items()}
        base = _merge(base, extraction.profile_facts())
    if base is None:
        raise UserError(NO_PROFILE)
    title = f"Profile {bound.name}" + (" + your message" if text else "") if bound else None
    return run_recommendation(deps, cmd.workspace, base, profile_name=bound.name if bound else None,
                              channel_id=cmd.channel_id, sources=sources, title=title,
                              action_value=cmd.text, full=full)


def _merge(base: WorkloadProfile | None, facts: dict[str, Any]) -> WorkloadProfile:
    try:
        return (base or WorkloadProfile()).merged(**facts)
    except ProfileError as e:
        raise UserError(f"I read {e}") from None


def run_recommendation(
    deps: Deps, ws: Workspace, profile: WorkloadProfile, *, profile_name: str | None, channel_id: str | None,
    sources: dict[str, str] | None = None, title: str | None = None, action_value: str = "recommend",
    full: bool = False, source: str = "command",
) -> Reply:
    """Recommend, log it, render the summary (or everything with ``full``); the Reply carries the model."""
    try:
        rec = recommend(deps.knowledge, profile, sources or {}, today=deps.clock().date())
    except (NotFound, ValueError) as e:
        raise UserError(str(e)) from None
    ref = answers.record(deps, ws, rec, profile, source=source, profile_name=profile_name, channel_id=channel_id,
                         sources=sources, title=title, command=action_value)
    if full:
        message = render_recommendation(rec, title=title, ephemeral_actions=False, full=True,
                                        action_value=action_value[:2000])
    else:
        message = summary_message(rec, ref, title=title, action_value=action_value)
    return Reply(text=message["text"], blocks=message["blocks"], model=rec, share_value=ref)


def summary_message(rec: Recommendation, ref: str, *, title: str | None, action_value: str) -> dict[str, Any]:
    """The summary with the detail buttons, Edit profile and Re-run; one block is left for "Post to channel"."""
    extra = [button("Edit profile", "profile_edit", action_value), button("Re-run", "rerun", action_value)]
    return render_summary(rec, ref=ref, title=title, extra=extra, max_blocks=SUMMARY_BLOCKS - 1)


monthly_costs = answers.monthly_costs  # the figures logged with each answer (events, digest and Home read them)
