"""Caller lists the VIP node looks callers up in."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ringdesk.web.schemas.common import Input, Output, Stamp, UserRef, omissible

Entries = Annotated[list[str], Field(description='numbers (any usual notation, stored E.164) '
                                                'or prefixes written "+4930*"')]


class CallerList(Output):
    id: int
    name: str
    description: str
    entries: list[str] = Field(description="E.164 numbers and +prefix* entries")
    revision: int = Field(description="send it back to save (409 if stale)")
    used_by: list[str] = Field(description="routes that look callers up in this list")
    updated_at: Stamp
    updated_by: UserRef | None


ListName = Annotated[str, Field(min_length=1, max_length=100)]


class CallerListInput(Input):
    name: ListName
    description: Annotated[str, Field(max_length=500)] = ""
    entries: Entries = []


class CallerListUpdate(Input):
    revision: int = Field(description="the revision you edited")
    name: ListName | None = omissible()
    description: Annotated[str, Field(max_length=500)] | None = omissible()
    entries: Entries | None = omissible()
