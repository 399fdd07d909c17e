"""Schema migrations on both backends, with data in the tables."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import text

from ringdesk import migrate
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.helpdesk.numbering.counters import do_next_ticket_number
from ringdesk.helpdesk.numbering.patterns import parse_pattern


def test_numbers_with_announcements_become_published_routes(database_url):
    migrate.downgrade(database_url, "0001")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO inbound_numbers (number, label, announcement, answer_after_seconds) "
            "VALUES ('+4930120000', 'main', 'ringdesk/welcome', 0), "
            "('+4930120001', 'slow', 'ringdesk/welcome', 8)"))
    migrate.upgrade(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT n.number, r.name, v.number, v.graph FROM inbound_numbers n "
            "JOIN routes r ON r.id = n.route_id "
            "JOIN route_versions v ON v.id = r.published_version_id ORDER BY n.number")).all()
    assert [(row[0], row[1], row[2]) for row in rows] == [
        ("+4930120000", "Number +4930120000", 1), ("+4930120001", "Number +4930120001", 1)]
    slow_graph = rows[1][3] if isinstance(rows[1][3], dict) else json.loads(rows[1][3])
    assert slow_graph["entry"] == "ring"
    assert slow_graph["nodes"]["ring"]["params"] == {"seconds": 8}
    migrate.downgrade(database_url, "base")
    migrate.upgrade(database_url)
    engine.dispose()


def test_ticket_counter_continues_after_the_numbers_tickets_already_have(database_url):
    migrate.downgrade(database_url, "0002")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO tickets (id, number, subject, status, channel, category, priority, "
            "tags, created_at, updated_at) VALUES (5, '5', 'old', 'open', 'phone', '', "
            "'normal', '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    migrate.upgrade(database_url)
    with make_sessionmaker(engine).begin() as session:
        assert do_next_ticket_number(session, parse_pattern("{{nr}}"),
                                     datetime.now(UTC)) == "6"
    engine.dispose()


def test_migrations_build_exactly_the_models_schema(database_url):
    """The head revision and the models agree: no table, column or index is missing."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import ringdesk.models  # noqa: F401 - every table on the metadata
    from ringdesk.core.db import Base

    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []
