"""Property tests: the parser never raises, and every number it extracts is finite and within bounds."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.parse import extract
from bot.core.profile import MAX_TOKENS_PER_DAY, WorkloadProfile
from bot.core.units import human, parse_quantity
from tests.parse_support import catalogs

settings.register_profile("parse-ci", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
CI = settings.get_profile("parse-ci")

BOUNDS = {
    "tokens_per_day": (0, MAX_TOKENS_PER_DAY),
    "output_share": (0, 1),
    "simple_share": (0, 1),
    "peak_to_average": (1, 100),
    "latency_ms": (1e-9, 600_000),
    "monthly_api_spend_usd": (0, 1e9),
    "hardware_count": (1, 4096),
}

# Words the parser reacts to, so that random messages exercise its rules and not only the no-match path.
WORDS = ["tokens", "tokens/day", "a month", "per hour", "/s", "requests", "chats", "each", "×", "x", "$", "USD",
         "%", "output", "input", "simple", "ms", "latency", "TTFT", "sub-", "peak", "peaks at", "average", "no",
         "not", "PHI", "HIPAA", "GDPR", "offline", "air-gapped", "LoRA", "MLOps", "newest model", "actually",
         "sorry, I meant", "Llama 3.1 70B", "8x7B", "7B", "A100s", "RTX 4090", "gpt-4o", "Claude", "OpenAI",
         "Q4_K_M", "4-bit", "nan", "inf", "1e400", "١٠٠", "k", "M", "B", "T", "billion", "?", ",", ".", " "]
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"[0-9]{1,6}(,[0-9]{3}){0,3}(\.[0-9]{1,3})?(e[+-]?[0-9]{1,4})?[kMBT]?", fullmatch=True),
)
MESSAGES = st.lists(st.one_of(st.sampled_from(WORDS), NUMBERS, st.text(max_size=12)), max_size=30).map(" ".join)


def check(text: str) -> None:
    e = extract(text, catalogs())
    for name, fact in e.facts.items():
        assert fact.span in text[:4000]
        if isinstance(fact.value, int | float) and not isinstance(fact.value, bool):
            assert math.isfinite(fact.value), (name, fact)
            lo, hi = BOUNDS[name]
            assert lo <= fact.value <= hi, (name, fact)
    WorkloadProfile().merged(**e.profile_facts())


@CI
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(text):
    check(text)


@CI
@given(MESSAGES)
def test_numbers_within_bounds_on_message_like_text(text):
    check(text)


@CI
@given(st.integers(min_value=1, max_value=6000))
def test_very_long_digit_strings_are_refused(n):
    e = extract("9" * n + " tokens per day")
    if n > 30:
        assert "tokens_per_day" not in e.facts and e.warnings


@CI
@given(st.floats(min_value=1, max_value=MAX_TOKENS_PER_DAY, allow_nan=False))
def test_quantities_round_trip_through_the_parser(value):
    text = f"{human(value)} tokens/day"
    e = extract(text)
    got = e.facts["tokens_per_day"].value
    assert math.isclose(got, parse_quantity(human(value)), rel_tol=1e-9)
    assert math.isclose(got, value, rel_tol=6e-3)
