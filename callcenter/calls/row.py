"""A call's row as the merge sees it: a plain copy of the columns of ``calls``."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any


@dataclass
class CallRow:
    """The columns of ``calls`` a merge reads or writes (``id`` is None until inserted)."""

    linkedid: str
    source: str = "ami"
    direction: str = "inbound"
    id: int | None = None
    caller_number: str | None = None
    caller_raw: str = ""
    dialed_number: str | None = None
    dialed_raw: str = ""
    channel: str = ""
    started_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    outcome: str | None = None
    hangup_cause: int | None = None
    hangup_cause_text: str = ""
    path: list[dict[str, Any]] = field(default_factory=list)
    ticket_id: int | None = None
    route_version_id: int | None = None
    ticket_category: str = ""
    ticket_priority: str = ""
    ticket_tags: list[str] = field(default_factory=list)
    state: str = "arriving"
    connected_at: datetime | None = None
    agent: str = ""
    queue: str = ""
    wait_seconds: int | None = None
    hold_seconds: int | None = None
    talk_seconds: int | None = None
    hangup_side: str = ""
    recording: str = ""
    legs: list[dict[str, Any]] = field(default_factory=list)
    queue_events: list[dict[str, Any]] = field(default_factory=list)
    agents_rung: list[dict[str, Any]] = field(default_factory=list)
    transfers: list[dict[str, Any]] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}


COLUMNS = tuple(f.name for f in fields(CallRow) if f.name != "id")
