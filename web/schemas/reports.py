"""Reports and exports."""

from __future__ import annotations

from typing import Annotated, Any, Literal

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


class SeriesQuery(Query):
    from_: str = Field(alias="from", description="first day, e.g. 2026-11-01")
    to: str = Field(description="last day")
    tz: str | None = Field(None, description="timezone of the days (default: live.timezone)")
    queue: Annotated[str, Field(max_length=80)] | None = Field(None, description="one queue")


class HourCalls(Output):
    at: Stamp = Field(description="the local hour's start")
    answered: int
    abandoned: int
    missed: int = Field(description="missed, out of hours or unanswered")
    other: int = Field(description="ended in the IVR, voicemail, transferred...")


class DayCalls(Output):
    day: str
    offered: int
    answered: int
    service_level_percent: float
    abandoned_percent: float
    avg_wait_seconds: float | None
    max_wait_seconds: int | None


class CallSeries(Output):
    hours: list[HourCalls] = Field(description="hours with calls, by outcome")
    days: list[DayCalls]
    heatmap: list[list[int]] = Field(description="calls by weekday (Monday first) and hour")
