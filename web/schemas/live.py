"""The live board: agents, queues and calls now."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ringdesk.core.users.permissions import Rank
from ringdesk.web.schemas.common import Input, JsonObject, Output, Stamp


class AgentLevel(Output):
    queue: str
    level: int


class LiveAgent(Output):
    endpoint: str
    name: str = Field(description="the account's display name (its endpoint if it has none)")
    queues: list[AgentLevel] = Field(description="the queues the agent answers, with levels")
    caller: str = Field(description="the caller the agent talks to or is rung for")
    status_since: Stamp | None = Field(description="when the status began, as far as "
                                                   "this server has seen")
    wrapup_until: Stamp | None = Field(description="while in wrap-up: when it ends")
    registered: bool | None = Field(description="null: not known yet")
    fixed_address: bool = Field(description="a phone at a fixed address: it never registers")
    address: str = Field(description="where the phone registered from (host:port); empty "
                                     "when not registered or not known")
    device_state: str = Field(description="Asterisk's device state")
    status: Literal["idle", "ringing", "in_call", "wrapup", "away", "offline"]
    mode: str | None = Field(description="work mode")
    mode_limit_minutes: int | None = Field(description="how long the mode may last")
    available: bool | None = None
    pbx_paused: bool | None = Field(description="Asterisk's own pause flag (every queue the "
                                                "agent is in); null until Asterisk told it")
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


class LivePathStep(Output):
    node: str
    type: str = Field(description="the node's kind")
    label: str = Field(description="the node's name in the route (may be empty)")


class LiveCall(Output):
    linkedid: str
    caller: str
    dialed: str
    state: Literal["arriving", "in_route", "queued", "ringing_agent", "talking"]
    queue: str
    agent: str = Field(description="device of the agent on the call")
    agent_name: str
    started_at: Stamp
    path: list[LivePathStep] = Field(description="the route's steps so far (shown once the "
                                                 "call has waited a second somewhere)")


class LiveBoard(Output):
    agents: list[LiveAgent]
    queues: list[LiveQueue]
    calls: list[LiveCall]


class SpyRequest(Input):
    mode: Literal["listen", "whisper", "barge"] = Field(
        description="listen: hear both sides; whisper: speak to the agent only; barge: "
                    "speak to both")


class SpyStarted(Output):
    linkedid: str
    mode: str
    phone: str = Field(description="the supervisor's own endpoint, ringing now")
    agent: str = Field(description="the agent's name")


class RedirectRequest(Input):
    agent: Annotated[str, Field(min_length=1, max_length=60)] | None = Field(
        None, description="the agent's endpoint; null: the supervisor's own phone")


class Redirected(Output):
    linkedid: str
    agent: str = Field(description="the endpoint ringing now for the caller")
    agent_name: str


class NumberMasking(Output):
    ranks: list[Rank] = Field(description="ranks whose live board shows callers' numbers "
                                          "masked")
    revision: int = Field(description="0: never saved here, the configuration file's list")
    changed_at: Stamp | None


class NumberMaskingChange(Input):
    ranks: list[Rank]
    revision: int = Field(ge=0, description="the revision these changes were made on: a "
                                            "change saved meanwhile answers 409")
