"""Business calendars and SLA clocks as pure functions of timezone-aware datetimes.

A calendar has weekly hours in a timezone (ranges may cross midnight, as in routes),
closed dates (holidays, optionally a country's public holidays) and exceptional days whose
hours replace the week's. Open intervals are built in local time day by day and converted
to UTC, so days of a DST change are as long as they really are. An SLA clock is rebuilt
from a ticket's status history: only time in statuses that count, inside open hours,
advances it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ringdesk.routes.schedule import WeeklyRange, minutes, parse_weekly, public_holiday, zone

MAX_DAYS = 3 * 366  # an SLA target that no open hour within three years can meet is an error


class CalendarError(ValueError):
    pass


@dataclass(frozen=True)
class BusinessCalendar:
    timezone: ZoneInfo
    weekly: tuple[WeeklyRange, ...]
    closed_dates: frozenset[date] = frozenset()
    exceptional: dict[date, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    country: str | None = None
    subdivision: str | None = None
    _always_open: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_always_open", self.always_open)

    @classmethod
    def from_config(cls, timezone: str, hours: object, closed: list[str] | None = None,
                    exceptional: dict[str, list[list[str]]] | None = None,
                    country: str | None = None, subdivision: str | None = None,
                    ) -> BusinessCalendar:
        try:
            closed_dates = frozenset(date.fromisoformat(day) for day in closed or [])
            special = {
                date.fromisoformat(day): tuple((minutes(a), minutes(b)) for a, b in ranges)
                for day, ranges in (exceptional or {}).items()
            }
        except ValueError as error:
            raise CalendarError(f"bad date or time in the calendar: {error}") from None
        return cls(zone(timezone), tuple(parse_weekly(hours)), closed_dates, special,
                   country, subdivision)

    def is_closed_day(self, day: date) -> bool:
        if day in self.closed_dates:
            return True
        return bool(self.country and public_holiday(self.country, self.subdivision, day))

    def _local_ranges(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """Open ranges that start on ``day`` (local), as aware datetimes."""
        if day in self.exceptional:
            spans = list(self.exceptional[day])
        elif self.is_closed_day(day):
            return
        else:
            spans = [(item.start, item.end) for item in self.weekly
                     if item.day == day.weekday()]
        for start, end in spans:
            begin = _local(day, start, self.timezone)
            finish = _local(day, end, self.timezone) if end > start \
                else _local(day + timedelta(days=1), end, self.timezone)
            yield begin, finish

    def open_intervals(self, start: datetime, end: datetime | None = None,
                       ) -> Iterator[tuple[datetime, datetime]]:
        """Open time from ``start`` on (to ``end``), in UTC, in order, overlaps merged."""
        _aware(start)
        first_day = start.astimezone(self.timezone).date() - timedelta(days=1)
        pending: tuple[datetime, datetime] | None = None
        for offset in range(MAX_DAYS + 2):
            day = first_day + timedelta(days=offset)
            if end is not None and _local(day, 0, self.timezone) > end:
                break
            for begin, finish in sorted(self._local_ranges(day)):
                begin, finish = max(begin, start), finish if end is None else min(finish, end)
                if finish <= begin:
                    continue
                # Only overlaps merge: touching ranges (a 24/7 week) are handed out day by
                # day, so a consumer that stops early never waits for the whole horizon.
                if pending and begin < pending[1]:
                    pending = (pending[0], max(pending[1], finish))
                    continue
                if pending:
                    yield pending
                pending = (begin.astimezone(UTC), finish.astimezone(UTC))
        if pending:
            yield pending

    def business_time(self, start: datetime, end: datetime) -> timedelta:
        if end <= start:
            return timedelta(0)
        if self._always_open:
            return end.astimezone(UTC) - start.astimezone(UTC)
        return sum((b - a for a, b in self.open_intervals(start, end)), timedelta(0))

    @property
    def always_open(self) -> bool:
        """Open round the clock every day (wall time is then just time)."""
        full = {item.day for item in self.weekly
                if item.start == 0 and item.end in (0, 24 * 60)}
        return full == set(range(7)) and not self.closed_dates and not self.exceptional \
            and not self.country

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment ``duration`` of open time has passed after ``start``."""
        if self._always_open:
            _aware(start)  # real elapsed time: add in UTC, not on the wall clock
            return start.astimezone(UTC) + duration
        remaining = duration
        for begin, finish in self.open_intervals(start):
            if finish - begin >= remaining:
                return begin + remaining
            remaining -= finish - begin
        raise CalendarError(f"the calendar has less than {duration} open within {MAX_DAYS} "
                            "days")


def _local(day: date, minute: int, timezone: ZoneInfo) -> datetime:
    if minute >= 24 * 60:
        return _local(day + timedelta(days=1), minute - 24 * 60, timezone)
    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=timezone)
    # A wall time inside a spring-forward gap does not exist; round trip through UTC moves
    # it to the first real instant after the gap.
    return wall.astimezone(UTC).astimezone(timezone)


def _aware(moment: datetime) -> None:
    if moment.tzinfo is None:
        raise CalendarError("SLA times need a timezone")


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    counts: bool  # whether time in the new status counts toward handling time


def sla_elapsed(history: list[StatusChange], now: datetime,
                calendar: BusinessCalendar) -> timedelta:
    """Open time spent in counting statuses, rebuilt from the whole history."""
    elapsed = timedelta(0)
    ordered = sorted(history, key=lambda change: change.at)
    for index, change in enumerate(ordered):
        until = ordered[index + 1].at if index + 1 < len(ordered) else now
        if change.counts:
            elapsed += calendar.business_time(change.at, min(until, now))
    return elapsed


def sla_due(history: list[StatusChange], target: timedelta, now: datetime,
            calendar: BusinessCalendar) -> datetime | None:
    """When the target is reached if the current status stays; None while paused."""
    if not history:
        raise CalendarError("a ticket's history starts with its first status")
    used = sla_elapsed(history, now, calendar)
    current = max(history, key=lambda change: change.at)
    if used >= target:
        return _moment_reached(history, target, calendar)
    if not current.counts:
        return None
    return calendar.add(max(now, current.at), target - used)


def _moment_reached(history: list[StatusChange], target: timedelta,
                    calendar: BusinessCalendar) -> datetime:
    """The past moment the clock reached ``target`` (for breached tickets)."""
    used = timedelta(0)
    ordered = sorted(history, key=lambda change: change.at)
    for index, change in enumerate(ordered):
        until = ordered[index + 1].at if index + 1 < len(ordered) else None
        if not change.counts:
            continue
        span = calendar.business_time(change.at, until) if until else None
        if span is None or used + span >= target:
            return calendar.add(change.at, target - used)
        used += span
    raise CalendarError("target not reached")
