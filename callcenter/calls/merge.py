"""How one update changes a call's row: pure functions over a plain copy of the row.

The recorder loads a batch's rows once, merges every update in order here, and writes the
changed rows back with a couple of bulk statements. Merging is idempotent: a replayed
event or a fallback record imported twice leaves the row as it was. Tickets are the one
thing a merge cannot do alone; it asks the ``TicketDesk`` it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Protocol

from callcenter.calls.tracker import CallAnswered, CallEnded, CallStarted, CallUpdate
from ringdesk.phone import to_e164


@dataclass(frozen=True)
class PathSteps:
    """Steps the call took inside ringdesk (an announcement, a menu choice...), each with
    its ``at`` time."""

    linkedid: str
    steps: tuple[dict[str, Any], ...]
    # The AGI session knows who called which number; this keeps a call identified even
    # when AMI was down while it started.
    caller: str = ""
    dialed: str = ""
    route_version_id: int | None = None


@dataclass(frozen=True)
class TicketFieldsChosen:
    """The route decided the ticket's category, priority or tags (e.g. by an IVR choice)."""

    linkedid: str
    category: str
    priority: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class FallbackRecord:
    """A call the dialplan handled alone because ringdesk's AGI was unreachable or failed."""

    linkedid: str
    caller: str
    dialed: str
    started_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    agi_status: str


Update = CallUpdate | PathSteps | FallbackRecord | TicketFieldsChosen


@dataclass
class CallRow:
    """The columns of ``calls`` a merge reads or writes (``id`` is None until inserted)."""

    linkedid: str
    source: str = "ami"
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

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}


COLUMNS = tuple(f.name for f in fields(CallRow) if f.name != "id")


class TicketDesk(Protocol):
    def open_call_ticket(self, row: CallRow, opened_at: datetime) -> int: ...

    def apply_ticket_fields(self, ticket_id: int, category: str, priority: str,
                            tags: tuple[str, ...]) -> None: ...


def new_row(update: Update) -> CallRow:
    # Which path first told us about the call.
    return CallRow(update.linkedid, "fallback" if isinstance(update, FallbackRecord) else "ami")


def merge(row: CallRow, update: Update, region: str, desk: TicketDesk) -> None:
    if isinstance(update, PathSteps):
        if update.caller or update.dialed:
            _identify(row, update.caller, update.dialed, region)
        if row.started_at is None and update.steps:
            row.started_at = datetime.fromisoformat(update.steps[0]["at"])
        row.route_version_id = row.route_version_id or update.route_version_id
        row.path = [*row.path, *update.steps]
    elif isinstance(update, CallStarted):
        _identify(row, update.caller, update.dialed, region)
        row.channel = row.channel or update.channel
        row.started_at = row.started_at or update.at
    elif isinstance(update, CallAnswered):
        row.answered_at = row.answered_at or update.at
    elif isinstance(update, CallEnded):
        _end(row, update.at, update.outcome.value, desk)
        row.hangup_cause = update.cause
        row.hangup_cause_text = update.cause_text[:80]
    elif isinstance(update, TicketFieldsChosen):
        row.ticket_category = update.category or row.ticket_category
        row.ticket_priority = update.priority or row.ticket_priority
        row.ticket_tags = sorted(set(row.ticket_tags) | set(update.tags))
        if row.ticket_id is not None:
            desk.apply_ticket_fields(row.ticket_id, update.category, update.priority,
                                     update.tags)
    elif isinstance(update, FallbackRecord):
        _merge_fallback(row, update, region, desk)


def _merge_fallback(row: CallRow, record: FallbackRecord, region: str,
                    desk: TicketDesk) -> None:
    _identify(row, record.caller, record.dialed, region)
    row.started_at = row.started_at or record.started_at
    row.answered_at = row.answered_at or record.answered_at
    if not any(step.get("step") == "fallback" for step in row.path):
        row.path = [*row.path, {"step": "fallback", "agi_status": record.agi_status}]
    if record.ended_at is not None:
        _end(row, record.ended_at, "answered" if row.answered_at else "missed", desk)


def _identify(row: CallRow, caller: str, dialed: str, region: str) -> None:
    if not row.caller_raw and caller:
        row.caller_raw = caller[:80]
        row.caller_number = to_e164(caller, region)
    if not row.dialed_raw and dialed:
        row.dialed_raw = dialed[:80]
        row.dialed_number = to_e164(dialed, region)


def _end(row: CallRow, at: datetime, outcome: str, desk: TicketDesk) -> None:
    row.ended_at = row.ended_at or at
    row.outcome = row.outcome or outcome
    if row.ticket_id is None:
        row.ticket_id = desk.open_call_ticket(row, row.started_at or at)
