"""The help desk's one service layer: every write to tickets goes through a ``Desk``.

A ``Desk`` is one unit of work: a database session, who acts (a user id, or None for the
system: calls, mail, timers) and the moment it happens. Each change writes its entry on the
ticket's timeline (the audit trail), keeps the SLA state rebuilt from the status history,
and raises the notifications and rule events it causes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ringdesk.core.audit import AuditEntry
from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.helpdesk.setup.cache import SETUP, StatusInfo
from ringdesk.helpdesk.setup.models import (
    CalendarRecord,
    Notification,
    TicketQueue,
)
from ringdesk.helpdesk.sla.calendar import BusinessCalendar
from ringdesk.helpdesk.sla.clock import SlaState, SlaTargets, StatusKind, sla_state
from ringdesk.helpdesk.tickets.models import Ticket, TicketEvent, TicketWatcher

# Timeline entries that are an agent's reaction when an agent writes them.
REACTIONS = {"message_out", "status", "call_out"}


@dataclass
class Desk:
    session: Session
    actor_id: int | None
    now: datetime
    # Rule events raised by this unit of work: (event, ticket id), run by automation.
    events: list[tuple[str, int]] = field(default_factory=list)
    # Tickets this unit of work changed, held so rules find them without a reload (the
    # session's identity map holds objects only weakly).
    touched: dict[int, Ticket] = field(default_factory=dict)
    _calendars: dict[int, BusinessCalendar] = field(default_factory=dict)

    # -- lookups ---------------------------------------------------------------------
    def ticket(self, ticket_id: int, version: int | None = None) -> Ticket:
        ticket = self.session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"ticket {ticket_id} does not exist", {"ticket_id": ticket_id})
        if ticket.merged_into_id is not None:
            raise Conflict(f"ticket {ticket.number} was merged into another ticket",
                           {"merged_into": ticket.merged_into_id})
        if version is not None and ticket.version != version:
            raise Conflict(f"ticket {ticket.number} changed meanwhile (version "
                           f"{ticket.version}, you sent {version}); reload it",
                           {"field": "version", "current": ticket.version})
        return ticket

    def statuses(self) -> dict[str, StatusInfo]:
        return SETUP.get(self.session).statuses

    def status(self, code: Any, queue: TicketQueue | None, field_name: str = "status",
               ) -> StatusInfo:
        found = self.statuses().get(code) if isinstance(code, str) else None
        if found is None or not found.active:
            raise InvalidInput(f"no status {code!r}", {"field": field_name})
        if queue is not None and queue.statuses and code not in queue.statuses:
            raise InvalidInput(f"queue {queue.code} does not use status {code!r}",
                               {"field": field_name})
        return found

    def priority(self, code: Any) -> str:
        if not isinstance(code, str) or not SETUP.get(self.session).priorities.get(code):
            raise InvalidInput(f"no priority {code!r}", {"field": "priority"})
        return code

    def queue(self, code_or_id: Any, field_name: str = "queue") -> TicketQueue:
        if isinstance(code_or_id, bool) or not isinstance(code_or_id, str | int):
            raise InvalidInput("a queue is named by its code or id", {"field": field_name})
        column = TicketQueue.id if isinstance(code_or_id, int) else TicketQueue.code
        found = self.session.scalars(select(TicketQueue).where(column == code_or_id)).first()
        if found is None or not found.active:
            raise InvalidInput(f"no active ticket queue {code_or_id!r}", {"field": field_name})
        return found

    def default_queue(self) -> TicketQueue:
        found = self.session.scalars(select(TicketQueue).where(
            TicketQueue.is_default.is_(True))).first()
        if found is None:
            found = self.session.scalars(select(TicketQueue).order_by(TicketQueue.id)).first()
        if found is None:
            raise InvalidInput("no ticket queue exists; create one", {"field": "queue"})
        return found

    def queue_or_default(self, code: str | None) -> TicketQueue:
        """The queue with this code if it exists and is active, else the default queue."""
        if code:
            found = self.session.scalars(select(TicketQueue).where(
                TicketQueue.code == code, TicketQueue.active.is_(True))).first()
            if found is not None:
                return found
        return self.default_queue()

    def calendar(self, calendar_id: int | None) -> BusinessCalendar | None:
        if calendar_id is None:
            return None
        if calendar_id not in self._calendars:
            row = self.session.get(CalendarRecord, calendar_id)
            if row is None:
                return None
            self._calendars[calendar_id] = BusinessCalendar.from_config(
                row.timezone, row.hours, row.closed_dates, row.exceptional, row.country,
                row.subdivision)
        return self._calendars[calendar_id]

    # -- writing -----------------------------------------------------------------------
    def record(self, ticket: Ticket, kind: str, body: str = "",
               data: dict[str, Any] | None = None, at: datetime | None = None,
               about: int | None = None, index: bool = True) -> TicketEvent:
        entry = TicketEvent(ticket_id=ticket.id, at=at or self.now, author_id=self.actor_id,
                            about_user_id=about, kind=kind, body=body, data=data or {})
        self.session.add(entry)
        self.touched[ticket.id] = ticket
        ticket.updated_at = self.now
        if kind in REACTIONS and self.actor_id is not None and ticket.first_reaction_at is None:
            ticket.first_reaction_at = at or self.now
        if index and body and kind in ("message_in", "message_out", "note"):
            index_text(self.session, ticket.id, body)
        return entry

    def notify(self, user_ids: Iterable[int | None], kind: str, ticket: Ticket | None,
               data: dict[str, Any] | None = None) -> None:
        """One notification each, never to the person who caused it."""
        for user_id in sorted({uid for uid in user_ids if uid and uid != self.actor_id}):
            self.session.add(Notification(user_id=user_id, kind=kind, at=self.now,
                                          ticket_id=ticket.id if ticket else None,
                                          data=data or {}))

    def watchers(self, ticket: Ticket) -> set[int | None]:
        found: set[int | None] = set(self.session.scalars(
            select(TicketWatcher.user_id).where(TicketWatcher.ticket_id == ticket.id)))
        return found

    def audit(self, action: str, target: str, data: dict[str, Any]) -> None:
        self.session.add(AuditEntry(at=self.now, user_id=self.actor_id, action=action,
                                    target=target, data=data))

    # -- SLA -------------------------------------------------------------------------
    def status_history(self, ticket: Ticket) -> list[tuple[datetime, str]]:
        rows = self.session.execute(
            select(TicketEvent.at, TicketEvent.kind, TicketEvent.data)
            .where(TicketEvent.ticket_id == ticket.id,
                   TicketEvent.kind.in_(("created", "status")))
            .order_by(TicketEvent.at, TicketEvent.id)).all()
        history = [(at, data.get("to") or data.get("status") or ticket.status)
                   for at, _, data in rows if "merged_from" not in data]
        return history or [(ticket.created_at, ticket.status)]

    def refresh_sla(self, ticket: Ticket, history: list[tuple[datetime, str]] | None = None,
                    queue: TicketQueue | None = None) -> SlaState:
        """Rebuild the ticket's SLA fields from its whole status history."""
        queue = queue or (self.session.get(TicketQueue, ticket.queue_id)
                          if ticket.queue_id else None)
        kinds = {code: StatusKind(row.kind == "closed", row.counts_sla)
                 for code, row in self.statuses().items()}
        targets = sla_targets(queue)
        state = sla_state(history or self.status_history(ticket), kinds, targets,
                          self.calendar(queue.calendar_id if queue else None),
                          ticket.first_reaction_at, self.now)
        ticket.reaction_due = state.reaction_due
        ticket.resolution_due = state.resolution_due if not ticket.closed else None
        ticket.sla_paused = state.paused
        ticket.handling_seconds = int(state.resolution_used.total_seconds())
        return state


def sla_targets(queue: TicketQueue | None) -> SlaTargets:
    def minutes(value: int | None) -> timedelta | None:
        return timedelta(minutes=value) if value else None
    if queue is None:
        return SlaTargets(None, None)
    return SlaTargets(minutes(queue.reaction_minutes), minutes(queue.resolution_minutes))


def initial_vector(session: Session, text: str) -> str | None:
    """What a new ticket's search vector is made of (PostgreSQL turns it into a vector
    as it inserts the row; helpdesk/models.py), else None."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return text[:20000]


def index_text(session: Session, ticket_id: int, text: str) -> None:
    """Add words to the ticket's full-text search vector (PostgreSQL)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(update(Ticket).where(Ticket.id == ticket_id).values(
        search_vector=func.coalesce(Ticket.search_vector, func.to_tsvector("simple", ""))
        .op("||")(func.to_tsvector("simple", text[:20000])))
        .execution_options(synchronize_session=False))
