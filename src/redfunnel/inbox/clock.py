"""Business-hours clocks with China's public holidays and 调休 working weekends.

Response targets are promises about working time: a question asked on Friday evening before
the 国庆 week is not late on Saturday. Public holidays and the weekend days that become working
days (e.g. Sunday 2026-09-20 and Saturday 2026-10-10 for 国庆) come from the ``holidays``
library's China calendar, which follows the State Council's yearly notice. Business hours are
configurable (default 09:00–18:00 Asia/Shanghai).

Times are converted into a running count of business seconds since a fixed epoch with a
per-day prefix table, so the business duration between any two instants is two lookups and a
subtraction: clocks over tens of thousands of threads cost no loops over days.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays

__all__ = ["SHANGHAI", "BusinessCalendar"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
_EPOCH = date(2015, 1, 1)
_LAST = date(2035, 12, 31)


@dataclass(frozen=True)
class BusinessCalendar:
    """Working days of mainland China with daily opening hours."""

    open_at: time = time(9, 0)
    close_at: time = time(18, 0)
    tz: ZoneInfo = field(default=SHANGHAI)

    def __post_init__(self) -> None:
        if self.close_at <= self.open_at:
            raise ValueError(f"营业时间无效：{self.open_at:%H:%M}-{self.close_at:%H:%M}")

    @property
    def day_seconds(self) -> int:
        return (self.close_at.hour * 3600 + self.close_at.minute * 60) - (
            self.open_at.hour * 3600 + self.open_at.minute * 60)

    @cached_property
    def _china(self) -> holidays.HolidayBase:
        return holidays.China(years=range(_EPOCH.year, _LAST.year + 1))

    def is_business_day(self, day: date) -> bool:
        """A weekday that is not a public holiday, or a weekend day declared a working day."""
        return bool(self._china.is_working_day(day))

    @cached_property
    def _prefix(self) -> list[int]:
        """``_prefix[i]``: business seconds in the days before ``_EPOCH + i``."""
        out = [0]
        day = _EPOCH
        while day <= _LAST:
            out.append(out[-1] + (self.day_seconds if self.is_business_day(day) else 0))
            day += timedelta(days=1)
        return out

    @cached_property
    def _business_days(self) -> list[int]:
        return [i for i in range(len(self._prefix) - 1) if self._prefix[i + 1] > self._prefix[i]]

    def position(self, moment: datetime) -> int:
        """Business seconds from the epoch to ``moment`` (an aware datetime)."""
        local = moment.astimezone(self.tz)
        index = (local.date() - _EPOCH).days
        if index < 0:
            return 0
        if index >= len(self._prefix) - 1:
            raise ValueError(f"{local.date()} 超出营业日历范围（{_EPOCH}–{_LAST}）")
        base = self._prefix[index]
        if self._prefix[index + 1] == base:
            return base
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        opening = self.open_at.hour * 3600 + self.open_at.minute * 60
        return base + max(0, min(seconds - opening, self.day_seconds))

    def business_seconds(self, start: datetime, end: datetime) -> int:
        """Business seconds between two instants (0 when ``end`` is not after ``start``)."""
        if end <= start:
            return 0
        return self.position(end) - self.position(start)

    def business_hours(self, start: datetime, end: datetime) -> float:
        return self.business_seconds(start, end) / 3600.0

    def add_business_seconds(self, start: datetime, seconds: float) -> datetime:
        """The instant ``seconds`` of business time after ``start`` (used for due times)."""
        target = self.position(start) + max(0.0, seconds)
        days = self._business_days
        # first business day whose end-of-day position reaches the target
        ends = [self._prefix[i + 1] for i in days]
        k = bisect.bisect_left(ends, target)
        if k >= len(days):
            raise ValueError("截止时间超出营业日历范围")
        index = days[k]
        within = target - self._prefix[index]
        day = _EPOCH + timedelta(days=index)
        opening = datetime.combine(day, self.open_at, tzinfo=self.tz)
        return (opening + timedelta(seconds=within)).astimezone(UTC)

    @classmethod
    def parse_hours(cls, spec: str) -> BusinessCalendar:
        """Build from ``"09:00-18:00"``."""
        try:
            left, right = spec.split("-")
            a = time.fromisoformat(left.strip())
            b = time.fromisoformat(right.strip())
        except ValueError as exc:
            raise ValueError(f"营业时间格式应为 HH:MM-HH:MM，收到 {spec!r}") from exc
        return cls(a, b)
