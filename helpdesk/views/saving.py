"""Saved ticket views: who sees which, and the checks a view passes before it is kept.

Anyone saves views of their own; only admins share one, with ranks and with the agents
of ticket queues. A view holds filters exactly as the ticket list takes them, checked
the same way, so a saved view never opens onto an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.core.users.operations import Forbidden
from ringdesk.core.users.permissions import Rank, may
from ringdesk.helpdesk.setup.models import TicketQueue, TicketQueueAgent
from ringdesk.helpdesk.tickets.listing import Viewer, parse_filter
from ringdesk.helpdesk.views.models import SavedView

# What a list's address may hold besides the filters the API reads.
LIST_KEYS = frozenset({"view", "status", "queue", "priority", "channel", "tag", "owner",
                       "snoozed", "q", "sort", "contact_id"})
VIEWS = frozenset({"mine", "waiting", "all"})
NAME_LENGTH = 80


def visible_views(session: Session, viewer: Viewer) -> list[SavedView]:
    """The viewer's own views, then those shared with their rank or one of their queues."""
    mine = set(session.scalars(select(TicketQueue.code).join(
        TicketQueueAgent, TicketQueueAgent.queue_id == TicketQueue.id).where(
        TicketQueueAgent.user_id == viewer.user_id)))
    views = session.scalars(select(SavedView).where(
        (SavedView.owner_id == viewer.user_id) | SavedView.owner_id.is_(None))
        .order_by(SavedView.owner_id.is_(None), SavedView.name, SavedView.id)).all()
    return [view for view in views if view.owner_id == viewer.user_id
            or viewer.rank in view.ranks or mine & set(view.queues)
            or may(viewer.rank, "helpdesk.write")]


def save_view(session: Session, viewer: Viewer, view_id: int | None, name: str,
              filters: Mapping[str, str], shared: bool, ranks: list[str], queues: list[str],
              revision: int | None, now: datetime) -> SavedView:
    name = name.strip()
    if not name or len(name) > NAME_LENGTH:
        raise InvalidInput(f"a view's name is 1 to {NAME_LENGTH} characters", {"field": "name"})
    cleaned = check_filters(filters)
    if shared and not may(viewer.rank, "helpdesk.write"):
        raise Forbidden("only admins share views", {"field": "shared"})
    if not shared and (ranks or queues):
        raise InvalidInput("a personal view is shared with nobody", {"field": "ranks"})
    known_ranks = {rank.value for rank in Rank}
    strange = [rank for rank in ranks if rank not in known_ranks]
    if strange:
        raise InvalidInput(f"no rank {strange[0]!r}", {"field": "ranks"})
    codes = set(session.scalars(select(TicketQueue.code)))
    missing = [code for code in queues if code not in codes]
    if missing:
        raise InvalidInput(f"no ticket queue {missing[0]!r}", {"field": "queues"})
    if shared and not (ranks or queues):
        raise InvalidInput("share a view with at least one rank or queue", {"field": "ranks"})
    if view_id is None:
        view = SavedView(owner_id=None if shared else viewer.user_id)
        session.add(view)
    else:
        view = editable_view(session, viewer, view_id)
        if revision is not None and revision != view.revision:
            raise Conflict(f"view {view_id} was changed meanwhile",
                           {"field": "revision", "revision": view.revision})
        view.revision += 1
        view.owner_id = None if shared else (view.owner_id or viewer.user_id)
    view.name, view.filters = name, cleaned
    view.ranks, view.queues = sorted(set(ranks)), sorted(set(queues))
    view.updated_at = now
    session.flush()
    return view


def editable_view(session: Session, viewer: Viewer, view_id: int) -> SavedView:
    """One's own view; a shared one only for admins. Others' views do not exist."""
    view = session.get(SavedView, view_id)
    if view is None or (view.owner_id is not None and view.owner_id != viewer.user_id):
        raise NotFound(f"view {view_id} does not exist", {"view_id": view_id})
    if view.owner_id is None and not may(viewer.rank, "helpdesk.write"):
        raise Forbidden("only admins change shared views", {"view_id": view_id})
    return view


def check_filters(filters: Mapping[str, str]) -> dict[str, str]:
    unknown = sorted(set(filters) - LIST_KEYS)
    if unknown:
        raise InvalidInput(f"a ticket list has no filter {unknown[0]!r}", {"field": "filters"})
    cleaned = {key: str(value) for key, value in filters.items() if str(value) != ""}
    if cleaned.get("view", "mine") not in VIEWS:
        raise InvalidInput("view is mine, waiting or all", {"field": "filters"})
    try:
        parse_filter({key: value for key, value in cleaned.items() if key != "view"})
    except InvalidInput as problem:
        raise InvalidInput(str(problem), {"field": "filters"}) from problem
    return cleaned
