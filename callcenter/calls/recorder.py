"""Apply call updates (from AMI, the AGI session and the dialplan fallback) to the database.

Every write is an idempotent upsert keyed by Linkedid, and a call gets exactly one ticket:
replayed events after a reconnect, or a fallback record imported twice, change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from callcenter.calls.models import Call
from callcenter.calls.tracker import CallAnswered, CallEnded, CallStarted, CallUpdate
from helpdesk.numbering import NumberPattern
from helpdesk.operations import DEFAULT_PATTERN, do_apply_ticket_fields, do_open_call_ticket
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


class CallRecorder:
    def __init__(self, sessions: sessionmaker[Session], default_region: str,
                 number_pattern: NumberPattern = DEFAULT_PATTERN) -> None:
        self._sessions = sessions
        self._region = default_region
        self._pattern = number_pattern

    def apply(self, update: Update) -> None:
        self.apply_batch([update])

    def apply_batch(self, updates: list[Update]) -> None:
        """Write updates in one transaction, in order; runs in the database writer thread.

        The batch's calls are locked and loaded with one query and flushed together, so a
        burst of events costs a handful of statements rather than a few per event.
        """
        if not updates:
            return
        for attempt in range(2):
            try:
                with self._sessions.begin() as session:
                    calls = self._lock_calls(session, [update.linkedid for update in updates])
                    for update in updates:
                        call = calls.get(update.linkedid)
                        if call is None:
                            call = Call(linkedid=update.linkedid, source=_source(update),
                                        path=[], ticket_tags=[], ticket_category="",
                                        ticket_priority="")
                            session.add(call)
                            calls[update.linkedid] = call
                        self._merge(session, call, update)
                return
            except IntegrityError:
                # Another process inserted the same Linkedid first: its row wins, merge again.
                if attempt:
                    raise

    def _lock_calls(self, session: Session, linkedids: list[str]) -> dict[str, Call]:
        wanted = list(dict.fromkeys(linkedids))
        query = select(Call).where(Call.linkedid.in_(wanted)).with_for_update()
        return {call.linkedid: call for call in session.scalars(query)}

    def _merge(self, session: Session, call: Call, update: Any) -> None:
        if isinstance(update, CallStarted):
            self._identify(call, update.caller, update.dialed)
            call.channel = call.channel or update.channel
            call.started_at = call.started_at or update.at
        elif isinstance(update, CallAnswered):
            call.answered_at = call.answered_at or update.at
        elif isinstance(update, CallEnded):
            self._end(session, call, update.at, update.outcome.value)
            call.hangup_cause = update.cause
            call.hangup_cause_text = update.cause_text[:80]
        elif isinstance(update, PathSteps):
            if update.caller or update.dialed:
                self._identify(call, update.caller, update.dialed)
            if call.started_at is None and update.steps:
                call.started_at = datetime.fromisoformat(update.steps[0]["at"])
            call.route_version_id = call.route_version_id or update.route_version_id
            call.path = [*call.path, *update.steps]
        elif isinstance(update, TicketFieldsChosen):
            self._choose_ticket_fields(session, call, update)
        elif isinstance(update, FallbackRecord):
            self._merge_fallback(session, call, update)

    def _merge_fallback(self, session: Session, call: Call, record: FallbackRecord) -> None:
        self._identify(call, record.caller, record.dialed)
        call.started_at = call.started_at or record.started_at
        call.answered_at = call.answered_at or record.answered_at
        if not any(step.get("step") == "fallback" for step in call.path):
            call.path = [*call.path, {"step": "fallback", "agi_status": record.agi_status}]
        if record.ended_at is not None:
            outcome = "answered" if call.answered_at else "missed"
            self._end(session, call, record.ended_at, outcome)

    def _choose_ticket_fields(self, session: Session, call: Call,
                              update: TicketFieldsChosen) -> None:
        call.ticket_category = update.category or call.ticket_category
        call.ticket_priority = update.priority or call.ticket_priority
        call.ticket_tags = sorted(set(call.ticket_tags) | set(update.tags))
        if call.ticket_id is not None:
            do_apply_ticket_fields(session, call.ticket_id, update.category, update.priority,
                                   update.tags)

    def _identify(self, call: Call, caller: str, dialed: str) -> None:
        if not call.caller_raw and caller:
            call.caller_raw = caller[:80]
            call.caller_number = to_e164(caller, self._region)
        if not call.dialed_raw and dialed:
            call.dialed_raw = dialed[:80]
            call.dialed_number = to_e164(dialed, self._region)

    def _end(self, session: Session, call: Call, at: datetime, outcome: str) -> None:
        call.ended_at = call.ended_at or at
        call.outcome = call.outcome or outcome
        if call.ticket_id is None:
            opened = call.started_at or at
            ticket = do_open_call_ticket(session, call.caller_number, call.caller_raw,
                                         call.outcome, opened, self._pattern)
            call.ticket_id = ticket.id
            do_apply_ticket_fields(session, ticket.id, call.ticket_category,
                                   call.ticket_priority, tuple(call.ticket_tags))


def _source(update: object) -> str:  # which path first told us about the call
    return "fallback" if isinstance(update, FallbackRecord) else "ami"


def unfinished_calls(sessions: sessionmaker[Session]) -> dict[str, bool]:
    """Linkedid -> answered, for every call not yet ended (to resync after a restart)."""
    with sessions() as session:
        rows = session.execute(
            select(Call.linkedid, Call.answered_at).where(Call.ended_at.is_(None))
        ).all()
    return {linkedid: answered_at is not None for linkedid, answered_at in rows}
