"""What agents do on a ticket: notes, messages, snooze, merge, split, corrections."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ringdesk.web.schemas.common import (
    DbId,
    Input,
    Moment,
    Output,
    Stamp,
)


class Note(Input):
    body: Annotated[str, Field(min_length=1, description="@login mentions notify")]


class Message(Input):
    body: Annotated[str, Field(min_length=1)]
    direction: Literal["in", "out"] = "out"
    channel: Literal["email", "sms", "phone", "form"] = "email"


class Snooze(Input):
    until: Moment
    version: int | None = None


class Correction(Input):
    at: Moment


class Merge(Input):
    tickets: Annotated[list[DbId], Field(min_length=1)]


class Split(Input):
    entry_id: int
    subject: str | None = None


class Attachment(Input):
    """multipart/form-data: the file in ``file``."""

    file: bytes = Field(json_schema_extra={"format": "binary"})


class Presence(Input):
    present: bool = Field(description="on the ticket now (false: leaving it)")
    writing: bool = Field(False, description="writing a reply or note on it")


class CallbackInput(Input):
    at: Moment = Field(description="when to call back (with its timezone)")
    number: Annotated[str, Field(max_length=40)] | None = Field(
        None, description="in any usual notation; none: the customer's number")


class ScheduledCallback(Output):
    id: int
    due_at: Stamp
    state: Literal["scheduled", "placing", "ringing", "done", "no_answer", "returned",
                   "cancelled"]
    number: str | None
    user_id: int = Field(description="whose phone rings first")
    linkedid: str | None = Field(description="the call placed for it")
