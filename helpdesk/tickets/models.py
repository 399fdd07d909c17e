"""Help desk records: customers (contacts, companies), tickets and their timelines."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, func, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

import ringdesk.core.users.models
import ringdesk.helpdesk.setup.models  # noqa: F401 - ticket_queues for the foreign key
from ringdesk.core.db import Base, UtcDateTime, utcnow
from ringdesk.helpdesk.customers.models import Contact


class Channel(enum.StrEnum):
    """Where a ticket came from."""

    PHONE = "phone"
    EMAIL = "email"
    SMS = "sms"
    FORM = "form"
    AGENT = "agent"  # opened by an agent by hand

class _TsVectorFromText(postgresql.TSVECTOR):
    """Text bound to it is turned into a vector by PostgreSQL itself, so rows carrying it
    still insert as one batch."""

    cache_ok = True

    def bind_expression(self, bindvalue: Any) -> Any:
        return func.to_tsvector("simple", bindvalue)


class SearchVector(TypeDecorator[str]):
    """PostgreSQL's tsvector, written as text (words of the number, subject, messages);
    elsewhere plain text, unused: SQLite searches with LIKE."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(_TsVectorFromText())
        return dialect.type_descriptor(Text())


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_search_vector", "search_vector", postgresql_using="gin"),
        # Work lists are about open tickets: held by someone, or waiting in a queue; in
        # SLA order with the id as tie-break, so a page is a walk down one index.
        Index("ix_tickets_open_owner_due", "owner_id", "resolution_due", "id",
              postgresql_where=text("NOT closed"), sqlite_where=text("NOT closed")),
        Index("ix_tickets_waiting_queue_due", "queue_id", "resolution_due", "id",
              postgresql_where=text("NOT closed AND owner_id IS NULL"),
              sqlite_where=text("NOT closed AND owner_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(String(300))
    # A subject the server wrote ("Call from ..."): its message key and parameters, so each
    # user reads it in their language; cleared when a person writes the subject.
    subject_key: Mapped[str] = mapped_column(String(40), default="")
    subject_params: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(32), default="open")
    channel: Mapped[str] = mapped_column(String(16))  # phone, email, sms, form, agent
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    category: Mapped[str] = mapped_column(String(100), default="")
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    # Where the ticket sits in the help desk, and who holds it.
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_queues.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)  # optimistic locking
    closed: Mapped[bool] = mapped_column(default=False)  # in a status of kind "closed"
    reaction_due: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolution_due: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sla_paused: Mapped[bool] = mapped_column(default=False)
    handling_seconds: Mapped[int] = mapped_column(default=0)  # SLA-counting time so far
    first_reaction_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    assigned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Notified once: the reaction/resolution time passed.
    reaction_breached: Mapped[bool] = mapped_column(default=False)
    resolution_breached: Mapped[bool] = mapped_column(default=False)
    snoozed_until: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    linked_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    search_vector: Mapped[str | None] = mapped_column(SearchVector)

    __mapper_args__ = {"version_id_col": version}

    contact: Mapped[Contact | None] = relationship(lazy="joined")


class TicketEvent(Base):
    """One entry of a ticket's timeline: who did what, when."""

    __tablename__ = "ticket_events"
    __table_args__ = (Index("ix_ticket_events_ticket_at", "ticket_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The user the entry is about (new owner, watcher): they took part too.
    about_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    body: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class TicketWatcher(Base):
    __tablename__ = "ticket_watchers"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"),
                                           primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
