"""Settings an admin changes on a screen rather than in the configuration file: one row per
key, its value as JSON and a revision, read in the request's own database session so every
process applies a change at once. A key never saved falls back to the file's value."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from ringdesk.core.db import Base, UtcDateTime
from ringdesk.core.errors import Conflict


class StoredSetting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(default=1)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    changed_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))


def read_setting(session: Session, key: str) -> StoredSetting | None:
    return session.get(StoredSetting, key)


def write_setting(session: Session, key: str, value: dict[str, Any], revision: int,
                  user_id: int | None, now: datetime) -> StoredSetting:
    """Saves ``value`` if ``revision`` is the one the writer read (0: never saved); raises
    Conflict with the current value otherwise, so the writer can show what changed."""
    stored = session.get(StoredSetting, key, with_for_update=True)
    current = stored.revision if stored is not None else 0
    if revision != current:
        raise Conflict("these settings were changed meanwhile",
                       {"revision": current,
                        "current": stored.value if stored is not None else None})
    if stored is None:
        stored = StoredSetting(key=key, value=value, revision=1, changed_at=now,
                               changed_by=user_id)
        session.add(stored)
    else:
        stored.value, stored.revision = value, current + 1
        stored.changed_at, stored.changed_by = now, user_id
    session.flush()
    return stored
