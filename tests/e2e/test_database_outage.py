"""A database that stops accepting writes mid-service: reported, retried, nothing lost."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from ringdesk import migrate
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.routes.references import sound_names
from sandbox.demo import seed_demo
from tests.conftest import fresh_postgres_database
from tests.e2e.conftest import ANSWERED_NUMBER, RingdeskProcess, path_nodes, place_call


def set_read_only(admin_url: object, database: str, read_only: bool) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")  # type: ignore[call-overload]
    with engine.connect() as connection:
        flag = "on" if read_only else "off"
        connection.execute(text(
            f"ALTER DATABASE {database} SET default_transaction_read_only = {flag}"))
        # Sessions already open keep their old setting: end them so the pool reconnects.
        connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": database})
    engine.dispose()


def test_read_only_database_is_reported_and_the_call_is_written_once_it_recovers(
        sandbox, ringdesk_env: dict[str, str], tmp_path: Path):
    with fresh_postgres_database() as url:
        migrate.upgrade(url)
        _, token = seed_demo(make_sessionmaker(make_engine(url)), sound_names(
            Path(ringdesk_env["RINGDESK_MEDIA_SOUNDS_DIR"])))
        name = url.rsplit("/", 1)[1]
        admin = make_engine(url).url.set(database="postgres")
        # This database's admin: the API needs its token.
        env = {**ringdesk_env, "RINGDESK_DATABASE_URL": url, "TEST_ADMIN_TOKEN": token or ""}
        server = RingdeskProcess(env, f"http://127.0.0.1:{env['RINGDESK_WEB_PORT']}",
                                 tmp_path / "ringdesk.log")
        server.start()
        try:
            set_read_only(admin, name, True)
            result = place_call(sandbox, ANSWERED_NUMBER)
            assert result.returncode == 0, result.errors or result.stdout
            health = server.wait_for(lambda h: h["components"]["db"]["status"] == "down",
                                     "reporting the database")
            assert "read-only" in health["components"]["db"]["detail"]
            assert health["status"] == "degraded"
            assert server.tickets() == []
            set_read_only(admin, name, False)
            ticket = server.ticket_for(lambda call: call["outcome"] == "ivr", timeout=40)
            assert ticket["calls"][0]["dialed_number"] == "+4930120000"
            assert path_nodes(ticket["calls"][0]) == ["welcome", "bye"]
            server.wait_for(lambda h: h["status"] == "ok", "healthy again")
        finally:
            server.stop()
