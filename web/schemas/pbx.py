"""Agents' SIP accounts, leveled queues, Apply config."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, AliasPath, BeforeValidator, Field

from ringdesk.web.schemas.common import Input, Output, omissible

QUEUE_NAME = r"^[A-Za-z0-9_]{1,60}$"


class PbxProblem(Output):
    where: str
    field: str
    message: str


class Trunk(Output):
    name: str = Field(description="the PJSIP endpoint calls to outside numbers leave through")


class AgentAccount(Output):
    endpoint: str = Field(description="PJSIP endpoint and SIP user")
    display_name: str
    static_contact: str = Field(description="sip:user@host:port for a phone that does not "
                                            "register; empty when it registers")
    caller_id: str = Field(description="number customers see when this agent calls them")
    user_id: int | None = Field(description="the person whose phone this is (their "
                                            "click-to-call and listening in ring it)")
    has_password: Annotated[bool, BeforeValidator(bool)] = Field(
        validation_alias=AliasChoices("has_password", "password_ha1"),
        description="registers with a password (only its digest is kept)")


class Softphone(Output):
    server: str = Field(description="the SIP server to type into the phone")
    port: int
    transport: Literal["udp", "tcp", "tls"]
    user: str = Field(description="the SIP user (and authentication user)")


class CreatedAgentAccount(AgentAccount):
    password: str | None = Field(description="the SIP password: shown this once")
    softphone: Softphone
    qr_svg: str | None = Field(description="the account with its password as a QR code for "
                                           "softphones that scan one (an SVG data: URI)")


class NewAgentAccount(Input):
    endpoint: str
    display_name: str = ""
    static_contact: str = ""
    caller_id: Annotated[str, Field(pattern=r"^(\+?[0-9]{3,20})?$")] = ""
    user_id: Annotated[int, Field(ge=1, le=2**31)] | None = Field(
        None, description="the person whose phone this is")


class QueueMember(Output):
    endpoint: str = Field(validation_alias=AliasChoices("endpoint",
                                                       AliasPath("account", "endpoint")))
    level: int = Field(description="level 1 rings first")
    position: int = Field(description="order inside the level")


class QueueMemberInput(Input):
    endpoint: str
    level: Annotated[int, Field(ge=1)]
    position: Annotated[int, Field(ge=1)]


class PbxQueueSettings(Output):
    name: str
    ring_timeout: int = Field(description="seconds each agent rings")
    retry: int = Field(description="seconds between two agents")
    max_wait: int
    wrapup: int
    music_class: str
    announce_frequency: int
    announce_position: bool
    announce_holdtime: bool
    record_calls: bool = Field(description="record answered calls (MixMonitor)")
    caller_id: str = Field(description="number customers see on click-to-call")
    dispositions: list[str] = Field(description="what an agent says a call came to in "
                                                "wrap-up (e.g. solved, wrong number), in order")
    members: list[QueueMember]
    supervisors: list[int] = Field(
        validation_alias=AliasChoices("supervisor_ids", "supervisors"),
        description="users who watch this queue on the live board (a supervisor who "
                    "watches none sees every queue)")


class PbxQueue(PbxQueueSettings):
    used_by: list[str] = Field(description="routes whose draft or published version hands "
                                           "calls to this queue")


class QueueSettings(Input):
    ring_timeout: int = omissible()
    retry: int = omissible()
    max_wait: int = omissible()
    wrapup: int = omissible()
    music_class: str = omissible()
    announce_frequency: int = omissible()
    announce_position: bool = omissible()
    announce_holdtime: bool = omissible()
    record_calls: bool = omissible()
    caller_id: str = omissible()
    dispositions: list[Annotated[str, Field(max_length=60)]] = omissible(
        "wrap-up codes agents choose from, in order")
    members: list[QueueMemberInput] = Field(default_factory=list)
    supervisors: list[Annotated[int, Field(ge=1, le=2**31)]] = omissible(
        "users who watch this queue on the live board")


class PbxCheck(Output):
    ok: bool
    problems: list[PbxProblem]


class PbxApplied(Output):
    applied: bool
    changed: list[str]
    reloaded: list[str]
