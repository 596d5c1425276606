from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redfunnel.ingest.times import SHANGHAI, format_local, from_epoch, parse_time, to_local

# 2026-06-25 14:50:00 in Shanghai is 06:50:00 UTC.
EXPECTED = datetime(2026, 6, 25, 6, 50, tzinfo=UTC)

SAME_INSTANT = [
    "2026-06-25 14:50:00",
    "2026-06-25 14:50",
    "2026/06/25 14:50:00",
    "2026/6/25 14:50",
    "2026-06-25_14:50:00",
    "2026-06-25T14:50:00",
    "2026-06-25T14:50:00+08:00",
    "2026-06-25T14:50:00+0800",
    "2026-06-25T06:50:00Z",
    "2026-06-25T06:50:00+00:00",
    "2026-06-25T01:50:00-05:00",
    "2026-06-25T14:50:00.000+08:00",
    "2026年06月25日14时50分00秒",
    "2026年06月25日14时50分",
    "2026年6月25日 14:50",
    "  2026-06-25 14:50:00\n",
    "２０２６-０６-２５ １４:５０:００",
    1782370200000,
    1782370200,
    "1782370200000",
    "1782370200",
    1782370200.0,
    1782370200000.0,
    datetime(2026, 6, 25, 14, 50),
    datetime(2026, 6, 25, 14, 50, tzinfo=SHANGHAI),
    datetime(2026, 6, 25, 6, 50, tzinfo=UTC),
]


@pytest.mark.parametrize("value", SAME_INSTANT)
def test_every_supported_shape_gives_the_same_instant(value: object) -> None:
    parsed = parse_time(value)  # type: ignore[arg-type]
    assert parsed == EXPECTED
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026/6/5 9:05", datetime(2026, 6, 5, 1, 5, tzinfo=UTC)),
        ("2026-06-25", datetime(2026, 6, 24, 16, 0, tzinfo=UTC)),
        ("2026年06月25日", datetime(2026, 6, 24, 16, 0, tzinfo=UTC)),
        (date(2026, 6, 25), datetime(2026, 6, 24, 16, 0, tzinfo=UTC)),
        ("2026-01-01 00:00:00", datetime(2025, 12, 31, 16, 0, tzinfo=UTC)),
        ("2026-06-25T14:50:00.123456+08:00", datetime(2026, 6, 25, 6, 50, 0, 123456, tzinfo=UTC)),
    ],
)
def test_local_dates_and_times(value: object, expected: datetime) -> None:
    assert parse_time(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("month", range(1, 13))
def test_shanghai_has_no_daylight_saving(month: int) -> None:
    parsed = parse_time(f"2026-{month:02d}-15 12:00:00")
    assert parsed == datetime(2026, month, 15, 4, 0, tzinfo=UTC)
    assert to_local(parsed).utcoffset() == timedelta(hours=8)


def test_epoch_unit_is_decided_by_magnitude() -> None:
    assert from_epoch(1719301800000) == from_epoch(1719301800)
    assert from_epoch("1719301800123") == datetime(2024, 6, 25, 7, 50, 0, 123000, tzinfo=UTC)
    assert from_epoch(1719301800.5) == datetime(2024, 6, 25, 7, 50, 0, 500000, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [0, 123, 99_999_999, 12345678901, 10**13, 10**16, -1719301800, "", "17193018x0", "1.5e9",
     True, float("nan"), float("inf"), None],
)
def test_from_epoch_rejects_other_magnitudes_and_types(value: object) -> None:
    with pytest.raises(ValueError, match="无法解析时间"):
        from_epoch(value)  # type: ignore[arg-type]


def test_creator_centre_export_format() -> None:
    assert format_local(parse_time("2026年06月25日14时50分00秒")) == "2026-06-25 14:50"
    expected = datetime(2026, 12, 31, 15, 59, 59, tzinfo=UTC)
    assert parse_time("2026年12月31日23时59分59秒") == expected


def test_mediacrawler_millisecond_sample() -> None:
    assert format_local(parse_time(1721178828000)) == "2024-07-17 09:13"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "yesterday",
        "2026-02-30 10:00",
        "2026-13-01",
        "2026-06-25 25:00",
        "2026-06-25 14:61",
        "2026-06-25+08:00",
        "2026-06-25T14:50:00+25:00",
        "2026年13月01日",
        "20260625",
        "2026-06-25 14:50:00 extra",
        "3天前",
        None,
        True,
        [2026, 6, 25],
    ],
)
def test_unparseable_values_raise(value: object) -> None:
    with pytest.raises(ValueError, match="无法解析时间") as info:
        parse_time(value)  # type: ignore[arg-type]
    assert repr(value) in str(info.value)


def test_to_local_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="缺少时区信息"):
        to_local(datetime(2026, 6, 25, 14, 50))


def test_to_local_and_format_local() -> None:
    local = to_local(EXPECTED)
    assert local.tzinfo is SHANGHAI
    assert (local.hour, local.minute) == (14, 50)
    assert format_local(EXPECTED) == "2026-06-25 14:50"
    assert format_local(datetime(2026, 6, 25, 14, 50, tzinfo=timezone(timedelta(hours=8)))) == (
        "2026-06-25 14:50"
    )


ZONES = st.sampled_from(
    [
        UTC,
        SHANGHAI,
        ZoneInfo("America/New_York"),
        ZoneInfo("Europe/London"),
        timezone(timedelta(hours=-9, minutes=-30)),
        timezone(timedelta(hours=5, minutes=45)),
    ]
)


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 2),
        max_value=datetime(2099, 12, 30),
        timezones=ZONES,
    )
)
def test_shanghai_local_string_round_trips(dt: datetime) -> None:
    dt = dt.replace(microsecond=0)
    text = to_local(dt).strftime("%Y-%m-%d %H:%M:%S")
    # Compare in UTC: PEP 495 makes fold-dependent times unequal to any other zone's datetimes.
    assert parse_time(text) == dt.astimezone(UTC)


@given(st.integers(min_value=10**12, max_value=10**13 - 1))
def test_millisecond_epochs_round_trip(ms: int) -> None:
    parsed = parse_time(ms)
    assert round(parsed.timestamp() * 1000) == ms
    assert parse_time(str(ms)) == parsed
