"""Opening tickets and changing their fields: status, priority, queue, owner, subject, tags."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.core.errors import InvalidInput
from ringdesk.core.users.models import User
from ringdesk.helpdesk.setup.models import TicketQueue, TicketQueueAgent
from ringdesk.helpdesk.tickets.desk import Desk, index_text
from ringdesk.helpdesk.tickets.models import Ticket
from ringdesk.helpdesk.tickets.numbers import next_numbers

CHANNELS = ("phone", "email", "sms", "form", "agent")
MAX_TAGS = 50


def next_number(desk: Desk, queue: TicketQueue) -> str:
    return next_numbers(desk.session, [queue.number_pattern], desk.now)[0]


def clean_tags(tags: Any) -> list[str]:
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise InvalidInput("tags is a list of words", {"field": "tags"})
    cleaned = sorted({tag.strip().lower() for tag in tags if tag.strip()})
    if len(cleaned) > MAX_TAGS or any(len(tag) > 50 for tag in cleaned):
        raise InvalidInput(f"at most {MAX_TAGS} tags of up to 50 characters",
                           {"field": "tags"})
    return cleaned


def queue_agent_ids(session: Session, queue_id: int | None) -> list[int]:
    return list(session.scalars(
        select(TicketQueueAgent.user_id).join(User, User.id == TicketQueueAgent.user_id)
        .where(TicketQueueAgent.queue_id == queue_id, User.active.is_(True))))


def set_status(desk: Desk, ticket: Ticket, code: str) -> None:
    if code == ticket.status:
        return
    queue = desk.session.get(TicketQueue, ticket.queue_id) if ticket.queue_id else None
    new = desk.status(code, queue)
    old = ticket.status
    ticket.status = new.code
    ticket.closed = new.kind == "closed"
    ticket.resolved_at = desk.now if ticket.closed else None
    if ticket.closed:
        ticket.snoozed_until = None
    desk.record(ticket, "status", data={"from": old, "to": new.code})
    desk.refresh_sla(ticket, queue=queue)
    desk.events.append(("status_changed", ticket.id))


def set_priority(desk: Desk, ticket: Ticket, code: str) -> None:
    code = desk.priority(code)
    if code != ticket.priority:
        desk.record(ticket, "priority", data={"from": ticket.priority, "to": code})
        ticket.priority = code


def set_subject(desk: Desk, ticket: Ticket, subject: Any) -> None:
    if not isinstance(subject, str) or not subject.strip() or len(subject) > 300:
        raise InvalidInput("a subject is 1-300 characters", {"field": "subject"})
    if subject.strip() != ticket.subject:
        desk.record(ticket, "subject", data={"from": ticket.subject, "to": subject.strip()})
        ticket.subject = subject.strip()
        ticket.subject_key, ticket.subject_params = "", {}
        index_text(desk.session, ticket.id, ticket.subject)


def set_tags(desk: Desk, ticket: Ticket, tags: Any) -> None:
    wanted = clean_tags(tags)
    added, removed = sorted(set(wanted) - set(ticket.tags)), sorted(set(ticket.tags) - set(wanted))
    if added or removed:
        desk.record(ticket, "tags", data={"added": added, "removed": removed})
        ticket.tags = wanted


def assign(desk: Desk, ticket: Ticket, owner_id: int | None, note: str = "",
           notify: bool = True) -> None:
    """Give the ticket to an agent (None: back to the queue); a note may explain why.
    ``notify``: tell the new owner (not when they took it themselves, e.g. by answering)."""
    if owner_id is not None:
        owner = desk.session.get(User, owner_id)
        if owner is None or not owner.active:
            raise InvalidInput(f"no active user {owner_id}", {"field": "owner_id"})
    if owner_id == ticket.owner_id:
        return
    previous = ticket.owner_id
    ticket.owner_id = owner_id
    ticket.assigned_at = desk.now if owner_id else None
    desk.record(ticket, "assigned", note, {"from": previous, "to": owner_id}, about=owner_id)
    if notify and owner_id is not None and owner_id != desk.actor_id:
        desk.notify({owner_id}, "transferred_to_me", ticket, {"by": desk.actor_id})


def move_to_queue(desk: Desk, ticket: Ticket, queue_ref: Any, note: str = "") -> None:
    """Transfer to another queue: its status set, numbering and SLA targets apply."""
    target = desk.queue(queue_ref)
    if target.id == ticket.queue_id:
        return
    source = desk.session.get(TicketQueue, ticket.queue_id) if ticket.queue_id else None
    data: dict[str, Any] = {"from": source.code if source else None, "to": target.code}
    if target.statuses and ticket.status not in target.statuses:
        data["status"] = {"from": ticket.status, "to": target.default_status}
        status = desk.status(target.default_status, target)
        ticket.status, ticket.closed = status.code, status.kind == "closed"
    if target.renumber_on_move:
        data["number"] = {"from": ticket.number}
        ticket.number = next_number(desk, target)
        data["number"]["to"] = ticket.number
        index_text(desk.session, ticket.id, ticket.number)
    ticket.queue_id = target.id
    desk.record(ticket, "queue", note, data)
    desk.refresh_sla(ticket, queue=target)


def change_ticket(desk: Desk, ticket_id: int, version: int | None,
                  changes: dict[str, Any]) -> Ticket:
    """Apply a PATCH: every field changed is its own timeline entry, one version step."""
    allowed = {"subject", "status", "priority", "tags", "owner_id", "queue", "note"}
    unknown = sorted(set(changes) - allowed - {"version"})
    if unknown:
        raise InvalidInput(f"unknown field {unknown[0]!r}", {"field": unknown[0]})
    ticket = desk.ticket(ticket_id, version)
    note = changes.get("note") or ""
    if not isinstance(note, str):
        raise InvalidInput("note is text", {"field": "note"})
    if "subject" in changes:
        set_subject(desk, ticket, changes["subject"])
    if "queue" in changes:
        move_to_queue(desk, ticket, changes["queue"], note)
    if "status" in changes:
        set_status(desk, ticket, changes["status"])
    if "priority" in changes:
        set_priority(desk, ticket, changes["priority"])
    if "tags" in changes:
        set_tags(desk, ticket, changes["tags"])
    if "owner_id" in changes:
        owner = changes["owner_id"]
        if owner is not None and (isinstance(owner, bool) or not isinstance(owner, int)):
            raise InvalidInput("owner_id is a user id or null", {"field": "owner_id"})
        assign(desk, ticket, owner, note)
    desk.session.flush()
    return ticket
