"""Opening tickets, one or a batch: numbers, SLA, search vector, timeline, rule events.

A batch (an import, a mailbox fetched at once, a burst of calls in one writer batch) costs
one counter statement per pattern, one INSERT for the tickets and one for their timeline
entries, not a round of statements per ticket.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ringdesk.core.errors import InvalidInput
from ringdesk.helpdesk.customers.contacts import do_find_or_create_contact
from ringdesk.helpdesk.customers.models import Contact
from ringdesk.helpdesk.setup.models import TicketQueue
from ringdesk.helpdesk.tickets.changes import CHANNELS, assign, clean_tags
from ringdesk.helpdesk.tickets.desk import Desk, initial_vector
from ringdesk.helpdesk.tickets.models import Ticket
from ringdesk.helpdesk.tickets.numbers import next_numbers


@dataclass
class NewTicket:
    subject: str
    channel: str
    queue: TicketQueue | None = None
    contact: Contact | None = None
    status: str | None = None
    priority: str = "normal"
    tags: list[str] = field(default_factory=list)
    owner_id: int | None = None
    body: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _checked(desk: Desk, wanted: NewTicket, default: TicketQueue | None,
             ) -> tuple[TicketQueue, str, bool]:
    if not isinstance(wanted.subject, str) or not wanted.subject.strip() or \
            len(wanted.subject) > 300:
        raise InvalidInput("a subject is 1-300 characters", {"field": "subject"})
    if wanted.channel not in CHANNELS:
        raise InvalidInput(f"channel is one of {', '.join(CHANNELS)}", {"field": "channel"})
    queue = wanted.queue or default
    assert queue is not None
    status = desk.status(wanted.status or queue.default_status, queue)
    return queue, status.code, status.kind == "closed"


def open_tickets(desk: Desk, batch: list[NewTicket]) -> list[Ticket]:
    default = desk.default_queue() if any(item.queue is None for item in batch) else None
    checked = [_checked(desk, item, default) for item in batch]
    numbers = next_numbers(desk.session, [queue.number_pattern for queue, _, _ in checked],
                           desk.now)
    tickets = []
    for item, (queue, status, closed), number in zip(batch, checked, numbers, strict=True):
        ticket = Ticket(subject=item.subject.strip(), channel=item.channel,
                        contact=item.contact, queue_id=queue.id, status=status, closed=closed,
                        priority=desk.priority(item.priority), tags=clean_tags(item.tags),
                        number=number, created_at=desk.now, updated_at=desk.now,
                        owner_id=None, linked_ticket_id=None, merged_into_id=None,
                        snoozed_until=None, first_reaction_at=None, resolved_at=None,
                        assigned_at=None)
        ticket.search_vector = initial_vector(desk.session,
                                              f"{number} {item.subject} {item.body}")
        # The SLA state is known before the row exists: one INSERT, no UPDATE after it.
        desk.refresh_sla(ticket, [(desk.now, status)], queue)
        tickets.append(ticket)
    desk.session.add_all(tickets)
    desk.session.flush()
    for ticket, item, (queue, _, _) in zip(tickets, batch, checked, strict=True):
        desk.record(ticket, "created", data={"status": ticket.status, "queue": queue.code,
                                             "channel": item.channel, **item.data})
        if item.body:
            desk.record(ticket, "message_in" if item.channel != "agent" else "note",
                        item.body, {"channel": item.channel}, index=False)
        if item.owner_id is not None:
            assign(desk, ticket, item.owner_id, note="")
        desk.events.append(("ticket_created", ticket.id))
    return tickets


def open_ticket(desk: Desk, subject: str, channel: str, **fields: Any) -> Ticket:
    fields["tags"] = fields.get("tags") or []
    fields["data"] = fields.get("data") or {}
    return open_tickets(desk, [NewTicket(subject, channel, **fields)])[0]


def open_customer_ticket(desk: Desk, subject: str, channel: str, phone: str | None = None,
                         email: str | None = None, name: str = "", **fields: Any) -> Ticket:
    contact = do_find_or_create_contact(desk.session, phone=phone, email=email, name=name)
    return open_ticket(desk, subject, channel, contact=contact, **fields)
