"""Calls over time for the reports' charts: per hour by outcome, per day (service level,
average and longest wait, abandoned rate), and weekday and hour for staffing.

The buckets are the report's local hours and days (a day has 23 or 25 hours when the
clocks change), so the bucketing is done here, in Python, over one pass of the period's
calls, not in each database's own date functions. Pure: rows in, series out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

# How a call ended, as the charts stack it (the call's own outcome names the rest).
ANSWERED, ABANDONED, MISSED, OTHER = "answered", "abandoned", "missed", "other"
STACKS = (ANSWERED, ABANDONED, MISSED, OTHER)


@dataclass(frozen=True)
class CallFact:
    started_at: datetime
    answered: bool
    outcome: str | None
    wait_seconds: int | None


def stack_of(call: CallFact) -> str:
    if call.answered:
        return ANSWERED
    if call.outcome == "abandoned":
        return ABANDONED
    if call.outcome in ("missed", "out_of_hours", "unanswered"):
        return MISSED
    return OTHER


def call_series(calls: Iterable[CallFact], zone: ZoneInfo,
                service_level_seconds: int) -> dict[str, Any]:
    hours: dict[datetime, dict[str, int]] = {}
    days: dict[date, dict[str, Any]] = {}
    heatmap = [[0] * 24 for _ in range(7)]  # Monday first
    for call in calls:
        local = call.started_at.astimezone(zone)
        hour = local.replace(minute=0, second=0, microsecond=0)
        stack = stack_of(call)
        counts = hours.setdefault(hour, dict.fromkeys(STACKS, 0))
        counts[stack] += 1
        heatmap[local.weekday()][local.hour] += 1
        day = days.setdefault(local.date(), {"offered": 0, "answered": 0, "in_time": 0,
                                             "abandoned": 0, "waits": []})
        day["offered"] += 1
        day["abandoned"] += stack == ABANDONED
        if call.wait_seconds is not None:
            day["waits"].append(call.wait_seconds)
        if call.answered:
            day["answered"] += 1
            day["in_time"] += (call.wait_seconds or 0) <= service_level_seconds
    return {
        "hours": [{"at": hour.isoformat(), **counts} for hour, counts in sorted(hours.items())],
        "days": [_day(day, figures) for day, figures in sorted(days.items())],
        "heatmap": heatmap,
    }


def _day(day: date, figures: dict[str, Any]) -> dict[str, Any]:
    offered, waits = figures["offered"], figures["waits"]
    return {
        "day": day.isoformat(),
        "offered": offered,
        "answered": figures["answered"],
        "service_level_percent": round(100 * figures["in_time"] / offered, 1),
        "abandoned_percent": round(100 * figures["abandoned"] / offered, 1),
        "avg_wait_seconds": round(sum(waits) / len(waits), 1) if waits else None,
        "max_wait_seconds": max(waits) if waits else None,
    }
