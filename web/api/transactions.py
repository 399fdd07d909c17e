"""A view's database session: reading, or writing as the user check_access found."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import request
from sqlalchemy.orm import Session

from ringdesk.core.users.models import User
from ringdesk.web.api.common import services
from ringdesk.web.auth import USER_ID


@contextmanager
def writing() -> Iterator[tuple[Session, User]]:
    with services().sessions.begin() as session:
        yield session, acting_user(session)


@contextmanager
def reading() -> Iterator[Session]:
    with services().sessions() as session:  # check_access has authenticated the caller
        yield session


def acting_user(session: Session) -> User:
    """The acting user, as check_access found them (token or browser session)."""
    user = session.get(User, request.environ[USER_ID])
    assert user is not None
    return user
