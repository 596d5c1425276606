"""Business-hour clocks across weekends, public holidays and 调休 working days (2026 calendar)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from redfunnel.inbox.clock import SHANGHAI, BusinessCalendar
from redfunnel.inbox.policy import InboxPolicy, load_policy


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


CAL = BusinessCalendar()


def test_within_one_day() -> None:
    assert CAL.business_hours(at(2026, 11, 18, 10, 0), at(2026, 11, 18, 12, 30)) == 2.5


def test_across_a_weekend() -> None:
    # Friday 17:00 -> Monday 10:00: one hour on Friday, one on Monday.
    assert CAL.business_hours(at(2026, 11, 13, 17, 0), at(2026, 11, 16, 10, 0)) == 2.0


def test_message_sent_on_saturday_counts_from_monday_opening() -> None:
    assert CAL.business_hours(at(2026, 11, 14, 11, 0), at(2026, 11, 16, 9, 30)) == 0.5


def test_across_the_national_day_holiday() -> None:
    # Wed 30 Sep 17:00 -> Thu 8 Oct 10:00: 1 October to 7 October are off.
    assert CAL.business_hours(at(2026, 9, 30, 17, 0), at(2026, 10, 8, 10, 0)) == 2.0


def test_substituted_working_weekend_days_count() -> None:
    # Saturday 10 Oct 2026 and Sunday 20 Sep 2026 are working days (调休).
    assert CAL.is_business_day(date(2026, 10, 10))
    assert CAL.is_business_day(date(2026, 9, 20))
    assert not CAL.is_business_day(date(2026, 10, 5))
    assert CAL.business_hours(at(2026, 10, 9, 17, 0), at(2026, 10, 10, 10, 0)) == 2.0


def test_spring_festival_2026() -> None:
    # 16-20 and 23 Feb are holidays; Saturday 14 Feb and 28 Feb are working days.
    for day in (16, 17, 18, 19, 20, 23):
        assert not CAL.is_business_day(date(2026, 2, day))
    assert CAL.is_business_day(date(2026, 2, 14)) and CAL.is_business_day(date(2026, 2, 28))


def test_outside_hours_and_reversed_intervals_are_zero() -> None:
    assert CAL.business_hours(at(2026, 11, 18, 19, 0), at(2026, 11, 18, 23, 0)) == 0.0
    assert CAL.business_hours(at(2026, 11, 18, 12, 0), at(2026, 11, 18, 10, 0)) == 0.0


def test_add_business_time_skips_the_holiday() -> None:
    due = CAL.add_business_seconds(at(2026, 9, 30, 17, 0), 2 * 3600)
    assert due.astimezone(SHANGHAI) == at(2026, 10, 8, 10, 0)


def test_configurable_hours() -> None:
    cal = BusinessCalendar(time(8, 30), time(17, 30))
    assert cal.business_hours(at(2026, 11, 18, 8, 0), at(2026, 11, 18, 9, 0)) == 0.5
    with pytest.raises(ValueError):
        BusinessCalendar.parse_hours("18:00-09:00")


def test_policy_file_overrides_and_bad_input(tmp_path: Path) -> None:
    (tmp_path / "inbox.yaml").write_text(
        'business_hours: "08:30-17:30"\ncomplaint_deadline_days: 10\n'
        "first_response_hours: {inquiry: 4}\n", encoding="utf-8")
    policy = load_policy(tmp_path)
    assert policy.calendar.open_at == time(8, 30)
    assert policy.complaint_deadline_days == 10
    assert policy.first_response_target("inquiry", "normal") == 4
    assert policy.first_response_target("complaint", "high") == 2
    assert InboxPolicy().complaint_deadline_days == 15
    (tmp_path / "inbox.yaml").write_text("complaint_deadline_days: soon\n", encoding="utf-8")
    with pytest.raises(ValueError, match="complaint_deadline_days"):
        load_policy(tmp_path)
