"""Tickets, their calls and timeline, and what agents do on them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ringdesk.callcenter.calls.models import Call as CallRow
from ringdesk.callcenter.calls.outcome import CallOutcome
from ringdesk.callcenter.calls.updates import CallState
from ringdesk.helpdesk.customers.models import Contact as ContactRow
from ringdesk.helpdesk.tickets.models import Channel
from ringdesk.helpdesk.tickets.models import Ticket as TicketRow
from ringdesk.web.schemas.common import (
    Extended,
    Input,
    JsonObject,
    Output,
    Query,
    Stamp,
    omissible,
)

Sort = Literal[
    "", "created_at", "updated_at", "resolution_due", "reaction_due", "number", "id",
    "-created_at", "-updated_at", "-resolution_due", "-reaction_due", "-number", "-id"]


class Call(Output):
    linkedid: str = Field(description="Asterisk Linkedid of the call")
    direction: Literal["inbound", "outbound"] = Field(
        description="outbound: click-to-call from the ticket")
    caller_number: str | None = Field(description="E.164, or null")
    caller_raw: str
    dialed_number: str | None
    started_at: Stamp | None
    answered_at: Stamp | None
    ended_at: Stamp | None
    outcome: CallOutcome | None = Field(description="set when the call ends")
    state: CallState
    connected_at: Stamp | None = Field(description="when an agent answered")
    agent: str = Field(description="device of the agent who answered")
    agent_name: str = Field(description="the agent's name; empty when nobody answered")
    queue: str
    wait_seconds: int | None = Field(description="start until an agent answered (or the end)")
    hold_seconds: int | None = Field(description="time in queue")
    talk_seconds: int | None
    hangup_cause: int | None
    hangup_cause_text: str
    hangup_side: Literal["", "caller", "agent", "transfer"]
    legs: list[JsonObject]
    queue_events: list[JsonObject] = Field(description="joins and leaves, with positions")
    agents_rung: list[JsonObject] = Field(
        description="every agent rung, and whether they answered")
    transfers: list[JsonObject]
    disposition: str | None = Field(description="what the agent said the call came to")
    source: Literal["ami", "fallback"]
    route_version: int | None = Field(description="the route version the call ran")
    route_name: str = Field(description="the route it ran; empty when none did")
    path: list[JsonObject]
    recordings: list[str] = Field(
        description="URLs of the call's recordings (conversation, voicemail)")

    @classmethod
    def of(cls, call: CallRow, route_version: int | None, agent_name: str = "",
           route_name: str = "") -> Call:
        return cls.model_validate(Extended(
            call, route_version=route_version, agent_name=agent_name, route_name=route_name,
            recordings=[f"/api/v1/calls/{call.linkedid}/recordings/{name}"
                        for name in call.recordings()]))


class CompanyRef(Output):
    id: int
    name: str


class Contact(Output):
    id: int
    name: str
    phone: str | None
    phones: list[str]
    emails: list[str]
    company: CompanyRef | None

    @classmethod
    def of(cls, contact: ContactRow) -> Contact:
        return cls.model_validate(Extended(
            contact, phones=contact.values("phone"), emails=contact.values("email")))


class Ticket(Output):
    id: int
    number: str
    subject: str = Field(description="in English where the server wrote it")
    subject_key: str = Field(description="a subject the server wrote: its key in the web "
                                         "app's catalogue (subjects.<key>); empty when a "
                                         "person wrote it")
    subject_params: dict[str, str]
    status: str
    closed: bool = Field(description="in a status of kind closed")
    channel: Channel
    contact: Contact | None
    created_at: Stamp | None
    updated_at: Stamp | None
    version: int = Field(description="send it back to change the ticket")
    queue: str | None = Field(description="ticket queue code")
    owner_id: int | None
    owner_name: str | None = Field(description="the owner's name (or login)")
    category: str
    priority: str
    tags: list[str]
    reaction_due: Stamp | None
    resolution_due: Stamp | None = Field(description="null while the SLA clock is paused")
    sla_paused: bool
    first_reaction_at: Stamp | None
    resolved_at: Stamp | None
    snoozed_until: Stamp | None
    merged_into_id: int | None
    linked_ticket_id: int | None
    calls: list[Call]

    @classmethod
    def of(cls, ticket: TicketRow, calls: list[Call], queue_codes: dict[int, str],
           people: dict[int, str]) -> Ticket:
        return cls.model_validate(Extended(
            ticket, contact=Contact.of(ticket.contact) if ticket.contact else None,
            queue=queue_codes.get(ticket.queue_id or 0), calls=calls,
            owner_name=people.get(ticket.owner_id or 0)))


class TicketLink(Output):
    id: int
    number: str


class TicketDetail(Ticket):
    watchers: list[int]
    linked_from: list[TicketLink]


class TicketPage(Output):
    items: list[Ticket]
    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=200)
    total: int = Field(ge=0)
    total_exact: bool = Field(description="false: at least this many (counting stops at 1,000)")


class TicketListQuery(Query):
    page: Annotated[int, Field(ge=1, le=10**9)] = 1
    per_page: Annotated[int, Field(ge=1, le=200)] = 50
    status: str | None = Field(None, description="status codes, comma separated")
    queue: str | None = Field(None, description="queue codes, comma separated")
    owner: Annotated[str, Field(pattern=r"^(me|none|[0-9]{1,18})?$")] | None = Field(
        None, description="me, none or a user id")
    priority: str | None = Field(None, description="priority codes, comma separated")
    channel: str | None = Field(None, description="channels, comma separated")
    tag: str | None = Field(None, description="one tag")
    contact_id: Annotated[str, Field(pattern=r"^[0-9]{0,18}$")] | None = Field(
        None, description="one customer")
    q: str | None = Field(None, description="full-text search over numbers, subjects, "
                                            "messages and notes")
    snoozed: Literal["", "exclude", "only", "include"] | None = Field(
        None, description="exclude (default), only or include")
    merged: Literal["", "true", "false"] | None = Field(
        None, description="true: also tickets merged into others")
    sort: Sort | None = Field(None, description="prefix - for descending (default "
                                                "-created_at)")


class NewContactRef(Input):
    phone: str | None = None
    email: str | None = None
    name: str | None = None


class NewTicket(Input):
    subject: str = ""
    channel: str = "agent"
    queue: str | int | None = Field(None, description="code or id; default queue")
    status: str = omissible()
    priority: str = omissible()
    tags: list[str] = omissible()
    owner_id: int | None = None
    body: str = Field("", description="the first message")
    contact: NewContactRef | None = None


class TicketChanges(Input):
    version: int = Field(description="the version you read")
    subject: str = omissible()
    status: str = omissible()
    priority: str = omissible()
    tags: list[str] = omissible()
    owner_id: int | None = None
    queue: str | int = omissible("transfer to this queue")
    note: str | None = Field(None, description="why (transfers)")


class TimelineEntry(Output):
    id: int
    at: Stamp | None
    author_id: int | None
    kind: str
    body: str
    data: JsonObject
    ticket_id: int | None = Field(None, description="the ticket the entry landed on")


class CallPop(Output):
    """What an agent's desk shows while their phone rings for a call, and after."""

    linkedid: str
    caller: str | None = Field(description="E.164 when it could be read, else as sent")
    state: str = Field(description="arriving, in_route, queued, ringing_agent, talking, ended")
    queue: str = Field(description="the PBX queue that rang the agent; empty for a direct dial")
    ticket: Ticket | None = Field(description="this call's ticket: opened when an agent "
                                              "answers (or when the call ends)")
    contact: Contact | None = Field(description="the customer the caller's number belongs to")
    open_tickets: list[Ticket] = Field(description="the customer's other tickets still open, "
                                                   "newest first (those this user may see)")
    dispositions: list[str] = Field(description="what the agent may say the call came to in "
                                                "wrap-up: its queue's codes, in order")
    disposition: str | None = Field(description="the one chosen, if any")


class DispositionInput(Input):
    code: Annotated[str, Field(min_length=1, max_length=60)]
    note: Annotated[str, Field(max_length=4000)] = ""


class Disposition(Output):
    linkedid: str
    code: str
    note: str


class RecordingState(Input):
    paused: bool


class RecordingPaused(Output):
    linkedid: str
    paused: bool
    resume_at: Stamp | None = Field(description="when a paused recording resumes by itself")
