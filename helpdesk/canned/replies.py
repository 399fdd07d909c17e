"""Canned replies kept by admins, and the texts for one ticket: its queue's replies and
the writer's signature, with the ticket's facts filled in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.core.users.models import User
from ringdesk.helpdesk.canned.models import CannedReply
from ringdesk.helpdesk.setup.models import TicketQueue
from ringdesk.helpdesk.setup.texts import Facts, check_text, fill
from ringdesk.helpdesk.tickets.models import Ticket

TITLE_LENGTH = 120
SIGNATURE_MARK = "-- "  # the usual line above a signature (RFC 3676)


def save_reply(session: Session, reply_id: int | None, changes: dict[str, Any],
               now: datetime) -> CannedReply:
    reply = CannedReply() if reply_id is None else _reply(session, reply_id)
    if reply_id is not None and changes.get("revision", reply.revision) != reply.revision:
        raise Conflict(f"canned reply {reply_id} was changed meanwhile",
                       {"field": "revision", "revision": reply.revision})
    title = str(changes.get("title", reply.title or "")).strip()
    if not 1 <= len(title) <= TITLE_LENGTH:
        raise InvalidInput(f"a title is 1 to {TITLE_LENGTH} characters", {"field": "title"})
    body = check_text(str(changes.get("body", reply.body or "")), "body")
    if not body.strip():
        raise InvalidInput("a canned reply says something", {"field": "body"})
    queues = list(changes.get("queues", reply.queues or []))
    known = set(session.scalars(select(TicketQueue.code)))
    missing = [code for code in queues if code not in known]
    if missing:
        raise InvalidInput(f"no ticket queue {missing[0]!r}", {"field": "queues"})
    reply.title, reply.body, reply.queues = title, body, sorted(set(queues))
    reply.active = bool(changes.get("active", True if reply_id is None else reply.active))
    reply.revision = 1 if reply_id is None else reply.revision + 1
    reply.updated_at = now
    session.add(reply)
    session.flush()
    return reply


def delete_reply(session: Session, reply_id: int) -> CannedReply:
    reply = _reply(session, reply_id)
    session.delete(reply)
    return reply


def _reply(session: Session, reply_id: int) -> CannedReply:
    reply = session.get(CannedReply, reply_id)
    if reply is None:
        raise NotFound(f"canned reply {reply_id} does not exist", {"reply_id": reply_id})
    return reply


def ticket_facts(session: Session, ticket: Ticket, writer: User) -> Facts:
    queue = session.get(TicketQueue, ticket.queue_id) if ticket.queue_id else None
    contact = ticket.contact
    return Facts(customer_name=(contact.name if contact else "") or "",
                 customer_company=contact.company.name if contact and contact.company else "",
                 ticket_number=ticket.number, ticket_subject=ticket.subject,
                 agent_name=writer.display_name or writer.login,
                 queue_name=queue.name if queue else "")


def replies_for(session: Session, ticket: Ticket, writer: User) -> list[tuple[CannedReply, str]]:
    """The active replies for the ticket's queue (and those for every queue), filled in."""
    queue = session.get(TicketQueue, ticket.queue_id) if ticket.queue_id else None
    facts = ticket_facts(session, ticket, writer)
    replies = session.scalars(select(CannedReply).where(CannedReply.active)
                              .order_by(CannedReply.title, CannedReply.id))
    return [(reply, fill(reply.body, facts)) for reply in replies
            if not reply.queues or (queue is not None and queue.code in reply.queues)]


def signature_for(session: Session, ticket: Ticket, writer: User) -> str:
    """The writer's own signature, then their queue's, filled in; empty if neither."""
    queue = session.get(TicketQueue, ticket.queue_id) if ticket.queue_id else None
    parts = [text.strip() for text in (writer.signature, queue.signature if queue else "")
             if text and text.strip()]
    if not parts:
        return ""
    return fill(f"{SIGNATURE_MARK}\n" + "\n\n".join(parts), ticket_facts(session, ticket, writer))
