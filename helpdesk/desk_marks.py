"""How far the help desk has got, cheaply: the newest timeline entry (every change to a
ticket writes one) and the newest notification. The server compares them each second and
tells the open desks what moved; the desks fetch what they may see through the API."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ringdesk.helpdesk.setup.models import Notification
from ringdesk.helpdesk.tickets.models import TicketEvent


@dataclass(frozen=True)
class DeskMarks:
    last_event: int
    last_notification: int


def desk_marks(session: Session) -> DeskMarks:
    return DeskMarks(session.scalar(select(func.max(TicketEvent.id))) or 0,
                     session.scalar(select(func.max(Notification.id))) or 0)


def notified_since(session: Session, after: int, upto: int) -> set[int]:
    """The people with a notification newer than ``after`` (up to ``upto``)."""
    return set(session.scalars(select(Notification.user_id).distinct().where(
        Notification.id > after, Notification.id <= upto)))
