"""Browser sessions: a random token in an HttpOnly cookie, ended by idle time, by an absolute
lifetime, by signing out, or everywhere at once. API clients keep bearer tokens.

The session token is stored as SHA-256, like API tokens. Writes from a browser carry a CSRF
token derived from the session token: only a page that could read the sign-in answer (or
``/auth/me``, same origin) knows it, and it needs no storage of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ringdesk.core.users.models import BrowserSession, User, UserToken
from ringdesk.core.users.operations import (
    SIGNED_OUT_EVERYWHERE,
    NotAuthenticated,
    end_browser_sessions,
    token_digest,
)

TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often
# An ended session is kept this long so that every request still carrying its cookie (a page
# polls from several places at once) hears "ended", not "signed out"; sign-ins purge it after.
KEEP_ENDED = timedelta(days=1)


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    lifetime: timedelta


def csrf_token(session_token: str) -> str:
    return hashlib.sha256(b"ringdesk-csrf:" + session_token.encode()).hexdigest()


def csrf_matches(session_token: str, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(csrf_token(session_token), sent)


def do_open_session(session: Session, user: User, now: datetime, policy: SessionPolicy,
                    address: str = "", user_agent: str = "") -> str:
    token = secrets.token_urlsafe(32)
    session.execute(delete(BrowserSession).where(
        (BrowserSession.expires_at < now - KEEP_ENDED)
        | (BrowserSession.last_seen_at < now - policy.idle - KEEP_ENDED)))
    session.add(BrowserSession(user_id=user.id, token_hash=token_digest(token), created_at=now,
                               last_seen_at=now, expires_at=now + policy.lifetime,
                               address=address[:64], user_agent=user_agent[:300]))
    session.flush()
    return token


def access_session(session: Session, token: str, now: datetime,
                   policy: SessionPolicy, touch: bool = True) -> User:
    """The user of a live browser session; an ended one is refused (and never revived).
    ``touch``: this request is the person's activity (an open live stream is not)."""
    row = session.scalars(select(BrowserSession).where(
        BrowserSession.token_hash == token_digest(token))).first()
    if row is None:
        raise NotAuthenticated("you are signed out; sign in again")
    if row.ended_reason is not None:
        raise NotAuthenticated("your session was ended; sign in again",
                               {"reason": row.ended_reason})
    if now >= row.expires_at or now - row.last_seen_at >= policy.idle:
        raise NotAuthenticated("your session has ended; sign in again",
                               {"reason": "expired"})
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated("you are signed out; sign in again")
    if touch and now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.commit()
    return user


def do_end_session(session: Session, token: str) -> None:
    session.execute(delete(BrowserSession).where(
        BrowserSession.token_hash == token_digest(token)))


def do_end_all_sessions(session: Session, user_id: int) -> int:
    """Sign the user out everywhere: every browser session and every API token."""
    ended = end_browser_sessions(session, user_id, SIGNED_OUT_EVERYWHERE)
    tokens = session.execute(delete(UserToken).where(UserToken.user_id == user_id))
    return ended + int(getattr(tokens, "rowcount", 0) or 0)
