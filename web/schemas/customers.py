"""Contacts and companies, a customer's history, and one's own notifications."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ringdesk.web.schemas.common import Input, JsonObject, Output, Query, Stamp
from ringdesk.web.schemas.tickets import Contact

NotificationKind = Literal[
    "new_ticket", "customer_reply", "reaction_time_passed", "resolution_time_passed",
    "snooze_ended", "transferred_to_me", "reply_on_closed", "mention", "rule", "no_agent",
    "callback_returned"]


class ContactInput(Input):
    name: Annotated[str, Field(max_length=200)] = ""
    phones: list[str] = Field(default_factory=list, description="in any usual notation (the "
                              "default region for national ones); saved as E.164")
    emails: list[str] = Field(default_factory=list)
    company_id: int | None = None


class ContactTicket(Output):
    id: int
    number: str
    subject: str
    subject_key: str = Field(description="a subject the server wrote: its key in the web "
                                         "app's catalogue (subjects.<key>); empty when a "
                                         "person wrote it")
    subject_params: dict[str, str]
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
