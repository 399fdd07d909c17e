"""Work modes, agents' modes and click-to-call."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, Field

from ringdesk.web.schemas.common import Input, Moment, Output, Query, Stamp, omissible


class WorkMode(Output):
    id: int
    name: str
    available: bool = Field(description="takes calls (else paused)")
    code: str = Field(description="dialled as *5<code> from the agent's phone")
    active: bool
    limit_minutes: int | None = Field(description="past it, the live board marks the agent "
                                                  "(amber, red past half as long again)")


class NewWorkMode(Input):
    name: str
    available: bool
    code: str
    limit_minutes: int | None = None


class WorkModeChanges(Input):
    name: str = omissible()
    available: bool = omissible()
    code: str = omissible()
    active: bool = omissible()
    limit_minutes: int | None = omissible()


class ModeRef(Output):
    name: str
    available: bool
    code: str


class AgentMode(Output):
    endpoint: str
    mode: ModeRef | None = Field(
        description="null until first set: the agent takes calls as configured")
    since: Stamp | None


class AgentModeApplied(AgentMode):
    applied: bool = Field(description="Asterisk's queues already follow it")


class SetAgentMode(Input):
    mode: Annotated[str, Field(min_length=1, description="a mode's name or code")]


class ModePeriod(Output):
    mode: str = Field(validation_alias=AliasChoices("mode", "mode_name"),
                      description="as it was named then")
    available: bool
    started_at: Stamp
    ended_at: Stamp | None
    source: Literal["api", "phone", "system"]


class ModeLogQuery(Query):
    since: Moment | None = None
    until: Moment | None = None


class ClickToCall(Input):
    agent: Annotated[str, Field(min_length=1, description="the agent's endpoint")]
    number: Annotated[str, Field(min_length=1)] | None = Field(
        None, description="whom to call; default: the ticket's contact")
    queue: Annotated[str, Field(min_length=1)] | None = Field(
        None, description="present this queue's caller ID (else the agent's, else the "
                          "number the customer called)")


class CallPlaced(Output):
    linkedid: str
    agent: str
    number: str
    presented: str
