"""Merging tickets (irreversible) and splitting a message out into a new ticket."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from ringdesk.callcenter.calls.models import Call
from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.helpdesk.setup.models import TicketQueue
from ringdesk.helpdesk.tickets.desk import Desk, index_text
from ringdesk.helpdesk.tickets.models import Ticket, TicketEvent, TicketWatcher
from ringdesk.helpdesk.tickets.opening import open_ticket


def merge(desk: Desk, survivor_id: int, other_ids: list[int]) -> Ticket:
    """Combine histories into the survivor; the others point to it and are closed."""
    if not other_ids or survivor_id in other_ids or len(set(other_ids)) != len(other_ids):
        raise InvalidInput("merge needs one or more other tickets, each once, not the "
                           "survivor itself", {"field": "tickets"})
    survivor = desk.ticket(survivor_id)
    others = [desk.ticket(ticket_id) for ticket_id in other_ids]
    closed = next((code for code, row in sorted(desk.statuses().items(),
                                                key=lambda item: item[1].position)
                   if row.kind == "closed" and row.active), None)
    if closed is None:
        raise Conflict("no active closed status to put merged tickets in", {})
    for other in others:
        # Moved entries keep where they came from; the survivor's SLA ignores them.
        for entry in desk.session.scalars(select(TicketEvent).where(
                TicketEvent.ticket_id == other.id)):
            entry.ticket_id = survivor.id
            entry.data = {**entry.data, "merged_from": other.id}
        desk.session.execute(update(Call).where(Call.ticket_id == other.id)
                             .values(ticket_id=survivor.id))
        for user_id in desk.session.scalars(select(TicketWatcher.user_id).where(
                TicketWatcher.ticket_id == other.id)):
            if desk.session.get(TicketWatcher, (survivor.id, user_id)) is None:
                desk.session.add(TicketWatcher(ticket_id=survivor.id, user_id=user_id))
        survivor.tags = sorted(set(survivor.tags) | set(other.tags))
        other.merged_into_id = survivor.id
        other.status, other.closed, other.snoozed_until = closed, True, None
        other.resolved_at, other.resolution_due = desk.now, None
        desk.session.add(TicketEvent(ticket_id=other.id, at=desk.now, author_id=desk.actor_id,
                                     kind="merged_into", data={"ticket_id": survivor.id,
                                                               "number": survivor.number}))
        index_text(desk.session, survivor.id, f"{other.number} {other.subject}")
    desk.record(survivor, "merged", data={"tickets": [
        {"id": other.id, "number": other.number} for other in others]})
    desk.refresh_sla(survivor)
    return survivor


def split(desk: Desk, ticket_id: int, entry_id: int, subject: Any = None) -> Ticket:
    """A message of the ticket becomes a new ticket of its own (same customer, queue)."""
    ticket = desk.ticket(ticket_id)
    entry = desk.session.get(TicketEvent, entry_id)
    if entry is None or entry.ticket_id != ticket.id:
        raise NotFound(f"ticket {ticket.number} has no entry {entry_id}",
                       {"field": "entry_id"})
    if entry.kind not in ("message_in", "message_out"):
        raise InvalidInput("only messages can be split out", {"field": "entry_id"})
    title = subject if subject is not None else \
        (entry.body.strip().splitlines() or [ticket.subject])[0][:120]
    queue = desk.session.get(TicketQueue, ticket.queue_id) if ticket.queue_id else None
    fresh = open_ticket(desk, title, ticket.channel, queue=queue, contact=ticket.contact,
                        priority=ticket.priority, data={"split_from": ticket.id})
    fresh.linked_ticket_id = ticket.id
    entry.ticket_id = fresh.id
    entry.data = {**entry.data, "split_from": ticket.id}
    index_text(desk.session, fresh.id, entry.body)
    desk.record(ticket, "split", data={"entry_id": entry.id, "ticket_id": fresh.id,
                                       "number": fresh.number})
    return fresh
