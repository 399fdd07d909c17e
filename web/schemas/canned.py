"""Canned replies and signatures: the shapes of /api/v1/canned-replies and friends."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ringdesk.helpdesk.setup.texts import VARIABLES
from ringdesk.web.schemas.common import Input, Output, Stamp, omissible

VARIABLES_TEXT = ", ".join(f"{{{{{name}}}}}" for name in VARIABLES)


class CannedReply(Output):
    id: int
    title: str
    body: str = Field(description=f"may hold {VARIABLES_TEXT}")
    queues: list[str] = Field(description="ticket queues it is offered in (empty: all)")
    active: bool
    revision: int
    updated_at: Stamp


class CannedReplyInput(Input):
    title: Annotated[str, Field(max_length=120)] = omissible()
    body: Annotated[str, Field(max_length=10_000)] = omissible(
        f"the text; may hold {VARIABLES_TEXT}")
    queues: list[Annotated[str, Field(max_length=40)]] = omissible()
    active: bool = omissible()
    revision: int = omissible("the revision you read (changes only)")


class FilledReply(Output):
    id: int
    title: str
    text: str = Field(description="the body with this ticket's facts filled in")


class TicketTexts(Output):
    replies: list[FilledReply]
    signature: str = Field(description="the writer's signature then the queue's, filled in "
                                       "(empty: none)")


class Signature(Output):
    signature: str


class SignatureInput(Input):
    signature: Annotated[str, Field(max_length=10_000)] = Field(
        description=f"under one's replies; may hold {VARIABLES_TEXT}")
