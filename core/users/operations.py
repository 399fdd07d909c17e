"""Users: creating and changing them, checking passwords. Passwords are argon2 hashes;
API tokens live in core/users/tokens.py, browser sessions in core/users/sessions.py.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ringdesk.core.errors import Conflict, InvalidInput, NotFound, RingdeskError
from ringdesk.core.users.models import BrowserSession, User, UserToken
from ringdesk.core.users.permissions import RANKS

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
_hasher = PasswordHasher()


class NotAuthenticated(RingdeskError):
    code = "not_authenticated"


class Forbidden(RingdeskError):
    """Authenticated, but this rank may not do that."""

    code = "forbidden"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_create_user(session: Session, login: str, display_name: str = "",
                   rank: str = "agent", email: str | None = None,
                   password: str | None = None) -> User:
    """Create a user. No token is handed out: the person signs in with the first password
    (which they must change) and makes their own tokens."""
    if not isinstance(login, str) or not LOGIN.match(login):
        raise InvalidInput("a login is 2-100 lowercase letters, digits, '.', '_' or '-'",
                           {"field": "login"})
    _check(rank=rank, email=email, password=password)
    if session.scalars(select(User).where(User.login == login)).first():
        raise Conflict(f"user {login!r} exists already", {"field": "login"})
    if email and session.scalars(select(User).where(User.email == email.lower())).first():
        raise Conflict(f"{email!r} is another user's email", {"field": "email"})
    user = User(login=login, display_name=display_name or login, rank=rank,
                email=email.lower() if email else None,
                password_hash=_hasher.hash(password) if password else None, active=True)
    session.add(user)
    session.flush()
    return user


def do_update_user(session: Session, user_id: int, changes: dict[str, object]) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}", {"user_id": user_id})
    unknown = set(changes) - {"display_name", "rank", "email", "password", "active"}
    if unknown:
        raise InvalidInput(f"unknown fields: {', '.join(sorted(unknown))}",
                           {"field": sorted(unknown)[0]})
    _check(**{key: changes[key] for key in ("rank", "email", "password", "active")
              if key in changes})
    if "password" in changes and not isinstance(changes["password"], str):
        raise InvalidInput(f"password: at least {MIN_PASSWORD} characters",
                           {"field": "password"})
    if "display_name" in changes:
        if not isinstance(changes["display_name"], str):
            raise InvalidInput("display_name must be text", {"field": "display_name"})
        user.display_name = changes["display_name"]
    if "rank" in changes:
        user.rank = str(changes["rank"])
    if "email" in changes:
        email = str(changes["email"]).lower() if changes["email"] else None
        other = session.scalars(select(User).where(User.email == email)).first() \
            if email else None
        if other is not None and other.id != user.id:
            raise Conflict(f"{email!r} is another user's email", {"field": "email"})
        user.email = email
    if "password" in changes:
        user.password_hash = _hasher.hash(str(changes["password"]))
        user.must_change_password = True  # set by an admin: the user chooses their own
        end_credentials(session, user.id, PASSWORD_CHANGED)  # whoever held the old one: out
    if "active" in changes:
        user.active = bool(changes["active"])
        if not user.active:  # a deactivated user's sessions end now
            end_credentials(session, user.id, DEACTIVATED)
    session.flush()
    return user


# Why a browser session was ended elsewhere: the browser that held it says so.
SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"
PASSWORD_CHANGED = "password_changed"
DEACTIVATED = "deactivated"
ENDED_BY_ADMIN = "ended_by_admin"


def end_browser_sessions(session: Session, user_id: int, reason: str,
                         keep: str | None = None) -> int:
    """End the user's browser sessions (but the one with token ``keep``), each remembering
    ``reason`` until it would have expired, so the browser that held it can say why."""
    query = update(BrowserSession).where(BrowserSession.user_id == user_id,
                                         BrowserSession.ended_reason.is_(None))
    if keep is not None:
        query = query.where(BrowserSession.token_hash != token_digest(keep))
    ended = session.execute(query.values(ended_reason=reason))
    return int(getattr(ended, "rowcount", 0) or 0)


def live_browser_sessions(session: Session, user_id: int, now: datetime, idle: timedelta
                          ) -> list[BrowserSession]:
    """The user's sessions that would still be let in: not ended, not expired, not idle."""
    return list(session.scalars(
        select(BrowserSession).where(BrowserSession.user_id == user_id,
                                     BrowserSession.ended_reason.is_(None),
                                     BrowserSession.expires_at > now,
                                     BrowserSession.last_seen_at > now - idle)
        .order_by(BrowserSession.last_seen_at.desc())))


def do_end_browser_session(session: Session, user_id: int, session_id: int) -> None:
    """An admin ends one of a user's browser sessions; that browser hears why."""
    row = session.get(BrowserSession, session_id)
    if row is None or row.user_id != user_id or row.ended_reason is not None:
        raise NotFound(f"no live session {session_id} of user {user_id}",
                       {"session_id": session_id})
    row.ended_reason = ENDED_BY_ADMIN


def end_credentials(session: Session, user_id: int, reason: str,
                    keep_session: str | None = None) -> None:
    """End every browser session (but ``keep_session``'s) and every API token of a user."""
    end_browser_sessions(session, user_id, reason, keep_session)
    session.execute(delete(UserToken).where(UserToken.user_id == user_id))


def do_change_own_password(session: Session, user: User, current: str, new: str) -> None:
    """The user's own choice: it needs the current password, and ends the need to change."""
    if not user.password_hash:
        raise InvalidInput("this user has no password yet; ask an admin", {"field": "current"})
    try:
        _hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise InvalidInput("the current password is wrong", {"field": "current"}) from None
    _check(password=new)
    if new == current:
        raise InvalidInput("choose a password other than the current one", {"field": "new"})
    user.password_hash = _hasher.hash(new)
    user.must_change_password = False


def verify_password(user: User, password: str) -> bool:
    """Does ``password`` open this account (a check before changing what protects it)?"""
    if not user.password_hash:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def access_user_by_password(session: Session, login_or_email: str, password: str) -> User:
    """The user who knows this password (by login or email); now at the desk."""
    key = login_or_email.strip().lower()
    user = session.scalars(select(User).where((User.login == key) | (User.email == key))).first()
    if user is None or not user.active or not user.password_hash:
        _hasher.hash(password)  # the same time whether or not the user exists
        raise NotAuthenticated("wrong login or password")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise NotAuthenticated("wrong login or password") from None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.signed_out, user.last_seen_at = False, datetime.now(UTC)
    return user


def _check(**fields: object) -> None:
    if "rank" in fields and fields["rank"] not in RANKS:
        raise InvalidInput(f"rank: one of {', '.join(RANKS)}", {"field": "rank"})
    email = fields.get("email")
    if email is not None and (not isinstance(email, str) or not EMAIL.match(email)):
        raise InvalidInput("email: an address like agent@example.com", {"field": "email"})
    password = fields.get("password")
    if password is not None and (not isinstance(password, str)
                                 or len(password) < MIN_PASSWORD):
        raise InvalidInput(f"password: at least {MIN_PASSWORD} characters",
                           {"field": "password"})
    if "active" in fields and not isinstance(fields["active"], bool):
        raise InvalidInput("active must be true or false", {"field": "active"})


def access_user_by_login(session: Session, login: str) -> User:
    user = session.scalars(select(User).where(User.login == login)).first()
    if user is None:
        raise InvalidInput(f"no user {login!r}; create one with `ringdesk users add {login}`",
                           {"field": "user"})
    return user
