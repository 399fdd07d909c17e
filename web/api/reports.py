"""/api/v1/reports: tickets and calls per period and group, as JSON, CSV or XLSX."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, jsonify, request, stream_with_context
from flask.typing import ResponseReturnValue

from core.errors import InvalidInput
from helpdesk.reports import (
    CALL_COLUMNS,
    EXPORT_COLUMNS,
    TICKET_COLUMNS,
    Period,
    as_csv,
    as_xlsx,
    call_report,
    export_rows,
    parse_period,
    ticket_report,
)
from web.api.common import services

blueprint = Blueprint("reports", __name__, url_prefix="/api/v1/reports")
FORMATS = ("json", "csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period() -> Period:
    return parse_period(request.args.get("from"), request.args.get("to"),
                        request.args.get("tz") or services().config.live.timezone)


def _format(allowed: tuple[str, ...] = FORMATS) -> str:
    wanted = request.args.get("format", allowed[0])
    if wanted not in allowed:
        raise InvalidInput(f"format is one of {', '.join(allowed)}", {"field": "format"})
    return wanted


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
def tickets_report() -> ResponseReturnValue:
    period, kind = _period(), _format()
    group_by = request.args.get("group_by", "queue")
    with services().sessions() as session:
        items = ticket_report(session, period, group_by)
    if kind == "json":
        return jsonify({"from": period.start.isoformat(), "to": period.end.isoformat(),
                        "group_by": group_by, "rows": items})
    return _file(f"tickets-by-{group_by}", TICKET_COLUMNS, _rows(items, TICKET_COLUMNS), kind)


@blueprint.get("/calls")
def calls_report() -> ResponseReturnValue:
    period, kind = _period(), _format()
    group_by = request.args.get("group_by", "queue")
    with services().sessions() as session:
        items = call_report(session, period, group_by,
                            services().config.live.service_level_seconds)
    if kind == "json":
        return jsonify({"from": period.start.isoformat(), "to": period.end.isoformat(),
                        "group_by": group_by, "rows": items})
    return _file(f"calls-by-{group_by}", CALL_COLUMNS, _rows(items, CALL_COLUMNS), kind)


@blueprint.get("/tickets/export")
def export_tickets() -> ResponseReturnValue:
    """Every ticket created in the period, one row each, streamed."""
    period, kind = _period(), _format(("csv", "xlsx"))
    sessions = services().sessions

    def rows() -> Iterator[tuple[Any, ...]]:
        with sessions() as session:
            yield from export_rows(session, period)
    return _file("tickets", EXPORT_COLUMNS, rows(), kind)
