"""Writes to tickets and contacts. Every ticket is opened through here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpdesk.counters import do_next_ticket_number
from helpdesk.models import Contact, Ticket
from helpdesk.numbering import NumberPattern, parse_pattern

DEFAULT_PATTERN = parse_pattern("{{nr}}")

SUBJECTS = {
    "answered": "Call from {caller}",
    "transferred": "Call from {caller}, transferred out",
    "voicemail": "Voicemail from {caller}",
    "abandoned": "Abandoned call from {caller}",
    "out_of_hours": "Call out of hours from {caller}",
    "missed": "Missed call from {caller}",
    "ivr": "Call from {caller}",
}


def do_find_or_create_contact(session: Session, phone: str | None) -> Contact | None:
    if phone is None:
        return None
    contact = session.scalars(select(Contact).where(Contact.phone == phone)).first()
    if contact is None:
        contact = Contact(phone=phone, name="")
        session.add(contact)
        session.flush()
    return contact


def do_open_call_ticket(
    session: Session, caller: str | None, caller_raw: str, outcome: str, at: datetime,
    pattern: NumberPattern = DEFAULT_PATTERN, status: str = "open",
) -> Ticket:
    contact = do_find_or_create_contact(session, caller)
    who = caller or caller_raw or "an anonymous caller"
    subject = SUBJECTS.get(outcome, "Call from {caller}").format(caller=who)
    ticket = Ticket(subject=subject, status=status, channel="phone", contact=contact,
                    number=do_next_ticket_number(session, pattern, at), created_at=at,
                    updated_at=at)
    session.add(ticket)
    session.flush()
    return ticket


def do_apply_ticket_fields(session: Session, ticket_id: int, category: str, priority: str,
                           tags: tuple[str, ...]) -> None:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        return
    ticket.category = category or ticket.category
    ticket.priority = priority or ticket.priority
    ticket.tags = sorted(set(ticket.tags or []) | set(tags))


def do_set_ticket_status(session: Session, ticket_id: int, status: str, at: datetime) -> None:
    ticket = session.get(Ticket, ticket_id)
    if ticket is not None and ticket.status != status:
        ticket.status = status
        ticket.updated_at = at
