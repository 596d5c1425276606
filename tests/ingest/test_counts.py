from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redfunnel.ingest.counts import Count, parse_count

EXACT = [
    ("0", 0),
    ("452", 452),
    ("16272", 16272),
    ("1,234", 1234),
    ("12,345,678", 12345678),
    (5968, 5968),
    (0, 0),
    (5968.0, 5968),
    ("5968.0", 5968),
    (" 452 ", 452),
    ("\u3000452\t", 452),
    ("４５２", 452),
    ("１，２３４", 1234),
    ("007", 7),
]

ESTIMATES = [
    ("1万", 10_000),
    ("1.2万", 12_000),
    ("2.2万", 22_000),
    ("8.6万", 86_000),
    ("2.8万", 28_000),
    ("1.25万", 12_500),
    ("1.5w", 15_000),
    ("2.1W", 21_000),
    ("1.2k", 1_200),
    ("8K", 8_000),
    ("3千", 3_000),
    ("2.2 万", 22_000),
    ("２.２万", 22_000),
    ("1.23456万", 12_346),
]

FLOORS = [
    ("10万+", 100_000),
    ("1w+", 10_000),
    ("1W+", 10_000),
    ("1k+", 1_000),
    ("10+", 10),
    ("100+", 100),
    ("10万＋", 100_000),
    ("１０＋", 10),
    ("1,000+", 1_000),
]

MISSING = ["", "-", "--", "  ", " - ", None, float("nan")]

GARBAGE = [
    "abc",
    "1.2.3万",
    "万",
    "+",
    "w",
    "1万万",
    "1.5",
    "1,23",
    "12,34,567",
    "1e5",
    "0x10",
    "+5",
    "1亿",
    "１２ａ",
    "1+万",
    "5 6",
    ".5万",
    float("inf"),
    1.5,
    True,
]

NEGATIVE = ["-5", "-1.2万", -3, -3.0, "－５"]


@pytest.mark.parametrize(("raw", "value"), EXACT)
def test_exact_values(raw: str | int | float, value: int) -> None:
    assert parse_count(raw) == Count(value, is_floor=False, is_estimate=False)


@pytest.mark.parametrize(("raw", "value"), ESTIMATES)
def test_abbreviated_values_are_estimates(raw: str, value: int) -> None:
    assert parse_count(raw) == Count(value, is_floor=False, is_estimate=True)


@pytest.mark.parametrize(("raw", "value"), FLOORS)
def test_plus_marks_a_floor(raw: str, value: int) -> None:
    assert parse_count(raw) == Count(value, is_floor=True, is_estimate=False)


@pytest.mark.parametrize("raw", MISSING)
def test_missing_values_are_unknown(raw: str | float | None) -> None:
    assert parse_count(raw) == Count(None, is_floor=False, is_estimate=False)


@pytest.mark.parametrize("raw", GARBAGE)
def test_garbage_raises_with_the_raw_value(raw: object) -> None:
    with pytest.raises(ValueError, match="无法解析计数") as info:
        parse_count(raw)  # type: ignore[arg-type]
    assert repr(raw) in str(info.value)


@pytest.mark.parametrize("raw", NEGATIVE)
def test_negative_counts_raise(raw: str | int | float) -> None:
    with pytest.raises(ValueError, match="计数不能为负数"):
        parse_count(raw)


def test_error_message_quotes_the_raw_string() -> None:
    with pytest.raises(ValueError) as info:
        parse_count("abc")
    assert str(info.value) == "无法解析计数 'abc'"


def test_huge_digit_strings_raise_a_readable_error() -> None:
    with pytest.raises(ValueError, match="无法解析计数"):
        parse_count("9" * 5000)


def test_count_is_frozen() -> None:
    count = parse_count("1")
    with pytest.raises(AttributeError):
        count.value = 2  # type: ignore[misc]


@given(st.integers(min_value=0))
def test_plain_digits_round_trip(n: int) -> None:
    assert parse_count(str(n)) == Count(n, False, False)
    assert parse_count(n) == Count(n, False, False)


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_count(f"{n:,}") == Count(n, False, False)


@given(st.integers(min_value=0))
def test_trailing_plus_is_a_floor(n: int) -> None:
    assert parse_count(f"{n}+") == Count(n, True, False)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["万", "w", "W"]))
def test_wan_rounding_stays_within_half_a_display_step(n: int, unit: str) -> None:
    shown = (Decimal(n) / 10_000).quantize(Decimal("0.1"))
    count = parse_count(f"{shown}{unit}")
    assert count.is_estimate and not count.is_floor
    assert count.value is not None
    assert abs(count.value - n) <= 500


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["k", "K", "千"]))
def test_thousand_rounding_stays_within_half_a_display_step(n: int, unit: str) -> None:
    shown = (Decimal(n) / 1_000).quantize(Decimal("0.1"))
    count = parse_count(f"{shown}{unit}")
    assert count.value is not None
    assert abs(count.value - n) <= 50


@given(st.text(alphabet="0123456789.,+-万wWkK千亿abc xX"))
def test_garbage_never_passes_silently(raw: str) -> None:
    try:
        count = parse_count(raw)
    except ValueError as error:
        assert "无法解析计数" in str(error)
        return
    if count.value is None:
        assert raw.strip() in {"", "-", "--"}
    else:
        assert count.value >= 0
        assert any(char.isdigit() for char in raw)
