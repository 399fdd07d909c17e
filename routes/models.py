"""Inbound numbers (DIDs) and what ringdesk does with a call to one."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ringdesk.db import Base


class InboundNumber(Base):
    __tablename__ = "inbound_numbers"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    announcement: Mapped[str] = mapped_column(String(200))
    answer_after_seconds: Mapped[int] = mapped_column(default=0)
