"""Scheduled callbacks: "call this customer back at…", placed from the agent's own phone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ringdesk.core.db import Base, UtcDateTime, utcnow


class Callback(Base):
    __tablename__ = "callbacks"
    __table_args__ = (Index("ix_callbacks_state_due_at", "state", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"),
                                           index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # whose phone rings first
    number: Mapped[str | None] = mapped_column(String(32))  # None: the customer's first
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # scheduled -> placing -> ringing -> done | no_answer | returned; or cancelled
    state: Mapped[str] = mapped_column(String(16), default="scheduled")
    attempts: Mapped[int] = mapped_column(default=0)
    linkedid: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
