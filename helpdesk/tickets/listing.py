"""Who sees which tickets, and ticket lists: filters, sorting, full-text search, pages.

Admins and supervisors see every ticket. A privileged agent sees the tickets of the queues
they are granted (whoever holds them), an agent only the unassigned ones there; both see
the tickets they hold or watch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    and_,
    cast,
    exists,
    func,
    not_,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from ringdesk.core.errors import InvalidInput, NotFound
from ringdesk.core.users.permissions import ADMIN, PRIVILEGED, SUPERVISOR
from ringdesk.helpdesk.setup.cache import SETUP
from ringdesk.helpdesk.setup.models import TicketQueue, TicketQueueAgent
from ringdesk.helpdesk.tickets.models import Ticket, TicketEvent, TicketWatcher

AnySelect = TypeVar("AnySelect", bound="Select[*tuple[Any, ...]]")
COUNT_LIMIT = 1_000
SORTS = {"created_at": Ticket.created_at, "updated_at": Ticket.updated_at,
         "resolution_due": Ticket.resolution_due, "reaction_due": Ticket.reaction_due,
         "number": Ticket.id, "id": Ticket.id}


@dataclass(frozen=True)
class Viewer:
    user_id: int
    rank: str


def visible_branches(session: Session, viewer: Viewer) -> list[ColumnElement[bool]]:
    """The tickets ``viewer`` may see, as disjoint conditions (their union is the set).

    Each branch is simple enough for one index (what I hold; what waits in my queues; what
    I watch besides), so a page is the best few of each branch merged, never a scan of
    every match. The user's queues and watched tickets are looked up and inlined first.
    """
    if viewer.rank in (ADMIN, SUPERVISOR):
        return [true()]
    granted = list(session.scalars(select(TicketQueueAgent.queue_id).where(
        TicketQueueAgent.user_id == viewer.user_id)))
    watched = list(session.scalars(select(TicketWatcher.ticket_id).where(
        TicketWatcher.user_id == viewer.user_id)))
    mine = Ticket.owner_id == viewer.user_id
    branches = [mine]
    others = Ticket.owner_id.is_(None) if viewer.rank != PRIVILEGED else or_(
        Ticket.owner_id.is_(None), Ticket.owner_id != viewer.user_id)
    # One branch per queue: each walks its queue's index in the wanted order.
    branches.extend(and_(Ticket.queue_id == queue_id, others) for queue_id in granted)
    if watched:
        # IS NOT TRUE, not NOT: an unowned ticket makes "owner = me" NULL, not false.
        branches.append(and_(Ticket.id.in_(watched), or_(*branches).is_not(true())))
    return branches


def visible(session: Session, viewer: Viewer) -> ColumnElement[bool]:
    return or_(*visible_branches(session, viewer))


def check_visible(session: Session, viewer: Viewer, ticket_id: int) -> None:
    """Tickets a user may not see do not exist for them (no hint that they do)."""
    if not session.scalar(select(exists().where(Ticket.id == ticket_id,
                                                visible(session, viewer)))):
        raise NotFound(f"ticket {ticket_id} does not exist",
                       {"field": "ticket_id", "ticket_id": ticket_id})


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


def filtered(session: Session, query: AnySelect, viewer: Viewer, wanted: TicketFilter,
             now: datetime) -> AnySelect:
    kinds = SETUP.get(session).statuses
    normal = {code for code, status in kinds.items() if status.kind == "normal"}
    only_open = bool(wanted.statuses) and set(wanted.statuses) <= normal
    if not wanted.merged and not only_open:  # merged tickets are closed
        query = query.where(Ticket.merged_into_id.is_(None))
    if only_open:
        # Open work: the partial indexes of open tickets apply, and when every open
        # status is wanted the status test is left out (it would hide that from the
        # planner, which then misjudges how many tickets wait).
        # NOT closed, as the partial indexes say it ("closed IS false" would not match).
        query = query.where(not_(Ticket.closed))
        if set(wanted.statuses) != normal:
            query = query.where(Ticket.status.in_(wanted.statuses))
    elif wanted.statuses:
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
        # Tags are a JSON list: match the quoted tag in its text (% and _ taken literally).
        query = query.where(cast(Ticket.tags, Text).contains(f'"{wanted.tag}"',
                                                            autoescape=True))
    if wanted.contact_id:
        query = query.where(Ticket.contact_id == wanted.contact_id)
    if wanted.snoozed == "exclude":
        query = query.where(or_(Ticket.snoozed_until.is_(None), Ticket.snoozed_until <= now))
    elif wanted.snoozed == "only":
        query = query.where(Ticket.snoozed_until > now)
    if wanted.text:
        query = query.where(_matches(session, wanted.text))
    return query


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
    """A page and the total, counted up to ``COUNT_LIMIT`` (a list does not need to know
    whether 40,000 or 41,000 tickets match; counting them all costs more than the page).

    Each visibility branch gives its best ``page * per_page`` ids in the wanted order; the
    page is cut from their union, and only its tickets are loaded."""
    column = SORTS[wanted.sort.lstrip("-")]
    descending = wanted.sort.startswith("-")
    # Ties go by id in the direction of the sort: exactly the order of the (…, key, id)
    # indexes of open work, so each branch is an index walk that stops after ``depth``.
    # NULLS LAST only where there are NULLs: on a NOT NULL column it would keep
    # PostgreSQL from walking the column's index (newest first, say).
    direction = column.desc() if descending else column.asc()
    order: list[Any] = [direction.nulls_last() if column.nullable else direction,
                        Ticket.id.desc() if descending else Ticket.id.asc()]
    depth = page * per_page
    visibility = visible_branches(session, viewer)
    # Each branch is its own subquery: SQLite allows no ORDER BY/LIMIT inside a UNION.
    branches = [select(part.c.id, part.c.key) for part in (
        filtered(session, select(Ticket.id, column.label("key")).where(branch), viewer, wanted,
                 now).order_by(*order).limit(depth).subquery()
        for branch in visibility)]
    merged = union_all(*branches).subquery() if len(branches) > 1 else branches[0].subquery()
    key = merged.c.key.desc() if descending else merged.c.key.asc()
    ids = list(session.scalars(select(merged.c.id).order_by(
        key.nulls_last() if column.nullable else key,
        merged.c.id.desc() if descending else merged.c.id.asc())
                               .offset(depth - per_page).limit(per_page)))
    loaded = {ticket.id: ticket for ticket in
              session.scalars(select(Ticket).where(Ticket.id.in_(ids)))} if ids else {}
    total = sum(session.scalar(select(func.count()).select_from(
        filtered(session, select(Ticket.id).where(branch), viewer, wanted, now)
        .limit(COUNT_LIMIT + 1).subquery())) or 0
        for branch in visibility)
    return [loaded[ticket_id] for ticket_id in ids], min(total, COUNT_LIMIT + 1)
