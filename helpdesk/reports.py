"""Reports per period, grouped by queue, agent or channel; ticket exports streamed.

Aggregates are computed in SQL (one GROUP BY per report) and handed out as rows; the
ticket export walks the period with a server-side cursor and yields one row at a time,
so a year of tickets costs the same memory as a day.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from sqlalchemy import case, func, select, true
from sqlalchemy.orm import Session

from ringdesk.callcenter.calls.models import Call
from ringdesk.callcenter.live.rows import queue_of
from ringdesk.core.errors import InvalidInput
from ringdesk.core.users.models import User
from ringdesk.helpdesk.report_series import CallFact
from ringdesk.helpdesk.setup.models import TicketQueue
from ringdesk.helpdesk.ticket_series import TicketFact
from ringdesk.helpdesk.tickets.models import Ticket, TicketEvent

GROUPS = ("queue", "agent", "channel")
TICKET_COLUMNS = ("group", "created", "resolved", "avg_first_reaction_seconds",
                  "avg_handling_seconds", "avg_resolution_seconds", "actions_per_ticket",
                  "sla_met_percent")
CALL_COLUMNS = ("group", "offered", "answered", "missed", "abandoned", "avg_wait_seconds",
                "service_level_percent")
EXPORT_COLUMNS = ("number", "subject", "queue", "owner", "channel", "status", "priority",
                  "created_at", "first_reaction_at", "resolved_at", "handling_seconds",
                  "reaction_breached", "resolution_breached")


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime  # exclusive


def parse_period(first: str | None, last: str | None, timezone: str) -> Period:
    """``from`` and ``to`` are days (inclusive) in the report's timezone."""
    try:
        zone = ZoneInfo(timezone)
        start_day = date.fromisoformat(first or "")
        end_day = date.fromisoformat(last or "")
    except (ValueError, KeyError):
        raise InvalidInput("from and to are days like 2026-11-01 (and tz a timezone)",
                           {"field": "from"}) from None
    if end_day < start_day or (end_day - start_day).days > 3660:
        raise InvalidInput("to is on or after from, at most ten years later", {"field": "to"})
    return Period(datetime.combine(start_day, time(0), zone),
                  datetime.combine(end_day + timedelta(days=1), time(0), zone))


def _seconds(later: Any, earlier: Any, session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _group_column(group_by: str) -> Any:
    if group_by not in GROUPS:
        raise InvalidInput(f"group_by is one of {', '.join(GROUPS)}", {"field": "group_by"})
    return {"queue": TicketQueue.code, "agent": func.coalesce(User.login, ""),
            "channel": Ticket.channel}[group_by]


def ticket_report(session: Session, period: Period, group_by: str) -> list[dict[str, Any]]:
    group = _group_column(group_by)
    created = Ticket.created_at.between(period.start, period.end - timedelta(microseconds=1))
    resolved = Ticket.resolved_at.between(period.start, period.end - timedelta(microseconds=1))
    actions = (select(func.count()).where(TicketEvent.ticket_id == Ticket.id,
                                          TicketEvent.author_id.is_not(None))
               .correlate(Ticket).scalar_subquery())
    query = (select(
        group.label("group"),
        func.sum(case((created, 1), else_=0)),
        func.sum(case((resolved, 1), else_=0)),
        func.avg(case((created, _seconds(Ticket.first_reaction_at, Ticket.created_at,
                                         session)))),
        func.avg(case((resolved, Ticket.handling_seconds))),
        func.avg(case((resolved, _seconds(Ticket.resolved_at, Ticket.created_at, session)))),
        func.avg(case((created, actions))),
        func.avg(case((resolved, case((Ticket.resolution_breached, 0), else_=100)))))
        .select_from(Ticket)
        .outerjoin(TicketQueue, TicketQueue.id == Ticket.queue_id)
        .outerjoin(User, User.id == Ticket.owner_id)
        .where(Ticket.merged_into_id.is_(None), created | resolved)
        .group_by(group).order_by(group))
    return [dict(zip(TICKET_COLUMNS, (row[0], int(row[1] or 0), int(row[2] or 0),
                                      *(_round(value) for value in row[3:])), strict=True))
            for row in session.execute(query)]


def call_report(session: Session, period: Period, group_by: str,
                service_level_seconds: int) -> list[dict[str, Any]]:
    """Calls per queue (a leveled queue's levels counted as the queue), per agent, or
    the answered ones per disposition (what agents said they came to; "" for none)."""
    if group_by not in ("queue", "agent", "disposition"):
        raise InvalidInput("calls group by queue, agent or disposition", {"field": "group_by"})
    group = {"queue": Call.queue, "agent": Call.agent,
             "disposition": Call.disposition}[group_by]
    answered = Call.connected_at.is_not(None)
    query = (select(
        group, func.count(),
        func.sum(case((answered, 1), else_=0)),
        func.sum(case((Call.outcome.in_(("missed", "out_of_hours")), 1), else_=0)),
        func.sum(case((Call.outcome == "abandoned", 1), else_=0)),
        func.sum(Call.wait_seconds), func.count(Call.wait_seconds),
        func.sum(case((answered & (Call.wait_seconds <= service_level_seconds), 1),
                      else_=0)))
        .where(Call.direction == "inbound",
               Call.started_at.between(period.start, period.end - timedelta(microseconds=1)),
               answered if group_by == "disposition" else true())
        .group_by(group))
    merged: dict[str, list[int]] = {}
    for name, *figures in session.execute(query):
        key = queue_of(name or "") if group_by == "queue" else (name or "")
        sums = merged.setdefault(key, [0] * 7)
        for index, value in enumerate(figures):
            sums[index] += int(value or 0)
    return [dict(zip(CALL_COLUMNS, (
        name, offered, answered_, missed, abandoned,
        _round(waited / waits) if waits else None, _round(100.0 * in_time / offered)),
        strict=True))
        for name, (offered, answered_, missed, abandoned, waited, waits, in_time)
        in sorted(merged.items())]


def call_facts(session: Session, period: Period, queue: str | None = None
               ) -> Iterator[CallFact]:
    """The period's inbound calls, one pass, as the series need them."""
    query = (select(Call.started_at, Call.connected_at.is_not(None), Call.outcome,
                    Call.wait_seconds)
             .where(Call.direction == "inbound", Call.started_at.is_not(None),
                    Call.started_at.between(period.start,
                                            period.end - timedelta(microseconds=1)))
             .order_by(Call.started_at).execution_options(yield_per=5000))
    if queue:  # the queue's levels too (desk-L1, desk-L2 are "desk")
        query = query.where((Call.queue == queue)
                            | Call.queue.startswith(f"{queue}-L", autoescape=True))
    for started_at, answered, outcome, wait in session.execute(query):
        if started_at is not None:  # filtered above; the column itself may be empty
            yield CallFact(started_at, bool(answered), outcome, wait)


def ticket_facts(session: Session, period: Period, queue: str | None = None
                 ) -> Iterator[TicketFact]:
    """Tickets created or resolved in the period, one pass, as the series need them."""
    last = period.end - timedelta(microseconds=1)
    query = (select(Ticket.created_at, Ticket.first_reaction_at, Ticket.resolved_at,
                    Ticket.handling_seconds, Ticket.resolution_breached)
             .where(Ticket.merged_into_id.is_(None),
                    Ticket.created_at.between(period.start, last)
                    | Ticket.resolved_at.between(period.start, last))
             .execution_options(yield_per=5000))
    if queue:
        query = query.join(TicketQueue, TicketQueue.id == Ticket.queue_id).where(
            TicketQueue.code == queue)
    for created, reacted, resolved, handling, breached in session.execute(query):
        yield TicketFact(created, reacted, resolved, handling, bool(breached))


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def export_rows(session: Session, period: Period) -> Iterator[tuple[Any, ...]]:
    query = (select(Ticket.number, Ticket.subject, TicketQueue.code, User.login,
                    Ticket.channel, Ticket.status, Ticket.priority, Ticket.created_at,
                    Ticket.first_reaction_at, Ticket.resolved_at, Ticket.handling_seconds,
                    Ticket.reaction_breached, Ticket.resolution_breached)
             .outerjoin(TicketQueue, TicketQueue.id == Ticket.queue_id)
             .outerjoin(User, User.id == Ticket.owner_id)
             .where(Ticket.merged_into_id.is_(None),
                    Ticket.created_at.between(period.start,
                                              period.end - timedelta(microseconds=1)))
             .order_by(Ticket.id).execution_options(yield_per=2000))
    for row in session.execute(query):
        yield tuple(value.isoformat() if isinstance(value, datetime) else value
                    for value in row)


# A spreadsheet reads a cell starting with these as a formula (OWASP's CSV injection): a
# caller's name or a subject typed as "=HYPERLINK(...)" must stay text when opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """Text a spreadsheet would evaluate, with a leading apostrophe (shown as text)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: tuple[Any, ...]) -> list[Any]:
    return [neutralised(value) for value in row]


def as_csv(header: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for count, row in enumerate(rows, 1):
        writer.writerow(safe_row(row))
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def as_xlsx(header: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> Iterator[bytes]:
    """openpyxl's write-only workbook keeps no rows in memory; the file is streamed out."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("report")
    sheet.append(list(header))
    for row in rows:
        sheet.append(safe_row(row))
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        while chunk := handle.read(64 * 1024):
            yield chunk
