"""What admins configure: statuses, priorities, business calendars, ticket queues, rules."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ringdesk.core.db import Base, UtcDateTime, utcnow


class StatusKind(enum.StrEnum):
    """What a status means to the help desk: a closed one finishes the ticket."""

    NORMAL = "normal"
    CLOSED = "closed"


class TicketStatus(Base):
    __tablename__ = "ticket_statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(8), default="normal")  # normal | closed
    counts_sla: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Priority(Base):
    __tablename__ = "ticket_priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)  # higher is more urgent
    active: Mapped[bool] = mapped_column(default=True)


class CalendarRecord(Base):
    __tablename__ = "business_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    hours: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    closed_dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    exceptional: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    country: Mapped[str | None] = mapped_column(String(8))
    subdivision: Mapped[str | None] = mapped_column(String(16))


class TicketQueue(Base):
    __tablename__ = "ticket_queues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    colour: Mapped[str] = mapped_column(String(7), default="#607d8b")
    active: Mapped[bool] = mapped_column(default=True)
    is_default: Mapped[bool] = mapped_column(default=False)
    distribution: Mapped[str] = mapped_column(String(16), default="manual")
    source_weights: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    reaction_minutes: Mapped[int | None]
    resolution_minutes: Mapped[int | None]
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("business_calendars.id"))
    default_status: Mapped[str] = mapped_column(String(32), default="open")
    statuses: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every status
    number_pattern: Mapped[str] = mapped_column(String(60), default="{{nr}}")
    renumber_on_move: Mapped[bool] = mapped_column(default=False)
    closed_reply: Mapped[str] = mapped_column(String(16), default="reopen")
    reopen_status: Mapped[str] = mapped_column(String(32), default="open")
    reassign_after_minutes: Mapped[int | None]
    reassign_percent: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    no_agent_alert_minutes: Mapped[int | None]
    no_agent_alerted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    signature: Mapped[str] = mapped_column(Text, default="")  # under replies from this queue
    # SLA targets or the calendar changed: the timer rebuilds open tickets' due times in
    # id order from here (None: nothing to do).
    sla_rebuild_from: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class TicketQueueAgent(Base):
    """An agent granted a ticket queue, holding at most ``buffer`` of its tickets."""

    __tablename__ = "ticket_queue_agents"

    queue_id: Mapped[int] = mapped_column(ForeignKey("ticket_queues.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    buffer: Mapped[int] = mapped_column(default=10)


class AutomationRule(Base):
    __tablename__ = "automation_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    event: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(24))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    read: Mapped[bool] = mapped_column(default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


