"""Timestamp parsing for every time shape the XHS producers write.

Crawlers write epoch milliseconds, scrapers write local-time strings in half a dozen layouts and
the creator-centre Excel writes ``2026年06月25日14时50分00秒``. Everything is stored in UTC; a time
without an offset is Asia/Shanghai wall-clock time, because that is where every one of these
producers runs and what the platform displays.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

__all__ = ["SHANGHAI", "format_local", "from_epoch", "parse_time", "to_local"]

SHANGHAI = ZoneInfo("Asia/Shanghai")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECONDS_RANGE = (10**9, 10**10)
_MILLIS_RANGE = (10**12, 10**13)

_NUMERIC_RE = re.compile(
    r"(?P<y>\d{4})[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:(?:T|_| +)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
    r"\s*(?P<tz>Z|z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.ASCII,
)
_CHINESE_RE = re.compile(
    r"(?P<y>\d{4})年(?P<mo>\d{1,2})月(?P<d>\d{1,2})日"
    r"(?:\s*(?:(?P<h>\d{1,2})[时點点](?:(?P<mi>\d{1,2})分(?:(?P<s>\d{1,2})秒)?)?"
    r"|(?P<h2>\d{1,2}):(?P<mi2>\d{2})(?::(?P<s2>\d{2}))?))?"
)


def from_epoch(value: int | str | float) -> datetime:
    """Convert epoch seconds (10 digits) or milliseconds (13 digits) to an aware UTC datetime.

    The unit is decided by magnitude because producers do not label it. Anything outside those two
    ranges (microseconds, a day count, a negative number) is rejected rather than guessed, since a
    wrong unit silently moves a note by decades.
    """
    number: int | float
    if isinstance(value, bool):
        raise ValueError(f"无法解析时间 {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if not (text.isdigit() and text.isascii()):
            raise ValueError(f"无法解析时间 {value!r}")
        number = int(text)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"无法解析时间 {value!r}")
        number = value
    else:
        raise ValueError(f"无法解析时间 {value!r}")
    if _MILLIS_RANGE[0] <= number < _MILLIS_RANGE[1]:
        if isinstance(number, int):
            return _EPOCH + timedelta(milliseconds=number)
        return _EPOCH + timedelta(seconds=number / 1000)
    if _SECONDS_RANGE[0] <= number < _SECONDS_RANGE[1]:
        return _EPOCH + timedelta(seconds=number)
    raise ValueError(f"无法解析时间 {value!r}：不是 10 位秒或 13 位毫秒时间戳")


def parse_time(value: str | int | float | datetime | date | None) -> datetime:
    """Parse any supported time value into an aware UTC datetime.

    Naive values (strings without an offset, ``datetime`` objects from openpyxl) are read as
    Asia/Shanghai local time. Parsing uses precompiled regexes instead of trying ``strptime``
    formats one by one, because this runs once per row on large crawl files.
    """
    if isinstance(value, datetime):
        return _localise(value)
    if isinstance(value, date):
        return _localise(datetime.combine(value, time()))
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_epoch(value)
    raise ValueError(f"无法解析时间 {value!r}")


def to_local(dt: datetime) -> datetime:
    """Convert an aware datetime to Asia/Shanghai.

    A naive datetime is refused: values coming back from storage are UTC while naive input values
    are Shanghai time, so guessing here would silently shift times by eight hours.
    """
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"无法转换为本地时间 {dt!r}：缺少时区信息")
    return dt.astimezone(SHANGHAI)


def format_local(dt: datetime) -> str:
    """Format as Shanghai wall-clock minutes, the resolution reports and the platform show."""
    return to_local(dt).strftime("%Y-%m-%d %H:%M")


def _localise(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        dt = dt.replace(tzinfo=SHANGHAI)
    return dt.astimezone(UTC)


def _parse_text(value: str) -> datetime:
    text = value.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if text.isdigit() and text.isascii():
        try:
            return from_epoch(text)
        except ValueError:
            raise ValueError(f"无法解析时间 {value!r}") from None
    match = _NUMERIC_RE.fullmatch(text)
    try:
        if match is not None:
            return _build(match, match["h"], match["mi"], match["s"], match["f"], match["tz"])
        match = _CHINESE_RE.fullmatch(text)
        if match is not None:
            hour = match["h"] or match["h2"]
            minute = match["mi"] or match["mi2"]
            second = match["s"] or match["s2"]
            return _build(match, hour, minute, second, None, None)
    except ValueError:
        pass
    raise ValueError(f"无法解析时间 {value!r}")


def _build(
    match: re.Match[str],
    hour: str | None,
    minute: str | None,
    second: str | None,
    fraction: str | None,
    offset: str | None,
) -> datetime:
    """Assemble the datetime; ``datetime`` itself rejects impossible dates such as 02-30."""
    micro = int((fraction + "000000")[:6]) if fraction else 0
    naive = datetime(
        int(match["y"]),
        int(match["mo"]),
        int(match["d"]),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        micro,
    )
    if offset is None:
        return _localise(naive)
    return naive.replace(tzinfo=_offset(offset)).astimezone(UTC)


def _offset(text: str) -> timezone:
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(text)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
