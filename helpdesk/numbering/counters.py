"""Ticket-number counters: one row per counter, incremented atomically in the database.

``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` takes the row lock and hands the new
value back in one statement, so parallel writers (threads or processes, PostgreSQL or
SQLite) never draw the same number.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from ringdesk.core.db import Base
from ringdesk.helpdesk.numbering.patterns import NumberPattern


class TicketCounter(Base):
    __tablename__ = "ticket_counters"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[int]


def do_draw_numbers(session: Session, key: str, count: int) -> range:
    """``count`` consecutive numbers of one counter, in one statement."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = insert(TicketCounter).values(key=key, value=count).on_conflict_do_update(
        index_elements=[TicketCounter.key], set_={"value": TicketCounter.value + count})
    last = int(session.execute(upsert.returning(TicketCounter.value)).scalar_one())
    return range(last - count + 1, last + 1)


def do_draw_number(session: Session, key: str) -> int:
    return do_draw_numbers(session, key, 1)[0]


def counter_key(pattern: NumberPattern, when: datetime, counter: str = "default") -> str:
    """The counter a pattern draws from at ``when``: shared by every pattern with the same
    kind of counter, one per period."""
    return f"{counter}:{pattern.counter}:{pattern.scope(when)}"


def do_next_ticket_number(session: Session, pattern: NumberPattern, when: datetime,
                          counter: str = "default") -> str:
    number = do_draw_number(session, counter_key(pattern, when, counter))
    return pattern.render(when, number)
