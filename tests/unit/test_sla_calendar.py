"""Golden cases for business calendars and SLA clocks (pure; Europe/Berlin)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ringdesk.helpdesk.sla.calendar import (
    BusinessCalendar,
    CalendarError,
    StatusChange,
    sla_due,
    sla_elapsed,
)

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
ALWAYS = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                                                 "sun")}


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


OFFICE_CAL = BusinessCalendar.from_config("Europe/Berlin", OFFICE)
ALWAYS_CAL = BusinessCalendar.from_config("Europe/Berlin", ALWAYS)


@pytest.mark.parametrize(("calendar", "start", "duration", "due"), [
    # Friday afternoon rolls over the weekend.
    (OFFICE_CAL, at(2026, 11, 27, 16, 0), hours(4), at(2026, 11, 30, 12, 0)),
    # Arriving outside hours: the clock starts at the next opening.
    (OFFICE_CAL, at(2026, 11, 28, 10, 0), hours(2), at(2026, 11, 30, 11, 0)),
    (OFFICE_CAL, at(2026, 11, 30, 7, 0), hours(1), at(2026, 11, 30, 10, 0)),
    # Exactly at closing: the next day.
    (OFFICE_CAL, at(2026, 11, 30, 17, 0), hours(1), at(2026, 12, 1, 10, 0)),
    # 24/7 across midnight.
    (ALWAYS_CAL, at(2026, 11, 29, 23, 0), hours(3), at(2026, 11, 30, 2, 0)),
    # DST spring forward (29 March 2026: 02:00 -> 03:00): six real hours end at 05:00.
    (ALWAYS_CAL, at(2026, 3, 28, 22, 0), hours(6), at(2026, 3, 29, 5, 0)),
    # DST fall back (25 October 2026: 03:00 -> 02:00): six real hours end at 03:00.
    (ALWAYS_CAL, at(2026, 10, 24, 22, 0), hours(6), at(2026, 10, 25, 3, 0)),
])
def test_due_times(calendar, start, duration, due):
    assert calendar.add(start, duration) == due.astimezone(UTC)


def test_a_dst_day_has_its_real_length():
    early = BusinessCalendar.from_config("Europe/Berlin", {"sun": [["00:00", "06:00"]]})
    assert early.business_time(at(2026, 3, 29, 0, 0), at(2026, 3, 29, 12, 0)) == hours(5)
    assert early.business_time(at(2026, 10, 25, 0, 0), at(2026, 10, 25, 12, 0)) == hours(7)


def test_holidays_closed_dates_and_public_holidays():
    calendar = BusinessCalendar.from_config("Europe/Berlin", OFFICE, closed=["2026-12-24"],
                                            country="DE", subdivision="BE")
    # 23 Dec 16:00 + 2 h: 1 h that day; 24th closed, 25th a public holiday, then the weekend.
    assert calendar.add(at(2026, 12, 23, 16, 0), hours(2)) == at(2026, 12, 28, 10, 0)


def test_exceptional_day_replaces_the_week():
    calendar = BusinessCalendar.from_config(
        "Europe/Berlin", OFFICE, exceptional={"2026-11-28": [["10:00", "14:00"]],
                                              "2026-11-30": []})
    assert calendar.add(at(2026, 11, 27, 16, 30), hours(2)) == at(2026, 11, 28, 11, 30)
    # Monday the 30th is closed by exception: Tuesday, then.
    assert calendar.add(at(2026, 11, 28, 13, 0), hours(2)) == at(2026, 12, 1, 10, 0)


def test_pause_spanning_days_is_rebuilt_from_history():
    history = [StatusChange(at(2026, 11, 30, 10, 0), counts=True),
               StatusChange(at(2026, 11, 30, 12, 0), counts=False),  # waiting for customer
               StatusChange(at(2026, 12, 2, 11, 0), counts=True)]
    paused_now = at(2026, 12, 1, 15, 0)
    assert sla_elapsed(history[:2], paused_now, OFFICE_CAL) == hours(2)
    assert sla_due(history[:2], hours(4), paused_now, OFFICE_CAL) is None
    resumed_now = at(2026, 12, 2, 11, 30)
    assert sla_due(history, hours(4), resumed_now, OFFICE_CAL) == at(2026, 12, 2, 13, 0)
    # Correcting history (the pause began an hour later) recomputes the clock.
    corrected = [history[0], StatusChange(at(2026, 11, 30, 13, 0), False), history[2]]
    assert sla_due(corrected, hours(4), resumed_now, OFFICE_CAL) == at(2026, 12, 2, 12, 0)


def test_breached_target_reports_when_it_was_reached():
    history = [StatusChange(at(2026, 11, 30, 9, 0), counts=True)]
    assert sla_due(history, hours(2), at(2026, 12, 1, 9, 0), OFFICE_CAL) == \
        at(2026, 11, 30, 11, 0)


def test_changing_the_calendar_recomputes():
    history = [StatusChange(at(2026, 11, 27, 16, 0), counts=True)]
    now = at(2026, 11, 27, 16, 0)
    assert sla_due(history, hours(4), now, OFFICE_CAL) == at(2026, 11, 30, 12, 0)
    assert sla_due(history, hours(4), now, ALWAYS_CAL) == at(2026, 11, 27, 20, 0)


def test_bad_calendars_and_naive_times_are_refused():
    with pytest.raises(ValueError):
        BusinessCalendar.from_config("Europe/Berlin", {"mon": [["9", "17"]]})
    with pytest.raises(CalendarError):
        BusinessCalendar.from_config("Europe/Berlin", OFFICE, closed=["24.12.2026"])
    with pytest.raises(CalendarError):
        OFFICE_CAL.add(datetime(2026, 11, 30, 9, 0), hours(1))  # noqa: DTZ001
    never = BusinessCalendar.from_config("Europe/Berlin", {})
    with pytest.raises(CalendarError, match="less than"):
        never.add(at(2026, 11, 30, 9, 0), hours(1))


def test_a_round_the_clock_calendar_counts_real_time_across_dst():
    # 24/7 calendars take a shortcut (no day-by-day walk); it must still count real hours.
    assert ALWAYS_CAL.always_open and not OFFICE_CAL.always_open
    assert ALWAYS_CAL.business_time(at(2026, 3, 29, 0, 0), at(2026, 3, 30, 0, 0)) == hours(23)
    assert ALWAYS_CAL.business_time(at(2026, 10, 25, 0, 0), at(2026, 10, 26, 0, 0)) == hours(25)
