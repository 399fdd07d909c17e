"""A ticket's SLA state rebuilt from its status history (pure).

Reaction is due ``reaction`` of counting open time after creation and is met by the first
agent action that counts (a reply, a call, a status change); resolution is due
``resolution`` of counting open time and is met when the ticket enters a closed status.
Both clocks only run in statuses that count and inside the calendar's open hours, so the
state is a function of (history, targets, calendar, now): change any of them and it is
recomputed, never patched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ringdesk.helpdesk.sla.calendar import BusinessCalendar, StatusChange, sla_due, sla_elapsed

ALWAYS_OPEN = BusinessCalendar.from_config(
    "UTC", {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                                                   "sun")})


@dataclass(frozen=True)
class StatusKind:
    closed: bool
    counts: bool


@dataclass(frozen=True)
class SlaTargets:
    reaction: timedelta | None
    resolution: timedelta | None


@dataclass(frozen=True)
class SlaState:
    reaction_due: datetime | None
    resolution_due: datetime | None
    paused: bool  # the current status does not count
    resolution_used: timedelta  # counting open time so far (until resolution if resolved)


def status_changes(history: list[tuple[datetime, str]],
                   kinds: dict[str, StatusKind]) -> list[StatusChange]:
    """Unknown (deleted) statuses count: the customer's clock does not stop for a typo."""
    return [StatusChange(at, kinds.get(code, StatusKind(False, True)).counts
                         and not kinds.get(code, StatusKind(False, True)).closed)
            for at, code in history]


def sla_state(history: list[tuple[datetime, str]], kinds: dict[str, StatusKind],
              targets: SlaTargets, calendar: BusinessCalendar | None,
              first_reaction_at: datetime | None, now: datetime) -> SlaState:
    calendar = calendar or ALWAYS_OPEN
    changes = status_changes(history, kinds)
    paused = not changes[-1].counts if changes else False
    used = sla_elapsed(changes, now, calendar) if changes else timedelta(0)
    reaction_due = None
    if targets.reaction is not None and changes:
        # The reaction clock stops at the first reaction: the due time it had then stays.
        until = first_reaction_at or now
        reaction_due = sla_due([c for c in changes if c.at <= until] or changes[:1],
                               targets.reaction, until, calendar)
    resolution_due = None
    if targets.resolution is not None and changes:
        resolution_due = sla_due(changes, targets.resolution, now, calendar)
    return SlaState(reaction_due, resolution_due, paused, used)


def used_fraction(used: timedelta, target: timedelta | None) -> float:
    """How much of the handling time is spent (0.0 - 1.0+); 0 without a target."""
    if not target:
        return 0.0
    return used / target
