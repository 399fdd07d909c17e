"""The help desk's configuration (statuses, priorities, calendars, queues, rules), customers,
notifications and reports."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from helpdesk.setup.models import StatusKind
from web.schemas.common import Input, JsonObject, Output, Query, Stamp, omissible
from web.schemas.tickets import Contact

Minutes = int | None


class Status(Output):
    id: int
    code: str
    name: str
    kind: StatusKind
    counts_sla: bool
    position: int
    active: bool


class StatusInput(Input):
    code: str = omissible()
    name: str = omissible()
    kind: StatusKind = omissible()
    counts_sla: bool = omissible()
    position: int = omissible()
    active: bool = omissible()


class Priority(Output):
    id: int
    code: str
    name: str
    position: int
    active: bool


class PriorityInput(Input):
    code: str = omissible()
    name: str = omissible()
    position: int = omissible()
    active: bool = omissible()


class Calendar(Output):
    id: int
    name: str
    timezone: str
    hours: JsonObject
    closed_dates: list[str]
    exceptional: JsonObject
    country: str | None
    subdivision: str | None


class CalendarInput(Input):
    name: str = omissible()
    timezone: str = omissible()
    hours: JsonObject | None = Field(
        None, description='{"mon": [["09:00", "17:00"]], ...}')
    closed_dates: list[str] = omissible()
    exceptional: JsonObject = omissible()
    country: str | None = None
    subdivision: str | None = None


class QueueAgent(Output):
    user_id: int
    buffer: int


class QueueAgentInput(Input):
    user_id: int
    buffer: int | None = None


class TicketQueue(Output):
    id: int
    name: str
    code: str
    colour: str
    active: bool
    is_default: bool
    distribution: Literal["automatic", "manual"]
    source_weights: dict[str, int]
    reaction_minutes: Minutes
    resolution_minutes: Minutes
    calendar_id: int | None
    default_status: str
    statuses: list[str]
    number_pattern: str
    renumber_on_move: bool
    closed_reply: Literal["reopen", "new_ticket", "notify_owner"]
    reopen_status: str
    reassign_after_minutes: Minutes
    reassign_percent: dict[str, int]
    no_agent_alert_minutes: Minutes
    agents: list[QueueAgent]


class TicketQueueInput(Input):
    name: str = omissible()
    code: str = omissible()
    colour: str = omissible()
    active: bool = omissible()
    is_default: bool = omissible()
    distribution: Literal["automatic", "manual"] = omissible()
    source_weights: dict[str, int] = omissible()
    reaction_minutes: Minutes = None
    resolution_minutes: Minutes = None
    calendar_id: int | None = None
    default_status: str = omissible()
    statuses: list[str] = omissible()
    number_pattern: str = omissible()
    renumber_on_move: bool = omissible()
    closed_reply: Literal["reopen", "new_ticket", "notify_owner"] = omissible()
    reopen_status: str = omissible()
    reassign_after_minutes: Minutes = None
    reassign_percent: dict[str, int] = omissible()
    no_agent_alert_minutes: Minutes = None
    agents: list[QueueAgentInput] = omissible()


class Rule(Output):
    id: int
    name: str
    event: str
    position: int
    active: bool
    conditions: list[JsonObject]
    actions: list[JsonObject]


class RuleInput(Input):
    name: str = omissible()
    event: str = omissible()
    position: int = omissible()
    active: bool = omissible()
    conditions: list[JsonObject] = omissible()
    actions: list[JsonObject] = omissible()


class ContactInput(Input):
    name: Annotated[str, Field(max_length=200)] = ""
    phones: list[str] = Field(default_factory=list, description="E.164")
    emails: list[str] = Field(default_factory=list)
    company_id: int | None = None


class ContactTicket(Output):
    id: int
    number: str
    subject: str
    status: str
    channel: str
    created_at: Stamp | None


class ContactCall(Output):
    linkedid: str
    direction: str
    started_at: Stamp | None
    outcome: str | None
    ticket_id: int | None


class ContactHistory(Contact):
    tickets: list[ContactTicket]
    calls: list[ContactCall]


class ContactsQuery(Query):
    q: str | None = Field(None, description="name, phone or email contains")
    page: Annotated[int, Field(ge=1, le=10**9)] = 1
    per_page: Annotated[int, Field(ge=1, le=200)] = 50


class Company(Output):
    id: int
    name: str
    domain: str | None


class CompanyInput(Input):
    name: str
    domain: str | None = None


NotificationKind = Literal[
    "new_ticket", "customer_reply", "reaction_time_passed", "resolution_time_passed",
    "snooze_ended", "transferred_to_me", "reply_on_closed", "mention", "rule", "no_agent"]


class NotificationItem(Output):
    id: int
    kind: str
    ticket_id: int | None
    at: Stamp | None
    data: JsonObject


class Notifications(Output):
    counters: dict[str, int]
    items: list[NotificationItem]


class MarkRead(Input):
    ids: list[int] | None = None
    kind: NotificationKind | None = Field(None, description="null or absent: every kind")


class Marked(Output):
    marked: int


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
