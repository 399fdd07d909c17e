"""What every API module needs from the request: services, the acting user, a unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, request
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ringdesk.core.db import utcnow
from ringdesk.core.errors import Conflict
from ringdesk.core.users.models import User
from ringdesk.helpdesk.tickets.automation import run_rules
from ringdesk.helpdesk.tickets.desk import Desk
from ringdesk.helpdesk.tickets.listing import Viewer
from ringdesk.web.auth import USER_ID, USER_RANK
from ringdesk.web.schemas.common import UserRef
from ringdesk.web.services import WebServices


def services() -> WebServices:
    found: WebServices = current_app.extensions["ringdesk"]
    return found


def viewer() -> Viewer:
    return Viewer(request.environ[USER_ID], request.environ[USER_RANK])


@contextmanager
def desk_session() -> Iterator[Desk]:
    """One unit of work for the acting user: rules run, then everything commits at once.
    A concurrent change to the same ticket (its version moved) is a conflict, not a loss."""
    try:
        with services().sessions.begin() as session:
            desk = Desk(session, request.environ[USER_ID], utcnow())
            yield desk
            run_rules(desk)
    except StaleDataError:
        raise Conflict("the ticket changed meanwhile; reload it and try again",
                       {"field": "version"}) from None


def users_by_id(session: Session, user_ids: list[int | None]) -> dict[int, UserRef]:
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    return {user.id: UserRef.model_validate(user)
            for user in session.scalars(select(User).where(User.id.in_(wanted)))}
