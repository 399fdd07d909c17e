"""Agents' work modes (ready, break, lunch, back office...) and the log of every change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ringdesk.callcenter.pbx.models import AgentAccount
from ringdesk.core.db import Base, UtcDateTime


class WorkMode(Base):
    __tablename__ = "work_modes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    # Available modes take calls; the others pause the agent in all queues with the name as
    # the reason (what Asterisk shows and queue_log records).
    available: Mapped[bool] = mapped_column(default=False)
    # Dialled as *5<code> from the agent's phone.
    code: Mapped[str] = mapped_column(String(4), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    # How long an agent may stay in it before the live board marks them (None: no limit).
    limit_minutes: Mapped[int | None] = mapped_column(default=None)


class AgentState(Base):
    """An agent account's current work mode."""

    __tablename__ = "agent_states"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("agent_accounts.id", ondelete="CASCADE"), primary_key=True)
    mode_id: Mapped[int] = mapped_column(ForeignKey("work_modes.id"))
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    account: Mapped[AgentAccount] = relationship()
    mode: Mapped[WorkMode] = relationship(lazy="joined")


class WorkModeChange(Base):
    """One period an agent spent in a mode (open while ``ended_at`` is null), for reports."""

    __tablename__ = "work_mode_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("agent_accounts.id", ondelete="CASCADE"), index=True)
    mode_name: Mapped[str] = mapped_column(String(60))  # kept if the mode is renamed later
    available: Mapped[bool]
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(16))  # api, phone, system
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
