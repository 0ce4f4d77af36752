"""The number grammar (bot/core/parse_normalise.py + parse_numbers.py): words, scales, locale formats and
ranges read back to the number written, never an exception, every value finite and in range, every
canonical span mapped back into the message."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.parse import extract
from bot.core.parse_normalise import normalise
from bot.core.parse_numbers import quantities

SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """English words for 1 ≤ n < 10**12 (written independently of the parser, as people write them)."""
    parts = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            parts.append(f"{below_thousand(n // scale)} {name}")
            n %= scale
    if n:
        parts.append(below_thousand(n))
    return " ".join(parts)


def below_thousand(n: int) -> str:
    out = []
    if n >= 100:
        out.append(f"{SMALL[n // 100]} hundred")
        n %= 100
    if n >= 20:
        out.append(TENS[n // 10] + (f"-{SMALL[n % 10]}" if n % 10 else ""))
    elif n:
        out.append(SMALL[n])
    return " ".join(out)


def volume(text: str) -> float | None:
    fact = extract(text).facts.get("tokens_per_day")
    return None if fact is None else float(fact.value)  # type: ignore[arg-type]


@given(st.integers(min_value=20, max_value=999_999_999))
def test_numbers_in_words_read_back(n):
    assert volume(f"{words(n)} tokens a day") == pytest.approx(n)


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["thousand", "million", "billion"]))
def test_words_with_a_scale_read_back(n, scale):
    factor = {"thousand": 1e3, "million": 1e6, "billion": 1e9}[scale]
    assert volume(f"{words(n)} {scale} tokens a day") == pytest.approx(n * factor)


@pytest.mark.parametrize(("text", "value"), [
    ("a billion and a half tokens a month", 1.5e9 / 30.4375),
    ("two and a half million tokens per day", 2.5e6),
    ("a quarter of a billion tokens a day", 2.5e8),
    ("a couple hundred thousand tokens per day", 2e5),
    ("half a billion tokens a day", 5e8),
    ("1.2bn tokens a day", 1.2e9),
    ("2.5 mil tokens a day", 2.5e6),
    ("45mn tokens a day", 4.5e7),
    ("1.250.000 tokens a day", 1.25e6),
    ("12 500 000 tokens per day", 1.25e7),
    ("1_250_000 tokens/day", 1.25e6),
    ("around 2,5 million tokens daily", 2.5e6),
    ("between 100 and 200M tokens a day", 1.5e8),
    ("5k-8k requests per day, ~1k tokens each", 6.5e6),
    ("we see 10-14M tokens/week", 12e6 / 7),
])
def test_scales_formats_and_ranges(text, value):
    assert volume(text) == pytest.approx(value, rel=1e-6)


@given(st.integers(min_value=1_000, max_value=999_999_999))
def test_locale_group_separators_read_back(n):
    dotted = f"{n:,}".replace(",", ".")
    spaced = f"{n:,}".replace(",", " ")
    underscored = f"{n:_}"
    for written in (dotted, spaced, underscored):
        if written.count(".") == 1:
            continue  # "1.500" is 1.5 to an English reader; only two or more groups are unambiguous
        assert volume(f"{written} tokens per day") == pytest.approx(n), written


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=2, max_value=19))
def test_ranges_become_their_midpoint_with_a_note(a, ratio):
    b = a * ratio
    e = extract(f"between {a} and {b}M tokens a day")
    fact = e.facts["tokens_per_day"]
    assert fact.value == pytest.approx((a + b) / 2 * 1e6)
    assert "midpoint" in fact.note


@given(st.text(max_size=300))
def test_normalise_never_raises_and_maps_back_into_the_message(text):
    norm = normalise(text)
    assert len(norm.lo) == len(norm.text) == len(norm.hi)
    for i in range(len(norm.text)):
        assert 0 <= norm.lo[i] < norm.hi[i] <= len(text)
    if norm.text:
        s, e = norm.span(0, len(norm.text))
        assert 0 <= s <= e <= len(text)


WORDY = st.lists(st.sampled_from([
    "one", "two", "twelve", "twenty", "hundred", "thousand", "million", "billion", "a", "and", "half", "quarter",
    "of", "couple", "dozen", "-", "to", "between", "5", "5k", "1.5", "2,5", "1.250.000", "tokens", "a day", "per",
    "week", "$", "€", "%", "ms", " ",
]), max_size=25).map(" ".join)


@given(WORDY)
def test_quantities_are_finite_and_in_range(text):
    norm = normalise(text)
    warnings: list[str] = []
    for q in quantities(norm.text, warnings):
        assert math.isfinite(q.value) and 0 <= q.value <= 1e18
    e = extract(text)
    for fact in e.facts.values():
        if isinstance(fact.value, int | float) and not isinstance(fact.value, bool):
            assert math.isfinite(fact.value)
        assert fact.span in text


def test_a_lone_peak_never_becomes_the_average():
    e = extract("we peak at around 40k tokens/sec during the evening rush, dunno the average")
    assert "tokens_per_day" not in e.facts
    assert any("peak" in w for w in e.warnings)


def test_peak_and_average_give_the_ratio_and_the_average_volume():
    e = extract("peak 120 rps, average 30 rps, 1,500 tokens per request")
    assert e.facts["peak_to_average"].value == pytest.approx(4)
    assert e.facts["tokens_per_day"].value == pytest.approx(30 * 86_400 * 1_500)


def test_money_next_to_a_model_name_with_digits():
    e = extract("$20k/month on OpenAI (mostly gpt-4o)")
    assert e.facts["monthly_api_spend_usd"].value == 20_000
    assert e.facts["api_model"].value == "gpt-4o"


def test_corrections_and_negated_values():
    assert volume("it's 30M a day, not 300M, sorry") == pytest.approx(3e7)
    assert extract("Sorry, I meant $12k a month, not $120k.").facts["monthly_api_spend_usd"].value == 12_000


def test_per_stream_speed_is_not_a_volume():
    e = extract("Need ≥ 40 tokens/s per stream or the typing effect looks janky")
    assert e.facts["min_tokens_per_s"].value == 40
    assert "tokens_per_day" not in e.facts


def test_typos_are_read_and_the_span_is_the_users_words():
    e = extract("HIPPA applies; about 120M tokns/day")
    assert e.facts["compliance"].value == ["hipaa"]
    assert e.facts["compliance"].span == "HIPPA"
    assert e.facts["tokens_per_day"].span == "120M tokns/day"


def test_other_languages_are_flagged_and_their_numbers_kept():
    e = extract("Es sind ca. 1.500 Anfragen pro Tag à 2.000 Tokens, das Modell wäre Llama 3.3 70B.")
    assert e.language == "de"
    assert any("English" in w for w in e.warnings)
    assert e.facts["tokens_per_day"].value == pytest.approx(3e6)
    assert extract("We do 1.2B tokens a month").language == "en"


@pytest.mark.parametrize(("text", "said"), [
    ("peak 120 rps, average 30 rps", "30 requests per second"),
    ("we do 12 qps at lunch", "12 requests per second"),
    ("roughly 40 requests per minute", "40 requests per minute"),
])
def test_a_rate_without_tokens_per_request_is_named_once_in_the_question(text: str, said: str) -> None:
    """A bare request rate asks for tokens per request, naming the rate in words ("30 rps per second" said it twice)."""
    warnings = extract(text).warnings
    asked = [w for w in warnings if "tokens per request" in w]
    assert asked and asked[0].startswith(said), warnings
