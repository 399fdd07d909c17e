"""Opening hours and holiday periods as pure functions of a timezone-aware datetime.

A weekly schedule maps weekdays to time ranges (``["08:00", "12:30"]``). A range whose end is
earlier than its start crosses midnight: ``["22:00", "02:00"]`` on Friday covers Friday 22:00
to Saturday 02:00. ``"24:00"`` may end a range.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

Parsed = TypeVar("Parsed")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})?$|^(\d{1,2})\.(\d{1,2})$")


class ScheduleError(ValueError):
    """A schedule or period that cannot be read; the message names the bad part."""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown timezone {name!r}") from None


def minutes(text: str) -> int:
    if not isinstance(text, str) or not _CLOCK.match(text):
        raise ScheduleError(f"{text!r} is not a time of day (HH:MM)")
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


@dataclass(frozen=True)
class WeeklyRange:
    day: int  # 0 = Monday
    start: int  # minutes since midnight
    end: int  # may be <= start: crosses midnight into the next day

    def contains(self, day: int, minute: int) -> bool:
        if self.start < self.end:
            return day == self.day and self.start <= minute < self.end
        today = day == self.day and minute >= self.start
        next_day = day == (self.day + 1) % 7 and minute < self.end
        return today or next_day


_compiled: dict[tuple[int, Callable[[Any], Any]], tuple[Any, Any]] = {}


def compiled(parse: Callable[[Any], Parsed], source: Any) -> Parsed:
    """``parse(source)`` once per source object: the params of a published graph never
    change, and a call should not re-parse its route's schedules."""
    key = (id(source), parse)
    entry = _compiled.get(key)
    if entry is not None and entry[0] is source:
        result: Parsed = entry[1]
        return result
    parsed = parse(source)
    if len(_compiled) > 10000:
        _compiled.clear()
    _compiled[key] = (source, parsed)  # keeps the object alive: ids stay unique
    return parsed


def compiled_weekly(schedule: Any) -> list[WeeklyRange]:
    return compiled(parse_weekly, schedule)


def parse_periods(items: Any) -> list[Period]:
    return [parse_period(item) for item in items or []]


def parse_weekly(schedule: Any) -> list[WeeklyRange]:
    if not isinstance(schedule, dict):
        raise ScheduleError("opening hours must map weekdays (mon..sun) to time ranges")
    ranges = []
    for key, day_ranges in schedule.items():
        if key not in WEEKDAYS:
            raise ScheduleError(f"{key!r} is not a weekday; use {', '.join(WEEKDAYS)}")
        if not isinstance(day_ranges, list):
            raise ScheduleError(f"{key}: expected a list of [start, end] ranges")
        for item in day_ranges:
            if not (isinstance(item, list) and len(item) == 2):
                raise ScheduleError(f"{key}: {item!r} is not a [start, end] range")
            start, end = minutes(item[0]), minutes(item[1])
            if start == end or start == 24 * 60:
                raise ScheduleError(f"{key}: {item[0]}-{item[1]} is an empty range")
            ranges.append(WeeklyRange(WEEKDAYS.index(key), start, end))
    return ranges


def is_open(ranges: list[WeeklyRange], local: datetime) -> WeeklyRange | None:
    minute = local.hour * 60 + local.minute
    for item in ranges:
        if item.contains(local.weekday(), minute):
            return item
    return None


def clock(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


@dataclass(frozen=True)
class Period:
    name: str
    start_month_day: tuple[int, int]
    end_month_day: tuple[int, int]
    start_year: int | None  # None: every year
    end_year: int | None
    start_minute: int
    end_minute: int  # inclusive minute (23:59 covers the whole last minute)

    def contains(self, local: datetime) -> bool:
        minute = local.hour * 60 + local.minute
        if self.start_year is not None and self.end_year is not None:
            start = _at(self.start_year, self.start_month_day, self.start_minute)
            end = _at(self.end_year, self.end_month_day, self.end_minute) + timedelta(minutes=1)
            naive = local.replace(tzinfo=None, second=0, microsecond=0)
            return start <= naive < end
        key = (local.month, local.day, minute)
        first = (*self.start_month_day, self.start_minute)
        last = (*self.end_month_day, self.end_minute)
        if first <= last:
            return first <= key <= last
        return key >= first or key <= last  # wraps over New Year


def _at(year: int, month_day: tuple[int, int], minute: int) -> datetime:
    return datetime.combine(date(year, *month_day), time(minute // 60, minute % 60))


def _day_month(text: Any) -> tuple[tuple[int, int], int | None]:
    match = _DAY_MONTH.match(text) if isinstance(text, str) else None
    if match is None:
        raise ScheduleError(f"{text!r} is not a date (DD.MM or DD.MM.YYYY)")
    day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) \
        else (match.group(4), match.group(5), None)
    try:
        date(int(year) if year else 2024, int(month), int(day))  # 2024: 29.02 is valid
    except ValueError:
        raise ScheduleError(f"{text!r} is not a real date") from None
    return (int(month), int(day)), int(year) if year else None


def parse_period(item: Any) -> Period:
    if not isinstance(item, dict):
        raise ScheduleError("a period is an object with name, from and to")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScheduleError("every period needs a name")
    start, start_year = _day_month(item.get("from"))
    end, end_year = _day_month(item.get("to"))
    if (start_year is None) != (end_year is None):
        raise ScheduleError(f"{name}: give a year on both dates or on neither")
    start_minute = minutes(item.get("from_time", "00:00"))
    end_minute = minutes(item.get("to_time", "23:59"))
    period = Period(name, start, end, start_year, end_year, start_minute, end_minute)
    if start_year is not None and end_year is not None and (
            _at(start_year, start, start_minute) > _at(end_year, end, end_minute)):
        raise ScheduleError(f"{name}: ends before it starts")
    return period


HOLIDAY_LANGUAGE = "en_US"


def public_holiday(country: str, subdivision: str | None, day: date) -> str | None:
    name = _holiday_calendar(country, subdivision, day.year).get(day)
    return str(name) if name else None


@lru_cache(maxsize=64)
def _holiday_calendar(country: str, subdivision: str | None, year: int) -> Any:
    # Names in English whatever the machine's translations: they end up in a call's path.
    return holidays.country_holidays(country, subdiv=subdivision, years=year,
                                     language=HOLIDAY_LANGUAGE)


def check_country(country: str, subdivision: str | None) -> None:
    try:
        holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError:
        raise ScheduleError(f"no public holidays known for {country!r}/{subdivision!r}") \
            from None
