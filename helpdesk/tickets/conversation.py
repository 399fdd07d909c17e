"""Working a ticket: messages, notes with @mentions, attachments, watchers, snooze."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.core.users.models import User
from ringdesk.core.users.operations import Forbidden
from ringdesk.helpdesk.setup.models import TicketQueue
from ringdesk.helpdesk.tickets.changes import set_status
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.helpdesk.tickets.models import Ticket, TicketEvent, TicketWatcher
from ringdesk.helpdesk.tickets.opening import open_ticket

MENTION = re.compile(r"(?<![\w@])@([a-z0-9][a-z0-9._-]{1,99})")
MAX_BODY = 100_000


def _body(body: Any) -> str:
    if not isinstance(body, str) or not body.strip() or len(body) > MAX_BODY:
        raise InvalidInput(f"body is 1-{MAX_BODY} characters of text", {"field": "body"})
    return body


def mentioned_users(session: Session, body: str) -> dict[str, int]:
    logins = set(MENTION.findall(body))
    if not logins:
        return {}
    return {login: user_id for login, user_id in session.execute(
        select(User.login, User.id).where(User.login.in_(logins), User.active.is_(True)))}


def add_note(desk: Desk, ticket_id: int, body: Any) -> TicketEvent:
    ticket = desk.ticket(ticket_id)
    mentions = mentioned_users(desk.session, _body(body))
    entry = desk.record(ticket, "note", body, {"mentions": sorted(mentions.values())})
    # Someone asked in is let in: they watch the ticket from now on, so the mention leads
    # to a ticket they can open even outside their queues.
    for user_id in sorted(set(mentions.values()) - {desk.actor_id, ticket.owner_id}):
        if desk.session.get(TicketWatcher, (ticket.id, user_id)) is None:
            desk.session.add(TicketWatcher(ticket_id=ticket.id, user_id=user_id))
            desk.record(ticket, "watcher", data={"added": user_id}, about=user_id)
    desk.notify(set(mentions.values()), "mention", ticket)
    return entry


def reply(desk: Desk, ticket_id: int, body: Any, channel: str = "email") -> TicketEvent:
    """An agent's outbound message (its delivery belongs to the channel's issue)."""
    ticket = desk.ticket(ticket_id)
    return desk.record(ticket, "message_out", _body(body), {"channel": channel})


def customer_message(desk: Desk, ticket_id: int, body: Any, channel: str = "email",
                     ) -> tuple[Ticket, TicketEvent]:
    """A message from the customer; on a closed ticket the queue decides what happens.
    Returns the ticket the message landed on (a new linked one, maybe) and its entry."""
    ticket = desk.ticket(ticket_id)
    body = _body(body)
    queue = desk.session.get(TicketQueue, ticket.queue_id) if ticket.queue_id else None
    if ticket.closed and queue is not None:
        desk.notify({ticket.owner_id}, "reply_on_closed", ticket)
        if queue.closed_reply == "new_ticket":
            fresh = open_ticket(desk, f"Re: {ticket.subject}"[:300], ticket.channel,
                                queue=queue, contact=ticket.contact,
                                priority=ticket.priority, data={"linked_to": ticket.id})
            fresh.linked_ticket_id = ticket.id
            desk.record(ticket, "linked", data={"ticket_id": fresh.id,
                                                "number": fresh.number})
            entry = desk.record(fresh, "message_in", body, {"channel": channel})
            return fresh, entry
        entry = desk.record(ticket, "message_in", body, {"channel": channel})
        if queue.closed_reply == "reopen":
            set_status(desk, ticket, queue.reopen_status)
        return ticket, entry
    entry = desk.record(ticket, "message_in", body, {"channel": channel})
    desk.notify({ticket.owner_id} | desk.watchers(ticket), "customer_reply", ticket)
    desk.events.append(("customer_replied", ticket.id))
    return ticket, entry


def add_attachment(desk: Desk, ticket_id: int, name: str, stored_as: str, size: int,
                   content_type: str) -> TicketEvent:
    ticket = desk.ticket(ticket_id)
    return desk.record(ticket, "attachment", name, {"stored_as": stored_as, "size": size,
                                                    "content_type": content_type})


def set_watching(desk: Desk, ticket_id: int, user_id: int, watching: bool) -> None:
    ticket = desk.ticket(ticket_id)
    user = desk.session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound(f"no active user {user_id}", {"user_id": user_id})
    present = desk.session.get(TicketWatcher, (ticket.id, user_id)) is not None
    if watching and not present:
        desk.session.add(TicketWatcher(ticket_id=ticket.id, user_id=user_id))
        desk.record(ticket, "watcher", data={"added": user_id}, about=user_id)
    elif present and not watching:
        desk.session.execute(delete(TicketWatcher).where(
            TicketWatcher.ticket_id == ticket.id, TicketWatcher.user_id == user_id))
        desk.record(ticket, "watcher", data={"removed": user_id})


def snooze(desk: Desk, ticket_id: int, until: datetime, version: int | None = None) -> Ticket:
    ticket = desk.ticket(ticket_id, version)
    if until <= desk.now:
        raise InvalidInput("snooze until a moment in the future", {"field": "until"})
    if ticket.closed:
        raise Conflict("a closed ticket cannot be snoozed", {"field": "status"})
    ticket.snoozed_until = until
    desk.record(ticket, "snoozed", data={"until": until.isoformat()})
    return ticket


def wake(desk: Desk, ticket_id: int) -> Ticket:
    """Early wake-up, by the ticket's owner only (the timer wakes everyone else's)."""
    ticket = desk.ticket(ticket_id)
    if ticket.snoozed_until is None:
        raise Conflict("the ticket is not snoozed", {"field": "snoozed_until"})
    if desk.actor_id is not None and ticket.owner_id != desk.actor_id:
        raise Forbidden("only the ticket's owner can wake it before its time",
                        {"owner_id": ticket.owner_id})
    ticket.snoozed_until = None
    desk.record(ticket, "woken", data={"early": True})
    return ticket


def snooze_ended(desk: Desk, ticket: Ticket) -> None:
    ticket.snoozed_until = None
    desk.record(ticket, "woken", data={"early": False})
    desk.notify({ticket.owner_id} | desk.watchers(ticket), "snooze_ended", ticket)
    desk.events.append(("snooze_ended", ticket.id))


def correct_status_time(desk: Desk, ticket_id: int, entry_id: int, at: datetime) -> Ticket:
    """Move a status change to when it really happened (a supervisor's correction); the
    SLA clock is rebuilt from the corrected history and the correction is itself recorded."""
    ticket = desk.ticket(ticket_id)
    entry = desk.session.get(TicketEvent, entry_id)
    if entry is None or entry.ticket_id != ticket.id or entry.kind != "status" or \
            "merged_from" in entry.data:
        raise InvalidInput(f"ticket {ticket.number} has no status change {entry_id}",
                           {"field": "entry_id"})
    if not ticket.created_at <= at <= desk.now:
        raise InvalidInput("a status change happens between the ticket's creation and now",
                           {"field": "at"})
    before = entry.at
    entry.at = at
    desk.record(ticket, "corrected", data={"entry_id": entry.id, "from": before.isoformat(),
                                           "to": at.isoformat()})
    desk.session.flush()
    desk.refresh_sla(ticket)
    return ticket
