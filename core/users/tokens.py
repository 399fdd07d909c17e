"""API tokens: every one belongs to a person, has a name and an end, and is listed and
revocable by its owner and by admins.

- ``login``: issued by ``POST /auth/login`` (password and second factor checked), ends after
  ``auth.login_token_days``.
- ``personal``: made by its signed-in owner for a script of theirs, named, up to
  ``auth.token_max_days``.
- ``service``: made by an admin on purpose for an integration; the only kind exempt from the
  rank gates (must change password, must enrol a second factor).

A password change and "sign out everywhere" end all of a user's tokens; deactivation ends
them too. Tokens are random and stored as SHA-256: a leaked database leaks no working token.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ringdesk.core.config import Config
from ringdesk.core.errors import InvalidInput, NotFound
from ringdesk.core.users.models import User, UserToken
from ringdesk.core.users.operations import NotAuthenticated, token_digest

LOGIN, PERSONAL, SERVICE, WALLBOARD = "login", "personal", "service", "wallboard"
KINDS = (LOGIN, PERSONAL, SERVICE, WALLBOARD)
# A wallboard token signs in a screen on the wall: it reads the live board and nothing else,
# whatever its maker's rank.
WALLBOARD_PERMISSIONS = frozenset({"live.view"})
USED_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often


@dataclass(frozen=True)
class TokenPolicy:
    login: timedelta
    personal_default: timedelta
    longest: timedelta


def token_policy(config: Config) -> TokenPolicy:
    auth = config.auth
    return TokenPolicy(timedelta(days=auth.login_token_days),
                       timedelta(days=auth.personal_token_days),
                       timedelta(days=auth.token_max_days))


@dataclass(frozen=True)
class TokenAccess:
    user: User
    token: UserToken

    @property
    def exempt_from_gates(self) -> bool:
        return self.token.kind in (SERVICE, WALLBOARD)

    def allows(self, permission: str | None) -> bool:
        """What the token's kind lets it do at most (the rank decides within it)."""
        return self.token.kind != WALLBOARD or permission in WALLBOARD_PERMISSIONS


def do_issue_token(session: Session, user: User, kind: str, now: datetime,
                   lifetime: timedelta, name: str = "",
                   created_by: int | None = None) -> tuple[UserToken, str]:
    """A new token for ``user``; the secret is returned only here."""
    if kind not in KINDS:
        raise InvalidInput(f"kind: one of {', '.join(KINDS)}", {"field": "kind"})
    secret = secrets.token_urlsafe(32)
    row = UserToken(user_id=user.id, token_hash=token_digest(secret), kind=kind,
                    name=name.strip()[:100], created_at=now, expires_at=now + lifetime,
                    created_by=created_by)
    session.add(row)
    session.flush()
    return row, secret


def lifetime_for(policy: TokenPolicy, days: int | None) -> timedelta:
    if days is None:
        return policy.personal_default
    chosen = timedelta(days=days)
    if days < 1 or chosen > policy.longest:
        raise InvalidInput(f"a token lasts 1 to {policy.longest.days} days",
                           {"field": "days", "max": policy.longest.days})
    return chosen


def access_token(session: Session, token: str | None, now: datetime) -> TokenAccess:
    """The user and token row of a live API token; an ended one is refused."""
    if not token:
        raise NotAuthenticated("send an API token: Authorization: Bearer <token>")
    found = session.execute(
        select(User, UserToken).join(UserToken, UserToken.user_id == User.id)
        .where(UserToken.token_hash == token_digest(token))).first()
    if found is None:
        raise NotAuthenticated("unknown API token")
    user, row = found
    if now >= row.expires_at:
        raise NotAuthenticated("this API token has expired; make a new one",
                               {"reason": "expired"})
    if not user.active:
        raise NotAuthenticated("unknown API token")
    if row.last_used_at is None or now - row.last_used_at >= USED_EVERY:
        row.last_used_at = now
    return TokenAccess(user, row)


def list_tokens(session: Session, user_id: int) -> list[UserToken]:
    return list(session.scalars(select(UserToken).where(UserToken.user_id == user_id)
                                .order_by(UserToken.created_at.desc(), UserToken.id.desc())))


def list_wallboard_tokens(session: Session) -> list[UserToken]:
    """Every wallboard token, whoever made it: wall screens belong to the centre."""
    return list(session.scalars(select(UserToken).where(UserToken.kind == WALLBOARD)
                                .order_by(UserToken.created_at.desc(), UserToken.id.desc())))


def do_revoke_wallboard_token(session: Session, token_id: int) -> None:
    ended = session.execute(delete(UserToken).where(UserToken.id == token_id,
                                                    UserToken.kind == WALLBOARD))
    if not getattr(ended, "rowcount", 0):
        raise NotFound(f"no wallboard token {token_id}", {"token_id": token_id})


def do_revoke_token(session: Session, user_id: int, token_id: int) -> None:
    """Revoke one of ``user_id``'s tokens (another user's token id is simply not found)."""
    ended = session.execute(delete(UserToken).where(UserToken.id == token_id,
                                                    UserToken.user_id == user_id))
    if not getattr(ended, "rowcount", 0):
        raise NotFound(f"no token {token_id}", {"token_id": token_id})


def do_revoke_presented(session: Session, token: str) -> None:
    session.execute(delete(UserToken).where(UserToken.token_hash == token_digest(token)))


def do_end_tokens(session: Session, user_id: int) -> int:
    ended = session.execute(delete(UserToken).where(UserToken.user_id == user_id))
    return int(getattr(ended, "rowcount", 0) or 0)


def do_service_token(session: Session, user: User, name: str, now: datetime,
                     lifetime: timedelta = timedelta(days=1)) -> str:
    """A service token's secret (tools and tests that drive the API as a given user)."""
    return do_issue_token(session, user, SERVICE, now, lifetime, name)[1]
