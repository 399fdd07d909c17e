"""The call path into the help desk: tickets for calls, opened through the service layer.

Runs inside the call recorder's transaction (the database writer thread), as the system.
A route's "ticket fields" category names a ticket queue by its code; unknown or empty
falls to the default queue.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.live.rows import device_endpoint
from ringdesk.callcenter.pbx.models import AgentAccount
from ringdesk.core.errors import RingdeskError
from ringdesk.core.users.models import User
from ringdesk.helpdesk.customers.contacts import do_find_or_create_contact
from ringdesk.helpdesk.tickets.automation import run_rules
from ringdesk.helpdesk.tickets.changes import assign, move_to_queue, set_priority, set_status
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.helpdesk.tickets.models import Ticket
from ringdesk.helpdesk.tickets.opening import open_ticket

SUBJECTS = {
    "answered": "Call from {caller}",
    "transferred": "Call from {caller}, transferred out",
    "voicemail": "Voicemail from {caller}",
    "abandoned": "Abandoned call from {caller}",
    "out_of_hours": "Call out of hours from {caller}",
    "missed": "Missed call from {caller}",
    "ivr": "Call from {caller}",
}


def do_open_call_ticket(session: Session, caller: str | None, caller_raw: str, outcome: str,
                        at: datetime, status: str = "open", category: str = "",
                        linkedid: str = "", answered_at: datetime | None = None) -> Ticket:
    """``answered_at``: when an agent took the call, which is the ticket's first reaction."""
    desk = Desk(session, None, at)
    contact = do_find_or_create_contact(session, phone=caller)
    who = caller or caller_raw or "an anonymous caller"
    subject = SUBJECTS.get(outcome, "Call from {caller}").format(caller=who)
    queue = desk.queue_or_default(category)
    known = status if status in desk.statuses() else None
    ticket = open_ticket(desk, subject, "phone", queue=queue, contact=contact, status=known)
    # Read in each user's language: subjects.call_<outcome> with the caller.
    ticket.subject_key = f"call_{outcome}" if outcome in SUBJECTS else "call_answered"
    ticket.subject_params = {"caller": caller or caller_raw or ""}
    desk.record(ticket, "call", data={"linkedid": linkedid, "outcome": outcome})
    _reacted(desk, ticket, answered_at)
    run_rules(desk)
    return ticket


def _reacted(desk: Desk, ticket: Ticket, answered_at: datetime | None) -> None:
    """An agent talking to the customer is a reaction (not before the ticket existed)."""
    if answered_at is not None and ticket.first_reaction_at is None:
        ticket.first_reaction_at = max(answered_at, ticket.created_at)
        desk.refresh_sla(ticket)


def do_add_call(session: Session, ticket_id: int, linkedid: str, outcome: str,
                status: str, at: datetime, answered_at: datetime | None = None) -> None:
    """A repeat call joins the caller's open ticket."""
    desk = Desk(session, None, at)
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        return
    desk.record(ticket, "call", data={"linkedid": linkedid, "outcome": outcome})
    _reacted(desk, ticket, answered_at)
    do_set_ticket_status(session, ticket_id, status, at)


def do_apply_ticket_fields(session: Session, ticket_id: int, category: str, priority: str,
                           tags: tuple[str, ...], at: datetime | None = None) -> None:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        return
    desk = Desk(session, None, at or ticket.updated_at)
    ticket.category = category or ticket.category
    try:
        target = desk.queue_or_default(category) if category else None
        if target is not None and target.id != ticket.queue_id:
            move_to_queue(desk, ticket, target.id)
        if priority:
            set_priority(desk, ticket, priority)
    except RingdeskError:
        pass  # a route naming a priority or queue that no longer exists keeps the defaults
    wanted = sorted(set(ticket.tags or []) | set(tags))
    if wanted != sorted(ticket.tags or []):
        desk.record(ticket, "tags", data={"added": sorted(set(wanted) - set(ticket.tags))})
        ticket.tags = wanted
    run_rules(desk)


def do_set_ticket_status(session: Session, ticket_id: int, status: str, at: datetime) -> None:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.status == status:
        return
    desk = Desk(session, None, at)
    try:
        set_status(desk, ticket, status)
    except RingdeskError:
        return  # the status was deleted by an admin: the ticket keeps its own
    run_rules(desk)


def do_give_to_answering_agent(session: Session, ticket_id: int, device: str,
                               at: datetime) -> None:
    """The agent whose phone (``PJSIP/<endpoint>``) took the call owns its ticket, unless
    someone already does: they talk to the customer, they can work the ticket."""
    ticket = session.get(Ticket, ticket_id)
    endpoint = device_endpoint(device)
    if ticket is None or ticket.owner_id is not None or endpoint is None:
        return
    owner = session.scalars(select(User).join(AgentAccount, AgentAccount.user_id == User.id)
                            .where(AgentAccount.endpoint == endpoint, User.active)).first()
    if owner is not None:
        assign(Desk(session, None, at), ticket, owner.id, notify=False)
