"""The live board: agents, queues and calls now."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ringdesk.web.schemas.common import JsonObject, Output, Stamp


class LiveAgent(Output):
    endpoint: str
    name: str = Field("", description="the account's display name")
    registered: bool | None = Field(description="null: not known yet")
    device_state: str = Field(description="Asterisk's device state")
    status: Literal["idle", "ringing", "in_call", "wrapup", "away", "offline"]
    mode: str | None = Field(description="work mode")
    available: bool | None = None
    call: str | None = Field(description="Linkedid")
    answered_today: int


class LiveQueue(Output):
    name: str
    waiting: int
    longest_wait_seconds: int
    callers: list[JsonObject]
    answered_today: int
    abandoned_today: int
    service_level: float | None = Field(
        description="% of today's callers answered within live.service_level_seconds")


class LiveCall(Output):
    linkedid: str
    caller: str
    dialed: str
    state: Literal["arriving", "in_route", "queued", "ringing_agent", "talking"]
    queue: str
    agent: str = Field(description="device of the agent on the call")
    agent_name: str = ""
    started_at: Stamp


class LiveBoard(Output):
    agents: list[LiveAgent]
    queues: list[LiveQueue]
    calls: list[LiveCall]
