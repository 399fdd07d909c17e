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
    group_by: str = Field("queue", description="queue, agent or channel (calls: queue, "
                                               "agent or disposition)")


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
    timezone: str = Field(description="the timezone the hours and days are counted in")


class AgentTimeQuery(Query):
    from_: str = Field(alias="from", description="first day, e.g. 2026-11-01")
    to: str = Field(description="last day")
    tz: str | None = Field(None, description="timezone of the days (default: live.timezone)")
    format: Literal["json", "csv", "xlsx"] = "json"


class AgentTime(Output):
    agent: str = Field(description="the agent's endpoint")
    name: str
    modes: dict[str, int] = Field(description="seconds in each work mode (as named then)")
    available_seconds: int = Field(description="time in modes that take calls")
    talk_seconds: int
    occupancy: float | None = Field(description="talk time over available time, in %")


class AgentDay(AgentTime):
    day: str = Field(description="the local day")


class AgentTimeReport(Output):
    agents: list[AgentTime] = Field(description="each agent over the whole period")
    days: list[AgentDay] = Field(description="each agent and local day")


class TicketDay(Output):
    day: str
    created: int
    resolved: int
    avg_first_reaction_seconds: float | None = Field(description="tickets created that day")
    avg_handling_seconds: float | None = Field(description="SLA time only; tickets resolved "
                                                           "that day")
    sla_met_percent: float | None = Field(description="resolved that day within their SLA")


class TicketSeriesQuery(Query):
    from_: str = Field(alias="from", description="first day, e.g. 2026-11-01")
    to: str = Field(description="last day")
    tz: str | None = Field(None, description="timezone of the days (default: live.timezone)")
    queue: Annotated[str, Field(max_length=80)] | None = Field(
        None, description="one ticket queue's code")
