"""Creating users and resolving API tokens. Tokens are random and stored as SHA-256: a
leaked database does not leak working tokens (they are long random values, so a fast hash
is enough; passwords, when they come, use argon2)."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from ringdesk.errors import InvalidInput, RingdeskError
from ringdesk.users.models import User

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")


class NotAuthenticated(RingdeskError):
    code = "not_authenticated"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_create_user(session: Session, login: str, display_name: str = "") -> tuple[User, str]:
    """Create a user; return it with its API token, which is shown only this once."""
    if not LOGIN.match(login):
        raise InvalidInput("a login is 2-100 lowercase letters, digits, '.', '_' or '-'",
                           {"field": "login"})
    if session.scalars(select(User).where(User.login == login)).first():
        raise InvalidInput(f"user {login!r} exists already", {"field": "login"})
    token = secrets.token_urlsafe(32)
    user = User(login=login, display_name=display_name or login,
                token_hash=token_digest(token))
    session.add(user)
    session.flush()
    return user, token


def access_user_by_token(session: Session, token: str | None) -> User:
    if not token:
        raise NotAuthenticated("send an API token: Authorization: Bearer <token>")
    user = session.scalars(select(User).where(User.token_hash == token_digest(token))).first()
    if user is None:
        raise NotAuthenticated("unknown API token")
    return user


def access_user_by_login(session: Session, login: str) -> User:
    user = session.scalars(select(User).where(User.login == login)).first()
    if user is None:
        raise InvalidInput(f"no user {login!r}; create one with `ringdesk users add {login}`",
                           {"field": "user"})
    return user
