"""The audit log as the API shows it."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ringdesk.web.schemas.common import JsonObject, Output, Query, Stamp


class AuditEntry(Output):
    id: int
    at: Stamp
    user_id: int | None = Field(description="who did it; null: the system")
    action: str = Field(description='"call.listen", "queue.changed"...')
    target: str = Field(description="what it was done to")
    data: JsonObject


class AuditPage(Output):
    items: list[AuditEntry]
    page: int
    per_page: int
    more: bool = Field(description="an older page exists")


class AuditQuery(Query):
    page: Annotated[int, Field(ge=1, le=10**6)] = 1
    per_page: Annotated[int, Field(ge=1, le=200)] = 50
    action: Annotated[str, Field(max_length=48)] | None = Field(
        None, description='one action, or a family ending in a dot ("call.")')
    user_id: Annotated[int, Field(ge=1, le=2**31)] | None = None
    target: Annotated[str, Field(max_length=100)] | None = Field(
        None, description="part of the target")
