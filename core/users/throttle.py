"""Login throttling, per account and per address: after too many failed attempts within a
window, attempts are refused until the oldest failure leaves it.

An account is counted once whether it is addressed by login or by email (the key is the
user's id); what names no user is counted by what was typed, so a missing account is
throttled exactly like an existing one. Every attempt is claimed (written and committed)
before its password is checked and counted with the claims of attempts running beside it,
so parallel guesses cannot overshoot the limit; a successful or refused attempt gives its
claim back, a wrong password leaves it as the failure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Index, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ringdesk.core.db import Base, UtcDateTime
from ringdesk.core.errors import RingdeskError
from ringdesk.core.users.models import User

ACCOUNT, ADDRESS = "account", "address"


class TooManyAttempts(RingdeskError):
    code = "too_many_attempts"


class LoginFailure(Base):
    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key", "kind", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


@dataclass(frozen=True)
class ThrottlePolicy:
    per_account: int
    per_address: int
    window: timedelta


def account_key(session: Session, login_or_email: str) -> str:
    typed = login_or_email.strip().lower()[:254]
    user_id = session.scalars(select(User.id).where(
        (User.login == typed) | (User.email == typed))).first()
    return f"user:{user_id}" if user_id is not None else typed


def claim_attempt(session: Session, account: str, address: str,
                  now: datetime) -> tuple[int, int]:
    """Write this attempt as a failure before the password is checked (commit it before
    ``check_throttle``, so that attempts running beside it count it)."""
    rows = [LoginFailure(kind=ACCOUNT, key=account, at=now),
            LoginFailure(kind=ADDRESS, key=address[:254], at=now)]
    session.add_all(rows)
    session.flush()
    return rows[0].id, rows[1].id


def check_throttle(session: Session, account: str, address: str, now: datetime,
                   policy: ThrottlePolicy) -> None:
    """Refuse when the claimed attempts in the window, this one included, pass a limit."""
    for kind, key, limit in ((ACCOUNT, account, policy.per_account),
                             (ADDRESS, address[:254], policy.per_address)):
        since = now - policy.window
        count, oldest = session.execute(
            select(func.count(LoginFailure.id), func.min(LoginFailure.at)).where(
                LoginFailure.kind == kind, LoginFailure.key == key,
                LoginFailure.at > since)).one()
        if count > limit and oldest is not None:
            wait = math.ceil((oldest + policy.window - now).total_seconds())
            raise TooManyAttempts(
                f"too many failed sign-ins; try again in {max(wait, 1)} seconds",
                {"retry_after": max(wait, 1)})


def release_attempt(session: Session, claim: tuple[int, int]) -> None:
    """The attempt was not a failure (signed in, or refused before its password counted)."""
    session.execute(delete(LoginFailure).where(LoginFailure.id.in_(claim)))


def forget_old_failures(session: Session, now: datetime, policy: ThrottlePolicy) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - policy.window))


def clear_account(session: Session, account: str) -> None:
    """A successful sign-in forgives the account's failures (not the address's)."""
    session.execute(delete(LoginFailure).where(LoginFailure.kind == ACCOUNT,
                                               LoginFailure.key == account))
