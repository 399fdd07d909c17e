"""The audit log: who changed or did what, when, across the product (routes, the PBX,
people, help-desk settings, listening in on calls). Written in the same transaction as the
change it tells of."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from ringdesk.core.db import Base, UtcDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(48))  # "call.listen", "queue.changed"...
    target: Mapped[str] = mapped_column(String(100))  # what it was done to
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def record(session: Session, user_id: int | None, action: str, target: str,
           at: datetime | None = None, **data: Any) -> None:
    session.add(AuditEntry(at=at or utcnow(), user_id=user_id, action=action,
                           target=target[:100], data=data))
