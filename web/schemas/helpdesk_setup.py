"""The help desk's configuration (statuses, priorities, calendars, queues, rules), customers,
notifications and reports."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ringdesk.helpdesk.setup.models import StatusKind
from ringdesk.web.schemas.common import Input, JsonObject, Output, omissible

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
    signature: str = Field(description="under agents' replies from this queue (after their "
                                       "own); may hold {{variables}}")
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
    signature: str = omissible()
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


