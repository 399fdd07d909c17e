"""Login throttling, per account and per address: after too many failed attempts within a
window, attempts are refused until the oldest failure leaves it. Counted by what was typed,
so a missing account is throttled exactly like an existing one (nobody learns which exist).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Index, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, UtcDateTime
from core.errors import RingdeskError

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


def account_key(login_or_email: str) -> str:
    return login_or_email.strip().lower()[:254]


def check_throttle(session: Session, account: str, address: str, now: datetime,
                   policy: ThrottlePolicy) -> None:
    for kind, key, limit in ((ACCOUNT, account, policy.per_account),
                             (ADDRESS, address, policy.per_address)):
        since = now - policy.window
        count, oldest = session.execute(
            select(func.count(LoginFailure.id), func.min(LoginFailure.at)).where(
                LoginFailure.kind == kind, LoginFailure.key == key,
                LoginFailure.at > since)).one()
        if count >= limit and oldest is not None:
            wait = math.ceil((oldest + policy.window - now).total_seconds())
            raise TooManyAttempts(
                f"too many failed sign-ins; try again in {max(wait, 1)} seconds",
                {"retry_after": max(wait, 1)})


def record_failure(session: Session, account: str, address: str, now: datetime,
                   policy: ThrottlePolicy) -> None:
    session.add_all([LoginFailure(kind=ACCOUNT, key=account, at=now),
                     LoginFailure(kind=ADDRESS, key=address[:254], at=now)])
    # Old failures no longer count: keep the table small.
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - policy.window))


def clear_account(session: Session, account: str) -> None:
    """A successful sign-in forgives the account's failures (not the address's)."""
    session.execute(delete(LoginFailure).where(LoginFailure.kind == ACCOUNT,
                                               LoginFailure.key == account))
