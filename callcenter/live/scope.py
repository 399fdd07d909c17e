"""A person's live-board view from the database: the queues they supervise and whether
their rank sees callers' numbers masked (``live.mask_numbers_for``)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.live.views import BoardView
from ringdesk.callcenter.pbx.models import PbxQueue, queue_supervisors
from ringdesk.core.errors import NotFound
from ringdesk.core.users.models import User
from ringdesk.core.users.permissions import ADMIN


def board_view(session: Session, user_id: int, rank: str, masked_ranks: Iterable[str]
               ) -> BoardView:
    mask = rank in set(masked_ranks)
    if rank == ADMIN:
        return BoardView(None, mask)
    watched = frozenset(session.scalars(
        select(PbxQueue.name).join(queue_supervisors,
                                   queue_supervisors.c.queue_id == PbxQueue.id)
        .where(queue_supervisors.c.user_id == user_id)))
    return BoardView(watched or None, mask)


def check_call_in_view(session: Session, user_id: int, linkedid: str, queue: str) -> None:
    """Listening in or sending a caller on is for calls in one's own queues: any other call
    is answered as if it did not exist."""
    user = session.get(User, user_id)
    view = board_view(session, user_id, user.rank if user else "", ())
    if view.queues is not None and queue not in view.queues:
        raise NotFound(f"no call {linkedid} is in progress", {"linkedid": linkedid})
