"""Calls' tickets, opened and updated inside the call recorder's transaction: the help desk's
side of callcenter/calls/merge.py's ``TicketDesk``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.calls.merge import CallRow
from ringdesk.callcenter.calls.outcome import CallOutcome, CallTicketPolicy, ticket_status
from ringdesk.callcenter.calls.recorder import CALLS
from ringdesk.core.db import utcnow
from ringdesk.helpdesk.calls.opening import (
    do_add_call,
    do_apply_ticket_fields,
    do_give_to_answering_agent,
    do_open_call_ticket,
    do_set_ticket_status,
)
from ringdesk.helpdesk.tickets.models import Ticket


@dataclass
class _RecentCall:
    ticket_id: int
    at: datetime  # when the call ended
    finished: bool  # the ticket's status is of the closed kind


class CallTicketDesk:
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
        if previous and self._policy.joins(previous.finished, previous.at, opened_at):
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
        if row.connected_at is not None and row.agent:
            do_give_to_answering_agent(self._session, ticket_id, row.agent,
                                       row.connected_at)
        if row.caller_number:
            self._batch_calls[row.caller_number] = _RecentCall(
                ticket_id, row.ended_at or opened_at, finished=False)
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
            select(CALLS.c.ticket_id, CALLS.c.ended_at, CALLS.c.started_at, Ticket.closed)
            .join(Ticket, Ticket.id == CALLS.c.ticket_id)
            .where(CALLS.c.caller_number == row.caller_number,
                   CALLS.c.linkedid != row.linkedid)
            .order_by(CALLS.c.started_at.desc()).limit(1)).first()
        if found is None:
            return None
        return _RecentCall(found.ticket_id, found.ended_at or found.started_at, found.closed)

    def apply_ticket_fields(self, ticket_id: int, category: str, priority: str,
                            tags: tuple[str, ...]) -> None:
        do_apply_ticket_fields(self._session, ticket_id, category, priority, tags)
