"""Who sees which tickets, and ticket lists: filters, sorting, full-text search, pages.

Admins and supervisors see every ticket. A privileged agent sees the tickets of the queues
they are granted (whoever holds them), an agent only the unassigned ones there; both see
the tickets they hold or watch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, true
from sqlalchemy.orm import Session

from helpdesk.models import Ticket, TicketEvent, TicketWatcher
from helpdesk.setup_models import TicketQueue, TicketQueueAgent
from ringdesk.errors import InvalidInput, NotFound
from ringdesk.users.permissions import ADMIN, PRIVILEGED, SUPERVISOR

SORTS = {"created_at": Ticket.created_at, "updated_at": Ticket.updated_at,
         "resolution_due": Ticket.resolution_due, "reaction_due": Ticket.reaction_due,
         "number": Ticket.id, "id": Ticket.id}


@dataclass(frozen=True)
class Viewer:
    user_id: int
    rank: str


def visible(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.rank in (ADMIN, SUPERVISOR):
        return true()
    granted = select(TicketQueueAgent.queue_id).where(TicketQueueAgent.user_id == viewer.user_id)
    in_queue = Ticket.queue_id.in_(granted)
    watched = exists().where(TicketWatcher.ticket_id == Ticket.id,
                             TicketWatcher.user_id == viewer.user_id)
    if viewer.rank == PRIVILEGED:
        return or_(Ticket.owner_id == viewer.user_id, in_queue, watched)
    return or_(Ticket.owner_id == viewer.user_id, and_(in_queue, Ticket.owner_id.is_(None)),
               watched)


def check_visible(session: Session, viewer: Viewer, ticket_id: int) -> None:
    """Tickets a user may not see do not exist for them (no hint that they do)."""
    if not session.scalar(select(exists().where(Ticket.id == ticket_id, visible(viewer)))):
        raise NotFound(f"ticket {ticket_id} does not exist", {"ticket_id": ticket_id})


@dataclass(frozen=True)
class TicketFilter:
    statuses: tuple[str, ...] = ()
    queues: tuple[str, ...] = ()
    owner: str | None = None  # "me", "none" or a user id
    priorities: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    tag: str | None = None
    contact_id: int | None = None
    text: str | None = None
    snoozed: str = "exclude"  # exclude | only | include
    merged: bool = False
    sort: str = "-created_at"


def parse_filter(given: dict[str, str]) -> TicketFilter:
    args = {name: value for name, value in given.items() if value != ""}  # empty: not set
    def many(name: str) -> tuple[str, ...]:
        return tuple(part for part in args.get(name, "").split(",") if part)
    sort = args.get("sort", "-created_at")
    if sort.lstrip("-") not in SORTS:
        raise InvalidInput(f"sort by one of {', '.join(SORTS)} (prefix - for descending)",
                           {"field": "sort"})
    snoozed = args.get("snoozed", "exclude")
    if snoozed not in ("exclude", "only", "include"):
        raise InvalidInput("snoozed is exclude, only or include", {"field": "snoozed"})
    owner = args.get("owner")
    if owner not in (None, "me", "none") and not (owner or "").isdigit():
        raise InvalidInput("owner is me, none or a user id", {"field": "owner"})
    contact = args.get("contact_id")
    if contact is not None and not contact.isdigit():
        raise InvalidInput("contact_id is a number", {"field": "contact_id"})
    text = (args.get("q") or "").strip() or None
    if text is not None and len(text) > 200:
        raise InvalidInput("search text is up to 200 characters", {"field": "q"})
    return TicketFilter(many("status"), many("queue"), owner, many("priority"),
                        many("channel"), args.get("tag") or None,
                        int(contact) if contact else None, text, snoozed,
                        args.get("merged") == "true", sort)


def ticket_query(session: Session, viewer: Viewer, wanted: TicketFilter,
                 now: datetime) -> Select[Any]:
    query = select(Ticket).where(visible(viewer))
    if not wanted.merged:
        query = query.where(Ticket.merged_into_id.is_(None))
    if wanted.statuses:
        query = query.where(Ticket.status.in_(wanted.statuses))
    if wanted.queues:
        query = query.where(Ticket.queue_id.in_(
            select(TicketQueue.id).where(TicketQueue.code.in_(wanted.queues))))
    if wanted.owner == "me":
        query = query.where(Ticket.owner_id == viewer.user_id)
    elif wanted.owner == "none":
        query = query.where(Ticket.owner_id.is_(None))
    elif wanted.owner:
        query = query.where(Ticket.owner_id == int(wanted.owner))
    if wanted.priorities:
        query = query.where(Ticket.priority.in_(wanted.priorities))
    if wanted.channels:
        query = query.where(Ticket.channel.in_(wanted.channels))
    if wanted.tag:
        query = query.where(func.cast(Ticket.tags, _text_type()).like(f'%"{wanted.tag}"%'))
    if wanted.contact_id:
        query = query.where(Ticket.contact_id == wanted.contact_id)
    if wanted.snoozed == "exclude":
        query = query.where(or_(Ticket.snoozed_until.is_(None), Ticket.snoozed_until <= now))
    elif wanted.snoozed == "only":
        query = query.where(Ticket.snoozed_until > now)
    if wanted.text:
        query = query.where(_matches(session, wanted.text))
    return query


def _text_type() -> Any:
    from sqlalchemy import Text
    return Text()


def _matches(session: Session, text: str) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "postgresql":
        return or_(Ticket.search_vector.op("@@")(func.plainto_tsquery("simple", text)),
                   Ticket.number == text)
    pattern = f"%{text}%"
    return or_(Ticket.subject.ilike(pattern), Ticket.number.ilike(pattern),
               exists().where(TicketEvent.ticket_id == Ticket.id,
                              TicketEvent.body.ilike(pattern)))


def list_tickets(session: Session, viewer: Viewer, wanted: TicketFilter, now: datetime,
                 page: int, per_page: int) -> tuple[list[Ticket], int]:
    query = ticket_query(session, viewer, wanted, now)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    column = SORTS[wanted.sort.lstrip("-")]
    order = column.desc() if wanted.sort.startswith("-") else column.asc()
    rows = session.scalars(query.order_by(order.nulls_last(), Ticket.id.desc())
                           .offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total or 0
