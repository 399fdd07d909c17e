"""Agents' time for reports: how long each agent spent in each work mode, per local day,
from the mode log; talk time from their answered calls; occupancy is talk time over the
time they were available for calls. Periods are cut at the report's bounds, at local
midnights (clock changes included) and at "now" for a mode still running."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class ModePeriod:
    endpoint: str
    mode: str
    available: bool
    start: datetime
    end: datetime | None  # None: still in it


@dataclass(frozen=True)
class Talk:
    endpoint: str
    start: datetime
    seconds: int


def _days(start: datetime, end: datetime, zone: ZoneInfo) -> Iterable[tuple[date, float]]:
    """[start, end) cut at local midnights: each local day with its seconds. Worked in UTC:
    Python subtracts two times of one zone by the wall clock, which a clock change fools."""
    cursor, end = start.astimezone(UTC), end.astimezone(UTC)
    while cursor < end:
        local = cursor.astimezone(zone)
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(),
                                    zone).astimezone(UTC)
        piece_end = min(end, midnight)
        yield local.date(), (piece_end - cursor).total_seconds()
        cursor = piece_end


def agent_time(periods: Iterable[ModePeriod], talks: Iterable[Talk], start: datetime,
               end: datetime, zone: ZoneInfo, now: datetime,
               names: dict[str, str] | None = None) -> dict[str, Any]:
    """Per agent and per agent-day: seconds in each mode, available, talking; occupancy."""
    names = names or {}
    modes: dict[tuple[str, date], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    available: dict[tuple[str, date], float] = defaultdict(float)
    talking: dict[tuple[str, date], float] = defaultdict(float)
    for period in periods:
        begin = max(period.start, start)
        finish = min(period.end or now, end, now)
        for day, seconds in _days(begin, finish, zone):
            modes[(period.endpoint, day)][period.mode] += seconds
            if period.available:
                available[(period.endpoint, day)] += seconds
    for talk in talks:
        if start <= talk.start < end:
            talking[(talk.endpoint, talk.start.astimezone(zone).date())] += talk.seconds
    keys = sorted(set(modes) | set(talking))
    days = [_row(endpoint, names, modes[(endpoint, day)], available[(endpoint, day)],
                 talking[(endpoint, day)]) | {"day": day.isoformat()}
            for endpoint, day in keys]
    agents = []
    for endpoint in sorted({endpoint for endpoint, _ in keys}):
        mine = [key for key in keys if key[0] == endpoint]
        total: dict[str, float] = defaultdict(float)
        for key in mine:
            for mode, seconds in modes[key].items():
                total[mode] += seconds
        agents.append(_row(endpoint, names, total, sum(available[key] for key in mine),
                           sum(talking[key] for key in mine)))
    return {"agents": agents, "days": days}


def _row(endpoint: str, names: dict[str, str], modes: dict[str, float], available: float,
         talking: float) -> dict[str, Any]:
    return {"agent": endpoint, "name": names.get(endpoint) or endpoint,
            "modes": {mode: round(seconds) for mode, seconds in sorted(modes.items())},
            "available_seconds": round(available), "talk_seconds": round(talking),
            "occupancy": round(100 * talking / available, 1) if available else None}
