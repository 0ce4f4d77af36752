"""No user-supplied string can make the bot broadcast, mention, link or break out of a code span.

Property tests over every renderer: team and profile names, free text echoed back, model names, profile
values (old → new), concept answers, errors... are drawn from hostile text (``<!channel>``, ``<!here>``,
``<!everyone>``, ``<@U…>``, ``<#C…>``, ``<https://evil|click>``, backticks, stray ``&``/``<``/``>``), and
every mrkdwn string and fallback text of the output must hold no Slack control sequence except the ones
the renderer itself writes from ids it was given (``<@U0SAFE>``, ``<#C0SAFE>``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.chat import Change, Turn
from bot.core.answer import ConceptAnswer
from bot.core.profile import WorkloadProfile
from bot.core.recommendation import Missing, Recommendation
from bot.core.trend import Snapshot, Trend
from bot.digest.compose import USER_ID, Edit, ProfileInput, compose
from bot.render.blocks import render_change, render_error, render_question, render_recommendation
from bot.render.chat import render_turn
from bot.render.costs import render_prices
from bot.render.detail_blocks import render_detail
from bot.render.digest import digest_message
from bot.render.escape import code, echo, escape, unescape
from bot.render.estimate import render_estimate
from bot.render.home import HomeRow, render_home
from bot.render.profile import profile_modal, render_history, render_profile, render_profile_list
from bot.render.summary_blocks import DETAILS, render_summary
from bot.render.text import render_summary_text
from bot.slack.help import help_reply
from bot.store import FieldChange, ProfileVersion, Subscription
from tests import fixtures_recs as fx
from tests.test_render_estimate import estimate

SAFE_USER, SAFE_CHANNEL = "U0SAFE", "C0SAFE"
ALLOWED = re.compile(rf"<@{SAFE_USER}>|<#{SAFE_CHANNEL}>")
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ATTACKS = ["<!channel>", "<!here>", "<!everyone>", "<@U024BE7LH>", "<#C024BE7LR>", "<!subteam^S1|team>",
           "<https://evil.example|click here>", "<mailto:a@b.c|mail>", "`", "```", "&lt;!channel&gt;", "&", "<",
           ">", "<<!here>>", "*bold*", "\n", "<!date^1392734382^{date}|x>"]
hostile = st.one_of(
    st.sampled_from(ATTACKS),
    st.lists(st.one_of(st.sampled_from(ATTACKS), st.text(max_size=8)), min_size=1, max_size=6).map("".join),
    st.text(alphabet="<>!@#&`|: abcUC1", max_size=60),
)


# --- what Slack would parse --------------------------------------------------------------------------------


def parsed_strings(payload: Any, top: bool = True) -> Iterator[str]:
    """Every string Slack reads as mrkdwn: mrkdwn text objects, and a message's fallback ``text``."""
    if isinstance(payload, dict):
        if payload.get("type") == "mrkdwn" and isinstance(payload.get("text"), str):
            yield payload["text"]
        if top and isinstance(payload.get("text"), str):
            yield payload["text"]
        for key, value in payload.items():
            if key != "text" or not isinstance(value, str):
                yield from parsed_strings(value, top=False)
    elif isinstance(payload, list):
        for item in payload:
            yield from parsed_strings(item, top=False)


def assert_inert(payload: Any, *, users: tuple[str, ...] = ()) -> None:
    """No live mention, broadcast or link in any string, except the safe ones and mentions of ``users``."""
    for text in parsed_strings(payload):
        rest = ALLOWED.sub("", text)
        for user in users:
            rest = rest.replace(f"<@{user}>", "")
        assert "<" not in rest and ">" not in rest, f"live control sequence in {text!r}"


def leaves(value: Any, draw: st.DrawFn) -> Any:
    """``value`` with every string leaf replaced by hostile text (literals of enums left alone)."""
    if isinstance(value, str):
        return draw(hostile)
    if isinstance(value, list):
        return [leaves(v, draw) for v in value]
    if isinstance(value, dict):
        return {k: leaves(v, draw) for k, v in value.items()}
    return value


FIXED = {"verdict", "kind", "confidence", "to", "kv_dtype", "fit_mode", "sign", "field", "id"}


@st.composite
def hostile_rec(draw: st.DrawFn) -> Recommendation:
    base = fx.ALL[draw(st.sampled_from(sorted(fx.ALL)))]()
    data = base.model_dump(mode="json")

    def walk(x: Any, key: str = "") -> Any:
        if key in FIXED:
            return x
        if isinstance(x, str):
            return draw(hostile)
        if isinstance(x, list):
            return [walk(v, key) for v in x]
        if isinstance(x, dict):
            return {k: walk(v, k) for k, v in x.items()}
        return x

    return Recommendation.model_validate(walk(data))


# --- the escaping function itself ----------------------------------------------------------------------


@given(st.text())
def test_escape_round_trips_and_leaves_no_control_character(text: str) -> None:
    out = escape(text)
    assert "<" not in out and ">" not in out
    assert unescape(out) == text


@given(st.text(), st.integers(1, 300))
def test_echo_fits_its_limit_and_stays_escaped(text: str, limit: int) -> None:
    out = echo(text, limit)
    assert len(out) <= limit
    assert "<" not in out and ">" not in out
    assert not re.search(r"&[a-z]{0,3}…?$", out) or out.endswith(("&amp;", "&lt;", "&gt;"))


@given(st.text())
def test_code_span_cannot_be_closed_or_broken(text: str) -> None:
    out = code(text)
    assert out.startswith("`") and out.endswith("`") and out.count("`") == 2
    assert "\n" not in out and "<" not in out


# --- every renderer ------------------------------------------------------------------------------------


@SETTINGS
@given(hostile_rec(), hostile)
def test_recommendation(rec: Recommendation, title: str) -> None:
    assert_inert(render_recommendation(rec, title=title, full=True))


@SETTINGS
@given(hostile_rec(), hostile, hostile, st.lists(hostile, max_size=3))
def test_summary_and_details(rec: Recommendation, title: str, lead: str, notes: list[str]) -> None:
    assert_inert(render_summary(rec, ref="rec:1:abcdefgh", title=title, lead=escape(lead), notes=notes))
    assert_inert(render_summary(rec, title=title, question_prefix="chat.1", answer_action="answer"))
    for action in DETAILS:
        assert_inert(render_detail(rec, action, ref="rec:1:abcdefgh", title=title, note=lead))
    assert "\x1b" not in render_summary_text(rec, color=False).replace(title, "")


@SETTINGS
@given(hostile, hostile, st.lists(hostile, max_size=5), hostile, st.lists(hostile, max_size=3))
def test_question_error_change(question: str, why: str, options: list[str], error: str, reasons: list[str]) -> None:
    assert_inert({"blocks": render_question(Missing(field="team", question=question, why=why, options=options),
                                            "chat.1.2")})
    assert_inert(render_error(error))
    assert_inert({"blocks": [render_change("api", "self_host", reasons)]})


@SETTINGS
@given(hostile_rec(), st.dictionaries(st.sampled_from(["team", "open_model", "tokens_per_day"]), hostile),
       st.lists(hostile, max_size=3), hostile, hostile, st.lists(hostile, max_size=3))
def test_conversation_turns(rec: Recommendation, facts: dict, warnings: list[str], title: str, text: str,
                            alternatives: list[str]) -> None:
    sources = {k: v for k, v in facts.items()}
    change = Change(old_verdict="api", new_verdict="self_host", reasons=warnings)
    for kind in ("answer", "question"):
        turn = Turn(kind=kind, thread=(SAFE_CHANNEL, "1.2"), recommendation=rec, facts=facts, sources=sources,
                    warnings=warnings, change=change,
                    question=Missing(field="team", question=title, why=text, options=alternatives))
        assert_inert(render_turn(turn))
    concept = ConceptAnswer(found=True, title=title, text=text, source=text, alternatives=alternatives)
    assert_inert(render_turn(Turn(kind="concept", thread=(SAFE_CHANNEL, "1.2"), concept=concept)))
    missing = ConceptAnswer(found=False, text=text, alternatives=alternatives)
    assert_inert(render_turn(Turn(kind="concept", thread=(SAFE_CHANNEL, "1.2"), concept=missing)))
    assert_inert(render_turn(Turn(kind="error", thread=(SAFE_CHANNEL, "1.2"), error=text)))


def _profile(team: str, model: str) -> WorkloadProfile:
    return WorkloadProfile.model_construct(team=team, open_model=model, api_model=model, hardware=model,
                                           tokens_per_day=3e8, assumptions={})


@SETTINGS
@given(hostile, hostile, hostile, st.lists(hostile, min_size=1, max_size=3))
def test_profile_cards_history_list_home_modal(name: str, team: str, model: str, values: list[str]) -> None:
    profile = _profile(team, model)
    assert_inert(render_profile(name, profile, version=3, updated_by=SAFE_USER, updated_at=NOW,
                                channels=[SAFE_CHANNEL]))
    changes = tuple(FieldChange("team", old, new) for old, new in zip(values, reversed(values), strict=True))
    versions = [ProfileVersion(1, SAFE_USER, NOW, changes, {})]
    assert_inert(render_history(name, versions))
    assert_inert(render_profile_list([(name, 2, [SAFE_CHANNEL]), (team, 1, [])], current=name))
    then = Snapshot(verdict=values[0], monthly=10.0, at=NOW)
    trend = Trend(Snapshot(verdict=team, monthly=20.0), then, 100.0, True, ("fact",), tuple(values))
    rows = [HomeRow(name=name, version=2, updated_at=NOW, channels=[SAFE_CHANNEL], rec=fx.self_host_restricted(),
                    trend=trend), HomeRow(name=team, version=1, updated_at=NOW, channels=[], error=model)]
    sub = Subscription(SAFE_CHANNEL, 0, "09:00", "UTC", created_by=SAFE_USER)
    assert_inert(render_home(rows, [sub]))
    assert_inert(profile_modal(name, SAFE_CHANNEL, profile, 2))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile, hostile, hostile, hostile)
def test_digest(knowledge, name: str, team: str, by: str, value: str) -> None:
    profile = WorkloadProfile(tokens_per_day=6e7, capability="mid")
    last = {"volume": 1e6, "verdict": "api", "api_per_m": 1.0, "prices_as_of": "2020-01-01"}
    edits = [Edit(by, NOW - dt.timedelta(days=1), (("team", value, team), ("tokens_per_day", 1e6, 6e7))),
             Edit(SAFE_USER, NOW - dt.timedelta(days=1), (("team", team, value),))]
    items = [ProfileInput(name, profile, NOW - dt.timedelta(days=90), last=last, edits=edits),
             ProfileInput(team, profile, NOW)]
    # an editor id shaped like a Slack user id ('U11') is one (it comes from Slack, not from user text): the digest
    # mentions it; anything else it escapes
    editors = (by,) if USER_ID.fullmatch(by) else ()
    assert_inert(digest_message(compose(knowledge, SAFE_CHANNEL, "2026-W49", items, NOW)), users=editors)


@SETTINGS
@given(hostile, hostile)
def test_prices_estimate_help(text: str, title: str) -> None:
    assert_inert(render_prices([], text))
    assert_inert(render_estimate(estimate(), title=title))
    assert_inert({"text": help_reply(text).text, "blocks": help_reply(text).blocks})
