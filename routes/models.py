"""Routes, their published versions, the numbers that lead to them, and caller lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ringdesk.core.db import Base, UtcDateTime, utcnow


class Route(Base):
    __tablename__ = "routes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(String(2000), default="")
    draft: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Optimistic locking: a save names the revision it edited; a stale one is refused.
    revision: Mapped[int] = mapped_column(default=1)
    published_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("route_versions.id", use_alter=True, name="fk_routes_published_version"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class RouteVersion(Base):
    """An immutable, numbered snapshot of a route's graph. Calls run exactly one."""

    __tablename__ = "route_versions"
    __table_args__ = (UniqueConstraint("route_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("routes.id"), index=True)
    number: Mapped[int]
    graph: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(500), default="")
    restores: Mapped[int | None] = mapped_column(default=None)  # a rollback: the version


class InboundNumber(Base):
    __tablename__ = "inbound_numbers"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    route_id: Mapped[int | None] = mapped_column(ForeignKey("routes.id"), index=True)


class CallerList(Base):
    __tablename__ = "caller_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    entries: Mapped[list[str]] = mapped_column(JSON, default=list)  # E.164 or "+4930*"
    revision: Mapped[int] = mapped_column(default=1)  # optimistic locking, as routes
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class RouteAudit(Base):
    """Who changed which route, when, and how."""

    __tablename__ = "route_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept (with the name) when the route is deleted, so the trail outlives it.
    route_id: Mapped[int | None] = mapped_column(ForeignKey("routes.id"), index=True)
    route_name: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
