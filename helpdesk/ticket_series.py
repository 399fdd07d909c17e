"""Tickets over time for the reports' charts: per local day, tickets created and resolved,
average first reaction (for those created that day), average handling time in SLA time and
the share of resolutions within their SLA (for those resolved that day). Pure: facts in,
series out; bucketed in the report's timezone in Python, as the call series are."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class TicketFact:
    created_at: datetime
    first_reaction_at: datetime | None
    resolved_at: datetime | None
    handling_seconds: int | None  # counted in the queue's business calendar
    resolution_breached: bool


def ticket_series(tickets: Iterable[TicketFact], zone: ZoneInfo, start: datetime,
                  end: datetime) -> list[dict[str, Any]]:
    days: dict[date, dict[str, Any]] = {}

    def day_of(moment: datetime) -> dict[str, Any]:
        return days.setdefault(moment.astimezone(zone).date(), {
            "created": 0, "resolved": 0, "reactions": [], "handling": [], "met": 0})

    for ticket in tickets:
        if start <= ticket.created_at < end:
            created = day_of(ticket.created_at)
            created["created"] += 1
            if ticket.first_reaction_at is not None:
                created["reactions"].append(
                    (ticket.first_reaction_at - ticket.created_at).total_seconds())
        if ticket.resolved_at is not None and start <= ticket.resolved_at < end:
            resolved = day_of(ticket.resolved_at)
            resolved["resolved"] += 1
            resolved["met"] += not ticket.resolution_breached
            if ticket.handling_seconds is not None:
                resolved["handling"].append(ticket.handling_seconds)
    return [_day(day, figures) for day, figures in sorted(days.items())]


def _average(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _day(day: date, figures: dict[str, Any]) -> dict[str, Any]:
    resolved = figures["resolved"]
    return {"day": day.isoformat(), "created": figures["created"], "resolved": resolved,
            "avg_first_reaction_seconds": _average(figures["reactions"]),
            "avg_handling_seconds": _average(figures["handling"]),
            "sla_met_percent": round(100 * figures["met"] / resolved, 1) if resolved else None}
