"""People: agents, supervisors and admins, with their rank, password and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ringdesk.core.db import Base, UtcDateTime, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    signature: Mapped[str] = mapped_column(Text, default="")  # under their replies
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2
    rank: Mapped[str] = mapped_column(String(24), default="agent")
    # Users who took part in tickets are deactivated, never deleted.
    active: Mapped[bool] = mapped_column(default=True)
    # Presence at the agent desk: seen recently and not signed out means logged in
    # (automatic distribution hands tickets only to logged-in agents).
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    signed_out: Mapped[bool] = mapped_column(default=True)
    # The "new tickets" counter counts waiting tickets of the user's queues opened after
    # this (computed, not a notification row per agent per ticket).
    tickets_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A password an admin set is the admin's, not the user's: changed at next sign-in.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # TOTP (core/users/second_factor.py): the confirmed secret, and one being enrolled,
    # both sealed with the server's key; the last time step a code was accepted for (a
    # code is good once).
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_pending: Mapped[str | None] = mapped_column(String(255))
    totp_last_step: Mapped[int | None] = mapped_column()


class UserToken(Base):
    """An API token (stored as SHA-256): issued at login, or made by its owner (personal)
    or by an admin (service); every one ends, by date, by its revocation, by a password
    change or by signing out everywhere (core/users/tokens.py)."""

    __tablename__ = "user_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(16), default="login")
    name: Mapped[str] = mapped_column(String(100), default="")
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class BrowserSession(Base):
    __tablename__ = "browser_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    # Ended on purpose elsewhere (signed out everywhere, password changed, deactivated):
    # kept until it would have expired, so this browser hears why rather than "signed out".
    ended_reason: Mapped[str | None] = mapped_column(String(32), default=None)
