"""Property tests: any Recommendation renders within Slack's limits and never raises.

Random Recommendations are the fixtures with every free-text field replaced by random text (short,
long, markup-laden, one giant word), every float by any float (NaN, infinities, huge, negative) and
every list repeated 0..n times.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.recommendation import Missing, Recommendation
from bot.core.sizing import Estimate
from bot.render.blocks import render_question, render_recommendation
from bot.render.estimate import render_estimate, render_estimate_text
from bot.render.limits import check_message
from bot.render.text import render_recommendation_text
from tests import fixtures_recs as fx
from tests.test_render_blocks import duplicate_action_ids
from tests.test_render_estimate import estimate

FIXED = {"verdict", "kind", "confidence", "to", "kv_dtype", "fit_mode"}  # Literal fields stay valid
ANSI = re.compile(r"\x1b\[")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="ab <&>*_~`'\n→…", max_size=4000),
    st.sampled_from(["\x1b[31mred", "bell\x07", "\x9b2J", "tab\there"]),  # terminal control sequences
    st.integers(0, 6000).map(lambda n: "x" * n),  # one word longer than any limit
)
floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(-10, 1e7))
ints = st.integers(-3, 10**6)


@st.composite
def mutated(draw: st.DrawFn, value: Any, key: str = "") -> Any:
    """``value`` with its leaves replaced by random ones of the same type."""
    if key in FIXED or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return draw(texts)
    if isinstance(value, float):
        return draw(floats)
    if isinstance(value, int):
        return draw(ints)
    if isinstance(value, list):
        items = [draw(mutated(v, key)) for v in value] * draw(st.integers(0, 6))
        return items[: draw(st.integers(0, 80))]
    if isinstance(value, dict):
        return {k if key not in ("as_of", "breakdown") else draw(texts): draw(mutated(v, k))
                for k, v in value.items()}
    return value


@st.composite
def recommendations(draw: st.DrawFn) -> Recommendation:
    base = draw(st.sampled_from(sorted(fx.ALL)))
    data = fx.ALL[base]().model_dump()
    return Recommendation.model_validate(draw(mutated(data)))


@given(recommendations(), st.booleans(), st.booleans(), st.one_of(st.none(), texts), st.integers(6, 50))
@SETTINGS
def test_any_recommendation_renders_within_slack_limits(rec, full, ephemeral, title, max_blocks):
    message = render_recommendation(rec, full=full, ephemeral_actions=ephemeral, title=title,
                                    max_blocks=max_blocks)
    assert check_message(message) == []
    assert len(message["blocks"]) <= max_blocks
    assert duplicate_action_ids(message["blocks"]) == []


@given(recommendations(), st.booleans(), st.integers(20, 200))
@SETTINGS
def test_any_recommendation_renders_as_text(rec, full, width):
    text = render_recommendation_text(rec, color=False, width=width, full=full)
    assert text.strip()
    assert not ANSI.search(text)
    assert "\x07" not in text and "\x9b" not in text
    if not full:
        assert all(len(line) <= width for line in text.splitlines())


@given(st.builds(Missing, field=texts, question=texts, why=texts, options=st.lists(texts, max_size=40)),
       st.text(max_size=300))
@SETTINGS
def test_any_question_renders_within_limits(missing, prefix):
    blocks = render_question(missing, prefix)
    assert check_message({"text": "question", "blocks": blocks}) == []
    assert duplicate_action_ids(blocks) == []


@st.composite
def estimates(draw: st.DrawFn) -> Estimate:
    return Estimate.model_validate(draw(mutated(estimate().model_dump())))


@given(estimates(), st.one_of(st.none(), texts), st.integers(20, 200))
@SETTINGS
def test_any_estimate_renders(est, title, width):
    assert check_message(render_estimate(est, title=title)) == []
    text = render_estimate_text(est, color=False, width=width)
    assert not ANSI.search(text)
    assert all(len(line) <= width for line in text.splitlines())
