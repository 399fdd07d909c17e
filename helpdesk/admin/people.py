"""Users leaving: who took part in tickets is never deleted; open tickets are handed over."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, not_, or_, select
from sqlalchemy.orm import Session

from ringdesk.core.errors import Conflict, InvalidInput
from ringdesk.core.users.models import User
from ringdesk.helpdesk.setup.models import Notification, TicketQueue, TicketQueueAgent
from ringdesk.helpdesk.tickets.changes import assign, set_status
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.helpdesk.tickets.models import Ticket, TicketEvent, TicketWatcher

CHOICES = ("reassign", "close")


def took_part(desk: Desk, user_id: int) -> bool:
    return bool(desk.session.scalar(select(or_(
        exists().where(Ticket.owner_id == user_id),
        exists().where(TicketEvent.author_id == user_id),
        exists().where(TicketEvent.about_user_id == user_id),
        exists().where(TicketWatcher.user_id == user_id)))))


def open_tickets_of(desk: Desk, user_id: int) -> list[Ticket]:
    return list(desk.session.scalars(select(Ticket).where(
        Ticket.owner_id == user_id, not_(Ticket.closed),
        Ticket.merged_into_id.is_(None)).order_by(Ticket.id)))


def hand_over(desk: Desk, user_id: int, choice: Any, reassign_to: Any = None) -> int:
    """Before deactivating: reassign (to a user, or back to distribution) or close the
    user's open tickets. Without a choice, a user holding open tickets is a conflict that
    says how many there are and what can be done."""
    tickets = open_tickets_of(desk, user_id)
    if not tickets:
        return 0
    if choice is None:
        raise Conflict(f"the user holds {len(tickets)} open tickets: send open_tickets "
                       "'reassign' (with reassign_to, or none to hand them back to their "
                       "queues) or 'close'",
                       {"field": "open_tickets", "open_tickets": len(tickets),
                        "choices": list(CHOICES)})
    if choice not in CHOICES:
        raise InvalidInput("open_tickets is reassign or close", {"field": "open_tickets"})
    if choice == "reassign":
        if reassign_to is not None:
            target = desk.session.get(User, reassign_to) if isinstance(reassign_to, int) \
                and not isinstance(reassign_to, bool) else None
            if target is None or not target.active or target.id == user_id:
                raise InvalidInput("reassign_to is another active user's id",
                                   {"field": "reassign_to"})
        for ticket in tickets:
            assign(desk, ticket, reassign_to, note="previous owner deactivated")
    else:
        closed = min((row for row in desk.statuses().values()
                      if row.kind == "closed" and row.active),
                     key=lambda row: row.position, default=None)
        if closed is None:
            raise Conflict("no active closed status", {"field": "open_tickets"})
        for ticket in tickets:
            set_status(desk, ticket, closed.code)
    return len(tickets)


def count_notifications(session: Session, user_id: int) -> dict[str, int]:
    """Unread notifications per kind; "new_ticket" counts unassigned open tickets of the
    user's manual queues opened since they last marked new tickets seen."""
    counters = {key: value for key, value in session.execute(
        select(Notification.kind, func.count()).where(
            Notification.user_id == user_id, Notification.read.is_(False))
        .group_by(Notification.kind))}
    seen = session.scalar(select(User.tickets_seen_at).where(User.id == user_id))
    query = select(func.count(Ticket.id)).where(
        Ticket.owner_id.is_(None), not_(Ticket.closed), Ticket.merged_into_id.is_(None),
        Ticket.queue_id.in_(select(TicketQueueAgent.queue_id).join(
            TicketQueue, TicketQueue.id == TicketQueueAgent.queue_id).where(
            TicketQueueAgent.user_id == user_id, TicketQueue.distribution == "manual")))
    if seen is not None:
        query = query.where(Ticket.created_at > seen)
    counters["new_ticket"] = session.scalar(query) or 0
    return counters


def mark_new_tickets_seen(desk: Desk, user_id: int) -> None:
    user = desk.session.get(User, user_id)
    if user is not None:
        user.tickets_seen_at = desk.now
