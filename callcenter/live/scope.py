"""A person's live-board view from the database: the queues they supervise and whether
their rank sees callers' numbers masked (callcenter/live/masking.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.callcenter.live.masking import masking
from ringdesk.callcenter.live.views import BoardView
from ringdesk.callcenter.pbx.models import PbxQueue, queue_supervisors
from ringdesk.core.errors import NotFound
from ringdesk.core.users.models import User
from ringdesk.core.users.permissions import ADMIN


def board_view(session: Session, user_id: int, rank: str, file_masked: list[str]
               ) -> BoardView:
    return board_views(session, [(user_id, rank)], file_masked)[0]


def board_views(session: Session, people: Sequence[tuple[int, str]], file_masked: list[str]
                ) -> list[BoardView]:
    """Each person's view (by id and rank) in two queries however many there are: the
    open live streams are rechecked together."""
    if not people:
        return []
    masked = set(masking(session, file_masked).ranks)
    watched: defaultdict[int, set[str]] = defaultdict(set)
    rows = session.execute(
        select(queue_supervisors.c.user_id, PbxQueue.name)
        .join(PbxQueue, queue_supervisors.c.queue_id == PbxQueue.id)
        .where(queue_supervisors.c.user_id.in_({user_id for user_id, _ in people})))
    for user_id, queue in rows:
        watched[user_id].add(queue)
    return [BoardView(None if rank == ADMIN else frozenset(watched[user_id]) or None,
                      rank in masked) for user_id, rank in people]


def check_call_in_view(session: Session, user_id: int, linkedid: str, queue: str) -> None:
    """Listening in or sending a caller on is for calls in one's own queues: any other call
    is answered as if it did not exist."""
    user = session.get(User, user_id)
    view = board_view(session, user_id, user.rank if user else "", [])
    if view.queues is not None and queue not in view.queues:
        raise NotFound(f"no call {linkedid} is in progress", {"linkedid": linkedid})
