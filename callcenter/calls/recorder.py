"""Apply call updates (from AMI, the AGI session and the dialplan fallback) to the database.

Every write is an idempotent upsert keyed by Linkedid, and a call gets exactly one ticket:
replayed events after a reconnect, or a fallback record imported twice, change nothing.
The merge rules live in callcenter/calls/merge.py; this module is the SQL around them,
kept to Core bulk statements because it runs for every event of every call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from callcenter.calls.merge import (
    COLUMNS,
    CallRow,
    FallbackRecord,
    PathSteps,
    Update,
    merge,
    new_row,
)
from callcenter.calls.models import Call
from callcenter.calls.outcome import CallOutcome, CallTicketPolicy, ticket_status
from helpdesk.models import Ticket
from helpdesk.operations import (
    do_add_call,
    do_apply_ticket_fields,
    do_open_call_ticket,
    do_set_ticket_status,
)
from ringdesk.db import utcnow

__all__ = ["CallRecorder", "FallbackRecord", "PathSteps", "Update", "unfinished_calls"]

CALLS: Table = Call.__table__  # type: ignore[assignment]
_SELECTED = [CALLS.c.id, *(CALLS.c[name] for name in COLUMNS)]
_UPDATE = (update(CALLS).where(CALLS.c.id == bindparam("row_id"))
           .values({name: bindparam(name) for name in COLUMNS}))


@dataclass
class _RecentCall:
    ticket_id: int
    at: datetime  # when the call ended
    status: str


class _SessionTicketDesk:
    """Opens and updates tickets inside the recorder's transaction."""

    def __init__(self, session: Session, policy: CallTicketPolicy) -> None:
        self._session = session
        self._policy = policy
        self._batch_calls: dict[str, _RecentCall] = {}  # calls not yet in the table

    def open_call_ticket(self, row: CallRow, outcome: CallOutcome,
                         opened_at: datetime) -> int | None:
        if not self._policy.wants_ticket(outcome):
            return None
        status = ticket_status(outcome)
        previous = self._previous_call(row)
        if previous and self._policy.joins(previous.status, previous.at, opened_at):
            # The same caller again: one conversation, one ticket.
            do_add_call(self._session, previous.ticket_id, row.linkedid, outcome, status,
                        opened_at, row.connected_at)
            ticket_id = previous.ticket_id
        else:
            ticket = do_open_call_ticket(self._session, row.caller_number, row.caller_raw,
                                         outcome, opened_at, status, row.ticket_category,
                                         row.linkedid, row.connected_at)
            ticket_id = ticket.id
        do_apply_ticket_fields(self._session, ticket_id, row.ticket_category,
                               row.ticket_priority, tuple(row.ticket_tags), opened_at)
        if row.caller_number:
            self._batch_calls[row.caller_number] = _RecentCall(
                ticket_id, row.ended_at or opened_at, status)
        return ticket_id

    def call_outcome_changed(self, ticket_id: int, outcome: CallOutcome) -> None:
        do_set_ticket_status(self._session, ticket_id, ticket_status(outcome), utcnow())

    def _previous_call(self, row: CallRow) -> _RecentCall | None:
        """The caller's latest earlier call that has a ticket."""
        if not row.caller_number:
            return None  # anonymous callers cannot be told apart
        recent = self._batch_calls.get(row.caller_number)
        if recent is not None:
            return recent
        found = self._session.execute(
            select(CALLS.c.ticket_id, CALLS.c.ended_at, CALLS.c.started_at, Ticket.status)
            .join(Ticket, Ticket.id == CALLS.c.ticket_id)
            .where(CALLS.c.caller_number == row.caller_number,
                   CALLS.c.linkedid != row.linkedid)
            .order_by(CALLS.c.started_at.desc()).limit(1)).first()
        if found is None:
            return None
        return _RecentCall(found.ticket_id, found.ended_at or found.started_at, found.status)

    def apply_ticket_fields(self, ticket_id: int, category: str, priority: str,
                            tags: tuple[str, ...]) -> None:
        do_apply_ticket_fields(self._session, ticket_id, category, priority, tags)


class CallRecorder:
    def __init__(self, sessions: sessionmaker[Session], default_region: str,
                 policy: CallTicketPolicy | None = None) -> None:
        self._sessions = sessions
        self._region = default_region
        self._policy = policy or CallTicketPolicy()

    def apply(self, update: Update) -> None:
        self.apply_batch([update])

    def apply_batch(self, updates: list[Update]) -> None:
        """Write updates in one transaction, in order; runs in the database writer thread.

        The batch's calls are locked and loaded with one query, merged in memory, and
        written back with one bulk INSERT and one bulk UPDATE, so a burst of events costs
        a handful of statements rather than a few per event.
        """
        if not updates:
            return
        for attempt in range(2):
            try:
                with self._sessions.begin() as session:
                    self._apply(session, updates)
                return
            except IntegrityError:
                # Another process inserted the same Linkedid first: its row wins, merge again.
                if attempt:
                    raise

    def _apply(self, session: Session, updates: list[Update]) -> None:
        wanted = list(dict.fromkeys(update.linkedid for update in updates))
        query = select(*_SELECTED).where(CALLS.c.linkedid.in_(wanted)).with_for_update()
        rows = {row.linkedid: CallRow(**row._mapping) for row in session.execute(query)}
        loaded = set(rows)
        desk = _SessionTicketDesk(session, self._policy)
        for item in updates:
            row = rows.get(item.linkedid)
            if row is None:
                row = rows[item.linkedid] = new_row(item)
            merge(row, item, self._region, desk)
        connection = session.connection()
        fresh = [row.values() for linkedid, row in rows.items() if linkedid not in loaded]
        if fresh:
            connection.execute(insert(CALLS), fresh)
        known = [{"row_id": row.id, **row.values()} for linkedid, row in rows.items()
                 if linkedid in loaded]
        if known:
            connection.execute(_UPDATE, known)


def unfinished_calls(sessions: sessionmaker[Session]) -> dict[str, bool]:
    """Linkedid -> answered, for every call not yet ended (to resync after a restart)."""
    with sessions() as session:
        rows = session.execute(
            select(Call.linkedid, Call.answered_at).where(Call.ended_at.is_(None))
        ).all()
    return {linkedid: answered_at is not None for linkedid, answered_at in rows}
