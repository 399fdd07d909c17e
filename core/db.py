"""Database plumbing: the declarative base, engines and sessions. Models live by feature."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine, create_engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes in, UTC out, on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str, enforce_foreign_keys: bool = True) -> Engine:
    if url.startswith("sqlite"):
        # pysqlite's own transaction handling is switched off so every transaction starts
        # with BEGIN IMMEDIATE: SQLite has no SELECT ... FOR UPDATE, and this is how two
        # writers are serialised instead of both reading "no ticket yet".
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30,
                                                  "isolation_level": None})
        event.listen(engine, "connect", _sqlite_pragmas if enforce_foreign_keys
                     else _sqlite_pragmas_for_migrations)
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql(
            "BEGIN IMMEDIATE"))
        return engine
    # JIT compiling pays off for long analytical queries; for the short ones a help desk
    # and a call recorder send it costs more than the query (80 ms seen on a list view).
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10,
                         connect_args={"options": "-c jit=off"})


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL with synchronous=NORMAL cannot corrupt the database; a power cut may lose the
    # last commits, which the writer would otherwise pay an fsync per batch for.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_pragmas_for_migrations(connection: Any, record: Any) -> None:
    # Alembic's batch mode rebuilds SQLite tables (copy, drop, rename), which foreign key
    # enforcement would refuse while other tables point at them.
    _sqlite_pragmas(connection, record)
    connection.execute("PRAGMA foreign_keys=OFF")


def make_sessionmaker(engine: Engine) -> sessionmaker[Any]:
    return sessionmaker(engine, expire_on_commit=False)
