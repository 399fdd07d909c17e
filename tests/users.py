"""Users with an API token, the way tests drive the API as a given person."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from ringdesk.core.db import utcnow
from ringdesk.core.users.models import User
from ringdesk.core.users.operations import do_create_user
from ringdesk.core.users.tokens import PERSONAL, do_issue_token


def user_and_token(session: Session, login: str, *args: Any, **kwargs: Any) -> tuple[User, str]:
    """A new user and a personal API token of theirs (gated like a session)."""
    user = do_create_user(session, login, *args, **kwargs)
    _, token = do_issue_token(session, user, PERSONAL, utcnow(), timedelta(days=1), "test")
    return user, token
