"""/api/v1/reports: tickets and calls per period and group, as JSON, CSV or XLSX."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, stream_with_context

from ringdesk.callcenter.agents.reports import agent_time_report
from ringdesk.core.db import utcnow
from ringdesk.helpdesk.report_series import call_series
from ringdesk.helpdesk.reports import (
    CALL_COLUMNS,
    EXPORT_COLUMNS,
    TICKET_COLUMNS,
    Period,
    as_csv,
    as_xlsx,
    call_facts,
    call_report,
    export_rows,
    parse_period,
    ticket_facts,
    ticket_report,
)
from ringdesk.helpdesk.ticket_series import ticket_series
from ringdesk.web.api.common import services
from ringdesk.web.contract import BINARY, endpoint
from ringdesk.web.schemas.reports import (
    AgentTimeQuery,
    AgentTimeReport,
    CallSeries,
    ExportQuery,
    Report,
    ReportQuery,
    SeriesQuery,
    TicketDay,
    TicketSeriesQuery,
)

blueprint = Blueprint("reports", __name__, url_prefix="/api/v1/reports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES = ("text/csv", XLSX)


def _period(query: ReportQuery | ExportQuery | SeriesQuery | AgentTimeQuery
            | TicketSeriesQuery) -> Period:
    return parse_period(query.from_, query.to, query.tz or services().config.live.timezone)


def _days(query: ReportQuery | ExportQuery | AgentTimeQuery) -> str:
    """The period in a download's name: calls-by-queue-2026-11-01-2026-11-30.csv."""
    return f"{query.from_}-{query.to}"


def _file(name: str, header: tuple[str, ...], rows: Iterator[tuple[Any, ...]],
          kind: str) -> Response:
    if kind == "csv":
        body: Iterator[Any] = as_csv(header, rows)
        mimetype = "text/csv"
    else:
        body, mimetype = as_xlsx(header, rows), XLSX
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def _rows(items: list[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    return iter([tuple(item[column] for column in columns) for item in items])


@blueprint.get("/tickets")
@endpoint("Tickets per group: created, resolved, first reaction, handling time (SLA time "
          "only), resolution time, actions per ticket, SLA met %", permission="reports",
          query=ReportQuery, answers={200: Report}, binary_types=FILES)
def tickets_report(query: ReportQuery) -> Report | Response:
    period, group_by = _period(query), query.group_by
    with services().sessions() as session:
        items = ticket_report(session, period, group_by)
    if query.format == "json":
        return Report.model_validate({"from": period.start, "to": period.end,
                                      "group_by": group_by, "rows": items})
    return _file(f"tickets-by-{group_by}-{_days(query)}", TICKET_COLUMNS,
                 _rows(items, TICKET_COLUMNS), query.format)


@blueprint.get("/calls")
@endpoint("Calls per queue or agent: offered, answered, missed, abandoned, average wait, "
          "service level", permission="reports", query=ReportQuery, answers={200: Report},
          binary_types=FILES)
def calls_report(query: ReportQuery) -> Report | Response:
    period, group_by = _period(query), query.group_by
    with services().sessions() as session:
        items = call_report(session, period, group_by,
                            services().config.live.service_level_seconds)
    if query.format == "json":
        return Report.model_validate({"from": period.start, "to": period.end,
                                      "group_by": group_by, "rows": items})
    return _file(f"calls-by-{group_by}-{_days(query)}", CALL_COLUMNS, _rows(items, CALL_COLUMNS),
                 query.format)


@blueprint.get("/calls/series")
@endpoint("Calls over time for charts: per hour by outcome, per day (service level, waits, "
          "abandoned rate), and by weekday and hour", permission="reports",
          query=SeriesQuery, answers={200: CallSeries})
def calls_series(query: SeriesQuery) -> CallSeries:
    period = _period(query)
    zone = ZoneInfo(query.tz or services().config.live.timezone)
    with services().sessions() as session:
        series = call_series(call_facts(session, period, query.queue), zone,
                             services().config.live.service_level_seconds)
    return CallSeries.model_validate({**series, "timezone": zone.key})


@blueprint.get("/tickets/export")
@endpoint("Every ticket of the period, one row each, streamed (csv or xlsx)",
          permission="reports", query=ExportQuery, answers={200: BINARY}, binary_types=FILES)
def export_tickets(query: ExportQuery) -> Response:
    period, kind = _period(query), query.format
    sessions = services().sessions

    def rows() -> Iterator[tuple[Any, ...]]:
        with sessions() as session:
            yield from export_rows(session, period)
    return _file(f"tickets-{_days(query)}", EXPORT_COLUMNS, rows(), kind)


AGENT_DAY_COLUMNS = ("day", "agent", "name", "available_seconds", "talk_seconds", "occupancy")


@blueprint.get("/agents/time")
@endpoint("Agents' time per work mode and day, talk time and occupancy (talk over available "
          "time); as JSON, or the per-day rows as CSV or XLSX (one column per mode)",
          permission="reports", query=AgentTimeQuery,
          answers={200: AgentTimeReport}, binary_types=FILES, errors=(400,))
def agents_time(query: AgentTimeQuery) -> AgentTimeReport | Response:
    period = _period(query)  # checks the timezone too
    zone = ZoneInfo(query.tz or services().config.live.timezone)
    with services().sessions() as session:
        report = agent_time_report(session, period.start, period.end, zone, utcnow())
    if query.format == "json":
        return AgentTimeReport.model_validate(report)
    modes = sorted({mode for day in report["days"] for mode in day["modes"]})
    header = (*AGENT_DAY_COLUMNS, *(f"{mode} (s)" for mode in modes))
    rows = iter([(*(day[column] for column in AGENT_DAY_COLUMNS),
                  *(day["modes"].get(mode, 0) for mode in modes)) for day in report["days"]])
    return _file(f"agents-time-{_days(query)}", header, rows, query.format)


@blueprint.get("/tickets/series")
@endpoint("Tickets per day for charts: created, resolved, first reaction, handling time "
          "(SLA time only), SLA met %", permission="reports", query=TicketSeriesQuery,
          answers={200: list[TicketDay]})
def tickets_series(query: TicketSeriesQuery) -> list[TicketDay]:
    period = _period(query)
    zone = ZoneInfo(query.tz or services().config.live.timezone)
    with services().sessions() as session:
        days = ticket_series(ticket_facts(session, period, query.queue), zone,
                             period.start, period.end)
    return [TicketDay.model_validate(day) for day in days]
