"""Saved ticket views: the shapes of /api/v1/ticket-views."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ringdesk.web.schemas.common import Input, Output, Stamp


class TicketView(Output):
    id: int
    name: str
    filters: dict[str, str] = Field(description="the ticket list's query: view (mine, waiting, "
                                                "all), status, queue, priority, channel, tag, "
                                                "owner, snoozed, q, sort")
    shared: bool = Field(description="shared by an admin (else the owner's own)")
    ranks: list[str] = Field(description="ranks a shared view is shown to")
    queues: list[str] = Field(description="ticket queues whose agents see a shared view")
    revision: int = Field(description="send it back to change the view")
    updated_at: Stamp


class TicketViewInput(Input):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    filters: dict[str, Annotated[str, Field(max_length=200)]] = Field(max_length=20)
    shared: bool = False
    ranks: list[str] = Field(default_factory=list, max_length=10)
    queues: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list,
                                                               max_length=100)
    revision: int | None = Field(None, description="the revision you read (changes only)")
