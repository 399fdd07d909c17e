"""Schema migrations on both backends, with data in the tables."""

from __future__ import annotations

from sqlalchemy import text

from ringdesk import migrate
from ringdesk.db import make_engine


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
    import json

    slow_graph = rows[1][3] if isinstance(rows[1][3], dict) else json.loads(rows[1][3])
    assert slow_graph["entry"] == "ring"
    assert slow_graph["nodes"]["ring"]["params"] == {"seconds": 8}
    migrate.downgrade(database_url, "base")
    migrate.upgrade(database_url)
    engine.dispose()
