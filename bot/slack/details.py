"""The summary's buttons: details on demand (``show_reasoning`` / ``show_costs`` / ``show_hardware``), "Less"
(``show_summary``) and the answers to its question (``refine_<field>:<index>``).

Each click is acked at once and answered in a lazy listener: the button's value (a stored answer's
reference, see ``bot.slack.answers``) is validated, the recommendation rebuilt and recomputed, one renderer
called, and the result delivered where it belongs:
- in an ephemeral answer, the message is replaced in place (``response_url`` with ``replace_original``);
- in a channel message (a shared post, a thread answer), the detail goes into that message's thread, so the
  channel stays clean; buttons on a detail already in a thread swap it in place;
- "Costs" also attaches the break-even chart: in the thread, or (for an ephemeral answer) in a direct
  message, once per answer and place.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.profile import ProfileError
from bot.render.detail_blocks import render_detail
from bot.render.summary_blocks import DETAILS, LESS
from bot.slack import answers, charts
from bot.slack.commands import with_share
from bot.slack.deps import Deps, Reply, UserError, workspace_of
from bot.slack.recommend import run_recommendation, summary_message
from bot.store import Workspace

log = logging.getLogger(__name__)

REFINE = re.compile(r"^refine_(?P<field>[a-z_]{1,40}):(?P<index>\d{1,2})$")
SLACK_ID = re.compile(r"^[A-Z0-9]{2,40}$")
SLACK_TS = re.compile(r"^\d{1,12}\.\d{1,8}$")
DETAIL_HEADER = "detail_header"
CHART_IN_THREAD = "Break-even chart: in this thread."
CHART_IN_DM = "Break-even chart: sent to you in a direct message."
CHART_TO_DM = "Break-even chart: on its way to you in a direct message."


def _str(x: Any) -> str:
    return x if isinstance(x, str) else ""


def _dict(x: Any) -> dict[str, Any]:
    return x if isinstance(x, dict) else {}


def place_of(body: dict) -> tuple[str, str, str | None]:
    """(kind, channel, thread ts): "ephemeral", "detail" (a detail message, swapped in place) or "thread"."""
    container, message, where = (_dict(body.get(k)) for k in ("container", "message", "channel"))
    channel = _str(where.get("id")) or _str(container.get("channel_id"))
    if container.get("is_ephemeral"):
        return "ephemeral", channel, None
    thread = next((_str(t) for t in (message.get("thread_ts"), container.get("thread_ts"), message.get("ts"),
                                     container.get("message_ts")) if _str(t)), None)
    if any(isinstance(b, dict) and b.get("block_id") == DETAIL_HEADER for b in message.get("blocks") or []):
        return "detail", channel, thread
    return "thread", channel, thread


def _tell(respond: Callable, text: str) -> None:
    try:
        respond(text=text, replace_original=False, response_type="ephemeral")
    except Exception as e:  # no response_url: nothing more to do
        log.info("could not answer the button", extra={"error": type(e).__name__})


def _load(deps: Deps, ws: Workspace, body: dict, channel: str) -> answers.Answer:
    return answers.load(deps, ws, (body.get("actions") or [{}])[0].get("value"), channel)


@dataclass(frozen=True)
class ChartPlan:
    """Where an answer's chart goes from a "Costs" click, and whether it still has to be sent there."""

    in_thread: bool
    send: bool  # False: it was sent there already (once per answer and place), or cannot be drawn
    note: str | None  # what the costs message says about it


def _chart_plan(deps: Deps, ws: Workspace, answer: answers.Answer, user: str, kind: str, channel: str,
                thread: str | None) -> ChartPlan:
    in_thread = kind != "ephemeral" and bool(thread and SLACK_TS.match(thread) and SLACK_ID.match(channel))
    if answer.rec.costs is None or not charts.chart.available():
        return ChartPlan(in_thread, False, None)
    first = charts.first_time(deps.store, ws, deps.clock(), answer.posted.id,
                              f"{channel}:{thread}" if in_thread else f"dm:{user}")
    if in_thread:
        return ChartPlan(True, first, CHART_IN_THREAD)
    return ChartPlan(False, first, CHART_TO_DM if first else CHART_IN_DM)


def _send_chart(deps: Deps, client: WebClient, answer: answers.Answer, plan: ChartPlan, user: str, channel: str,
                thread: str | None) -> None:
    """After the costs are shown: draw the chart and upload it (the first chart imports matplotlib: seconds)."""
    if not plan.send:
        return
    png = charts.chart_png(deps.knowledge, answer.rec, answer.profile, answer.title)
    if png is None:
        return
    title = charts.file_title(answer.title, answer.rec)
    if plan.in_thread:
        charts.upload(client, png, title, channel=channel, thread_ts=thread)
    else:
        charts.upload(client, png, title, user=user)


def _deliver(client: WebClient, respond: Callable, kind: str, channel: str, thread: str | None,
             message: dict[str, Any]) -> None:
    if kind in ("ephemeral", "detail"):
        respond(text=message["text"], blocks=message["blocks"], replace_original=True, response_type="ephemeral")
        return
    if not (SLACK_ID.match(channel) and thread and SLACK_TS.match(thread)):
        raise UserError("I can't tell where this message is; run `/selfhost recommend` again.")
    try:
        client.chat_postMessage(channel=channel, thread_ts=thread, text=message["text"], blocks=message["blocks"],
                                unfurl_links=False)
    except SlackApiError as e:
        log.warning("could not post the details", extra={"error": e.response.get("error", "")})
        raise UserError("Slack refused to post the details in this thread.") from None


def show(deps: Deps) -> Callable:
    def handle(body: dict, context: Any, client: WebClient, respond: Callable) -> None:
        ws, user = workspace_of(context), _str((body.get("user") or {}).get("id"))
        action_id = _str((body.get("actions") or [{}])[0].get("action_id"))
        kind, channel, thread = place_of(body)
        try:
            answer = _load(deps, ws, body, channel)
            if action_id == LESS:
                reply = with_share(summary_reply(answer), answer.command)
                _deliver(client, respond, "ephemeral", channel, None, {"text": reply.text, "blocks": reply.blocks})
                return
            plan = _chart_plan(deps, ws, answer, user, kind, channel, thread) if action_id == "show_costs" else None
            note = plan.note if plan is not None and kind != "thread" else None  # a new thread reply: chart below
            message = render_detail(answer.rec, action_id, ref=answer.ref, title=answer.title,
                                    in_thread=kind != "ephemeral", note=note)
            _deliver(client, respond, kind, channel, thread, message)  # the costs at once, the chart after them
            if plan is not None:
                _send_chart(deps, client, answer, plan, user, channel, thread)
        except UserError as e:
            _tell(respond, str(e))

    return handle


def summary_reply(answer: answers.Answer) -> Reply:
    message = summary_message(answer.rec, answer.ref, title=answer.title, action_value=answer.command or "recommend")
    return Reply(text=message["text"], blocks=message["blocks"], model=answer.rec, share_value=answer.ref)


def refine(deps: Deps) -> Callable:
    """A button of the summary's question: the stored answer plus that fact, answered again."""

    def handle(body: dict, context: Any, client: WebClient, respond: Callable) -> None:
        ws = workspace_of(context)
        kind, channel, thread = place_of(body)
        m = REFINE.match(_str((body.get("actions") or [{}])[0].get("action_id")))
        try:
            answer = _load(deps, ws, body, channel)
            question = next((q for q in answer.rec.missing if m and q.field == m["field"]), None)
            if m is None or question is None or int(m["index"]) >= len(question.options):
                raise UserError("That question is already answered; here is the answer as it stands.")
            option = question.options[int(m["index"])]
            try:
                profile = answer.profile.merged(**{question.field: option})
            except ProfileError as e:
                raise UserError(f"I read {e}") from None
            title = f"{answer.title or 'Your workload'} + {question.field} = {option}"
            reply = run_recommendation(deps, ws, profile, profile_name=answer.posted.profile_name,
                                       channel_id=channel or None, sources=answer.sources, title=title,
                                       action_value=answer.command or "recommend", source="refine")
            if kind == "ephemeral":
                reply = with_share(reply, answer.command)
            _deliver(client, respond, "ephemeral" if kind == "ephemeral" else "thread", channel, thread,
                     {"text": reply.text, "blocks": reply.blocks})
        except UserError as e:
            _tell(respond, str(e))

    return handle


def _ack(ack: Callable) -> None:
    ack()


def register(app: Any, deps: Deps) -> None:
    for action_id in (*DETAILS, LESS):
        app.action(action_id)(ack=_ack, lazy=[show(deps)])
    app.action(re.compile(r"^refine_"))(ack=_ack, lazy=[refine(deps)])
