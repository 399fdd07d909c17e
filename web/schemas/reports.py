"""Reports and exports."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ringdesk.web.schemas.common import Output, Query, Stamp


class ReportQuery(Query):
    from_: str = Field(alias="from", description="first day, e.g. 2026-11-01")
    to: str = Field(description="last day")
    tz: str | None = Field(None, description="timezone of the days (default: live.timezone)")
    format: Literal["json", "csv", "xlsx"] = "json"
    group_by: str = Field("queue", description="queue, agent or channel (calls: queue or "
                                               "agent)")


class ExportQuery(Query):
    from_: str = Field(alias="from", description="first day, e.g. 2026-11-01")
    to: str = Field(description="last day")
    tz: str | None = Field(None, description="timezone of the days (default: live.timezone)")
    format: Literal["csv", "xlsx"] = "csv"


class Report(Output):
    from_: Stamp = Field(alias="from")
    to: Stamp
    group_by: str
    rows: list[dict[str, Any]]
